"""A newcomer's first steps, taken literally: the README's commands and a fresh clone.

The README is the test script, section by section (each in its own folder, so that
``make test`` runs the sections side by side): every command line in its plain code blocks is run as
written (with the virtualenv's ``bin`` first on PATH, as after ``source
.venv/bin/activate``, which the README asks for), its Python block is executed, its
error transcript is reproduced, and its example scenario file is checked. Commands that
need a cluster or a server are parsed by pactsim's own click commands instead (their
options must exist and take their values); studies and runs of thousands of worlds are parsed as
written and run in a genuinely small version (fewer samples and worlds), so that their
code path still runs and the commands after them find their results. A second test
clones the repository, types ``make demo`` and the command the README shows next, and
runs the example notebook.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import click
import pytest

from sim.interface.cli import cli

ROOT = Path(__file__).resolve().parent.parent
README = ROOT / "README.md"
BIN = Path(sys.executable).parent

PARSED_ONLY = {
    "-n 200000": "200,000 worlds take minutes on a shared machine",
    "-n 1000000": "needs a running Dask scheduler",
    "--dask local": "starts a local Dask cluster (the dask tests cover it)",
    "calibrate --seeds": "6,000 worlds with series; tests/test_calibration.py runs it",
    "pactsim whatifs": "every bundled what-if on 2,000 worlds; its own test runs it",
    "pactsim app": "a server that runs until it is stopped; tests/test_app_browser.py starts and drives it",
}
"""Commands parsed but not run, by a piece of their text, with the reason."""

SMALLER = {
    "--method morris -o results/why-stalingrad": (
        "--method morris --samples 4 -k 2 -o results/why-stalingrad",
        "950 points of 2 x 200 worlds take about 6 minutes; 380 points of 2 x 2 keep its code path"),
    "--workers 2 -o results/why-stalingrad-japan": (
        "--samples 4 -k 2 --workers 2 -o results/why-stalingrad-japan",
        "the Japanese parameters only, in two processes: 1-2 minutes as written"),
    "--method sobol --samples 64 -k 100 -o results/south-sobol": (
        "--method sobol --samples 32 -k 2 -o results/south-sobol",
        "6,144 points of 100 worlds take over 6 minutes on a shared machine; 32 base samples are Sobol's "
        "least, and 2 worlds a point keep its code path"),
    'method="morris", samples=10, worlds_per_point=200': (
        'method="morris", samples=4, worlds_per_point=2',
        "the same study from Python, as long as written"),
    "--worlds 10000 --seed 7": (
        "--worlds 500 --seed 7",
        "a run's code path is the same at 500 worlds; the speed table (make bench) times 10,000"),
    "-n 2000 -s 7 -o results/no-pact --series": (
        "-n 300 -s 7 -o results/no-pact --series",
        "the weekly series of 300 worlds write the same tables as those of 2,000"),
    "-n 2000 -s 1 -o results/cmp": (
        "-n 400 -s 1 -o results/cmp",
        "three scenarios; the summary, reports, chronicle and figures after it read this folder, "
        "and 400 paired worlds give every one of them something to show"),
    "-n 4000 -o results/early-south": (
        "-n 1000 -o results/early-south",
        "PRIM's peeling is the same at 1,000 worlds; tests/test_discovery.py checks what it finds"),
    '"japan_strikes_south<1941-12-20", worlds=4000': (
        '"japan_strikes_south<1941-12-20", worlds=1000',
        "the same discovery from Python"),
    "--out why-stalingrad.html --sensitivity": (
        "-n 200 --out why-stalingrad.html --sensitivity",
        "the report runs its two scenarios (1,000 worlds each by default); its sensitivity section "
        "reads the study above"),
}
"""Commands parsed as written and run smaller: a piece of their text (a command line or the
Python block), what it becomes, and why. Studies get fewer samples and worlds per point, runs
fewer worlds: what runs is the same code, and the size of an answer is not what this test
checks. A smaller command writes the same folder, which a later README command reads."""


def smaller(text: str, used: set) -> str:
    """``text`` with the pieces of :data:`SMALLER` it holds made smaller (noted in ``used``)."""
    for piece, (small, _) in SMALLER.items():
        if piece in text:
            text = text.replace(piece, small)
            used.add(piece)
    return text


def parse(args: list[str]) -> click.Context:
    """The context of the pactsim command ``args`` (without ``pactsim``) as its own click
    command parses it: unknown options, bad values and missing arguments fail here,
    and nothing runs."""
    group = click.Context(cli, info_name="pactsim")
    name, command, rest = cli.resolve_command(group, args)
    return command.make_context(name, rest, parent=group)


def blocks(text: str) -> list[tuple[str, str]]:
    """The fenced code blocks of ``text`` as (language, body)."""
    return re.findall(r"^```(\w*)\n(.*?)^```", text, flags=re.S | re.M)


def commands(body: str) -> list[str]:
    """The command lines of a plain code block, without their comments."""
    return [shlex.join(shlex.split(line, comments=True)) for line in body.splitlines()
            if line.startswith(("pactsim ", "python -m sim", "make ", ".venv/bin/pactsim "))]


def readme_commands() -> list[str]:
    """The command lines of the README's plain blocks, in order."""
    return [c for lang, body in blocks(README.read_text(encoding="utf-8")) if not lang for c in commands(body)]


def test_the_readme_shows_the_commands_this_test_runs():
    commands = readme_commands()
    assert commands[:2] == ["make demo", ".venv/bin/pactsim scenarios"]
    assert len([c for c in commands if c.startswith("pactsim ")]) >= 15
    assert not [c for c in commands if "..." in c], "a command with a placeholder cannot work as written"


def sections(text: str) -> dict[str, str]:
    """The README's ``## `` sections by title. Each one's commands read only what the
    section itself writes, so that the sections run side by side, each in its own folder."""
    return {part.split("\n", 1)[0]: part for part in re.split(r"^## ", text, flags=re.M)[1:]}


def steps(text: str) -> list[tuple[str, str]]:
    """What the newcomer test does with the README text ``text``, in order: ``("python",
    code)`` runs a Python block (a study in it smaller), ``("parse", command)`` parses a
    command as pactsim would and runs nothing (:data:`PARSED_ONLY`, and the ``--resume``
    lines), and ``("run", command)`` runs a command line, a study smaller (:data:`SMALLER`)."""
    out = []
    for lang, body in blocks(text):
        if lang == "python":  # the notebook example, where the README shows it
            out.append(("python", body))
        for command in ([] if lang else commands(body)):
            if command.startswith(("make ", ".venv/bin/")):
                continue  # the fresh-clone test below types these
            parse_only = "--resume" in shlex.split(command) or any(piece in command for piece in PARSED_ONLY)
            out.append(("parse" if parse_only else "run", command))
    return out


RUN = [title for title, text in sections(README.read_text(encoding="utf-8")).items()
       if any(kind != "parse" for kind, _ in steps(text))]
"""The sections with something to run: each is one test (``make test`` runs them side by side)."""

MADE = {"Running": ["results/my-run.xlsx"], "For the seminar": ["figures/shares.png", "report-it.html"]}
"""Files a section's commands must have written, by section."""


def test_each_shortcut_of_the_readme_test_is_used_and_its_sections_run_something():
    text = README.read_text(encoding="utf-8")
    done = [step for title in RUN for step in steps(sections(text)[title])]
    assert all(step[0] == "parse" for step in steps(text) if step not in done)  # nothing left unrun
    ran = [command for kind, command in done if kind == "run"]
    assert len(ran) >= 13 and set(MADE) <= set(RUN)
    parsed = {piece for kind, command in steps(text) if kind == "parse" for piece in PARSED_ONLY if piece in command}
    assert parsed == set(PARSED_ONLY)  # each reason is used
    assert any("--resume" in command for kind, command in steps(text) if kind == "parse")
    shrunk: set = set()
    for _, command in done:
        smaller(command, shrunk)
    assert shrunk == set(SMALLER)  # each study found, and run smaller


@pytest.mark.slow
@pytest.mark.parametrize("section", RUN, ids=lambda title: re.sub(r"\W+", "-", title.lower()).strip("-"))
def test_every_readme_command_works_as_written(section, tmp_path):
    shutil.copytree(ROOT / "scenarios", tmp_path / "scenarios")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ['PATH']}"}
    for kind, text in steps(sections(README.read_text(encoding="utf-8"))[section]):
        if kind == "python":
            compile(text, "README.md", "exec")  # as written, it must compile; a study in it runs smaller
            code = compile(smaller(text, set()), "README.md", "exec")
            cwd = os.getcwd()
            os.chdir(tmp_path)
            try:
                exec(code, {})  # noqa: S102 - the README's own example
            finally:
                os.chdir(cwd)
            continue
        small = smaller(text, set())
        if kind == "parse" or small != text:  # as written: its options exist and take their values
            parse(shlex.split(text)[1:])
        if kind == "run":
            done = subprocess.run(shlex.split(small), cwd=tmp_path, env=env, capture_output=True,
                                  text=True, timeout=600)
            assert done.returncode == 0, f"{text}\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}"
    assert all((tmp_path / path).is_file() for path in MADE.get(section, ())), section
    if section == "For the seminar":
        assert 'lang="it"' in (tmp_path / "report-it.html").read_text(encoding="utf-8")


def test_the_smaller_studies_are_the_readme_studies_with_fewer_samples_and_worlds():
    text = README.read_text(encoding="utf-8")
    for piece, (small, _) in SMALLER.items():
        assert text.count(piece) == 1, piece
        lines = [c for c in readme_commands() if piece in c]
        if lines:  # a command line, as pactsim parses it
            (command,) = lines
            written = parse(shlex.split(command)[1:]).params
            shrunk = parse(shlex.split(command.replace(piece, small))[1:]).params
            changed = {k for k in written if written[k] != shrunk[k]}
            assert changed and changed <= {"samples", "worlds_per_point", "worlds"}, changed  # the same, only smaller
            # (None: the default, which is more than the method's minimum)
            assert all(written[k] is None or shrunk[k] < written[k] for k in changed), (written, shrunk)
        else:  # a Python call: the same keywords, smaller numbers
            assert re.findall(r"(\w+)=", piece) == re.findall(r"(\w+)=", small)
            numbers = [(int(a), int(b)) for a, b in zip(re.findall(r"=(\d+)", piece), re.findall(r"=(\d+)", small))]
            assert numbers and all(b < a for a, b in numbers), numbers


def test_parse_checks_the_options_of_the_command_itself():
    assert parse(["run", "historical", "-n", "200000", "--resume", "-o", "results/big"]).params["worlds"] == 200000
    with pytest.raises(click.NoSuchOption, match="--samplez"):
        parse(["sensitivity", "historical", "--outcome", "japan_attacks_ussr", "--samplez", "4"])
    with pytest.raises(click.BadParameter, match="'many' is not a valid integer"):
        parse(["app", "historical", "--worlds", "many"])


@pytest.mark.slow
def test_the_readme_error_transcript_is_what_pactsim_prints(tmp_path):
    text = README.read_text(encoding="utf-8")
    transcript = next(body for lang, body in blocks(text) if body.startswith("$ pactsim check broken.yaml"))
    command, expected = transcript.splitlines()[0][2:], transcript.splitlines()[1]
    lines = ["name: broken", "title: A broken what-if", "description: one value out of range",
             "extends: historical.yaml", "params:", "  ussr.intelligence_trust: 0.7",
             "  ussr.intelligence_reliability: 1.2"]
    (tmp_path / "broken.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    shutil.copy(ROOT / "scenarios" / "historical.yaml", tmp_path)
    done = subprocess.run([str(BIN / "pactsim"), *shlex.split(command)[1:]], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 2
    assert done.stderr.strip() == expected


@pytest.mark.slow
def test_the_readme_example_scenario_is_valid(tmp_path):
    text = README.read_text(encoding="utf-8")
    (example,) = [body for lang, body in blocks(text) if lang == "yaml"]
    (tmp_path / "whatif.yaml").write_text(example, encoding="utf-8")
    shutil.copy(ROOT / "scenarios" / "historical.yaml", tmp_path)
    done = subprocess.run([str(BIN / "pactsim"), "check", "whatif.yaml"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("ok  stalingrad_german_victory")


def run_notebook(path: Path, cwd: Path) -> list[str]:
    """Execute the notebook at ``path`` in ``cwd``; the text of its outputs."""
    import nbclient
    import nbformat

    notebook = nbformat.read(path, as_version=4)
    nbclient.NotebookClient(notebook, timeout=300, kernel_name="python3",
                            resources={"metadata": {"path": str(cwd)}}).execute()
    texts = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            texts.append(str(output.get("text") or output.get("data", {}).get("text/plain", "")))
    return texts


@pytest.mark.slow
def test_a_fresh_clone_follows_the_readme_and_runs_the_notebook(tmp_path):
    if shutil.which("git") is None or shutil.which("make") is None:
        pytest.fail("this test needs git and make, which `make test` needs anyway")
    clone = tmp_path / "pactsim"
    # The last commit, as a newcomer gets it.
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True, timeout=120)
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    demo = subprocess.run(["make", "demo"], cwd=clone, env=env, capture_output=True, text=True, timeout=900)
    assert demo.returncode == 0, demo.stdout[-3000:] + demo.stderr[-3000:]
    assert "Results written to results/demo-historical-" in demo.stdout
    assert ".venv/bin/pactsim scenarios" in demo.stdout
    assert "warning" not in (demo.stdout + demo.stderr).lower(), demo.stdout + demo.stderr
    installed = subprocess.run([str(clone / ".venv/bin/python"), "-m", "pip", "list", "--format=freeze"],
                               capture_output=True, text=True, check=True).stdout.lower()
    assert "pytest" not in installed and "dask" not in installed and "pandas" in installed
    after = subprocess.run([".venv/bin/pactsim", "scenarios"], cwd=clone, env=env, capture_output=True,
                           text=True, timeout=120)
    assert after.returncode == 0 and any(line.startswith("historical ") for line in after.stdout.splitlines())
    texts = run_notebook(clone / "docs" / "example.ipynb", clone)
    assert any(t.startswith("<Comparison historical vs stalingrad_german_victory") for t in texts)
    assert any("Japan broke the pact" in t for t in texts)


@pytest.mark.slow
def test_the_notebook_says_what_its_cells_show():
    """The notebook's words about the breaker and its figure's legend, on 40 worlds instead of
    500 (the fresh-clone test below runs it as written)."""
    import json

    import matplotlib

    matplotlib.use("Agg")
    notebook = json.loads((ROOT / "docs" / "example.ipynb").read_text(encoding="utf-8"))
    cells = ["".join(c["source"]) for c in notebook["cells"]]
    code = "\n".join(s.replace("worlds=500", "worlds=40") for c, s in zip(notebook["cells"], cells)
                     if c["cell_type"] == "code" and "chronicle" not in s)
    space: dict = {}
    exec(compile(code, "example.ipynb", "exec"), space)  # noqa: S102 - the project's own notebook
    said = next(s for s in cells if "who broke the pact" in s)
    named = set(re.findall(r'`"(\w+)"`', said.split("who broke the pact")[1]))
    assert set(space["worlds"].pact_breached_by.unique()) <= named, named
    legend = [t.get_text() for t in space["ax"].get_legend().get_texts()]
    titles = [r.manifest["scenario"]["title"] for r in space["cmp"].results.values()]
    assert all(any(title in text for text in legend) for title in titles), (legend, titles)
