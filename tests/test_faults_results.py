"""Results you can trust (issue 22): exports that run no code, terminal output that stays
inert, folders that check themselves against their manifest."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import json
import shutil
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

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


# --- Terminal output is inert -----------------------------------------------------------------

HOSTILE_TITLE = r'"Pact\e]0;pwned\a and \e[2J\e[31mred\e[0m \u202eevil"'
CONTROL_BYTES = ("\x1b", "\x07", "\u202e", "\x9b")


def test_check_prints_no_escape_sequence_of_a_title(capsys, tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(f"name: hostile\ntitle: {HOSTILE_TITLE}\nperiod: {{start: 1941-04-13, end: 1941-04-20}}\n")
    code, out, err = pactsim(capsys, "check", path)
    assert code == 0 and not any(c in out + err for c in CONTROL_BYTES)
    assert "ok  hostile: Pact\\x1b]0;pwned\\x07 and \\x1b[2J\\x1b[31mred\\x1b[0m \\u202eevil" in out


def test_a_summary_and_an_error_print_no_escape_sequence(capsys, tmp_path):
    path = tmp_path / "hostile.yaml"
    path.write_text(f"name: hostile\ntitle: {HOSTILE_TITLE}\nperiod: {{start: 1941-04-13, end: 1941-04-20}}\n")
    code, out, err = pactsim(capsys, "run", path, "-n", "2", "-o", tmp_path / "r\x1b]0;x\x07")
    assert code == 0 and "\\x1b]0;pwned\\x07" in out and not any(c in out + err for c in CONTROL_BYTES)
    code, out, err = pactsim(capsys, "summary", tmp_path / "no\x1b[2Jsuch")  # an error naming a path
    assert code == 2 and "no\\x1b[2Jsuch" in err and not any(c in out + err for c in CONTROL_BYTES)
    code, out, err = pactsim(capsys, "run", path, "--worlds", "x\x1b[2J")  # click's own usage error
    assert code == 2 and "x\\x1b[2J" in err and not any(c in out + err for c in CONTROL_BYTES)


def test_inert_is_idempotent_and_keeps_printable_text():
    from sim.text import inert

    assert inert("Мацуока 松岡 — ok\n\tline") == "Мацуока 松岡 — ok\n\tline"
    assert inert("a\nb", lines=False) == "a\\x0ab"
    once = inert("\x1b]0;x\x07\x9b\u2066")
    assert once == "\\x1b]0;x\\x07\\x9b\\u2066" and inert(once) == once


# --- Folders that check themselves ------------------------------------------------------------

def a_copy(folder: Path, tmp_path: Path) -> Path:
    copy = tmp_path / f"copy-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(folder, copy)
    return copy


def edit_manifest(folder: Path, change) -> None:
    manifest = json.loads((folder / "manifest.json").read_text())
    change(manifest)
    (folder / "manifest.json").write_text(json.dumps(manifest))


def refused(capsys, folder: Path, *commands) -> list[str]:
    """The one-line messages of summary, plot and export (or ``commands``) on ``folder``."""
    said = []
    for command in commands or (["summary"], ["plot", "-o", folder.with_name(folder.name + "-figs")],
                                ["export", "--to", "csv", "-o", folder.with_name(folder.name + "-csv")]):
        code, out, err = pactsim(capsys, command[0], folder, *command[1:])
        assert code == 2 and err.startswith("pactsim: error: ") and err.count("\n") == 1, (command, err)
        said.append(err)
    assert not [p for p in folder.parent.iterdir() if p.name.endswith(("-figs", "-csv"))]
    return said


def test_a_truncated_worlds_table_is_refused_by_every_reader(capsys, folder, tmp_path):
    copy = a_copy(folder, tmp_path)
    pq.write_table(pq.read_table(copy / "worlds.parquet").slice(0, 3), copy / "worlds.parquet")
    for err in refused(capsys, copy):
        assert "worlds.parquet has 3 rows; the manifest says 6: the folder is damaged or incomplete" in err


@pytest.mark.parametrize("change, says", [
    (lambda m: m.clear(), "has no 'seed'"),
    (lambda m: m.update(format=999), "'format' is 999; expected a format from 1 to"),
    (lambda m: m.update(worlds=10 ** 30), "worlds.parquet has 6 rows; the manifest says 1,000,000,000,000"),
    (lambda m: m.update(worlds=200), "worlds.parquet has 6 rows; the manifest says 200"),
    (lambda m: m.update(chunks=-1), "'chunks' is -1; expected a number of chunks of at least 1"),
    (lambda m: m.update(seed="3"), "'seed' is '3'; expected a seed"),
    (lambda m: m.update(seed=True), "'seed' is True; expected a seed"),
    (lambda m: m.update(seed=7), "holds worlds of seed 3; the manifest says seed 7"),
    (lambda m: m.update(rows={"events": -5}), "'rows' is {'events': -5}"),
    (lambda m: m.update(scenario=[1]), "'scenario' is [1]"),
], ids=["empty", "format", "worlds-absurd", "worlds", "chunks", "seed-text", "seed-bool", "seed-other", "rows",
        "scenario"])
def test_a_manifest_with_wrong_fields_is_one_line(capsys, folder, tmp_path, change, says):
    copy = a_copy(folder, tmp_path)
    edit_manifest(copy, change)
    for err in refused(capsys, copy):
        assert says in err and ("damaged" in err or "incomplete" in err)


def test_an_edited_table_is_refused_by_its_digest(capsys, folder, tmp_path):
    copy = a_copy(folder, tmp_path)
    events = pq.read_table(copy / "events.parquet").to_pandas()
    events.loc[0, "detail"] = "something else"
    events.to_parquet(copy / "events.parquet", index=False)  # the same rows, other bytes
    (err,) = refused(capsys, copy, ["export", "--to", "csv", "--events", "-o", tmp_path / "ev-csv"])
    assert "events.parquet is not the file this run wrote (its sha256 differs from the manifest's)" in err


def test_an_older_folder_without_digests_reads_the_same_and_still_checks_its_columns(capsys, folder, tmp_path):
    copy = a_copy(folder, tmp_path)
    edit_manifest(copy, lambda m: m.pop("digests"))
    assert load(copy).worlds.equals(load(folder).worlds)
    worlds = pq.read_table(copy / "worlds.parquet")
    pq.write_table(worlds.rename_columns(["w" if n == "world" else n for n in worlds.column_names]),
                   copy / "worlds.parquet")
    for err in refused(capsys, copy):
        assert "worlds.parquet has no column 'world'" in err


def test_a_saved_run_records_rows_and_digests_of_its_tables(folder):
    manifest = json.loads((folder / "manifest.json").read_text())
    assert manifest["rows"]["worlds"] == 6 and manifest["rows"]["events"] == len(load(folder).events)
    for name in ("worlds", "events"):
        assert manifest["digests"][name] == hashlib.sha256((folder / f"{name}.parquet").read_bytes()).hexdigest()


MUTATIONS = {
    "cut worlds": lambda f: pq.write_table(pq.read_table(f / "worlds.parquet").slice(0, 5), f / "worlds.parquet"),
    "cut events": lambda f: pq.write_table(pq.read_table(f / "events.parquet").slice(1), f / "events.parquet"),
    "swap columns": lambda f: pq.write_table(_swapped(pq.read_table(f / "worlds.parquet")), f / "worlds.parquet"),
    "delete events": lambda f: (f / "events.parquet").unlink(),
    "delete manifest": lambda f: (f / "manifest.json").unlink(),
    "seed": lambda f: edit_manifest(f, lambda m: m.update(seed=m["seed"] + 1)),
    "worlds": lambda f: edit_manifest(f, lambda m: m.update(worlds=m["worlds"] - 1)),
    "format": lambda f: edit_manifest(f, lambda m: m.update(format=1)),
    "digest": lambda f: edit_manifest(f, lambda m: m.setdefault("digests", {}).update(worlds="0" * 64)),
    "no digests": lambda f: edit_manifest(f, lambda m: m.pop("digests")),
    "no rows": lambda f: edit_manifest(f, lambda m: m.pop("rows")),
    "series": lambda f: edit_manifest(f, lambda m: m.update(series="yes")),
    "timing": lambda f: edit_manifest(f, lambda m: m.update(timing=None)),
    "garbage": lambda f: (f / "worlds.parquet").write_bytes(b"PAR1" + b"\0" * 64),
}


def _swapped(table):
    names = table.column_names
    i, j = names.index("world"), names.index("seed")
    names[i], names[j] = names[j], names[i]
    return table.rename_columns(names)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutations=st.lists(st.sampled_from(sorted(MUTATIONS)), min_size=1, max_size=3, unique=True))
def test_a_mutated_folder_gives_the_original_numbers_or_one_line(capsys, folder, tmp_path, mutations):
    code, original, _ = pactsim(capsys, "summary", folder)
    assert code == 0
    copy = a_copy(folder, tmp_path)
    for name in mutations:
        if (copy / "manifest.json").is_file() or "manifest" in name:
            # a table already garbled or deleted by an earlier mutation cannot be cut or swapped
            with contextlib.suppress(FileNotFoundError, pa.ArrowInvalid):
                MUTATIONS[name](copy)
    code, out, err = pactsim(capsys, "summary", copy)
    if code == 0:
        assert out == original, mutations
    else:
        assert code == 2 and err.startswith("pactsim: error: ") and err.count("\n") == 1, (mutations, err)


@pytest.mark.slow
def test_a_comparison_folder_with_a_wrong_summary_is_one_line(capsys, tmp_path):
    (tmp_path / "short.yaml").write_text(SHORT)
    out = tmp_path / "cmp"
    assert pactsim(capsys, "compare", tmp_path / "short.yaml", tmp_path / "short.yaml", "-n", "4", "-o", out)[0] == 0
    good = json.loads((out / "comparison.json").read_text())
    for change, says in [({}, "is not a comparison's summary"), ({"base": "../../etc"}, "is not a comparison's summary"),
                         ({"whatifs": "short_2"}, "is not a comparison's summary"),
                         ({"seed": good["seed"] + 1}, f"has seed {good['seed']}; "),
                         ({"worlds": 400}, "has worlds 4; ")]:
        (out / "comparison.json").write_text(json.dumps({**good, **change} if change else {}))
        code, _, err = pactsim(capsys, "summary", out)
        assert code == 2 and says in err and err.count("\n") == 1, (change, err)
