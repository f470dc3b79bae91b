"""--force replaces only a finished output of the same command (issue 22, class 1): a run
is not replaced by figures, a report not by a workbook, a user's file by nothing; the
refusal names what was found and the command that would replace it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sim.files.kinds import REPORT_MARK, kind_of
from sim.files.outputs import COMPLETE, MANIFEST, StoreError, output_folder, write_file_atomic
from sim.interface.cli import main

pytestmark = pytest.mark.usefixtures("one_small_figure")  # what the figures show is tests/test_plots.py's

SHORT = "name: short\ntitle: Short\nperiod: {start: 1941-04-13, end: 1941-06-13}\n"


@pytest.fixture
def short(tmp_path) -> str:
    (tmp_path / "short.yaml").write_text(SHORT)
    return str(tmp_path / "short.yaml")


def pactsim(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def snapshot(path: Path) -> dict[str, bytes]:
    """Every file under ``path`` (or ``path`` itself) with its bytes."""
    if path.is_file():
        return {path.name: path.read_bytes()}
    return {str(p.relative_to(path)): p.read_bytes() for p in sorted(path.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_force_replaces_only_the_output_of_the_same_command(capsys, tmp_path, short):
    runs, figures, page, book = tmp_path / "run", tmp_path / "figs", tmp_path / "page.html", tmp_path / "book.xlsx"
    assert pactsim(capsys, "run", short, "-n", "4", "-o", runs)[0] == 0
    assert pactsim(capsys, "plot", runs, "-o", figures)[0] == 0
    assert pactsim(capsys, "report", short, "-n", "3", "-o", page)[0] == 0
    assert pactsim(capsys, "export", runs, "--to", "xlsx", "-o", book)[0] == 0
    before = {p: snapshot(p) for p in (runs, figures, page, book)}
    refused = [  # (command, the kind named, its maker, the command named)
        (("plot", runs, "-o", runs), "a run", "pactsim run", "`pactsim plot --force` replaces only figures"),
        (("export", runs, "--to", "csv", "-o", figures), "figures", "pactsim plot",
         "`pactsim export --to csv --force` replaces only an export"),
        (("export", runs, "--to", "xlsx", "-o", page), "a report", "pactsim report",
         "`pactsim export --to xlsx --force` replaces only a workbook"),
        (("report", short, "-n", "3", "-o", book), "a workbook", "pactsim export --to xlsx",
         "`pactsim report --force` replaces only a report"),
    ]
    for argv, kind, maker, command in refused:
        code, err = pactsim(capsys, *argv, "--force")
        assert code == 2 and f"holds {kind} (made by `{maker}`)" in err and command in err, (argv, err)
    assert {p: snapshot(p) for p in before} == before
    for argv in (("plot", runs, "-o", figures), ("report", short, "-n", "4", "-o", page),
                 ("export", runs, "--to", "xlsx", "-o", book)):
        assert pactsim(capsys, *argv, "--force")[0] == 0, argv  # the same command's output: replaced
    assert snapshot(page) != before[page] and not list(tmp_path.rglob(".tmp-*"))


def test_force_never_replaces_a_file_pactsim_did_not_make(tmp_path):
    notes = tmp_path / "notes.html"
    notes.write_text("<html>my notes</html>")
    with pytest.raises(StoreError, match="is not a finished pactsim output.*pactsim replaces only what it wrote"):
        write_file_atomic(notes, lambda p: p.write_bytes(REPORT_MARK), force=True, what="the report")
    assert notes.read_text() == "<html>my notes</html>"


def test_what_an_output_is(tmp_path):
    run, study, mine = tmp_path / "run", tmp_path / "study", tmp_path / "mine"
    for folder, manifest in ((run, {"seed": 0}), (study, {"kind": "sensitivity"})):
        folder.mkdir()
        (folder / MANIFEST).write_text(json.dumps(manifest))
    mine.mkdir()
    (mine / COMPLETE).write_text("not json")
    assert (kind_of(run), kind_of(study), kind_of(mine), kind_of(tmp_path / "none")) == (
        "the run", "the sensitivity study", None, None)


def test_a_report_swapped_for_another_file_during_the_run_is_kept(tmp_path):
    page = tmp_path / "page.html"
    write_file_atomic(page, lambda p: p.write_bytes(REPORT_MARK + b"1941"), what="the report")

    def write(tmp: Path) -> None:  # the user puts their own page there meanwhile
        tmp.write_bytes(REPORT_MARK + b"1942")
        page.unlink()
        page.write_text("mine")

    with pytest.raises(StoreError, match="appeared while this command ran"):
        write_file_atomic(page, write, force=True, what="the report")
    assert page.read_text() == "mine" and list(tmp_path.iterdir()) == [page]


def test_a_comparison_swapped_for_a_run_during_the_run_is_kept(tmp_path):
    out = tmp_path / "cmp"
    with output_folder(out, what="the comparison") as tmp:
        (tmp / "comparison.csv").write_text("old")
    with pytest.raises(StoreError, match="appeared while this command ran"):
        with output_folder(out, force=True, what="the comparison") as tmp:
            (tmp / "comparison.csv").write_text("new")
            (out / COMPLETE).unlink()  # another command writes a run there meanwhile
            (out / MANIFEST).write_text(json.dumps({"seed": 0}))
    assert (out / MANIFEST).is_file() and (out / "comparison.csv").read_text() == "old"
