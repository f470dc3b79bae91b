"""The seminar report: one self-contained HTML file a seminar can open, project and print.

It holds, for a baseline and its what-ifs run on the same worlds: what each what-if
rewrites, the paired comparison table, every figure (inline SVG), the chronicle of a
typical world of each scenario, and notes on what the numbers mean and what the model
leaves out. Nothing in it is fetched from elsewhere: no scripts, fonts, style sheets or
images by address. Text from scenario files is escaped (Jinja2 autoescaping); only the
SVG that :mod:`sim.plots` draws is inserted as markup, after its comments, metadata and
namespace addresses are removed.
"""

from __future__ import annotations

import importlib.metadata
import io
import json
import re
from pathlib import Path

import jinja2
import matplotlib as mpl
import pandas as pd
from markupsafe import Markup, escape

from ..files.store import check_file, write_file_atomic
from . import plots
from .chronicle import chronicle, typical_world
from .compare import Comparison, compare, format_table

TEMPLATES = Path(__file__).resolve().parent / "templates"
NOT_REWRITES = ("name", "title", "description", "path", "extends")
"""Keys of a scenario that name or describe it rather than change the world."""

CAPTIONS = {
    "ecdf": "Share of all worlds in which the event has happened by each date (a curve that "
            "levels off below 100% means the event does not happen in the other worlds). "
            "The dotted line marks the historical date.",
    "shares": "Share of worlds with each outcome at the end of the period, with 95% Wilson "
              "intervals (the uncertainty from simulating a finite number of worlds).",
    "forces": "Divisions by theater across worlds every four weeks: the median (thick line), the "
              "middle 50% of worlds (shaded) and the middle 90% (thin lines).",
    "divergence": "For each pair of twin worlds (same dice, one historical, one what-if), the "
                  "first week in which their event logs differ; the curve is the cumulative share "
                  "of pairs that have parted by each date.",
    "factors": "Mean contribution of each factor to the log-odds of the decision over the option "
               "it replaced, over all such decisions; bars to the right pushed towards the "
               "decision, bars to the left held it back.",
}


# --- Scenario differences ------------------------------------------------------------

def describe(scenario) -> dict:
    """A scenario as plain data: its ``to_dict()``, or what a stand-in object offers."""
    data = {}
    try:
        data = dict(scenario.to_dict())
    except Exception:  # a stand-in without a full to_dict
        pass
    if "events" not in data and hasattr(scenario, "events"):
        data["events"] = {k: {"date": None if e.date is None else e.date.isoformat(), "outcome": e.outcome}
                          for k, e in scenario.events.items()}
    if "params" not in data and hasattr(scenario, "params"):
        data["params"] = {k: getattr(v, "to_dict", lambda v=v: v)() for k, v in scenario.params.items()}
    if "interventions" not in data and hasattr(scenario, "interventions"):
        data["interventions"] = [vars(i) if hasattr(i, "__dict__") else str(i) for i in scenario.interventions]
    return data


def _flatten(data, path=()) -> dict[tuple, object]:
    if isinstance(data, dict) and data:
        out = {}
        for k, v in data.items():
            out.update(_flatten(v, path + (str(k),)))
        return out
    if isinstance(data, dict):
        return {path: {}}
    return {path: data}


def _show(value) -> str:
    if value is _MISSING:
        return "(not set)"
    if isinstance(value, str):
        return value
    return json.dumps(value, default=str)


_MISSING = object()


def rewrites(base, whatif) -> list[dict]:
    """What ``whatif`` changes relative to ``base``: rows ``setting, baseline, whatif``.

    Parameters that are distributions count as one setting; names, titles and
    descriptions are left out.
    """
    b, w = describe(base), describe(whatif)
    for key in NOT_REWRITES:
        b.pop(key, None)
        w.pop(key, None)
    for d in (b, w):  # a parameter's value, distribution or number, is one setting
        if isinstance(d.get("params"), dict):
            d["params"] = {k: json.dumps(v, default=str) if isinstance(v, dict) else v for k, v in d["params"].items()}
    fb, fw = _flatten(b), _flatten(w)
    rows = []
    for key in sorted(set(fb) | set(fw), key=lambda k: tuple(map(str, k))):
        vb, vw = fb.get(key, _MISSING), fw.get(key, _MISSING)
        if vb != vw:
            rows.append({"setting": " › ".join(key), "baseline": _show(vb), "whatif": _show(vw)})
    return rows


# --- Figures as inline SVG -----------------------------------------------------------

def inline_svg(fig, prefix: str, label: str) -> Markup:
    """``fig`` as an ``<svg>`` element to put inside HTML.

    Removes the XML prolog, doctype, metadata, comments (which repeat the figure's text)
    and namespace declarations (not needed inside HTML, and they look like addresses),
    prefixes every id so that several figures can share a page, and lets the figure
    scale to the page width.
    """
    buffer = io.StringIO()
    with mpl.rc_context(plots.STYLE):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    svg = buffer.getvalue()
    svg = re.sub(r"<\?xml.*?\?>", "", svg, flags=re.S)
    svg = re.sub(r"<!DOCTYPE.*?>", "", svg, flags=re.S)
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    svg = re.sub(r"<metadata>.*?</metadata>", "", svg, flags=re.S)
    svg = re.sub(r'\s+xmlns(:\w+)?="[^"]*"', "", svg)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r"url\(#([^)]+)\)", lambda m: f"url(#{prefix}-{m.group(1)})", svg)
    svg = re.sub(r'href="#([^"]+)"', lambda m: f'href="#{prefix}-{m.group(1)}"', svg)
    svg = re.sub(r'<svg\s+([^>]*?)width="[^"]*"\s+height="[^"]*"',
                 lambda m: f'<svg {m.group(1)}role="img" aria-label="{escape(label)}" class="figure"', svg, count=1)
    return Markup(svg.strip())


def _figure_entries(comparison: Comparison) -> list[dict]:
    divergence = comparison.divergence if comparison.whatifs else None
    entries = []
    for i, (stem, fig) in enumerate(plots.figures(comparison.results, divergence).items()):
        kind = stem.split("_", 1)[0]
        title = fig.get_suptitle() or (fig.axes[0].get_title() if fig.axes else stem)
        entries.append({"id": stem, "title": title, "svg": inline_svg(fig, f"f{i}", title),
                        "caption": CAPTIONS.get(kind, "")})
    return entries


# --- The report ----------------------------------------------------------------------

def _table_rows(comparison: Comparison, whatif: str) -> list[dict]:
    table = comparison.table[comparison.table["whatif"] == whatif]
    shown = format_table(table)
    rows = []
    for (_, raw), (_, text) in zip(table.iterrows(), shown.iterrows()):
        clear = pd.notna(raw["ci_low"]) and (raw["ci_low"] > 0 or raw["ci_high"] < 0)
        rows.append({"outcome": plots.OUTCOME_LABELS.get(raw["outcome"], raw["outcome"]),
                     "statistic": raw["statistic"], "baseline": text["baseline"], "whatif": text["what-if value"],
                     "difference": text["difference"], "ci": text["95% CI"], "pairs": f"{raw['n']:,}",
                     "flipped": text["flipped"], "excludes_zero": clear})
    return rows


def render(comparison: Comparison, sensitivity=()) -> str:
    """The report of ``comparison`` as one HTML document; with ``sensitivity`` (tables or
    folders of sensitivity studies) it has a section "What decides this what-if"."""
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    labels = [comparison.base, *comparison.whatifs]
    scenarios = []
    for label in labels:
        s = comparison.scenarios[label]
        result = comparison.results[label]
        k = typical_world(result.worlds)
        scenarios.append({
            "label": label, "title": getattr(s, "title", label), "description": getattr(s, "description", ""),
            "path": getattr(s, "path", None), "typical": k, "chronicle": told(result.events, k),
            "worlds": len(result.worlds),
        })
    whatifs = [{"label": w, "title": getattr(comparison.scenarios[w], "title", w),
                "rewrites": rewrites(comparison.scenarios[comparison.base], comparison.scenarios[w]),
                "rows": _table_rows(comparison, w)} for w in comparison.whatifs]
    html = env.get_template("report.html").render(
        title=_title(comparison), base=scenarios[0], scenarios=scenarios, whatifs=whatifs,
        figures=_figure_entries(comparison), worlds=comparison.worlds, seed=comparison.seed,
        version=_version(), decides=_decides(sensitivity), historical_dates=[(plots.OUTCOME_LABELS[k], v) for k, v in plots.HISTORICAL_DATES.items()],
    )
    return html


def _decides(studies) -> list[dict]:
    """Each sensitivity study as a title, its setting and the sentences of :func:`what_decides`."""
    from .decides import what_decides
    from .measure import parse, words
    from .sensitivity import load

    out = []
    for study in studies or ():
        table = study if isinstance(study, pd.DataFrame) else load(study)
        first = table.iloc[0]
        against = f" against {first['baseline']}" if isinstance(first["baseline"], str) else ""
        out.append({"title": f"{words(parse(first['outcome']))} ({first['scenario']}{against})",
                    "setting": f"{first['method'].title()} study of {len(table)} assumptions: {first['points']:,} "
                               f"points of {first['worlds_per_point']:,} paired worlds, seed {first['seed']}",
                    "sentences": what_decides(table)})
    return out


def _version() -> str:
    try:
        return importlib.metadata.version("pactsim")
    except importlib.metadata.PackageNotFoundError:  # a source tree that is not installed
        return "0+unknown"


QUIET = "Nothing happened in this world in the scenario's period: no decision changed and no event took place."
"""What the chronicle of a world without events says."""


def told(events: pd.DataFrame, world: int) -> list[str]:
    """The chronicle of ``world`` of a run, or :data:`QUIET` if nothing happened in it."""
    return chronicle(events, world) if (events["world"] == world).any() else [QUIET]


def _title(comparison: Comparison) -> str:
    base = getattr(comparison.scenarios[comparison.base], "title", comparison.base)
    if not comparison.whatifs:
        return base
    return "What if? " + "; ".join(getattr(comparison.scenarios[w], "title", w) for w in comparison.whatifs)


def report(scenarios, out_file, worlds: int = 1000, seed: int = 0, workers: int = 1,
           progress: bool | None = None, force: bool = False, sensitivity=()) -> Path:
    """Run ``scenarios`` (the first is the baseline) on the same worlds and write the report.

    Scenarios may be objects, paths or bundled names; ``sensitivity`` lists finished
    sensitivity studies (folders or tables) to explain. Returns the path written. An
    existing ``out_file`` is refused before anything runs, unless ``force``.
    """
    scenarios = list(scenarios)
    if not scenarios:
        raise ValueError("report needs at least one scenario (the baseline)")
    check_file(out_file, force, "the report")
    if sensitivity:  # read the studies before the long part, so that a bad folder fails at once
        from .sensitivity import load

        sensitivity = [s if isinstance(s, pd.DataFrame) else load(s) for s in sensitivity]
    comparison = compare(scenarios[0], scenarios[1:], worlds=worlds, seed=seed, series=True,
                         workers=workers, progress=progress)
    return write(render(comparison, sensitivity), out_file, force)


def write(html: str, out_file, force: bool = False) -> Path:
    """Write ``html`` to ``out_file`` atomically (see :func:`sim.files.store.write_file_atomic`)."""
    return write_file_atomic(out_file, lambda tmp: tmp.write_text(html, encoding="utf-8"), force, "the report")

