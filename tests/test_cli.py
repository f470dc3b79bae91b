"""The command line as a user meets it: exit codes, messages, no traceback, no half-written folder."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from sim.interface.cli import main
from sim.interface.docs import outcomes_markdown, parameters_markdown

ROOT = Path(__file__).resolve().parent.parent


def run_cli(*args, cwd=ROOT):
    return subprocess.run([sys.executable, "-m", "sim", *map(str, args)], cwd=cwd, capture_output=True, text=True)


@pytest.mark.slow
def test_help_lists_the_commands():
    out = run_cli("--help")
    assert out.returncode == 0
    for command in ("run", "check", "scenarios", "params", "calibrate", "compare", "plot", "chronicle", "report"):
        assert command in out.stdout


def test_scenarios_lists_bundled_titles(capsys):
    assert main(["scenarios"]) == 0
    out = capsys.readouterr().out
    assert "historical" in out and "Germany wins at Stalingrad" in out


def test_check_accepts_every_bundled_scenario(capsys):
    files = sorted(str(p) for p in (ROOT / "scenarios").glob("*.yaml"))
    assert main(["check", *files]) == 0
    assert capsys.readouterr().out.count("ok  ") == len(files)


@pytest.mark.parametrize(
    "text, message",
    [
        ("name: x\ntitle: t\nparams:\n  ussr.intelligence_reliability: 1.2\n", r"bad\.yaml:4: params\.ussr\.intelligence_reliability: 1\.2 is out of range"),
        ("name: x\ntitle: t\nparams:\n  ussr.fe_mne: 3\n", r"bad\.yaml:4: .*did you mean 'ussr\.fe_men'"),
        ("name: x\ntitle: t\nevents:\n  oil_embargo: {date: 1950-01-01}\n", r"bad\.yaml:4: events\.oil_embargo\.date"),
        ("name: x\ntitle: [unclosed\n", r"bad\.yaml:\d+: "),
        ("", r"bad\.yaml: .*empty"),
    ],
)
def test_bad_scenario_exits_2_with_one_message_and_no_folder(tmp_path, text, message):
    bad = tmp_path / "bad.yaml"
    bad.write_text(text)
    out_dir = tmp_path / "out"
    result = run_cli("run", bad, "--worlds", 5, "--out", out_dir)
    assert result.returncode == 2, result.stderr
    assert pd.Series([result.stderr]).str.contains(message).all(), result.stderr
    assert "Traceback" not in result.stderr
    assert not out_dir.exists()


@pytest.mark.slow
def test_missing_file_and_bad_values_exit_2(tmp_path):
    missing = run_cli("check", tmp_path / "nope.yaml")
    assert missing.returncode == 2 and "nope.yaml" in missing.stderr and "Traceback" not in missing.stderr
    negative = run_cli("run", "historical", "--worlds", -3, "--out", tmp_path / "x")
    assert negative.returncode == 2 and "--worlds" in negative.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.slow
def test_run_writes_a_results_folder_and_refuses_to_overwrite(tmp_path):
    out_dir = tmp_path / "run"
    first = run_cli("run", "historical", "--worlds", 40, "--seed", 3, "--out", out_dir, "--no-progress")
    assert first.returncode == 0, first.stderr
    assert "40 worlds" in first.stdout and str(out_dir) in first.stdout
    for name in ("manifest.json", "worlds.parquet", "events.parquet"):
        assert (out_dir / name).exists()
    assert len(pd.read_parquet(out_dir / "worlds.parquet")) == 40
    again = run_cli("run", "historical", "--worlds", 40, "--out", out_dir)
    assert again.returncode == 2 and "exists" in again.stderr


def test_parameter_page_matches_the_code():
    assert (ROOT / "docs" / "parameters.md").read_text().strip() == parameters_markdown().strip()


def test_readme_outcome_table_matches_the_vocabulary():
    readme = (ROOT / "README.md").read_text()
    table = readme.split("<!-- outcomes -->\n", 1)[1].split("\n<!-- /outcomes -->", 1)[0]
    assert table == outcomes_markdown()
    assert "| `pact_breached_by` | \"japan\", \"ussr\" or \"none\" |" in table


def test_the_readme_prose_quotes_the_generated_whatif_table():
    """The shares the README's bullets give in words lie where the generated table (kept
    equal to the command's output by test_whatifs) puts them."""
    readme = (ROOT / "README.md").read_text()
    table = readme.split("<!-- whatifs -->\n", 1)[1].split("\n<!-- /whatifs -->", 1)[0].splitlines()
    header = [h.strip() for h in table[0].strip("|").split("|")]
    rows = {}
    for line in table:
        if line.startswith("| `"):
            cells = [c.strip().strip("*") for c in line.strip("|").split("|")]
            rows[cells[0].strip("`")] = dict(zip(header, cells))
    claims = [  # the sentence, the scenario and column it quotes, the range it gives (percent)
        ("**Japan attacks the USSR** in 1-2% of the worlds of history", "historical",
         "Japan attacks USSR before 1944", 1, 2),
        ("**The armistice** (1-2% in history)", "historical", "armistice", 1, 2),
        ("the USSR denounces the pact in about a third of the worlds", "no_yalta", "pact denounced by April 1946",
         28, 38),
    ]
    for sentence, scenario, column, low, high in claims:
        assert sentence in " ".join(readme.split()), sentence
        assert low <= int(rows[scenario][column].rstrip("%")) <= high, (sentence, rows[scenario][column])
