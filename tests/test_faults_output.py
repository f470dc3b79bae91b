"""Outputs: whole or absent, never written over without --force, never another's file lost.

Every command that writes (run, compare, report, plot) is driven through the command
line: on a full file system (a small tmpfs where this process may mount one, an
injected ENOSPC otherwise), a read-only one, a path through a file, an existing
output, a folder that is not pactsim's, a half-made comparison and a corrupt chunk
(issue 13, classes 5 and 6).
"""

from __future__ import annotations

import contextlib
import errno
import filecmp
import os
import shutil
import subprocess
import uuid
from pathlib import Path

import pytest

import sim.engine as engine
from sim.ensemble import RunFailed, run
from sim.files.outputs import COMPLETE, StoreError, output_folder, write_file_atomic
from sim.files.runfolder import CORRUPT
from sim.interface.cli import main

SHORT = "name: short\ntitle: Short\nperiod: {start: 1941-04-13, end: 1942-01-13}\n"
QUIET = "name: quiet\ntitle: Quiet\nperiod: {start: 1941-04-13, end: 1941-04-20}\n"


@pytest.fixture
def short(tmp_path) -> str:
    path = tmp_path / "short.yaml"
    path.write_text(SHORT)
    return str(path)


@pytest.fixture
def a_run(tmp_path, short) -> Path:
    """A finished run folder of 20 worlds."""
    assert main(["run", short, "-n", "20", "-o", str(tmp_path / "done")]) == 0
    return tmp_path / "done"


def pactsim(capsys, *argv) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    err = capsys.readouterr().err
    assert "Traceback" not in err
    return code, err


def temporaries(folder: Path) -> list[Path]:
    return [p for p in folder.rglob(".tmp-*")]


@contextlib.contextmanager
def _mounted(options: str):
    """A small tmpfs with ``options`` if this process may mount one (root on Linux)."""
    point = Path("/tmp") / f"pactsim-faults-{uuid.uuid4().hex[:8]}"
    point.mkdir()
    try:
        if os.geteuid() != 0 or subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(point)],
                                               capture_output=True).returncode != 0:
            yield None
            return
        try:
            yield point
        finally:
            subprocess.run(["umount", "-l", str(point)], capture_output=True)
    finally:
        with contextlib.suppress(OSError):
            point.rmdir()


@pytest.fixture
def full_disk(tmp_path, monkeypatch) -> Path:
    """A folder on a file system with 64 KB: a tmpfs, else every rename into place fails with ENOSPC."""
    with _mounted("size=64k") as point:
        if point is not None:
            yield point
            return
        real = os.replace

        def full(src, dst, *args, **kwargs):
            if Path(src).stat().st_size > 1024 or Path(src).is_dir():
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(dst))
            return real(src, dst, *args, **kwargs)

        monkeypatch.setattr(os, "replace", full)
        yield tmp_path / "full"


@pytest.fixture
def read_only(tmp_path) -> Path:
    """A read-only folder: a read-only tmpfs as root, a folder without write permission otherwise."""
    with _mounted("size=64k,ro") as point:
        if point is not None:
            yield point
            return
        folder = tmp_path / "ro"
        folder.mkdir()
        folder.chmod(0o500)
        yield folder
        folder.chmod(0o700)


# --- A full disk -----------------------------------------------------------------------------

def test_run_on_a_full_disk_says_so_and_stays_resumable(capsys, short, full_disk):
    code, err = pactsim(capsys, "run", short, "-n", "400", "-o", full_disk / "r")
    assert code == 2, err
    assert "the disk is full; free some space or write somewhere else" in err and "--resume" in err
    assert not temporaries(full_disk) and not (full_disk / "r" / "manifest.json").exists()


def test_a_sensitivity_study_on_a_full_disk_says_so_and_stays_resumable(capsys, full_disk):
    code, err = pactsim(capsys, "sensitivity", "stalingrad_german_victory", "--outcome", "japan_attacks_ussr<1944-01-01",
                        "--params", "japan.oil_stock_months,ussr.intelligence_trust", "--samples", "4", "-k", "5",
                        "-o", full_disk / "s", "--no-progress")
    assert code == 2, err
    assert "the disk is full; free some space or write somewhere else" in err and "--resume" in err
    assert not temporaries(full_disk) and not (full_disk / "s" / "manifest.json").exists()


@pytest.mark.parametrize("command", ["compare", "report", "plot"])
def test_other_commands_on_a_full_disk_say_so_and_leave_nothing(capsys, short, a_run, full_disk, command):
    target = full_disk / ("out.html" if command == "report" else "out")
    argv = {"compare": ["compare", short, short, "-n", "20", "-o", target],
            "report": ["report", short, "-n", "20", "-o", target],
            "plot": ["plot", a_run, "-o", target]}[command]
    code, err = pactsim(capsys, *argv)
    assert code == 2, err
    assert err.startswith("pactsim: error: cannot write the ") and "the disk is full" in err
    assert err.count("\n") == 1
    assert not target.exists() and not temporaries(full_disk)


# --- Paths that cannot be written ------------------------------------------------------------

@pytest.mark.parametrize("command", ["run", "compare", "report", "plot"])
def test_a_read_only_or_impossible_parent_is_one_message(capsys, tmp_path, short, a_run, read_only, command):
    (tmp_path / "a-file").write_text("not a folder")
    for parent, message in ((read_only, "read-only"), (tmp_path / "a-file", "is a file, not a folder")):
        target = parent / ("x.html" if command == "report" else "x")
        argv = {"run": ["run", short, "-n", "5", "-o", target],
                "compare": ["compare", short, short, "-n", "5", "-o", target],
                "report": ["report", short, "-n", "5", "-o", target],
                "plot": ["plot", a_run, "-o", target]}[command]
        code, err = pactsim(capsys, *argv)
        assert code == 2 and message in err and err.count("\n") == 1, err


# --- Never written over, never another's file lost ------------------------------------------

@pytest.mark.slow
@pytest.mark.usefixtures("one_small_figure")  # what the figures show is tests/test_plots.py's
def test_report_and_plot_refuse_to_overwrite_without_force(capsys, tmp_path, short, a_run):
    page, figures = tmp_path / "r.html", tmp_path / "figs"
    assert pactsim(capsys, "report", short, "-n", "5", "-o", page)[0] == 0
    assert pactsim(capsys, "plot", a_run, "-o", figures)[0] == 0
    before = page.read_bytes()
    code, err = pactsim(capsys, "report", short, "-n", "6", "-o", page)
    assert code == 2 and f"{page} exists; choose another name, or add --force to replace it" in err
    code, err = pactsim(capsys, "plot", a_run, "-o", figures)
    assert code == 2 and f"{figures} exists; choose another folder, or add --force to replace it" in err
    assert page.read_bytes() == before
    assert pactsim(capsys, "report", short, "-n", "6", "-o", page, "--force")[0] == 0
    assert page.read_bytes() != before
    assert pactsim(capsys, "plot", a_run, "-o", figures, "--force")[0] == 0
    assert (figures / COMPLETE).is_file() and not temporaries(tmp_path)


def test_force_never_replaces_a_folder_pactsim_did_not_make(capsys, tmp_path, a_run):
    mine = tmp_path / "thesis"
    mine.mkdir()
    (mine / "chapter1.tex").write_text("years of work")
    code, err = pactsim(capsys, "plot", a_run, "-o", mine, "--force")
    assert code == 2 and "is not a finished pactsim output" in err and "pactsim replaces only what it wrote" in err
    assert (mine / "chapter1.tex").read_text() == "years of work"


def test_resume_on_a_folder_that_is_not_a_run_deletes_nothing(capsys, tmp_path, short):
    folder = tmp_path / "mine"
    (folder / ".chunks").mkdir(parents=True)
    (folder / ".chunks" / "notes.txt").write_text("mine")
    (folder / ".tmp-draft").write_text("mine too")
    code, err = pactsim(capsys, "run", short, "-n", "5", "-o", folder, "--resume")
    assert code == 2 and "it is not an interrupted pactsim run" in err
    assert (folder / ".chunks" / "notes.txt").read_text() == "mine"
    assert (folder / ".tmp-draft").read_text() == "mine too"


# --- Whole or absent ---------------------------------------------------------------------------

@pytest.mark.slow
def test_a_comparison_appears_whole_and_marked_or_not_at_all(capsys, tmp_path, short, monkeypatch):
    out = tmp_path / "cmp"
    import sim.analysis.plots.figureset as plots

    def fail(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(plots, "figures", fail)  # the disk fills while the figures are drawn
    code, err = pactsim(capsys, "compare", short, short, "-n", "5", "-o", out)
    assert code == 2 and "the disk is full" in err
    assert list(tmp_path.iterdir()) == [tmp_path / "short.yaml"]  # no half folder, no temporary one
    monkeypatch.undo()
    assert pactsim(capsys, "compare", short, short, "-n", "5", "-o", out)[0] == 0
    assert (out / COMPLETE).is_file() and (out / "runs" / "short" / "manifest.json").is_file()
    assert (out / "figures" / COMPLETE).is_file() and not temporaries(tmp_path)


@pytest.mark.slow
@pytest.mark.usefixtures("one_small_figure")  # what the figures show is tests/test_plots.py's
def test_plot_refuses_an_unfinished_or_malformed_folder_and_says_what_to_do(capsys, tmp_path, short, a_run):
    out = tmp_path / "cmp"
    assert pactsim(capsys, "compare", short, short, "-n", "5", "-o", out)[0] == 0
    half = tmp_path / "half"
    shutil.copytree(out, half)
    (half / COMPLETE).unlink()  # as left by a compare from before the marker, killed half way
    code, err = pactsim(capsys, "plot", half, "-o", tmp_path / "f1")
    assert code == 2 and "is not a finished comparison folder" in err and "run the same `pactsim compare` again" in err
    (half / COMPLETE).write_text("{}")
    (half / "comparison.json").write_text("{ not json")
    code, err = pactsim(capsys, "plot", half, "-o", tmp_path / "f2")
    assert code == 2 and "comparison.json is unreadable" in err
    bad_run = tmp_path / "bad-run"
    shutil.copytree(a_run, bad_run)
    (bad_run / "worlds.parquet").write_bytes(b"not parquet")
    code, err = pactsim(capsys, "plot", bad_run, "-o", tmp_path / "f3")
    assert code == 2 and "worlds.parquet is unreadable" in err and "run the scenario again" in err
    (bad_run / "manifest.json").write_text("[1, 2]")
    code, err = pactsim(capsys, "plot", bad_run, "-o", tmp_path / "f4")
    assert code == 2 and "manifest.json is unreadable: not a JSON object" in err
    assert not any((tmp_path / f"f{k}").exists() for k in range(1, 5))


def test_a_corrupt_chunk_is_named_set_aside_and_computed_again(capsys, tmp_path, short, monkeypatch):
    whole, broken = tmp_path / "whole", tmp_path / "broken"
    run(short, worlds=40, seed=3, chunk_size=10, out=whole)
    real = engine.simulate

    def crash(scenario, seed, worlds, series=False):
        if 30 in worlds:
            raise RuntimeError("boom")
        return real(scenario, seed, worlds, series=series)

    monkeypatch.setattr(engine, "simulate", crash)
    with pytest.raises(RunFailed):
        run(short, worlds=40, seed=3, chunk_size=10, out=broken)
    monkeypatch.undo()
    chunk = broken / ".chunks" / "events-000001.parquet"
    chunk.write_bytes(chunk.read_bytes()[:100])  # truncated, as by a disk failing under it
    code, err = pactsim(capsys, "run", short, "-n", "40", "-s", "3", "-o", broken, "--resume")
    assert code == 0, err
    assert "chunk 1 (events-000001.parquet) is unreadable" in err and f"moved to {broken / CORRUPT}" in err
    assert (broken / CORRUPT / "events-000001.parquet").stat().st_size == 100  # kept, not deleted
    for name in ("worlds.parquet", "events.parquet"):
        assert filecmp.cmp(whole / name, broken / name, shallow=False)


# --- Worlds where nothing happens -------------------------------------------------------------

@pytest.mark.slow
def test_chronicle_and_report_tell_a_world_where_nothing_happens(capsys, tmp_path):
    quiet = tmp_path / "quiet.yaml"
    quiet.write_text(QUIET)
    code = main(["chronicle", str(quiet), "--world", "0"])
    out, err = capsys.readouterr()
    assert code == 0 and "Nothing happened in this world" in out, err
    code, err = pactsim(capsys, "report", quiet, "-n", "3", "-o", tmp_path / "q.html")
    assert code == 0, err
    assert "Nothing happened in this world" in (tmp_path / "q.html").read_text()


# --- The helpers other commands reuse ------------------------------------------------------------

def test_output_folder_is_whole_or_absent(tmp_path):
    out = tmp_path / "export"
    with pytest.raises(RuntimeError):
        with output_folder(out, what="the export") as tmp:
            (tmp / "a.csv").write_text("1")
            raise RuntimeError("the export failed half way")
    assert list(tmp_path.iterdir()) == []
    with output_folder(out, what="the export") as tmp:
        (tmp / "a.csv").write_text("2")
    assert (out / "a.csv").read_text() == "2" and (out / COMPLETE).is_file()
    with pytest.raises(StoreError, match=r"exists; choose another folder, or add --force to replace it"):
        with output_folder(out):
            pass
    with output_folder(out, force=True, what="the export") as tmp:
        (tmp / "b.csv").write_text("3")
    assert sorted(p.name for p in out.iterdir()) == [COMPLETE, "b.csv"] and len(list(tmp_path.iterdir())) == 1


def test_write_file_atomic_leaves_no_temporary_file_when_it_fails(tmp_path):
    def half(tmp: Path) -> None:
        tmp.write_text("half")
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with pytest.raises(StoreError, match=r"^cannot write the export to .*x\.csv: the disk is full"):
        write_file_atomic(tmp_path / "x.csv", half, what="the export")
    assert list(tmp_path.iterdir()) == []
