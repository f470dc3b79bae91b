"""A newcomer's rough edges: a missing optional extra is one line naming its install, exit 2;
the README installs extras editable and names the run folder and the page's addresses as they are."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from sim.interface.cli import main

ROOT = Path(__file__).resolve().parent.parent

# The command, the modules it needs (set to None in sys.modules: "not installed"), the extra.
CASES = [
    (["sensitivity", "historical", "--outcome", "japan_attacks_ussr<1944-01-01", "-k", "10"], ["SALib"],
     "sensitivity"),
    (["discover", "historical", "--outcome", "japan_strikes_south<1941-12-20", "-n", "20"], ["ema_workbench"],
     "discover"),
    (["run", "historical", "-n", "4", "--dask", "local"], ["dask", "dask.distributed"], "dask"),
    (["app"], ["solara"], "app"),
]


@pytest.mark.parametrize(("args", "modules", "extra"), CASES, ids=[c[2] for c in CASES])
def test_a_missing_extra_is_one_line_naming_its_install(args, modules, extra, monkeypatch, capsys, tmp_path):
    for module in modules:
        monkeypatch.setitem(sys.modules, module, None)  # as if not installed
    out = tmp_path / "out"
    code = main([*args, "-o", str(out)] if args[0] != "app" else args)
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err, err
    assert err.startswith("pactsim: error: ") and err.rstrip().endswith(f"pip install -e '.[{extra}]'"), err
    assert f"'{extra}'" in err
    assert not out.exists()  # nothing written


def test_excel_export_without_openpyxl_names_the_excel_extra(monkeypatch, capsys, tmp_path):
    folder = tmp_path / "run"
    assert main(["run", "historical", "-n", "4", "-o", str(folder)]) == 0
    capsys.readouterr()
    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert main(["export", str(folder), "--to", "xlsx"]) == 2
    err = capsys.readouterr().err
    assert err == ("pactsim: error: writing Excel needs openpyxl (the optional extra 'excel'); install it in the "
                   "pactsim folder with: pip install -e '.[excel]'\n")
    assert not (tmp_path / "run.xlsx").exists()


def test_the_readme_installs_every_extra_editable_and_lists_each_in_its_dependencies():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    extras = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["optional-dependencies"]
    installs = re.findall(r"pip install[^`\n)]*", readme)
    assert installs and all(line.startswith("pip install -e '.[") for line in installs), installs
    table = readme.split("## Dependencies", 1)[1]
    assert [e for e in extras if f"extra `{e}`" not in table] == []


def test_make_app_installs_the_app_extra_only():
    if shutil.which("make") is None:
        pytest.fail("make is needed: the README's first line is `make demo`")
    plan = subprocess.run(["make", "-n", "-B", "app"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    assert "-e '.[app]'" in plan and ".[dev]" not in plan, plan


def test_the_run_folder_is_named_as_the_readme_says(tmp_path, monkeypatch, capsys):
    line = next(x for x in (ROOT / "README.md").read_text(encoding="utf-8").splitlines()
                if x.startswith("pactsim run historical --worlds 10000 --seed 7"))
    named = re.search(r"writes (results/\S+)/", line).group(1)
    pattern = re.escape(named).replace("YYYYMMDD", r"\d{8}").replace("HHMMSS", r"\d{6}").replace("10000", "4")
    monkeypatch.chdir(tmp_path)
    assert main(["run", "historical", "--worlds", "4", "--seed", "7"]) == 0
    (folder,) = (tmp_path / "results").iterdir()
    assert re.fullmatch(pattern, f"results/{folder.name}"), (pattern, folder.name)


def test_a_page_open_to_the_network_prints_addresses_a_browser_can_open():
    from sim.interface.app_cli import urls

    shown = urls("0.0.0.0", 8765)
    assert "http://127.0.0.1:8765/" in shown and not [u for u in shown if "0.0.0.0" in u]
    assert all(re.fullmatch(r"http://\d+\.\d+\.\d+\.\d+:8765/", u) for u in shown), shown
    assert urls("127.0.0.1", 8800) == ["http://127.0.0.1:8800/"] and urls("::1", 80) == ["http://[::1]:80/"]
