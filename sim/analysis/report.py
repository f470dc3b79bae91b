"""The seminar report: one self-contained HTML file a seminar can open, project and print.

It holds, for a baseline and its what-ifs run on the same worlds: what each what-if
rewrites, the paired comparison table, every figure (inline SVG), the chronicle of a
typical world of each scenario, and notes on what the numbers mean and what the model
leaves out. Nothing in it is fetched from elsewhere: no scripts, fonts, style sheets or
images by address. Text from scenario files is escaped (Jinja2 autoescaping); only the
SVG that :mod:`sim.analysis.plots` draws is inserted as markup, after its comments, metadata and
namespace addresses are removed.
"""

from __future__ import annotations

import datetime as dt
import importlib.metadata
import io
import json
import os
import re
from pathlib import Path

import jinja2
import matplotlib as mpl
import pandas as pd
from markupsafe import Markup, escape

from .. import i18n
from ..errors import PactsimError
from ..files.outputs import check_file, write_file_atomic
from ..files.recorded import READ_ANYWAY
from ..files.scenario import as_scenario, bundled_dir
from ..i18n import N_
from ..world.vocabulary import OUTCOMES
from . import plots
from .chronicle import chronicle, typical_world
from .compare import MIN_PAIRS, Comparison, compare, compare_runs, format_table, signed
from .given import GivenError, parse_given
from .report_given import given_section
from .saved import is_results, load_comparison
from .spread import TOP, as_date

TEMPLATES = Path(__file__).resolve().parent / "templates"
NOT_REWRITES = ("name", "title", "description", "path", "extends")
"""Keys of a scenario that name or describe it rather than change the world."""

CAPTIONS = {
    "ecdf": N_("Share of all worlds in which the event has happened by each date (a curve that "
            "levels off below 100% means the event does not happen in the other worlds). "
            "The dotted line marks the historical date."),
    "shares": N_("Share of worlds with each outcome at the end of the period, with 95% Wilson "
              "intervals (the uncertainty from simulating a finite number of worlds)."),
    "forces": N_("Divisions by theater across worlds every four weeks: the median (thick line), the "
              "middle 50% of worlds (shaded) and the middle 90% (thin lines)."),
    "divergence": N_("For each pair of twin worlds (same dice, one historical, one what-if), the "
                  "first week in which their event logs differ; the curve is the cumulative share "
                  "of pairs that have parted by each date."),
    "factors": N_("Mean contribution of each factor to the log-odds of the decision over the option "
               "it replaced, over all such decisions; bars to the right pushed towards the "
               "decision, bars to the left held it back."),
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


def shown_path(path) -> str | None:
    """Where a scenario file is, as a report may show it to its readers: ``scenarios/NAME.yaml``
    for a bundled scenario, the path relative to the current folder for a file under it,
    else the file's name; never an absolute path, which names the home folder of whoever ran it."""
    if not path:
        return None
    where = Path(path).resolve()
    if where.parent == bundled_dir().resolve():
        return f"scenarios/{where.name}"
    if where.is_relative_to(Path.cwd().resolve()):
        return where.relative_to(Path.cwd().resolve()).as_posix()
    return where.name


def _flatten(data, path=()) -> dict[tuple, object]:
    if isinstance(data, dict) and data:
        out = {}
        for k, v in data.items():
            out.update(_flatten(v, path + (str(k),)))
        return out
    if isinstance(data, dict):
        return {path: {}}
    return {path: data}


NOT_SET = N_("(not set)")


def _show(value) -> str:
    if value is _MISSING:
        return NOT_SET
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


def _figure_entries(comparison: Comparison, lang: str) -> list[dict]:
    _ = i18n.gettext(lang)
    divergence = comparison.divergence if comparison.whatifs else None
    provenance = _("pactsim {version}, {worlds} worlds per scenario, seed {seed}.").format(
        version=_version(), worlds=i18n.number(comparison.worlds, lang), seed=comparison.seed)
    if comparison.failed_checks:
        provenance += f" {READ_ANYWAY}."
    entries = []
    for i, (stem, fig) in enumerate(plots.figures(comparison.results, divergence).items()):
        kind = stem.split("_", 1)[0]
        title = fig.get_suptitle() or (fig.axes[0].get_title() if fig.axes else stem)
        caption = _(CAPTIONS[kind]) if kind in CAPTIONS else ""
        entries.append({"id": stem, "title": title, "svg": inline_svg(fig, f"f{i}", title),
                        "caption": caption, "provenance": provenance})
    return entries


# --- The report ----------------------------------------------------------------------

def _table_rows(comparison: Comparison, whatif: str, lang: str) -> list[dict]:
    _ = i18n.gettext(lang)
    table = comparison.table[comparison.table["whatif"] == whatif]
    shown = format_table(table, lang)
    rows, previous = [], None
    for (_i, raw), (_j, text) in zip(table.iterrows(), shown.iterrows()):
        clear = not text["note"] and pd.notna(raw["ci_low"]) and (raw["ci_low"] > 0 or raw["ci_high"] < 0)
        rows.append({"outcome": _(plots.OUTCOME_LABELS.get(raw["outcome"], raw["outcome"])),
                     "statistic": text["statistic"], "baseline": text["baseline"], "whatif": text["what-if value"],
                     "difference": text["difference"], "ci": text["95% CI"], "pairs": text["pairs"],
                     "flipped": text["flipped"], "note": text["note"], "excludes_zero": clear,
                     "first_of_outcome": raw["outcome"] != previous})
        previous = raw["outcome"]
    return rows


def render(comparison: Comparison, lang: str = "en", sensitivity=(), conditioned: Comparison | None = None,
           sweeps=()) -> str:
    """The report of ``comparison`` as one HTML document, in language ``lang``; with
    ``sensitivity`` (tables of sensitivity studies) it has a section "What decides this
    what-if", with ``conditioned`` (the same runs given a condition) a section "Given
    the record", and with ``sweeps`` (finished sweeps) a section "How the answer moves
    with an assumption" (all three in English)."""
    translations = i18n.translator(lang)
    _ = translations.gettext
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             extensions=["jinja2.ext.i18n"])
    env.policies["ext.i18n.trimmed"] = True
    env.install_gettext_translations(translations, newstyle=False)
    labels = [comparison.base, *comparison.whatifs]
    scenarios = []
    for label in labels:
        s = comparison.scenarios[label]
        result = comparison.results[label]
        k = typical_world(result.worlds)
        description = getattr(s, "description", "")
        translated = _(description) if description else ""
        scenarios.append({
            "label": label, "title": _(getattr(s, "title", label)), "description": translated,
            "description_lang": lang if translated != description or lang == "en" else "en",
            "path": shown_path(getattr(s, "path", None)), "typical": k, "chronicle": chronicle(result, k, lang=lang),
            "worlds": len(result.worlds),
        })
    whatifs = [{"label": w, "title": _(getattr(comparison.scenarios[w], "title", w)),
                "rewrites": [{k: _(v) if v == NOT_SET else v for k, v in row.items()}
                             for row in rewrites(comparison.scenarios[comparison.base], comparison.scenarios[w])],
                "rows": _table_rows(comparison, w, lang)} for w in comparison.whatifs]
    historical = [(_(plots.OUTCOME_LABELS[k]), i18n.date(v, lang) if v else _("never"))
                  for k, v in plots.HISTORICAL_DATES.items()]
    spread = _spread(comparison, lang)
    html = env.get_template("report.html").render(
        title=_title(comparison, _), base=scenarios[0], scenarios=scenarios, whatifs=whatifs,
        figures=_figure_entries(comparison, lang), worlds=comparison.worlds, seed=comparison.seed,
        worlds_text=i18n.number(comparison.worlds, lang), min_pairs=MIN_PAIRS, version=_version(), decides=_decides(sensitivity),
        sweeps=_sweeps(sweeps),
        spread=spread, meanings_in_english=_meanings_in_english(spread, lang),
        historical_dates=historical, lang=lang, dir=i18n.direction(lang),
        figures_note=_("The figures are labelled in English.") if lang != "en" else "",
        given=None if conditioned is None else given_section(comparison, conditioned, inline_svg),
        read_anyway=f"{READ_ANYWAY}." if comparison.failed_checks else "",
    )
    return html


ASPECTS = {"whether": N_("{outcome}: whether it happens"), "when": N_("{outcome}: when it happens")}


def _spread(comparison: Comparison, lang: str) -> list[dict]:
    """The section "Which assumptions carry the spread": per scenario (the baseline's
    outcomes, each what-if's effect), per target, the assumptions above the noise line."""
    _ = i18n.gettext(lang)
    out = []
    for label, splits in comparison.spread().items():
        effect = label != comparison.base
        title = _(getattr(comparison.scenarios[label], "title", label))
        heading = (_("{title}: its effect, pair by pair") if effect else _("{title}: its outcomes")).format(title=title)
        if splits and all(t.empty for t in splits):
            out.append({"label": label, "heading": heading, "pinned": True, "targets": []})
            continue
        targets = []
        for table in splits:
            first = table.iloc[0]
            outcome = _(OUTCOMES[first["outcome"]].label)
            aspect = ASPECTS.get(first["aspect"])
            name = _(aspect).format(outcome=outcome) if aspect else outcome
            n = i18n.number(first["n"], lang)
            if first["aspect"] == "when":
                over = (_("mean over the {n} pairs where it happens in both") if effect
                        else _("mean over the {n} worlds where it happens")).format(n=n)
            else:
                over = (_("{n} pairs") if effect else _("{n} worlds")).format(n=n)
            rows = [{"share": i18n.percent(r["share"], lang, 1), "parameter": r["parameter"], **_meaning(r["meaning"], lang),
                     "lower": _third_cell(r, "lower", first["unit"], effect, lang),
                     "upper": _third_cell(r, "upper", first["unit"], effect, lang)}
                    for _i, r in table[table["above"]].head(TOP).iterrows()]
            targets.append({"name": name, "over": over, "rows": rows,
                            "noise": i18n.percent(table["noise"].median(), lang, 1)})
        out.append({"label": label, "heading": heading, "pinned": False, "targets": targets})
    return out


def _meaning(meaning: str, lang: str) -> dict:
    """An assumption's ``meaning`` in ``lang``, with the language it is in: English
    (``meaning_lang``) where the catalogue has no translation."""
    translated = i18n.gettext(lang)(meaning) if meaning else ""
    return {"meaning": translated, "meaning_lang": "en" if meaning and translated == meaning and lang != "en" else lang}


def _meanings_in_english(spread: list[dict], lang: str) -> bool:
    """Whether a report in ``lang`` shows some assumption's meaning in English."""
    return lang != "en" and any(r["meaning_lang"] == "en" for s in spread for t in s["targets"] for r in t["rows"])


def _third_cell(row, third: str, unit: str, effect: bool, lang: str) -> dict:
    """One third's ``value``, its 95% ``interval`` and its number of worlds ``n``, in ``lang``."""
    _ = i18n.gettext(lang)
    value, n = row[f"{third}_value"], i18n.number(row[f"{third}_n"], lang)
    if pd.isna(value):
        return {"value": "-", "interval": "", "n": _("too few worlds ({n})").format(n=n)}

    def show(v):
        if unit == "share":
            return _("{x} pts").format(x=signed(100 * v, lang, 0)) if effect else i18n.percent(v, lang)
        if unit == "date":
            return _("{x} d").format(x=signed(v, lang, 0)) if effect else i18n.date(as_date(v), lang, "short")
        return signed(v, lang, 1) if effect else i18n.number(v, lang, 1)

    low, high = row[f"{third}_ci_low"], row[f"{third}_ci_high"]
    interval = "" if pd.isna(low) else f"[{show(low)}, {show(high)}]"
    return {"value": show(value), "interval": interval, "n": _("{n} worlds").format(n=n)}


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


def _sweeps(sweeps) -> list[dict]:
    """Each sweep as a title, its figure and its sentences (:func:`sim.analysis.sweep.sentences`)."""
    import matplotlib.pyplot as plt

    from .sweep import sentences

    out = []
    for i, result in enumerate(sweeps or ()):
        figure = result.plot()[0].figure
        title = f"{result.manifest['scenario']} over {', '.join(result.manifest['vary'])}"
        out.append({"title": title, "svg": inline_svg(figure, f"sweep{i}", title), "sentences": sentences(result)})
        plt.close(figure)
    return out


def _version() -> str:
    try:
        return importlib.metadata.version("pactsim")
    except importlib.metadata.PackageNotFoundError:  # a source tree that is not installed
        return "0+unknown"


def _title(comparison: Comparison, _) -> str:
    base = _(getattr(comparison.scenarios[comparison.base], "title", comparison.base))
    if not comparison.whatifs:
        return base
    return _("What if? {titles}").format(
        titles="; ".join(_(getattr(comparison.scenarios[w], "title", w)) for w in comparison.whatifs))


def report(scenarios, out_file, worlds: int = 1000, seed: int = 0, workers: int = 1,
           progress: bool | None = None, force: bool = False, lang: str = "en", sensitivity=(),
           given: str | None = None, sweeps=(), trust: bool = False) -> Path:
    """Write the report of ``scenarios`` (the first is the baseline) to ``out_file``.

    ``scenarios`` are scenario objects, paths or bundled names, run here on the same
    worlds; or results folders (one from ``pactsim compare``, or runs from ``pactsim
    run``), which are read as saved and simulate nothing (``worlds`` and ``seed`` are
    then those of the saved runs). An existing ``out_file`` is replaced only with
    ``force``. ``lang``: the language of the text (``en``, ``it``, ``nl``, ``ar``).
    ``sensitivity`` lists finished sensitivity studies (folders or tables) to explain,
    ``sweeps`` finished sweeps (folders or :class:`~sim.analysis.sweep.Sweep`) to draw.
    ``trust`` reads results folders that fail their checks, and says so at the top and
    under every figure (:func:`sim.files.store.load`).
    ``given`` (see :mod:`sim.analysis.given`) adds the section "Given the record": each
    answer on the pairs whose baseline twin meets it, beside the answer on all pairs.
    Returns the path written.
    """
    i18n.check(lang)
    scenarios = list(scenarios)
    if not scenarios:
        raise ValueError("report needs at least one scenario (the baseline)")
    out = check_file(out_file, force, "the report")
    if sensitivity:  # read the studies before the long part, so that a bad folder fails at once
        from .sensitivity import load

        sensitivity = [s if isinstance(s, pd.DataFrame) else load(s) for s in sensitivity]
    if sweeps:
        from .sweep import Sweep, load_sweep

        sweeps = [s if isinstance(s, Sweep) else load_sweep(s) for s in sweeps]
    if given is not None and len(scenarios) < 2:
        raise GivenError(f"--given {given!r} is read on a baseline twin: give a baseline and at least one what-if")
    if given is not None and not is_results(scenarios[0]):  # a bad condition fails before the runs
        first = as_scenario(scenarios[0])
        parse_given(given, first.start, first.end)
    comparison = comparison_of(scenarios, worlds=worlds, seed=seed, workers=workers, progress=progress, trust=trust)
    conditioned = None
    if given is not None:
        period = describe(comparison.scenarios[comparison.base])["period"]
        parsed = parse_given(given, *(dt.date.fromisoformat(period[k]) for k in ("start", "end")))
        conditioned = compare_runs(comparison.scenarios, comparison.results, comparison.worlds, comparison.seed, parsed)
    return write(render(comparison, lang, sensitivity, conditioned, sweeps), out, force)


def comparison_of(arguments, worlds: int = 1000, seed: int = 0, workers: int = 1,
                  progress: bool | None = None, trust: bool = False) -> Comparison:
    """The saved comparison where ``arguments`` are results folders (read with ``trust``:
    :func:`sim.analysis.saved.load_comparison`), else a new one run on ``worlds`` worlds
    with ``seed``."""
    saved = [isinstance(a, (str, os.PathLike)) and is_results(a) for a in arguments]
    if all(saved):
        return load_comparison(arguments, trust=trust)
    if any(saved):
        raise PactsimError("give either scenarios (to run) or results folders (to read), not both")
    return compare(arguments[0], arguments[1:], worlds=worlds, seed=seed, series=True,
                   workers=workers, progress=progress)


def write(html: str, out_file, force: bool = False) -> Path:
    """Write ``html`` to ``out_file`` atomically (see :func:`sim.files.outputs.write_file_atomic`)."""
    return write_file_atomic(out_file, lambda tmp: tmp.write_text(html, encoding="utf-8"), force, "the report")

