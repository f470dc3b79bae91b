"""Interruption messages fit the command (issue 22, class 5): what was kept, and the exact
command that finishes it (sweep, sensitivity) or runs it again (compare, report, whatifs,
chronicle); and a refused resume names the option that differs."""

from __future__ import annotations

import shlex
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from gate import Gate

from sim.errors import RunInterrupted
from sim.interface.cli import main
from sim.interface.interrupted import message

SHORT = "name: short\ntitle: Short\nperiod: {start: 1941-04-13, end: 1941-05-13}\n"


def stopped(folder=None) -> RunInterrupted:
    kept = "2 of 4 worlds finished and are kept in X/.chunks" if folder else "2 of 4 worlds had finished"
    return RunInterrupted("interrupted: engine words", 130, "interrupted", kept, folder)


@pytest.mark.parametrize("argv, says", [
    (["compare", "historical", "no_pact", "-n", "40", "-o", "c"],
     "interrupted: nothing was kept (`pactsim compare` holds its runs in memory and writes the comparison only once "
     "all have finished); to run it again:\n  pactsim compare historical no_pact -n 40 -o c"),
    (["report", "historical", "no pact.yaml", "-o", "r.html"], "to run it again:\n  pactsim report historical "
                                                                "'no pact.yaml' -o r.html"),
    (["whatifs", "-n", "100"], "to run it again:\n  pactsim whatifs -n 100"),
    (["chronicle", "historical", "--typical"], "to run it again:\n  pactsim chronicle historical --typical"),
])
def test_a_command_that_keeps_nothing_says_so_and_how_to_run_it_again(argv, says):
    said = message(stopped(), argv)
    assert says in said and "--out" not in said.replace("-o c", "") and "--resume" not in said


def test_a_resumable_command_names_its_own_resume_line():
    said = message(stopped(Path("results/sensitivity-x")), ["sensitivity", "historical", "--outcome", "a<1944-01-01"])
    assert said == ("interrupted: 2 of 4 worlds finished and are kept in X/.chunks; to finish the study:\n  "
                    "pactsim sensitivity historical --outcome 'a<1944-01-01' --out results/sensitivity-x --resume")
    said = message(stopped(Path("s")), ["sweep", "historical", "--vary", "a=1,2", "-o", "s", "--resume"])
    assert said.endswith("to finish the sweep:\n  pactsim sweep historical --vary a=1,2 -o s --resume")
    assert message(stopped(Path("r")), ["run", "historical"]) == "interrupted: engine words"  # run's own line


def start(gate: Gate, cwd: Path, *argv) -> subprocess.Popen:
    """``pactsim ARGV`` in a process of its own, once a chunk waits at the gate."""
    child = subprocess.Popen([sys.executable, "-m", "sim", *argv], env=gate.env, cwd=cwd, stderr=subprocess.PIPE,
                             stdout=subprocess.DEVNULL, text=True)
    deadline = time.monotonic() + 120
    while not gate.waiting.exists():
        assert child.poll() is None, child.stderr.read()
        assert time.monotonic() < deadline, "no chunk reached the gate within 120 s"
        time.sleep(0.02)
    return child


@pytest.mark.slow
def test_a_terminated_compare_says_it_kept_nothing_and_how_to_run_it_again(tmp_path):
    (tmp_path / "short.yaml").write_text(SHORT)
    gate = Gate(tmp_path / "gate")
    argv = ["compare", "short.yaml", "short.yaml", "-n", "4", "-w", "2", "-o", "cmp"]
    child = start(gate, tmp_path, *argv)
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 143, err
    assert err.startswith("pactsim: terminated (SIGTERM): nothing was kept (`pactsim compare` holds its runs")
    assert f"to run it again:\n  pactsim {shlex.join(argv)}\n" in err and "give it an output folder" not in err
    assert not (tmp_path / "cmp").exists()


@pytest.mark.slow
def test_an_interrupted_sweep_says_the_line_that_finishes_it_and_that_line_does(tmp_path, monkeypatch):
    (tmp_path / "short.yaml").write_text(SHORT)
    gate = Gate(tmp_path / "gate")
    child = start(gate, tmp_path, "sweep", "short.yaml", "--vary", "japan.w_german_success=1,2", "-n", "4", "-w", "2")
    child.send_signal(signal.SIGTERM)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 143, err
    head, _, line = err.rstrip("\n").partition("to finish the sweep:\n  ")
    assert head.startswith("pactsim: terminated (SIGTERM): ") and "kept in results/sweep-short-" in head, err
    words = shlex.split(line)
    assert words[:2] == ["pactsim", "sweep"] and words[-3] == "--out" and words[-1] == "--resume", line
    gate.open()
    monkeypatch.chdir(tmp_path)  # the line is relative to where the command ran
    assert main(words[1:]) == 0
    assert (tmp_path / words[-2] / "manifest.json").is_file()


@pytest.mark.slow
def test_a_refused_sensitivity_resume_names_the_option_that_differs(capsys, tmp_path):
    argv = ["sensitivity", "stalingrad_german_victory", "--outcome", "japan_attacks_ussr<1944-01-01",
            "--params", "japan.oil_stock_months,ussr.intelligence_trust", "-k", "3", "-o", str(tmp_path / "why"),
            "--no-progress"]
    assert main([*argv, "--samples", "4"]) == 0
    capsys.readouterr()
    assert main([*argv, "--samples", "6", "--resume"]) == 2
    err = capsys.readouterr().err
    assert "--samples is 6 here, 4 in the folder" in err and "digest" not in err and err.count("\n") == 1, err
    assert main([*argv, "--samples", "4", "--outcome", "japan_surrenders", "--resume"]) == 2
    assert "--outcome is japan_surrenders here, japan_attacks_ussr<1944-01-01 in the folder" in capsys.readouterr().err
