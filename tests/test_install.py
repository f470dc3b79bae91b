"""A non-editable install works outside the checkout: the wheel ships the scenarios."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_wheel_installed_outside_the_checkout_lists_and_runs_bundled_scenarios(tmp_path):
    wheels = tmp_path / "wheels"
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(wheels), str(ROOT)], check=True, capture_output=True)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    py = env_dir / "bin" / "python"
    subprocess.run([py, "-m", "pip", "install", "-q", "--no-deps", *wheels.glob("pactsim-*.whl")],
                   check=True, capture_output=True)
    # The dependencies come from this test's environment; pactsim itself only from the wheel
    # (PYTHONPATH entries do not process the editable install's .pth finder).
    env = {**os.environ, "PYTHONPATH": sysconfig.get_paths()["purelib"]}
    work = tmp_path / "elsewhere"
    work.mkdir()

    listed = subprocess.run([env_dir / "bin" / "pactsim", "scenarios"], cwd=work, env=env,
                            capture_output=True, text=True)
    assert listed.returncode == 0, listed.stderr  # e.g. a package missing from pyproject's list
    listed = listed.stdout
    for path in (ROOT / "scenarios").glob("*.yaml"):
        assert path.stem in listed
    assert str(env_dir) in listed  # the scenarios come from the installed package

    run = subprocess.run([env_dir / "bin" / "pactsim", "run", "historical", "-n", "100", "-o", "out"],
                         cwd=work, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert (work / "out" / "worlds.parquet").is_file()


def test_every_package_of_the_checkout_is_in_the_wheel():
    """pyproject lists its packages by name (one of them maps ``scenarios/``): a new folder of
    modules missing from the list would install a wheel that fails on import."""
    import tomllib

    listed = set(tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
                 ["tool"]["setuptools"]["packages"])
    folders = {".".join(path.parent.relative_to(ROOT).parts) for path in (ROOT / "sim").rglob("*.py")}
    assert folders <= listed, folders - listed
