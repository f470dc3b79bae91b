"""The results folder: fixed row groups, atomic chunks, refusals and reading back."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.files import runfolder
from sim.files.outputs import StoreError
from sim.files.runfolder import BlockWriter, RunFolder, write_chunk
from sim.files.store import Result, load, read_table


def frame(n: int, start: int = 0) -> pd.DataFrame:
    """A small table with the column kinds a run writes."""
    world = np.arange(start, start + n, dtype=np.int64)
    return pd.DataFrame({
        "scenario": pd.Series(["test"] * n),
        "world": world,
        "seed": np.zeros(n, dtype=np.int64),
        "date": (np.datetime64("1941-04-13", "s") + world * 86400).astype("datetime64[s]"),
        "event": pd.Series(np.where(world % 3 == 0, "north", "south"), dtype="str"),
        "p": np.where(world % 5 == 0, np.nan, world / 7.0),
        "flag": world % 2 == 0,
    })


def write_blocks(path, df: pd.DataFrame, cuts: list[int]) -> bytes:
    """Write ``df`` split at ``cuts`` through a BlockWriter and return the file's bytes."""
    writer = BlockWriter(path)
    for lo, hi in zip([0, *cuts], [*cuts, len(df)]):
        writer.append(pa.Table.from_pandas(df.iloc[lo:hi], preserve_index=False))
    writer.close()
    return path.read_bytes()


@settings(max_examples=25, deadline=None)
@given(n=st.integers(1, 400), cuts=st.lists(st.integers(0, 400), max_size=6))
def test_bytes_do_not_depend_on_how_rows_arrive(tmp_path_factory, n, cuts):
    tmp = tmp_path_factory.mktemp("blocks")
    df = frame(n)
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(runfolder, "ROW_GROUP", 37)
        whole = write_blocks(tmp / "whole.parquet", df, [])
        split = write_blocks(tmp / "split.parquet", df, sorted({c for c in cuts if c <= n}))
    assert whole == split
    sizes = [pq.ParquetFile(tmp / "split.parquet").metadata.row_group(i).num_rows
             for i in range(pq.ParquetFile(tmp / "split.parquet").metadata.num_row_groups)]
    assert sizes == [37] * (n // 37) + ([n % 37] if n % 37 else [])


def test_tables_read_back_with_the_dtypes_they_were_written_with(tmp_path):
    df = frame(50)
    write_blocks(tmp_path / "t.parquet", df, [20])
    back = read_table(tmp_path / "t.parquet")
    assert back["date"].dtype == np.dtype("datetime64[s]")  # Parquet alone would give ms
    pd.testing.assert_frame_equal(back, df)


def test_chunks_appear_whole_and_leave_no_temporary_files(tmp_path):
    write_chunk(tmp_path, 3, {"worlds": frame(5), "events": frame(9)})
    assert sorted(p.name for p in tmp_path.iterdir()) == ["events-000003.parquet", "worlds-000003.parquet"]


def plan(**changes) -> dict:
    return {"format": 1, "scenario_name": "test", "scenario_digest": "abc", "seed": 0, "worlds": 10,
            "chunk_size": 5, "chunks": 2, "series": False} | changes


def test_a_folder_in_use_is_never_overwritten(tmp_path):
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(StoreError, match="exists; use --out to choose another folder or --resume"):
        RunFolder(tmp_path, ("worlds", "events")).open(plan(), resume=False)
    with pytest.raises(StoreError, match="not an interrupted pactsim run"):
        RunFolder(tmp_path, ("worlds", "events")).open(plan(), resume=True)
    assert (tmp_path / "notes.txt").read_text() == "mine"


def test_resume_refuses_a_different_plan_and_names_the_difference(tmp_path):
    first = RunFolder(tmp_path, ("worlds", "events"))
    first.open(plan(), resume=False)
    first.close()  # as when its process ends
    with pytest.raises(StoreError, match=r"cannot resume .*seed=0.*this request has seed=7"):
        RunFolder(tmp_path, ("worlds", "events")).open(plan(seed=7), resume=True)


def test_resume_keeps_whole_chunks_and_drops_leftovers(tmp_path):
    folder = RunFolder(tmp_path, ("worlds", "events"))
    folder.open(plan(), resume=False)
    write_chunk(folder.chunks, 0, {"worlds": frame(5), "events": frame(9)})
    write_chunk(folder.chunks, 1, {"events": frame(9, 9)})  # killed before its worlds table
    leftovers = [folder.chunks / ".tmp-worlds-000001.parquet-1-0123abcd", tmp_path / ".tmp-events.parquet-1-89abcdef"]
    for path in leftovers:
        path.write_bytes(b"half a file")
    folder.close()
    assert RunFolder(tmp_path, ("worlds", "events")).open(plan(), resume=True) == {0}
    assert not any(p.exists() for p in leftovers)


def test_merging_in_any_order_writes_chunks_in_order(tmp_path):
    folder = RunFolder(tmp_path / "run", ("worlds", "events"))
    folder.open(plan(worlds=15, chunks=3), resume=False)
    parts = {i: {"worlds": frame(5, 5 * i), "events": frame(7, 7 * i)} for i in range(3)}
    for i in (2, 0, 1):  # as a pool might finish them
        write_chunk(folder.chunks, i, parts[i])
        folder.add(i)
    rows = folder.finish({"worlds": 15, "seed": 0, "series": False})
    assert rows == {"worlds": 15, "events": 21}
    assert sorted(p.name for p in (tmp_path / "run").iterdir()) == ["events.parquet", "manifest.json", "worlds.parquet"]
    pd.testing.assert_frame_equal(load(tmp_path / "run").worlds, frame(15))


def test_load_explains_what_is_wrong_with_a_folder(tmp_path):
    with pytest.raises(StoreError, match="no such folder"):
        load(tmp_path / "missing")
    with pytest.raises(StoreError, match="not a pactsim results folder: it has no manifest.json"):
        load(tmp_path)
    RunFolder(tmp_path / "half", ("worlds", "events")).open(plan(), resume=False)
    with pytest.raises(StoreError, match="holds an unfinished run; finish it with .*--resume"):
        load(tmp_path / "half")
    (tmp_path / "bad").mkdir()
    (tmp_path / "bad" / "manifest.json").write_text("{not json")
    with pytest.raises(StoreError, match="manifest.json is unreadable"):
        load(tmp_path / "bad")
    (tmp_path / "bad" / "manifest.json").write_text(json.dumps({"series": False, "seed": 0, "worlds": 5}))
    with pytest.raises(StoreError, match="incomplete results folder: missing worlds.parquet, events.parquet"):
        load(tmp_path / "bad")


def test_save_refuses_a_used_folder_and_copies_bytes_as_they_are(tmp_path):
    result = Result({"worlds": 30, "seed": 0, "series": False}, tables={"worlds": frame(30), "events": frame(40)})
    first = result.save(tmp_path / "a")
    with pytest.raises(StoreError, match="exists; choose another folder"):
        result.save(tmp_path / "a")
    second = first.save(tmp_path / "b")
    for name in ("worlds", "events"):
        assert (tmp_path / "a" / f"{name}.parquet").read_bytes() == (tmp_path / "b" / f"{name}.parquet").read_bytes()
    pd.testing.assert_frame_equal(second.events, frame(40))
    assert second.series is None
    with pytest.raises(KeyError, match="no table 'series'"):
        second.read("series")
