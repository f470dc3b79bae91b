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
