"""Commit without taking: an output appears by a rename that never replaces what pactsim
did not make, even when the target appears while the command runs (issue 22, class 1).

The race is made deterministic: the target is created from inside the command, between
its first check and its final rename (a hook on the figures it draws last).
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import sim.analysis.plots.figureset as figureset
import sim.files.rename as rename
from sim.files.outputs import COMPLETE, StoreError, output_folder, write_file_atomic
from sim.files.rename import rename_new
from sim.interface.cli import main

pytestmark = pytest.mark.usefixtures("one_small_figure")  # what the figures show is tests/test_plots.py's

SHORT = "name: short\ntitle: Short\nperiod: {start: 1941-04-13, end: 1941-06-13}\n"


@pytest.fixture
def short(tmp_path) -> str:
    """A two-month scenario (short, so that each compare here is quick)."""
    (tmp_path / "short.yaml").write_text(SHORT)
    return str(tmp_path / "short.yaml")


def during_the_run(monkeypatch, act) -> None:
    """Have ``act()`` happen while the command draws its figures (after every check)."""
    original = figureset.figures

    def figures(*args, **kwargs):
        act()
        return original(*args, **kwargs)

    monkeypatch.setattr(figureset, "figures", figures)


def compare(capsys, short, out, *more) -> tuple[int, str]:
    code = main(["compare", short, short, "-n", "4", "-o", str(out), *more])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def kept_output(folder: Path, out: Path) -> Path:
    """The one folder the refused command kept its finished output in; none of ours is left."""
    kept = [p for p in folder.iterdir() if p.name.startswith(f"{out.name}.pactsim-")]
    assert len(kept) == 1 and (kept[0] / COMPLETE).is_file()
    assert not [p for p in folder.rglob(".tmp-*")]
    return kept[0]


@pytest.mark.slow
def test_a_folder_made_during_compare_is_left_untouched(capsys, tmp_path, short, monkeypatch):
    out = tmp_path / "cmp"

    def user_makes_it():
        out.mkdir(exist_ok=True)
        (out / "notes.txt").write_text("mine")

    during_the_run(monkeypatch, user_makes_it)
    code, err = compare(capsys, short, out)
    assert code == 2 and "appeared while this command ran" in err and "was left untouched" in err
    assert sorted(p.name for p in out.iterdir()) == ["notes.txt"] and (out / "notes.txt").read_text() == "mine"
    kept = kept_output(tmp_path, out)
    assert str(kept) in err and (kept / "comparison.csv").is_file()


@pytest.mark.slow
def test_an_empty_folder_filled_during_compare_is_left_untouched(capsys, tmp_path, short, monkeypatch):
    out = tmp_path / "cmp"
    out.mkdir()  # empty at the start: a valid target
    during_the_run(monkeypatch, lambda: (out / "notes.txt").write_text("mine"))
    code, err = compare(capsys, short, out)
    assert code == 2 and "appeared while this command ran" in err
    assert (out / "notes.txt").read_text() == "mine" and not (out / COMPLETE).exists()
    kept_output(tmp_path, out)


@pytest.mark.slow
def test_a_report_written_to_the_same_path_during_compare_survives(capsys, tmp_path, short, monkeypatch):
    out = tmp_path / "same"
    during_the_run(monkeypatch, lambda: write_file_atomic(out, lambda p: p.write_text("<html>report"),
                                                          what="the report"))
    code, err = compare(capsys, short, out)
    assert code == 2 and "appeared while this command ran" in err
    assert out.read_text() == "<html>report"
    kept_output(tmp_path, out)


@pytest.mark.slow
def test_force_replaces_only_a_finished_output_even_if_it_is_swapped_during_the_run(
        capsys, tmp_path, short, monkeypatch):
    out = tmp_path / "cmp"
    assert compare(capsys, short, out)[0] == 0
    assert compare(capsys, short, out, "--force")[0] == 0  # a finished comparison: replaced
    assert (out / COMPLETE).is_file() and not [p for p in tmp_path.iterdir() if ".pactsim-" in p.name]

    def swap():  # the user moves the old comparison away and puts their own folder there
        out.rename(tmp_path / "old")
        out.mkdir()
        (out / "thesis.tex").write_text("years of work")

    during_the_run(monkeypatch, swap)
    code, err = compare(capsys, short, out, "--force")
    assert code == 2 and "appeared while this command ran" in err
    assert sorted(p.name for p in out.iterdir()) == ["thesis.tex"]
    kept_output(tmp_path, out)


def test_a_file_that_appears_before_its_rename_is_kept(tmp_path):
    out = tmp_path / "report.html"

    def write(tmp: Path) -> None:
        tmp.write_text("new")
        out.write_text("theirs")  # made between the check and the rename

    with pytest.raises(StoreError, match=r"report\.html appeared while this command ran .* left untouched"):
        write_file_atomic(out, write, what="the report")
    assert out.read_text() == "theirs" and list(tmp_path.iterdir()) == [out]


@pytest.mark.parametrize("kernel", [True, False], ids=["renameat2", "lock"])
def test_rename_new_never_replaces(tmp_path, monkeypatch, kernel):
    if not kernel:
        monkeypatch.setattr(rename, "_RENAMEAT2", None)
    src, dst = tmp_path / "src", tmp_path / "dst"
    src.mkdir()
    dst.mkdir()  # an empty folder: os.rename would replace it
    with pytest.raises(FileExistsError):
        rename_new(src, dst)
    (tmp_path / "file").write_text("theirs")
    with pytest.raises(FileExistsError):
        rename_new(src, tmp_path / "file")
    assert src.is_dir() and dst.is_dir() and (tmp_path / "file").read_text() == "theirs"
    rename_new(src, tmp_path / "new")
    assert (tmp_path / "new").is_dir() and not src.exists()


def test_output_folder_made_meanwhile_is_refused_and_the_output_kept(tmp_path):
    out = tmp_path / "export"
    with pytest.raises(StoreError, match="appeared while this command ran"):
        with output_folder(out, what="the export") as tmp:
            (tmp / "a.csv").write_text("1")
            out.mkdir()
    assert list(out.iterdir()) == []
    assert (kept_output(tmp_path, out) / "a.csv").read_text() == "1"


def test_a_path_in_a_file_system_that_creates_nothing_is_named_as_such(capsys, tmp_path, short):
    code = main(["run", short, "-n", "2", "-o", "/proc/self/x"])
    err = capsys.readouterr().err
    assert code == 2 and "/proc/self/x" in err and "a folder on the way does not exist" not in err
    assert "does not let anything be created there" in err or "read-only or not yours" in err


def test_leftovers_of_a_killed_command_are_removed_and_named_by_the_next_one(capsys, tmp_path):
    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True).stdout.strip()  # a process that has ended
    dead = tmp_path / f".tmp-export-{gone}-0123abcd"
    alive = tmp_path / f".tmp-export-{os.getpid()}-89abcdef"  # a command still writing
    other = tmp_path / f".tmp-other-{gone}-0123abcd"  # another output's
    for leftover in (dead, alive, other):
        leftover.mkdir()
        (leftover / "big.parquet").write_bytes(b"x" * 1000)
    with output_folder(tmp_path / "export", what="the export") as tmp:
        (tmp / "a.csv").write_text("1")
    err = capsys.readouterr().err
    assert f"pactsim: removed {dead}, left by a pactsim process that is gone" in err and err.count("\n") == 1
    assert not dead.exists() and alive.is_dir() and other.is_dir() and (tmp_path / "export" / "a.csv").is_file()
    report = tmp_path / f".tmp-report.html-{gone}-0123abcd"
    report.write_text("half a report")
    write_file_atomic(tmp_path / "report.html", lambda p: p.write_text("whole"), what="the report")
    assert not report.exists() and str(report) in capsys.readouterr().err
