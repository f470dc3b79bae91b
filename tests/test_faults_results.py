"""Results you can trust (issue 22): exports that run no code, terminal output that stays
inert, folders that check themselves against their manifest."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from sim.ensemble import run
from sim.files.store import load
from sim.interface.cli import main

SHORT = "name: short\ntitle: Short\nperiod: {start: 1941-04-13, end: 1941-05-13}\n"
FORMULA = '=HYPERLINK("http://example.org","x")'


@pytest.fixture(scope="module")
def folder(tmp_path_factory) -> Path:
    """A finished run folder of 6 worlds."""
    tmp = tmp_path_factory.mktemp("trust")
    (tmp / "short.yaml").write_text(SHORT)
    run(str(tmp / "short.yaml"), worlds=6, seed=3, out=tmp / "run", progress=False)
    return tmp / "run"


def pactsim(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


# --- Exports run no code ----------------------------------------------------------------------

@pytest.fixture
def hostile(folder, tmp_path) -> Path:
    """The run with a formula in its scenario column, saved as a results folder."""
    result = load(folder)
    worlds, events = result.worlds.copy(), result.events
    worlds["scenario"] = FORMULA
    worlds.loc[1, "scenario"] = "+1-2"
    from sim.files.store import Result

    Result(result.manifest, tables={"worlds": worlds, "events": events}).save(tmp_path / "hostile")
    return tmp_path / "hostile"


def test_an_xlsx_export_holds_no_formula(capsys, tmp_path, hostile):
    import openpyxl

    out = tmp_path / "x.xlsx"
    assert pactsim(capsys, "export", hostile, "--to", "xlsx", "-o", out)[0] == 0
    sheet = openpyxl.load_workbook(out)["worlds"]
    header = [c.value for c in sheet[1]]
    column = header.index("scenario") + 1
    cells = [sheet.cell(row=r, column=column) for r in range(2, sheet.max_row + 1)]
    assert len(cells) == 6 and all(c.data_type != "f" for row in sheet.iter_rows() for c in row)
    assert cells[0].value == FORMULA and cells[1].value == "+1-2"  # shown as they are, as text


def test_a_csv_export_quotes_formula_cells(capsys, tmp_path, hostile):
    out = tmp_path / "csv"
    assert pactsim(capsys, "export", hostile, "--to", "csv", "-o", out)[0] == 0
    with open(out / "worlds.csv", newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    assert [r["scenario"] for r in rows[:3]] == ["'" + FORMULA, "'+1-2", "'" + FORMULA]
    assert all(not v.startswith(("=", "+", "@", "\t", "\r")) for r in rows for v in r.values())
    assert rows[0]["world"] == "0"  # numbers stay numbers
