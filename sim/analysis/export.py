"""Results as CSV files or an Excel workbook, for readers who do not use Parquet.

A run folder gives its ``worlds`` table (and, with ``events=True``, its ``events`` and
``series``); a comparison folder gives its paired table, its divergence and the worlds of
every scenario in one table with a ``scenario`` column. CSV writes one file per table
into a folder; Excel one sheet per table into a workbook (``pip install -e '.[excel]'``
for openpyxl). Nothing that exists is overwritten unless ``force`` is set, and every
file appears whole or not at all.

Exports run no code: a text cell that a spreadsheet would read as a formula (one that
begins with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return, :data:`FORMULA_START`)
is written as text. In a workbook it is a string cell, shown as it is; in a CSV file it
gets a leading ``'`` (the OWASP rule against CSV injection), which a spreadsheet shows as
the mark of text. A results folder received from someone else can thus be opened safely.
"""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd

from ..errors import PactsimError, require_extra
from ..files.kinds import CREATOR
from ..files.outputs import check_file, check_output, output_folder, write_atomic, write_file_atomic
from .saved import load_comparison

FORMATS = ("csv", "xlsx")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
"""The first characters that make a spreadsheet read a cell as a formula (OWASP)."""
EXCEL_ROWS = 1_048_575
"""Rows an Excel sheet holds below its header."""


def tables(folder: str | os.PathLike, events: bool = False, trust: bool = False) -> dict[str, pd.DataFrame]:
    """The tables of the results folder ``folder`` by name, as they will be exported
    (read with ``trust``: :func:`sim.analysis.saved.load_comparison`)."""
    comparison = load_comparison([folder], trust=trust)
    runs = comparison.results
    out: dict[str, pd.DataFrame] = {}
    if comparison.whatifs:
        out["comparison"] = comparison.table
        out["divergence"] = comparison.divergence
    out["worlds"] = pd.concat([r.worlds for r in runs.values()], ignore_index=True)
    if events:
        out["events"] = pd.concat([r.events for r in runs.values()], ignore_index=True)
        series = [r.series for r in runs.values() if r.series is not None]
        if series:
            out["series"] = pd.concat(series, ignore_index=True)
    return out


def export(folder: str | os.PathLike, to: str, out: str | os.PathLike | None = None, events: bool = False,
           force: bool = False, trust: bool = False) -> list[Path]:
    """Write the tables of the results folder ``folder`` as ``to`` (``csv`` or ``xlsx``).

    ``out``: the folder of the CSV files (default ``FOLDER-csv``) or the workbook
    (default ``FOLDER.xlsx``). Returns the files written.
    """
    if to not in FORMATS:
        raise ValueError(f"unknown format {to!r}; expected one of {', '.join(FORMATS)}")
    folder = Path(folder)
    default = folder.with_name(folder.name + ("-csv" if to == "csv" else ".xlsx"))
    out = Path(out) if out is not None else default
    if to == "xlsx":
        check_file(out, force, "the workbook")
        require_extra("excel", "openpyxl", "writing Excel")
        data = tables(folder, events, trust)
        too_long = [name for name, df in data.items() if len(df) > EXCEL_ROWS]
        if too_long:
            raise PactsimError(f"{', '.join(too_long)} has more rows than an Excel sheet holds "
                               f"({EXCEL_ROWS:,}); export it --to csv")
        return [write_file_atomic(out, lambda tmp: _workbook(data, tmp), force, "the workbook")]
    check_output(out, force, "the export")
    data = tables(folder, events, trust)
    with output_folder(out, force, "the export") as tmp:
        for name, df in data.items():
            write_atomic(tmp / f"{name}.csv", lambda p, df=df: _inert_text(df).to_csv(p, index=False, date_format="%Y-%m-%d"))
    return [out / f"{name}.csv" for name in data]


def _text_columns(df: pd.DataFrame) -> list[str]:
    return [c for c in df.columns if not pd.api.types.is_numeric_dtype(df[c])
            and not pd.api.types.is_datetime64_any_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])]


def _formula_like(column: pd.Series) -> pd.Series:
    return column.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START)).astype(bool)


def _inert_text(df: pd.DataFrame) -> pd.DataFrame:
    """``df`` with every text cell that starts like a formula prefixed by ``'`` (for CSV)."""
    changed = {}
    for c in _text_columns(df):
        risky = _formula_like(df[c])
        if risky.any():
            changed[c] = df[c].astype(object).where(~risky, "'" + df[c].astype(object).where(risky, ""))
    return df.assign(**changed) if changed else df


def _workbook(data: dict[str, pd.DataFrame], path: Path) -> None:
    with pd.ExcelWriter(path, engine="openpyxl") as writer:
        writer.book.properties.creator = CREATOR  # the mark that lets --force replace it (sim.files.kinds)
        for name, df in data.items():
            df.to_excel(writer, sheet_name=name, index=False)
            sheet = writer.sheets[name]
            for i, c in enumerate(df.columns, start=1):  # openpyxl reads "=..." as a formula: make it text
                if str(c).startswith(FORMULA_START):
                    sheet.cell(row=1, column=i).data_type = "s"
                if c in _text_columns(df):
                    for row in _formula_like(df[c]).to_numpy().nonzero()[0]:
                        sheet.cell(row=row + 2, column=i).data_type = "s"
