"""Comparisons rebuilt from results folders on disk, without simulating anything.

``pactsim report`` and ``pactsim chronicle`` accept, instead of scenarios, either one
comparison folder (written by ``pactsim compare``) or one or more run folders (written by
``pactsim run``; the first is the baseline). They then tell exactly the numbers that were
saved: the same worlds, the same seed, the same table.

The scenarios come back as :class:`SavedScenario`: the resolved scenario recorded in the
run's manifest, read as it was, so a report can say what each what-if rewrote even
where the scenario files have moved or changed since.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import PactsimError
from ..files.outputs import MANIFEST
from ..files.recorded import KEY, checked
from ..files.store import load as load_run
from ..files.store import read_table
from .compare import Comparison, compare_runs, unique_labels
from .given import GivenError, parse_given

SUMMARY = "comparison.json"
"""The file that marks a comparison folder."""


@dataclass(frozen=True)
class SavedScenario:
    """A scenario as a run's manifest recorded it (resolved, with every event)."""

    name: str
    title: str
    description: str
    path: str | None
    data: dict = field(repr=False)

    @classmethod
    def of(cls, data: dict) -> SavedScenario:
        """The scenario of a manifest's ``scenario`` entry."""
        return cls(str(data.get("name", "?")), str(data.get("title") or data.get("name", "?")),
                   str(data.get("description") or ""), data.get("path"), dict(data))

    def to_dict(self) -> dict:
        """The resolved scenario as it was saved."""
        return dict(self.data)


def is_results(argument: str | os.PathLike) -> bool:
    """Whether ``argument`` names a results folder (a run or a comparison), not a scenario."""
    path = Path(argument)
    return path.is_dir() and ((path / MANIFEST).is_file() or (path / SUMMARY).is_file())


def load_comparison(folders, given: str | None = None, trust: bool = False) -> Comparison:
    """The comparison saved in ``folders``: one comparison folder, or run folders.

    Run folders are paired world by world, the first as the baseline; they must share
    the root seed, since only worlds of the same seed are twins. ``given`` (see
    :mod:`sim.analysis.given`) reads the comparison again on the pairs whose baseline twin
    meets it; a folder saved with a condition is read with its own unless another is given.
    ``trust`` reads folders whose tables fail their checks, loudly
    (:attr:`Comparison.failed_checks`; see :func:`sim.files.store.load`).
    """
    folders = [Path(f) for f in ([folders] if isinstance(folders, (str, os.PathLike)) else folders)]
    if not folders:
        raise PactsimError("no results folder given")
    for folder in folders:
        if not is_results(folder):
            raise PactsimError(f"{folder} is not a pactsim results folder: it has neither {MANIFEST} "
                               f"(from `pactsim run`) nor {SUMMARY} (from `pactsim compare`)")
    compared = [f for f in folders if (f / SUMMARY).is_file()]
    if compared and len(folders) > 1:
        raise PactsimError(f"{compared[0]} is a comparison folder; give it alone, not with other folders")
    comparison, saved_given = (_from_comparison_folder(compared[0], trust) if compared
                               else (_from_runs(folders, trust), None))
    given = given or saved_given
    if given is None:
        return comparison
    if not comparison.whatifs:
        raise GivenError(f"--given {given!r} is read on a baseline twin: give a comparison folder, or a baseline run "
                         f"and what-if runs; {folders[0]} is a single run")
    base = comparison.scenarios[comparison.base].to_dict()["period"]
    parsed = parse_given(given, *(dt.date.fromisoformat(base[k]) for k in ("start", "end")))
    return compare_runs(comparison.scenarios, comparison.results, comparison.worlds, comparison.seed, parsed)


def _from_comparison_folder(folder: Path, trust: bool) -> tuple[Comparison, str | None]:
    """The comparison in ``folder`` and the condition it was saved with, if any."""
    try:
        summary = json.loads((folder / SUMMARY).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise PactsimError(f"{folder / SUMMARY} is unreadable: {exc}") from None
    labels = _checked_labels(folder, summary)
    results = {label: load_run(folder / "runs" / label, trust) for label in labels}
    for label, result in results.items():
        for key in ("seed", "worlds"):
            if result.manifest[key] != summary[key]:
                raise PactsimError(f"{folder / 'runs' / label} has {key} {result.manifest[key]}; {folder / SUMMARY} "
                                   f"says {summary[key]}: the folder is damaged or was edited")
    written = summary.get("scenarios", {})
    scenarios = {label: SavedScenario.of(results[label].manifest.get("scenario") or written.get(label) or {"name": label})
                 for label in labels}
    if "given" in summary:  # the saved table holds the matching pairs alone: read the runs again
        given = next(iter(summary["given"].values()))["given"]
        return compare_runs(scenarios, results, int(summary["worlds"]), int(summary["seed"])), given
    doubts: list[str] = []
    table, div = (read_table(checked(folder, name, summary.get(KEY), folder / SUMMARY, trust, doubts))
                  for name in ("comparison.parquet", "divergence.parquet"))
    return Comparison(labels[0], tuple(labels[1:]), scenarios, results, table, div,
                      int(summary["worlds"]), int(summary["seed"]), doubts=doubts), None


def _checked_labels(folder: Path, summary) -> list[str]:
    """The labels of the runs a comparison's summary names, if it is one; else a PactsimError.
    A label must name a folder inside ``runs/`` (never ``..`` or a path)."""
    def integer(v, low):
        return isinstance(v, int) and not isinstance(v, bool) and v >= low

    labels = ([summary.get("base"), *summary.get("whatifs")]
              if isinstance(summary, dict) and isinstance(summary.get("whatifs"), list) else [None])
    if not (all(isinstance(x, str) and x not in ("", ".", "..") and "/" not in x and "\\" not in x for x in labels)
            and integer(summary.get("worlds"), 1) and integer(summary.get("seed"), 0)
            and isinstance(summary.get("scenarios", {}), dict)):
        raise PactsimError(f"{folder / SUMMARY} is not a comparison's summary (base, whatifs, worlds, seed of the "
                           f"forms pactsim writes): the folder is damaged or was edited")
    return labels


def _from_runs(folders: list[Path], trust: bool) -> Comparison:
    runs = [load_run(f, trust) for f in folders]
    seeds = {int(r.manifest["seed"]) for r in runs}
    if len(seeds) > 1:
        raise PactsimError(f"the runs have different seeds ({', '.join(map(str, sorted(seeds)))}); worlds are "
                           f"twins only under the same seed, so run them again with one --seed")
    labels = unique_labels([str((r.manifest.get("scenario") or {}).get("name") or f.name) for r, f in zip(runs, folders)])
    results = dict(zip(labels, runs))
    scenarios = {label: SavedScenario.of(r.manifest.get("scenario") or {"name": label}) for label, r in results.items()}
    seed = seeds.pop()
    return compare_runs(scenarios, results, min(int(r.manifest["worlds"]) for r in runs), seed)
