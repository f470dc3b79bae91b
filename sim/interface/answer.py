"""What the seminar page shows when a lever is released: a what-if against its baseline.

:func:`answer` runs the what-if on worlds ``0..worlds-1`` of a seed, pairs it with the
baseline run on the same worlds and seed through :func:`sim.analysis.compare.compare_runs`
(so every number is the one ``pactsim compare`` prints), and draws the figures with the
plot functions of :mod:`sim.analysis.plots`. The baseline run is kept between calls
(:data:`BASELINES`), so a lever release costs one run, not two; a finished answer is kept
too (:data:`ANSWERS`), so a link the whole room opens is computed once.

The runs of one computation at a time take both cores when they are large
(:data:`WORKERS` processes, which give the bytes one process gives), and its
statistics the server's process; the figures are drawn from their plotted numbers (the
``*_data`` functions) in two worker processes (:func:`drawer`), side by side. A
computation asks ``wanted()`` between its stages and gives up as soon as a newer lever
change has superseded it, cancelling the figures not yet begun.
"""

from __future__ import annotations

import collections
import dataclasses
import io
import multiprocessing
import multiprocessing.connection
import os
import signal
import threading
import time
import weakref
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field

import matplotlib as mpl
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from .. import workers as workers_
from ..analysis import plots
from ..analysis.answer_rows import date_rows, divergence_summary, share_rows
from ..analysis.chronicle import chronicle, typical_world
from ..analysis.compare import Comparison, compare_runs
from ..analysis.given import parse_given
from ..engine import MODEL
from ..ensemble import run as run_ensemble
from ..files.outputs import digest
from ..files.scenario import Distribution
from ..world import outcomes as oc
from ..world.vocabulary import CATALOGUE

KEY_DATES = tuple(name for name in oc.DATE_OUTCOMES if name in plots.HISTORICAL_DATES)
"""The date outcomes drawn as ECDFs: those with a historical date (or its absence) to mark."""
DPI = 96
"""Figures are sent as PNG at 96 dots per inch: 1,440 pixels across, which the page
stretches to its width (a projector of 1,920 pixels showed them at 800, ticks too small)."""
SHOWN = "what-if"
"""The what-if as the page's figures and tables name it (its scenario name is an identifier)."""
FAST = {"axes.titley": 1.0, "axes.titlepad": 8}
"""A fixed title position: matplotlib otherwise measures every tick label to place it."""
BASELINES_KEPT = 4
ANSWERS_KEPT = 32


class Superseded(Exception):
    """A newer lever change has made this computation useless."""


@dataclass
class Answer:
    """Everything the page shows for one what-if."""

    comparison: Comparison
    shares: pd.DataFrame
    dates: pd.DataFrame
    divergence: dict
    figures: dict[str, bytes]
    world: int
    chronicle: list[str]
    twin: list[str]
    seconds: dict[str, float] = field(default_factory=dict)
    given: Comparison | None = None
    """Given a condition, the same runs read on the pairs whose baseline twin meets it."""
    given_shares: pd.DataFrame | None = None


# --- The baseline, kept -------------------------------------------------------------

BASELINES: collections.OrderedDict = collections.OrderedDict()
"""Baseline runs by (:func:`fingerprint` of the scenario, worlds, seed), least recently used first."""
ANSWERS: collections.OrderedDict = collections.OrderedDict()
"""Finished answers by (fingerprints of the baseline and the what-if, worlds, seed), least recently used first."""
_LOCK = threading.Lock()


WORKERS = min(2, os.cpu_count() or 1)
"""Processes of a run of :data:`SHARED` worlds or more. An answer's figures are drawn
after its run, so the drawing processes compete with a run only when sessions overlap."""
SHARED = 1000
"""Fewest worlds a run shares among :data:`WORKERS` processes: each process pays the
model's per-week overhead (~1 s a run, whatever its worlds), so two take less time than
one only beyond ~700 worlds (5,000: 1.9 s instead of 2.4)."""


def _run(scenario, worlds: int, seed: int):
    """A run of the page, with the forces series, on both cores when it is large enough."""
    return run_ensemble(scenario, worlds=worlds, seed=seed, series=True, progress=False,
                        workers=WORKERS if worlds >= SHARED else 1)


def fingerprint(scenario) -> str:
    """The digest of everything a run of ``scenario`` depends on: its resolved content
    (not its file's path) and every catalogued parameter as it resolves, so that a kept
    run never answers a scenario, or a catalogue, that has changed since."""
    data = scenario.to_dict()
    data.pop("path", None)
    data.pop("extends", None)
    data["resolved"] = {name: _jsonable(scenario.param(name)) for name in CATALOGUE}
    return digest(data)


def _jsonable(value):
    return value.to_dict() if isinstance(value, Distribution) else value


def baseline(scenario, worlds: int, seed: int):
    """The baseline run of ``scenario`` (with its forces series), made once and kept."""
    key = (fingerprint(scenario), worlds, seed)
    if key in BASELINES:
        BASELINES.move_to_end(key)
        return BASELINES[key]
    result = _run(scenario, worlds, seed)
    BASELINES[key] = result
    while len(BASELINES) > BASELINES_KEPT:
        BASELINES.popitem(last=False)
    return result


def warm(scenario, worlds: int, seed: int = 0) -> None:
    """Run the baseline and start the drawing processes now (in the background at server
    start), not at the first release."""
    started = [drawer().submit(_ready, 0.5) for _ in range(2)]
    with _LOCK:
        baseline(scenario, worlds, seed)
    for future in started:
        future.result()


# --- The answer ---------------------------------------------------------------------

def answer(base, whatif, worlds: int, seed: int, wanted: Callable[[], bool] = lambda: True,
           given: str | None = None) -> Answer:
    """The paired comparison of ``whatif`` with ``base`` and all its figures (and, given a
    condition, its shares on the matching pairs too)."""
    *_, last = answers(base, whatif, worlds, seed, wanted, given)
    return last


def answers(base, whatif, worlds: int, seed: int, wanted: Callable[[], bool] = lambda: True,
            given: str | None = None):
    """:func:`answer` in stages: yields the answer with its numbers and chronicle first,
    then again each time one more figure is drawn.

    Raises :class:`Superseded` as soon as ``wanted()`` turns false between two stages.
    """
    def check() -> None:
        if not wanted():
            raise Superseded()

    key = (fingerprint(base), fingerprint(whatif), worlds, seed) + ((given,) if given else ())
    if key in ANSWERS:  # a link the whole room opens is computed once
        ANSWERS.move_to_end(key)
        yield ANSWERS[key]
        return
    check()
    pending: dict = {}  # figure being drawn: its name
    try:
        with _LOCK:
            check()
            seconds, t0 = {}, time.perf_counter()

            def lap(stage: str) -> None:
                check()
                seconds[stage] = time.perf_counter() - t0 - sum(seconds.values())

            base_run = baseline(base, worlds, seed)
            lap("baseline")
            whatif_run = _run(whatif, worlds, seed)
            lap("what-if run")
            labels = [base.name, whatif.name if whatif.name != base.name else f"{whatif.name}_2"]
            comparison = compare_runs(dict(zip(labels, (base, whatif))), dict(zip(labels, (base_run, whatif_run))),
                                      worlds, seed)
            lap("paired statistics")
            # Each figure goes to the drawing processes as soon as its numbers are ready, and
            # is drawn there while this process writes the tables and the chronicle.
            for name, data in FIGURE_DATA.items():
                pending[drawer().submit(_drawn, name, data(comparison))] = name
                lap(f"data: {name}")
            world = typical_world(whatif_run.worlds)
            result = Answer(comparison, share_rows(comparison), date_rows(comparison), divergence_summary(comparison),
                            {}, world, chronicle(whatif_run, world), chronicle(base_run, world), seconds)
            if given:
                conditioned = comparison.given_to(parse_given(given, base.start, base.end))
                result = dataclasses.replace(result, given=conditioned, given_shares=share_rows(conditioned))
            lap("tables and chronicle")
            seconds["numbers"] = time.perf_counter() - t0
        yield result
        for future in as_completed(pending):
            check()
            png, seconds[f"draw: {pending[future]}"] = future.result()
            seconds["total"] = time.perf_counter() - t0  # so far: the last figure's answer carries the whole
            seconds["figures"] = seconds["total"] - seconds["numbers"]
            # A new object for each figure, so that the page sees a change and redraws.
            result = dataclasses.replace(result, figures=result.figures | {pending[future]: png})
            yield result
    finally:
        for future in pending:
            future.cancel()  # superseded: the figures not yet begun are never drawn
    with _LOCK:
        ANSWERS[key] = result
        while len(ANSWERS) > ANSWERS_KEPT:
            ANSWERS.popitem(last=False)


# --- Figures ----------------------------------------------------------------------------

def _tidy(comparison: Comparison, table: str) -> pd.DataFrame:
    """One table of every run with a ``scenario`` column (the baseline first)."""
    return plots.tidy({label: _Only(getattr(r, table), table) for label, r in comparison.results.items()})[table]


class _Only:
    """A stand-in run holding one table, so that :func:`plots.tidy` copies no other."""

    def __init__(self, frame: pd.DataFrame, table: str) -> None:
        setattr(self, table, frame)


_FANS: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
"""The fan-chart quantiles of each kept baseline run."""


def _fans(label: str, result) -> pd.DataFrame:
    """:func:`plots.fan_data_of` one run (kept for a baseline run, which comes back)."""
    if result in _FANS:
        return _FANS[result]
    fans = plots.fan_data_of(label, result.series)
    if any(result is kept for kept in BASELINES.values()):
        _FANS[result] = fans
    return fans


def _common(comparison: Comparison) -> dict:
    base = comparison.scenarios[comparison.base]
    return {"labels": [comparison.base, SHOWN], "period": (base.start, base.end)}


def _shown(frame: pd.DataFrame, comparison: Comparison, column: str = "scenario") -> pd.DataFrame:
    """``frame`` with the what-if's label in ``column`` as the page shows it."""
    return frame.assign(**{column: frame[column].astype(str).replace(comparison.whatifs[0], SHOWN)})


def dates_data(comparison: Comparison) -> dict:
    """The plotted numbers of the key-date ECDFs."""
    worlds = _tidy(comparison, "worlds")
    return _common(comparison) | {"ecdfs": {o: _shown(plots.ecdf_data(worlds, o), comparison) for o in KEY_DATES}}


def forces_data(comparison: Comparison) -> dict:
    """The plotted numbers of the forces fan chart."""
    fans = [_fans(label, result) for label, result in comparison.results.items()]
    return _common(comparison) | {"fans": _shown(pd.concat(fans, ignore_index=True), comparison)}


def divergence_data(comparison: Comparison) -> dict:
    """The plotted numbers of the divergence curve."""
    return _common(comparison) | {"divergence": _shown(plots.divergence_data(comparison.divergence), comparison,
                                                       "whatif")}


FIGURE_DATA = {"dates": dates_data, "forces": forces_data, "divergence": divergence_data}
"""The page's figures: the function computing each one's plotted numbers, in page order."""


# --- Drawing, in a pool of processes -----------------------------------------------

_DRAWER: ProcessPoolExecutor | None = None


def drawer() -> ProcessPoolExecutor:
    """Two processes that draw figures: on two cores the three figures of an answer are
    drawn side by side, and the server's own process stays free for the sessions."""
    global _DRAWER
    if _DRAWER is None:
        # The fork server that starts them also starts the runs' workers: it imports the
        # model and this module (matplotlib) once, so that both start in milliseconds.
        _DRAWER = ProcessPoolExecutor(max_workers=2, mp_context=workers_.start_method([__name__, MODEL]),
                                      initializer=_quiet)
    return _DRAWER


def _quiet() -> None:
    """Ctrl-C stops the server; the drawing processes leave it to the server, and end
    as soon as the process that started them has ended, however it ended."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    parent = multiprocessing.parent_process()
    if parent is not None:
        def orphaned() -> None:
            multiprocessing.connection.wait([parent.sentinel])
            os._exit(0)

        threading.Thread(target=orphaned, daemon=True).start()


def stop_drawing() -> None:
    """End the drawing processes (when the server stops)."""
    if _DRAWER is not None:
        # Waiting lets the processes end on their own: left to die with the server, they
        # made SIGTERM print "resource_tracker: There appear to be 6 leaked semaphore objects".
        _DRAWER.shutdown(wait=True, cancel_futures=True)


def _ready(seconds: float) -> bool:
    """A worker has imported this module (and matplotlib); the pause lets both start."""
    time.sleep(seconds)
    return True


LAYOUTS = {"dates": ((15, 8.6), (2, 3), {"sharex": True, "sharey": True}),
           "forces": ((15, 8.6), (2, 2), {"sharex": True}),
           "divergence": ((15, 4.6), (1, 1), {})}
"""Each figure's size (inches) and grid of panels."""
_KEPT: dict[str, Figure] = {}
_KEPT_LOCK = threading.Lock()


def draw(name: str, data: dict) -> bytes:
    """Figure ``name`` drawn from its plotted numbers, as PNG.

    Each process keeps one figure of each name and draws it again: its panels, axes and
    ticks are made once (a quarter of the drawing), and only what the numbers plot is
    replaced. The PNG is the one a new figure gives, byte for byte (a test checks it).
    """
    with _KEPT_LOCK, mpl.rc_context(plots.STYLE | FAST):
        fig = _KEPT.get(name)
        if fig is None:
            size, grid, shared = LAYOUTS[name]
            fig = _KEPT[name] = Figure(figsize=size)
            fig.subplots(*grid, squeeze=False, **shared)
        else:
            _clear(fig)
        DRAW[name](fig, data)
        return _png(fig)


def _clear(fig: Figure) -> None:
    """Remove what the numbers plotted, keeping the panels, their axes and ticks."""
    for ax in fig.axes:
        for artist in [*ax.lines, *ax.collections, *ax.patches, *ax.texts, *ax.images]:
            artist.remove()
        if ax.get_legend() is not None:
            ax.get_legend().remove()
        ax.relim()
        ax.set_autoscale_on(True)
    for legend in list(fig.legends):
        legend.remove()


def _drawn(name: str, data: dict) -> tuple[bytes, float]:
    """:func:`draw` in a drawing process, with the seconds it took there."""
    start = time.perf_counter()
    png = draw(name, data)
    return png, time.perf_counter() - start


def _png(fig: Figure) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=DPI, metadata={"Software": None})
    return buf.getvalue()


def _legend_on_top(fig: Figure, ax) -> None:
    """One legend for the figure, above the panels (their own legends removed)."""
    handles, names = ax.get_legend_handles_labels()
    for a in fig.axes:
        if a.get_legend() is not None:
            a.get_legend().remove()
    fig.legend(handles, names, loc="upper center", ncol=len(names), frameon=False, bbox_to_anchor=(0.5, 1.0))


def _draw_dates(fig: Figure, data: dict) -> None:
    """ECDFs of the key dates, the historical date marked on each."""
    styles = plots.palette(data["labels"])
    axes = np.array(fig.axes, dtype=object).reshape(2, 3)
    for ax, (outcome, ecdf) in zip(axes.flat, data["ecdfs"].items()):
        plots.plot_ecdf(ecdf, outcome, ax=ax, styles=styles, period=data["period"])
        ax.set_ylabel("")
    for ax in axes[:, 0]:
        ax.set_ylabel("worlds where it has\nhappened (%)")
    _legend_on_top(fig, axes.flat[0])
    fig.subplots_adjust(left=0.08, right=0.99, top=0.86, bottom=0.06, wspace=0.08, hspace=0.38)


def _draw_forces(fig: Figure, data: dict) -> None:
    """Fan charts of the forces by theater."""
    styles = plots.palette(data["labels"])
    for ax, variable in zip(fig.axes, plots.FORCE_LABELS):
        plots.plot_fan(data["fans"], variable, ax=ax, styles=styles, legend=False)
    _legend_on_top(fig, fig.axes[0])
    fig.suptitle("median (thick), middle 50% (shaded), middle 90% (thin lines)", y=0.925, fontsize=13,
                 color="#333333")
    fig.subplots_adjust(left=0.06, right=0.99, top=0.84, bottom=0.06, wspace=0.14, hspace=0.22)


def _draw_divergence(fig: Figure, data: dict) -> None:
    """When the what-if worlds part from their baseline twins."""
    ax = fig.axes[0]
    plots.plot_divergence(data["divergence"], ax=ax, styles=plots.palette(data["labels"]), period=data["period"])
    _legend_on_top(fig, ax)
    fig.subplots_adjust(left=0.08, right=0.99, top=0.80, bottom=0.1)


DRAW = {"dates": _draw_dates, "forces": _draw_forces, "divergence": _draw_divergence}
