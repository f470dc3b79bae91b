"""Every table a reader reads is recorded and checked (issue 22, class 2): a comparison's,
a sweep's and a study's tables carry their rows and sha256, and a reader gives the
original numbers or one line that names what differs."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow.parquet as pq
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.analysis.compare import compare
from sim.analysis.saved import load_comparison
from sim.analysis.sensitivity import Design, Factor, load, points_table, run_study
from sim.analysis.sweep import load_sweep, sweep
from sim.errors import PactsimError
from sim.interface.cli import main

SHORT = "name: short\ntitle: Short\nperiod: {start: 1941-04-13, end: 1941-05-13}\n"


def linear(x: np.ndarray) -> pd.DataFrame:
    return pd.DataFrame({"y": x @ np.array([1.0, 2.0])})


@pytest.fixture(scope="module")
def folders(tmp_path_factory) -> dict[str, Path]:
    """A finished comparison, sweep and sensitivity study."""
    tmp = tmp_path_factory.mktemp("tables")
    (tmp / "short.yaml").write_text(SHORT)
    compare(str(tmp / "short.yaml"), [str(tmp / "short.yaml")], worlds=4, seed=0).save(tmp / "cmp", figures=False)
    sweep(str(tmp / "short.yaml"), {"japan.w_german_success": [1.0, 2.5]}, worlds=4, seed=1, out=tmp / "sweep",
          progress=False)
    design = Design((Factor("a", 0.0, 1.0, "given"), Factor("b", 0.0, 1.0, "given")), "morris", 4, seed=2)
    run_study(design, linear, {"f": "linear"}, {}, out=tmp / "study", chunk_points=4)
    return {"comparison": tmp / "cmp", "sweep": tmp / "sweep", "study": tmp / "study"}


RECORDS = {"comparison": "comparison.json", "sweep": "manifest.json", "study": "manifest.json"}
READ = {  # the tables each kind's readers read
    "comparison": ("comparison.parquet", "divergence.parquet"),
    "sweep": ("table.parquet", "summary.csv"),
    "study": ("indices.parquet",),
}


def test_each_folder_records_the_rows_and_sha256_of_its_tables(folders):
    for kind, folder in folders.items():
        tables = json.loads((folder / RECORDS[kind]).read_text())["tables"]
        assert set(READ[kind]) <= set(tables), kind
        for name, entry in tables.items():
            assert entry["sha256"] == hashlib.sha256((folder / name).read_bytes()).hexdigest(), (kind, name)
            if name.endswith(".parquet"):
                assert entry["rows"] == pq.ParquetFile(folder / name).metadata.num_rows, (kind, name)


def read(kind: str, folder: Path) -> str:
    """What the reader of ``folder`` gives, or the one-line message it refuses it with."""
    try:
        if kind == "comparison":
            found = load_comparison(folder)
            return found.table.to_csv() + found.divergence.to_csv()
        if kind == "sweep":
            found = load_sweep(folder)
            return found.table.to_csv() + found.summary.to_csv()
        return load(folder).to_csv() + points_table(folder).to_csv()
    except PactsimError as exc:
        assert "\n" not in str(exc)
        return f"pactsim: error: {exc}\n"


def cut(file: Path) -> None:
    if file.suffix == ".parquet":
        table = pq.read_table(file)
        pq.write_table(table.slice(0, max(table.num_rows - 1, 0)), file)
    else:
        file.write_text("".join(file.read_text().splitlines(keepends=True)[:-1]))


def flip(file: Path) -> None:
    data = bytearray(file.read_bytes())
    data[len(data) // 2] ^= 0x01
    file.write_bytes(bytes(data))


def edit_record(folder: Path, kind: str, name: str, change) -> None:
    path = folder / RECORDS[kind]
    data = json.loads(path.read_text())
    change(data["tables"], name)
    path.write_text(json.dumps(data))


MUTATIONS = {
    "cut": lambda folder, kind, name: cut(folder / name),
    "flip a byte": lambda folder, kind, name: flip(folder / name),
    "delete": lambda folder, kind, name: (folder / name).unlink(),
    "rows": lambda folder, kind, name: edit_record(folder, kind, name, lambda t, n: t[n].update(rows=t[n]["rows"] + 1)),
    "sha256": lambda folder, kind, name: edit_record(folder, kind, name, lambda t, n: t[n].update(sha256="0" * 64)),
    "unrecorded": lambda folder, kind, name: edit_record(folder, kind, name, lambda t, n: t.pop(n)),
}


@pytest.mark.parametrize("kind", sorted(READ))
def test_a_cut_table_is_refused_in_one_line_that_says_what_differs(folders, tmp_path, kind):
    for name in READ[kind]:
        copy = tmp_path / f"{kind}-{name}"
        shutil.copytree(folders[kind], copy)
        cut(copy / name)
        err = read(kind, copy)
        if name.endswith(".parquet"):
            assert f"{name} has " in err and "rows; " in err and "the folder is damaged or incomplete" in err, err
        else:
            assert f"{name} is not the file pactsim wrote" in err, err


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_a_mutated_table_gives_the_original_numbers_or_one_line(folders, tmp_path, data):
    kind = data.draw(st.sampled_from(sorted(READ)))
    names = sorted(json.loads((folders[kind] / RECORDS[kind]).read_text())["tables"])
    name, mutation = data.draw(st.sampled_from(names)), data.draw(st.sampled_from(sorted(MUTATIONS)))
    original = read(kind, folders[kind])
    copy = tmp_path / f"copy-{len(list(tmp_path.iterdir()))}"
    shutil.copytree(folders[kind], copy)
    MUTATIONS[mutation](copy, kind, name)
    found = read(kind, copy)
    if found != original:  # a table no reader reads (table.csv) may change unseen; one that is read may not
        assert found.startswith("pactsim: error: ") and name in found, (kind, name, mutation, found)
    else:  # unseen: a table no reader reads, or a CSV's recorded rows (its bytes are its check)
        assert name not in READ[kind] or (mutation == "rows" and name.endswith(".csv")), (kind, name, mutation)


@pytest.mark.slow
def test_every_command_that_reads_a_comparison_refuses_a_cut_divergence(capsys, folders, tmp_path):
    copy = tmp_path / "cmp"
    shutil.copytree(folders["comparison"], copy)
    cut(copy / "divergence.parquet")
    for argv in (["summary", copy], ["plot", copy, "-o", tmp_path / "figs"], ["export", copy, "--to", "csv", "-o", tmp_path / "csv"],
                 ["chronicle", copy], ["report", copy, "-o", tmp_path / "r.html"]):
        code = main([str(a) for a in argv])
        err = capsys.readouterr().err
        assert code == 2 and err.count("\n") == 1 and "divergence.parquet has " in err, (argv, err)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["cmp"]


# --- A loud --trust ---------------------------------------------------------------------------

def png_description(path: Path) -> str:
    from PIL import Image

    with Image.open(path) as image:
        return image.text.get("Description", "")


@pytest.mark.slow
def test_trust_reads_a_folder_that_fails_its_checks_and_every_output_says_so(capsys, folders, tmp_path):
    import sim
    from sim.files.outputs import StoreError
    from sim.files.recorded import READ_ANYWAY

    copy = tmp_path / "cmp"
    shutil.copytree(folders["comparison"], copy)
    cut(copy / "divergence.parquet")
    run = copy / "runs" / "short"
    events = pq.read_table(run / "events.parquet").to_pandas()
    events.loc[0, "detail"] = "edited"
    events.to_parquet(run / "events.parquet", index=False)  # the same rows, other bytes
    with pytest.raises(StoreError, match="events.parquet is not the file this run wrote"):
        sim.load(run).read("events")
    assert sim.load(run, trust=True).doubts and len(sim.load(run, trust=True).events) == len(events)
    capsys.readouterr()
    figures, page = tmp_path / "figs", tmp_path / "r.html"
    for argv in (["summary", copy], ["plot", copy, "-o", figures], ["export", copy, "--to", "csv", "-o", tmp_path / "csv"],
                 ["chronicle", copy], ["report", copy, "-o", page]):
        code = main([str(a) for a in argv])
        assert code == 2, argv  # refused without --trust
        code = main([str(a) for a in argv] + ["--trust"])
        err = capsys.readouterr().err
        assert code == 0 and "Traceback" not in err, (argv, err)
        warnings = [line for line in err.splitlines() if line.startswith("pactsim: warning: ")]
        assert len(warnings) == 2 and all(line.endswith(READ_ANYWAY) for line in warnings), (argv, err)
        assert "divergence.parquet has " in err and "events.parquet is not the file this run wrote" in err, err
    html = page.read_text()
    assert html.count(READ_ANYWAY) >= 2  # at the top and under every figure
    assert all(READ_ANYWAY in png_description(p) for p in figures.glob("*.png"))


@pytest.mark.parametrize("kind", sorted(READ))
def test_a_folder_older_than_the_records_is_read_as_it_is_with_a_note(folders, tmp_path, capsys, kind):
    original = read(kind, folders[kind])
    capsys.readouterr()
    folder = tmp_path / kind
    shutil.copytree(folders[kind], folder)
    path = folder / RECORDS[kind]
    data = json.loads(path.read_text())
    del data["tables"]  # as an older pactsim wrote it
    path.write_text(json.dumps(data))
    assert read(kind, folder) == original
    err = capsys.readouterr().err
    assert err.count(f"pactsim: note: {folder} was written by an older pactsim") == 1, err
