"""Hostile and careless input: refused before any work, in bounded time and memory.

Every case here used to hang, exhaust memory, crash with a traceback or compute
nonsense (issue 13, classes 2, 3 and 6). Unit tests pin each message; a property
test feeds hypothesis-generated hostile files to the real command line in a
subprocess with a timeout and an address-space limit, and checks that ``check`` and
``run`` refuse them alike: one message naming the file, exit code 2, no results folder.
"""

from __future__ import annotations

import json
import os
import re
import resource
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.ensemble import run
from sim.errors import RequestError
from sim.files.scenario import (
    ERA,
    MAX_EXTENDS,
    MAX_NAME,
    MAX_NUMBER,
    ScenarioError,
    load_scenario,
    scenario_from_dict,
)
from sim.files.yamlfile import MAX_BYTES, MAX_DEPTH, MAX_NODES
from sim.interface.cli import main
from sim.limits import MAX_SEED, check_request, max_workers

HEAD = "name: hostile\ntitle: Hostile\n"


def write(tmp_path: Path, text: str, name: str = "s.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def refused(path, match: str) -> str:
    with pytest.raises(ScenarioError, match=match) as info:
        load_scenario(path)
    return str(info.value)


# --- What a file is -----------------------------------------------------------------------

def test_only_regular_files_are_read(tmp_path):
    fifo = tmp_path / "pipe.yaml"
    os.mkfifo(fifo)  # reading it would block forever
    refused(fifo, r"pipe\.yaml: is not a regular file \(a pipe, socket or device\)")
    refused("/dev/zero", r"/dev/zero: is not a regular file")  # would read until MemoryError
    refused(tmp_path, r": is a folder; expected the path of a scenario YAML file")


def test_a_symlink_loop_is_one_message(tmp_path):
    (tmp_path / "a.yaml").symlink_to(tmp_path / "b.yaml")
    (tmp_path / "b.yaml").symlink_to(tmp_path / "a.yaml")
    refused(tmp_path / "a.yaml", r"a\.yaml: cannot be read \(Too many levels of symbolic links\)")
    child = write(tmp_path, HEAD + "extends: a.yaml\n", "child.yaml")
    refused(child, r"child\.yaml:3: extends: 'a\.yaml' cannot be resolved")


def test_a_file_larger_than_the_cap_is_refused_unread(tmp_path):
    path = write(tmp_path, HEAD + "description: " + "x" * MAX_BYTES + "\n")
    refused(path, rf"larger than {MAX_BYTES:,} bytes")


# --- YAML structure ---------------------------------------------------------------------------

def alias_bomb(levels: int, fanout: int) -> str:
    """A 'billion laughs' file: ``fanout ** levels`` strings from a few hundred bytes."""
    lines = [HEAD.rstrip("\n"), "x0: &a0 [" + ",".join(["lol"] * fanout) + "]"]
    for k in range(1, levels):
        lines.append(f"x{k}: &a{k} [" + ",".join([f"*a{k - 1}"] * fanout) + "]")
    return "\n".join(lines) + "\n"


def test_aliases_are_bounded_before_anything_expands_them(tmp_path):
    text = alias_bomb(9, 9)  # the audit's file: 45 s and 5.9 GB before it was refused
    assert len(text.encode()) < 500
    message = refused(write(tmp_path, text), rf"s\.yaml:\d+: aliases expand it to more than {MAX_NODES:,} nodes")
    assert "expected a scenario's plain structure" in message


def test_a_recursive_alias_is_refused(tmp_path):
    refused(write(tmp_path, HEAD + "description: &a [*a]\n"), r"s\.yaml:3: a recursive alias")


def test_aliases_that_stay_small_still_work(tmp_path):
    text = HEAD + textwrap.dedent("""\
        params:
          japan.oil_stock_months: &span {dist: uniform, low: 14, high: 22}
          japan.oil_horizon_months: *span
        """)
    s = load_scenario(write(tmp_path, text))
    assert s.params["japan.oil_stock_months"] == s.params["japan.oil_horizon_months"]


@pytest.mark.parametrize("depth", [MAX_DEPTH + 1, 900, 5000])
def test_deep_nesting_is_refused_before_the_recursion_limit(tmp_path, depth):
    refused(write(tmp_path, HEAD + "description: " + "[" * depth + "]" * depth + "\n"),
            rf"s\.yaml:3: nested more than {MAX_DEPTH} levels deep")


def test_aliases_cannot_nest_deeper_than_the_bound(tmp_path):
    lines = [HEAD.rstrip("\n"), "x0: &a0 [1]"] + [f"x{k}: &a{k} [*a{k - 1}]" for k in range(1, MAX_DEPTH + 2)]
    refused(write(tmp_path, "\n".join(lines) + "\n"), rf"aliases nest it more than {MAX_DEPTH} levels deep")


def test_an_extends_chain_is_bounded(tmp_path):
    write(tmp_path, "name: f0\ntitle: F0\n", "f0.yaml")
    for k in range(1, MAX_EXTENDS + 3):
        write(tmp_path, f"name: f{k}\ntitle: F{k}\nextends: f{k - 1}.yaml\n", f"f{k}.yaml")
    load_scenario(tmp_path / f"f{MAX_EXTENDS}.yaml")  # at the bound: fine
    refused(tmp_path / f"f{MAX_EXTENDS + 2}.yaml", rf"extends: a chain of more than {MAX_EXTENDS} extends")


# --- Numbers ------------------------------------------------------------------------------------

def test_an_integer_of_400_digits_is_refused_with_its_line(tmp_path):
    refused(write(tmp_path, HEAD + f"params: {{japan.w_oil: {'9' * 400}}}\n"),
            r"s\.yaml:3: an integer of 400 digits; expected at most 18")
    refused(write(tmp_path, HEAD + f"params: {{japan.w_oil: {'9' * 5000}}}\n"),  # beyond Python's own limit
            r"s\.yaml:3: an integer of 5000 digits")


@pytest.mark.parametrize("params, where", [
    ({"japan.north_bias": {"dist": "uniform", "low": -1.7e308, "high": 1.7e308}}, r"params\.japan\.north_bias\.low"),
    ({"japan.north_bias": {"dist": "normal", "mean": 0, "sd": 1e300}}, r"params\.japan\.north_bias\.sd"),
    ({"japan.w_oil": {"dist": "choice", "values": [1, 2], "weights": [1e308, 1e308]}}, r"params\.japan\.w_oil\.weights\[0\]"),
    ({"ussr.fe_men": 1e15}, r"params\.ussr\.fe_men"),
])
def test_numbers_that_would_overflow_are_refused(params, where):
    # before: spans of inf (draws of nan), weights summing to inf, forces beyond any army
    with pytest.raises(ScenarioError, match=rf"^inline: {where}: .* is too large; expected a number between "
                                            rf"-1,000,000 and 1,000,000"):
        scenario_from_dict({"name": "h", "title": "H", "params": params})


def test_the_largest_number_allowed_is_accepted():
    s = scenario_from_dict({"name": "h", "title": "H", "params": {"ussr.fe_men": MAX_NUMBER}})
    assert s.params["ussr.fe_men"] == MAX_NUMBER


# --- Meaning ------------------------------------------------------------------------------------

def test_periods_stay_within_the_models_era(tmp_path):
    refused(write(tmp_path, HEAD + "period: {start: 1941-04-13, end: 9999-12-31}\n"),
            rf"period\.end: 9999-12-31 is outside the model's era; expected a date from {ERA[0]} to 1951-12-31")
    refused(write(tmp_path, HEAD + "period: {start: 1900-01-01}\n"), r"period\.start: 1900-01-01 is outside the model's era")
    refused(write(tmp_path, HEAD + "treaties:\n  neutrality_pact: {signed: 2041-04-13}\n"),
            r"treaties\.neutrality_pact\.signed: 2041-04-13 is outside the model's era")
    s = load_scenario(write(tmp_path, HEAD + "period: {start: 1939-01-01, end: 1951-12-31}\n"))
    assert s.end.year == 1951


@pytest.mark.parametrize("terms, message", [
    ("{term_years: 0, renewal_years: 0, notice_years: 0}", r"term_years: got 0; expected a number >= 1"),
    ("{renewal_years: 0}", r"renewal_years: got 0; expected a number >= 1"),
    ("{term_years: 7000}", r"term_years: got 7000; expected a number <= 20"),
    ("{notice_years: 21}", r"notice_years: got 21; expected a number <= 20"),
])
def test_pact_terms_must_make_sense(tmp_path, terms, message):
    # before: a pact with term, renewal and notice 0 was "prolonged" every week, and a
    # huge term passed check and failed mid-run
    refused(write(tmp_path, HEAD + f"treaties:\n  neutrality_pact: {terms}\n"), rf"s\.yaml:4: treaties\.neutrality_pact\.{message}")


def test_two_interventions_on_one_decision_in_one_week_are_refused(tmp_path):
    text = HEAD + textwrap.dedent("""\
        interventions:
          - {date: 1941-09-10, decision: japan.posture, option: north}
          - {date: 1941-09-11, decision: japan.posture, option: south}
        """)
    refused(write(tmp_path, text), r"s\.yaml:5: interventions\[1\]: japan\.posture is already forced in the week of "
                                   r"1941-09-11 by interventions\[0\] \(1941-09-10\)")
    other_week = text.replace("1941-09-11", "1941-09-17")
    assert len(load_scenario(write(tmp_path, other_week)).interventions) == 2


def test_a_long_name_is_refused_by_check_not_by_run(tmp_path):
    path = write(tmp_path, f"name: {'a' * 300}\ntitle: Long\n")
    refused(path, rf"s\.yaml:1: name: got 'a+\.\.\.; expected at most {MAX_NAME} characters")


# --- The run's own arguments ----------------------------------------------------------------

@pytest.mark.parametrize("kwargs, message", [
    ({"worlds": 10**12}, r'"worlds" is 1000000000000; at most 10,000,000'),
    ({"seed": 2**63}, r'"seed" must be a non-negative integer up to 2\*\*63-1, got 9223372036854775808'),
    ({"seed": 10**400}, r'"seed" must be .* got a number of 401 digits'),
    ({"workers": 1000}, rf'"workers" is 1000; at most {max_workers()} on this machine \(two per core'),
])
def test_run_arguments_are_bounded_by_the_machine(historical, tmp_path, kwargs, message):
    with pytest.raises(RequestError, match=message):
        run(historical, **{"worlds": 2, "out": tmp_path / "r", **kwargs})
    assert not (tmp_path / "r").exists()


def test_runs_kept_in_memory_are_bounded_by_memory(monkeypatch):
    monkeypatch.setattr("sim.limits._memory_available", lambda: 2 * 30_000 * 1000)  # room for 1,000 worlds
    assert check_request(1000, 0, in_memory=True) == (1000, 0, 1)
    with pytest.raises(RequestError, match=r'"worlds" is 1001; at most 1,000 \(the most a run kept in memory'):
        check_request(1001, 0, in_memory=True)
    check_request(1001, 0, in_memory=False)  # written to a folder, chunk by chunk
    assert check_request(5, MAX_SEED)[1] == MAX_SEED


@pytest.mark.parametrize("argv, message", [
    (["run", "historical", "-n", "2", "--seed", str(2**63)], r"pactsim: error: \"seed\" must be"),
    (["run", "historical", "-n", str(10**12)], r"pactsim: error: \"worlds\" is 1000000000000"),
    (["run", "historical", "-n", "2", "--workers", "1000"], r"pactsim: error: \"workers\" is 1000"),
    (["run", "historical", "-n", "2", "--dask", "tcp://no such host"], r"pactsim: error: --dask 'tcp://no such host' is not an address"),
    (["chronicle", "historical", "--world", str(2**63)], r"Invalid value for '--world'"),
])
def test_the_command_line_says_one_thing_and_exits_2(tmp_path, capsys, argv, message):
    if argv[0] == "run":
        argv = argv + ["--out", str(tmp_path / "r")]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert re.search(message, err), err
    assert not (tmp_path / "r").exists()


def test_an_unreachable_dask_scheduler_fails_fast_and_writes_nothing(tmp_path, capsys):
    assert main(["run", "historical", "-n", "2", "--dask", "tcp://127.0.0.1:9", "--out", str(tmp_path / "r")]) == 2
    assert "cannot reach a Dask scheduler at tcp://127.0.0.1:9 within 5 s" in capsys.readouterr().err
    assert not (tmp_path / "r").exists()


# --- Hypothesis: hostile files through the real command line, bounded ----------------------------

LIMIT_BYTES = 1536 * 2**20
"""Address space of the subprocess: importing pactsim needs about 1 GB; the audit's alias
bomb took 5.9 GB."""

TIMEOUT = 120
"""Seconds for a batch of hostile files: a hang guard, not a speed target."""

RUNNER = textwrap.dedent("""
    import contextlib, io, json, sys
    from sim.interface.cli import main
    out = []
    for path, folder in zip(sys.argv[1::2], sys.argv[2::2]):
        seen = []
        for argv in (["check", path], ["run", path, "-n", "2", "--out", folder]):
            err = io.StringIO()
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
                code = main(argv)
            seen.append([code, err.getvalue()])
        out.append(seen)
    print(json.dumps(out))
""")

digits = st.integers(19, 6000).map(lambda n: "9" * n)
floats = st.sampled_from(["1e308", "-1.7e308", "1e400", "-1e400", ".inf", ".nan", "1.0e+7", "-3e6"])


@st.composite
def hostile(draw) -> dict[str, str]:
    """One hostile scenario: file name -> text (a chain of extends has several files)."""
    kind = draw(st.sampled_from(["bomb", "deep", "number", "dist", "period", "pact", "name", "twice", "chain", "recursive"]))
    if kind == "bomb":
        return {"s.yaml": alias_bomb(draw(st.integers(6, 14)), draw(st.integers(8, 12)))}
    if kind == "deep":
        depth, open_ = draw(st.integers(MAX_DEPTH + 1, 3000)), draw(st.sampled_from(["[", "{a: "]))
        close = "]" if open_ == "[" else "}"
        return {"s.yaml": HEAD + "description: " + open_ * depth + "1" + close * depth + "\n"}
    if kind == "number":
        key = draw(st.sampled_from(["japan.w_oil", "ussr.fe_men", "germany.moscow_logit"]))
        return {"s.yaml": HEAD + f"params: {{{key}: {draw(st.one_of(digits, floats))}}}\n"}
    if kind == "dist":
        big = draw(st.one_of(digits, floats))
        dist = draw(st.sampled_from([f"{{dist: uniform, low: -{big}, high: {big}}}".replace("--", ""),
                                     f"{{dist: normal, mean: 0, sd: {big}}}",
                                     f"{{dist: choice, values: [1, 2], weights: [{big}, {big}]}}",
                                     f"{{dist: triangular, low: 0, mode: 1, high: {big}}}"]))
        return {"s.yaml": HEAD + f"params: {{japan.north_bias: {dist}}}\n"}
    if kind == "period":
        year = draw(st.one_of(st.integers(1952, 9999), st.integers(1000, 1938)))
        return {"s.yaml": HEAD + f"period: {{start: 1941-04-13, end: {year:04d}-04-13}}\n"}
    if kind == "pact":
        field = draw(st.sampled_from(["term_years", "renewal_years"]))
        value = draw(st.one_of(st.just(0), st.integers(21, 10**15)))
        return {"s.yaml": HEAD + f"treaties:\n  neutrality_pact: {{{field}: {value}}}\n"}
    if kind == "name":
        return {"s.yaml": f"name: {'a' * draw(st.integers(MAX_NAME + 1, 5000))}\ntitle: Long\n"}
    if kind == "twice":
        day = draw(st.integers(10, 13))  # the week of 7-13 September 1941
        return {"s.yaml": HEAD + "interventions:\n  - {date: 1941-09-10, decision: ussr.transfer, option: west}\n"
                                 f"  - {{date: 1941-09-{day}, decision: ussr.transfer, option: east}}\n"}
    if kind == "chain":
        n = draw(st.integers(MAX_EXTENDS + 2, 60))
        files = {"f0.yaml": "name: f0\ntitle: F0\n"}
        files.update({f"f{k}.yaml": f"name: f{k}\ntitle: F{k}\nextends: f{k - 1}.yaml\n" for k in range(1, n)})
        files["s.yaml"] = HEAD + f"extends: f{n - 1}.yaml\n"
        return files
    return {"s.yaml": HEAD + "description: &a {x: [*a]}\n"}


def _limits() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (LIMIT_BYTES, LIMIT_BYTES))


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                               HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.lists(hostile(), min_size=8, max_size=8))
def test_hostile_files_are_refused_alike_by_check_and_run_in_bounded_time_and_memory(tmp_path_factory, batch):
    folder = tmp_path_factory.mktemp("hostile")
    args = []
    for i, files in enumerate(batch):
        case = folder / f"case{i}"
        case.mkdir()
        for name, text in files.items():
            (case / name).write_text(text, encoding="utf-8")
        args += [str(case / "s.yaml"), str(case / "out")]
    done = subprocess.run([sys.executable, "-c", RUNNER, *args], capture_output=True, text=True,
                          timeout=TIMEOUT, preexec_fn=_limits, cwd=folder)
    assert done.returncode == 0, done.stderr[-2000:]
    for (_, out), (check, ran), files in zip(zip(args[::2], args[1::2]), json.loads(done.stdout), batch):
        for code, err in (check, ran):
            assert code == 2, (files, err)
            assert re.match(r"pactsim: error: \S+\.yaml(:\d+)?: ", err), err  # names the file, not "out of memory"
            assert err.count("\n") == 1 and "Traceback" not in err, err
        assert check[1] == ran[1]  # check refuses what run refuses, with the same words
        assert not Path(out).exists()  # no results folder


def test_the_readme_states_the_limits_the_code_enforces():
    from sim import limits, workers
    from sim.files import scenario, yamlfile

    text = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    section = text[text.index("## Limits, faults and errors"):text.index("## Randomness and reproducibility")]
    for stated in [f"at most {yamlfile.MAX_BYTES // 1_000_000} MB", f"| {yamlfile.MAX_DEPTH} levels",
                   f"at most {yamlfile.MAX_NODES:,} nodes", f"{yamlfile.MAX_DIGITS} digits",
                   f"at most {scenario.MAX_NUMBER:,.0f}", f"{scenario.ERA[0]} to 1951-12-31",
                   f"1-{scenario.MAX_YEARS} years", f"a chain of {scenario.MAX_EXTENDS} files",
                   f"{scenario.MAX_NAME} characters", f"| {limits.MAX_WORLDS:,} (in memory",
                   f"{limits.WORKER_BYTES // 1_000_000} MB", f"within {workers.DASK_TIMEOUT} s"]:
        assert stated in section, stated


@pytest.mark.slow
@pytest.mark.parametrize("extra", [
    "period: {start: 1939-01-01, end: 1951-12-31}\n",
    "period: {start: 1939-01-01, end: 1951-12-31}\ntreaties:\n  neutrality_pact: {term_years: 1, renewal_years: 1, notice_years: 0}\n",
    "treaties:\n  neutrality_pact: {term_years: 20, renewal_years: 20, notice_years: 20}\n",
    "params: {japan.north_bias: {dist: uniform, low: -1000000, high: 1000000}, ussr.fe_men: 1000000}\n",
])
def test_what_check_accepts_at_the_edges_run_completes(tmp_path, extra):
    # check and run share one validation path: what passes it must not fail mid-run
    path = write(tmp_path, HEAD + extra)
    assert main(["check", str(path)]) == 0
    result = run(path, worlds=3, seed=MAX_SEED, out=tmp_path / "r")
    assert len(result.worlds) == 3 and result.manifest["seed"] == MAX_SEED


@pytest.mark.parametrize("written, value", [("1e-3", 0.001), ("2E2", 200.0), ("-5e-1", -0.5), ("1.5e-3", 0.0015)])
def test_a_number_in_exponent_notation_is_a_number(tmp_path, written, value):
    # PyYAML (YAML 1.1) reads 1e-3 as text, since its floats need a dot
    path = write(tmp_path, HEAD + f"params: {{japan.north_bias: {written}}}\n")
    assert main(["check", str(path)]) == 0
    assert load_scenario(path).params["japan.north_bias"] == value
