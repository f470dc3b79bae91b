"""The seminar page: move a lever, and the distributions over paired worlds follow.

A Solara page (Solara is what Mesa's own visualisation, SolaraViz, is built on). The
page's URL is its state: every lever change rewrites the query string
(:func:`sim.interface.levers.to_query`), and the page computes from the URL, so a link
prepared before class, a reload, the back button and a lever release all take the same
road. The levers come from :mod:`sim.interface.levers`, the numbers and figures from
:mod:`sim.interface.answer`.

Nothing on the page names a path on the server: the starting scenario is the one
``pactsim app`` was given, and the URL holds only lever values, each checked against its
lever's range before anything is computed.
"""

from __future__ import annotations

import datetime as dt
import html
import json
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

import pandas as pd
import solara
import solara.lab
import yaml
from solara.alias import rv

from ..analysis.compare import signed
from ..analysis.given import MIN_MATCHING
from ..errors import PactsimError
from ..files.scenario import Scenario, load_scenario, locate
from ..world.vocabulary import CATALOGUE
from . import levers as lv
from .answer import SHOWN, Answer, Superseded, answers
from .app_cli import WORLDS


@dataclass(frozen=True)
class Settings:
    """What ``pactsim app`` serves: the starting scenario and the number of paired worlds."""

    base: Scenario
    worlds: int = WORLDS


_settings: Settings | None = None


def configure(base: Scenario, worlds: int = WORLDS) -> None:
    """Set the starting scenario and the worlds before the server starts."""
    global _settings
    _settings = Settings(base, worlds)


def settings() -> Settings:
    """The served settings (the historical scenario and :data:`.app_cli.WORLDS` paired worlds unless configured)."""
    if _settings is None:
        configure(load_scenario(locate("historical")))
    return _settings


def read_url(base: Scenario, query: str | None) -> tuple[dict, Scenario | None, str | None]:
    """The lever state of a query string, its what-if, and an error message (or None).

    Never raises for bad input: a malformed state or one that makes no valid scenario
    comes back as the message the page shows, with no what-if to compute.
    """
    try:
        state = lv.parse_query(base, query)
    except PactsimError as e:
        return lv.initial_state(base), None, f"The link's lever state cannot be used: {e}"
    try:
        return state, lv.whatif(base, state), None
    except PactsimError as e:
        return state, None, f"These levers do not make a valid scenario: {e}"


GIVEN = "given"
"""The URL's key of the switch "only the worlds that lived our history"."""
RECORD = "record@divergence"
"""What the switch reads: the record up to the first date the levers rewrite."""


def split_given(query: str | None) -> tuple[str, str | None]:
    """The levers' part of a query string and its condition (``given=...``), if any."""
    pairs = parse_qsl((query or "").lstrip("?"), keep_blank_values=True)
    given = [v for k, v in pairs if k == GIVEN]
    return urlencode([(k, v) for k, v in pairs if k != GIVEN], safe=":@"), (given[-1] if given else None)


def with_given(levers_query: str, given: str | None) -> str:
    """A query string of the levers' part and the condition."""
    tail = urlencode([(GIVEN, given)], safe=":@") if given else ""
    return "&".join(part for part in (levers_query, tail) if part)


# --- Formatting ----------------------------------------------------------------------

def _pct(x) -> str:
    return "–" if pd.isna(x) else f"{100 * x:.1f}%"


def _pts(x) -> str:
    """A difference in points, by the project's one rounding rule (what rounds to zero is
    0, never -0.0 or +0.0)."""
    return "–" if pd.isna(x) else signed(100 * x, "en", 1)


def _day(x) -> str:
    return "–" if pd.isna(x) else f"{pd.Timestamp(x):%-d %b %Y}"


def _days(x) -> str:
    return "–" if pd.isna(x) else signed(x, "en", 0)


def shares_html(a: Answer) -> str:
    """The table of shares: both scenarios with Wilson intervals, the paired difference
    with Newcombe's interval."""
    head = (f"<tr><th>outcome</th><th>{html.escape(a.comparison.base)}</th><th>{SHOWN}</th>"
            "<th>difference (points) [95% CI]</th><th>pairs flipped</th></tr>")
    rows = []
    for r in a.shares.itertuples(index=False):
        moved = "moved" if not pd.isna(r.ci_low) and (r.ci_low > 0 or r.ci_high < 0) else ""
        rows.append(
            f'<tr class="{moved}" data-outcome="{r.outcome}"><td>{html.escape(r.label)}</td>'
            f"<td>{_pct(r.base)} <small>[{_pct(r.base_low)}, {_pct(r.base_high)}]</small></td>"
            f'<td class="whatif">{_pct(r.whatif)} <small>[{_pct(r.whatif_low)}, {_pct(r.whatif_high)}]</small></td>'
            f"<td>{_pts(r.difference)} <small>[{_pts(r.ci_low)}, {_pts(r.ci_high)}]</small></td>"
            f"<td>{_pct(r.flipped)}</td></tr>")
    return f'<table class="pactsim-table pactsim-shares">{head}{"".join(rows)}</table>'


def dates_html(a: Answer) -> str:
    """The table of dates: median dates and the median paired shift with its interval."""
    head = ("<tr><th>event</th><th>median date, baseline</th><th>median date, what-if</th>"
            "<th>median shift (days) [95% CI]</th><th>pairs where it happens in both</th></tr>")
    rows = [f'<tr data-outcome="{r.outcome}"><td>{html.escape(r.label)}</td><td>{_day(r.base)}</td>'
            f"<td>{_day(r.whatif)}</td><td>{_days(r.shift)} <small>[{_days(r.ci_low)}, {_days(r.ci_high)}]</small>"
            f"</td><td>{r.n:,}</td></tr>" for r in a.dates.itertuples(index=False)]
    return f'<table class="pactsim-table pactsim-dates">{head}{"".join(rows)}</table>'


def given_html(a: Answer) -> str:
    """Both answers side by side: every pair, and the pairs whose baseline twin lived our
    history, with their numbers."""
    matched = a.given.matches[a.given.whatifs[0]]
    head = (f"<tr><th>outcome</th><th>all worlds ({matched.of:,} pairs): {SHOWN} [difference]</th>"
            f"<th>worlds that lived our history ({matched.pairs:,} pairs): {SHOWN} [difference]</th></tr>")
    given = a.given_shares.set_index("outcome")
    rows = [f'<tr data-outcome="{r.outcome}"><td>{html.escape(r.label)}</td>'
            f"<td>{_pct(r.whatif)} <small>[{_pts(r.difference)}]</small></td>"
            f'<td class="given">{_pct(given.loc[r.outcome, "whatif"])} '
            f'<small>[{_pts(given.loc[r.outcome, "difference"])}]</small></td></tr>'
            for r in a.shares.itertuples(index=False)]
    note = f"<p>Given {html.escape(matched.condition.words)}: {matched.pairs:,} of {matched.of:,} pairs match."
    note += f" {html.escape(matched.warning())}</p>" if matched.pairs < MIN_MATCHING else "</p>"
    return f'{note}<table class="pactsim-table pactsim-given">{head}{"".join(rows)}</table>'


def divergence_text(a: Answer) -> str:
    """The divergence week in words (HTML)."""
    d = a.divergence
    if not d["parted"]:
        return "Every what-if world has the same history as its baseline twin."
    text = (f"<b>{d['parted']:,} of {d['pairs']:,} pairs of worlds</b> part ways; half of those have parted by "
            f"the week of <b>{d['median']:%-d %B %Y}</b>.")
    first = d["first"]
    if first:
        text += (f" The earliest: world {first['world']}, in the week of {first['date']:%-d %B %Y}. Baseline: "
                 f"<i>{html.escape(first['base'] or 'nothing is told')}</i> What-if: "
                 f"<i>{html.escape(first['whatif'] or 'nothing is told')}</i>")
    return text


def heading(base: Scenario, changed: list[str]) -> str:
    """The page's heading (HTML): the baseline's title until a lever moves, then what the
    levers rewrite."""
    if not changed:
        return f"What if? {html.escape(base.title)}: move a lever"
    more = f" and {len(changed) - 2} more" if len(changed) > 2 else ""
    return "What if? " + html.escape("; ".join(changed[:2]) + more)


CSS = """
.pactsim-table { border-collapse: collapse; width: 100%; font-size: 15px; margin-bottom: 12px; }
.pactsim-table th, .pactsim-table td { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left; }
.pactsim-table tr.moved td { background: #fff4e0; }
.pactsim-table small { color: #555; }
.pactsim-figure img { width: 100%; max-width: 100%; }
.pactsim-stale { opacity: 0.35; }
.pactsim-chronicle li { margin-bottom: 4px; }
.pactsim-lever-label { font-size: 14px; color: #333; margin-top: 6px; }
.pactsim-param { margin-bottom: 6px; }
.pactsim-param .v-input--checkbox { margin-top: 0; }
.pactsim-group { justify-content: flex-start !important; width: 100%; text-transform: none !important;
                 font-size: 16px !important; font-weight: 600; }
.pactsim-group-levers { padding: 0 8px 8px 8px; }
"""


def Html(tag: str, inner: str, classes: list[str] | None = None):
    """A piece of HTML (``inner`` must be escaped already). Not ``solara.Markdown``: it
    fetches a maths library that ``solara-assets`` does not ship."""
    return solara.HTML(tag=tag, unsafe_innerHTML=inner, classes=classes or [])


# --- Levers ----------------------------------------------------------------------------

@solara.component
def ReleaseSlider(label: str, value: float, low: float, high: float, step: float, on_release, text=str,
                  disabled: bool = False, help: str = ""):
    """A slider that reports its value when released (not while it is dragged)."""
    shown, set_shown = solara.use_state(value)
    solara.use_effect(lambda: set_shown(value), [value])  # a reset or a new link moves it too

    def released(*args):
        data = args[-1]
        if data is not None and data != value:
            on_release(data)

    with solara.Column(gap="0px", classes=["pactsim-slider"]) as column:
        Html("div", f'<span title="{html.escape(help)}">{html.escape(label)}: <b>{html.escape(text(shown))}</b></span>',
             ["pactsim-lever-label"])
        slider = rv.Slider(v_model=shown, on_v_model=set_shown, min=low, max=high, step=step, disabled=disabled,
                           hide_details=True, thumb_label=False, dense=True, class_="pactsim-lever")
        rv.use_event(slider, "change", released)
    return column


@solara.component
def LeverControl(lever: lv.Lever, value, commit):
    """The control of one lever; ``commit(key, value)`` on release."""
    key = lever.key
    if lever.kind == "switch":
        solara.Switch(label=lever.label, value=bool(value), on_value=lambda v: commit(key, v))
    elif lever.kind == "choice":
        solara.Select(label=lever.label, values=list(lever.options), value=value, on_value=lambda v: commit(key, v))
    elif lever.kind == "date":
        days = (lever.high - lever.low).days
        ReleaseSlider(lever.label, (value - lever.low).days, 0, days, 1,
                      lambda d: commit(key, lever.low + dt.timedelta(days=int(d))),
                      text=lambda d: f"{lever.low + dt.timedelta(days=int(d)):%-d %b %Y}", help=lever.help)
    elif lever.kind == "count" and key == "seed":
        solara.InputInt(label="seed", value=int(value), continuous_update=False,
                        on_value=lambda v: commit(key, v) if v is not None and 0 <= v <= lever.high else None)
    elif lever.kind == "count":
        ReleaseSlider(lever.label, int(value), int(lever.low), int(lever.high), 1, lambda v: commit(key, int(v)),
                      help=lever.help)
    else:
        uncertain = value == lv.UNCERTAIN
        mid = (lever.low + lever.high) / 2
        step = (lever.high - lever.low) / 100
        with solara.Column(gap="0px", classes=["pactsim-param"]):
            ReleaseSlider(lever.label, mid if uncertain else float(value), lever.low, lever.high, step,
                          lambda v: commit(key, float(f"{v:.6g}")),  # 0.35, not 0.35000000000000003
                          text=lambda v: "uncertain" if uncertain else f"{v:g} {lever.unit}",
                          disabled=uncertain, help=lever.help)
            low, high = lv.uncertain_range(CATALOGUE[key.split(".", 1)[1]], lever)
            solara.Checkbox(label=f"uncertain over [{low:g}, {high:g}]", value=uncertain,
                            on_value=lambda u: commit(key, lv.UNCERTAIN if u else float(f"{mid:.6g}")))


@solara.component
def LeverGroup(base: Scenario, group: str, members: list, state: dict, commit, moved: int):
    """A group of levers that draws its controls only while open (a page of every lever
    at once would cost each new session seconds of rendering)."""
    open_, set_open = solara.use_state(group == "Events")
    label = f"{'▾' if open_ else '▸'} {group}" + (f" ({moved} moved)" if moved else "")
    solara.Button(label, on_click=lambda: set_open(not open_), text=True, classes=["pactsim-group"])
    if open_:
        with solara.Column(gap="2px", classes=["pactsim-group-levers"]):
            for lever in members:
                if lever.shown(state):  # keyed: a lever hidden or shown moves no other
                    LeverControl(lever, state[lever.key], commit).key(lever.key)


@solara.component
def Levers(base: Scenario, state: dict, commit):
    """Every lever, grouped as the vocabulary groups them."""
    groups: dict[str, list] = {}
    for lever in lv.levers(base):
        groups.setdefault(lever.group, []).append(lever)
    moved = lv.changes(base, state)
    for group, members in groups.items():
        LeverGroup(base, group, members, state, commit, sum(1 for m in members if m.key in moved))


# --- The page --------------------------------------------------------------------------

FIGURE_TITLES = {"dates": "Key dates: worlds where the event has happened, history marked",
                 "forces": "Forces by theater", "divergence": "When the what-if parts from its baseline twin"}


@solara.component
def FigurePanel(name: str, png: bytes | None, current: bool):
    """One figure: its newest drawing, dimmed while it is the previous levers' and its
    successor is being drawn (the same element throughout, so a new drawing replaces only
    the picture's bytes)."""
    if png is None:
        solara.Text("drawing…", classes=["pactsim-drawing"])
    else:
        solara.Image(png, classes=["pactsim-figure", f"pactsim-figure-{name}", *([] if current else ["pactsim-stale"])])


@solara.component
def Results(a: Answer | None, pending: bool):
    """The tables, figures and chronicle of answer ``a``.

    Every element keeps its place from one answer to the next (a figure still being drawn
    shows its predecessor, dimmed): an update then rewrites the changed values in the
    browser instead of tearing the page down and building it again.
    """
    drawn = solara.use_ref({})  # the newest drawing of each figure, shown until replaced
    if a is None:
        solara.Info("Computing the baseline and the what-if…" if pending else "Move a lever to compare.")
        return
    drawn.current = drawn.current | a.figures
    if a.given is not None:
        Html("h3", "All worlds, and the worlds that lived our history")
        Html("div", given_html(a), ["pactsim-given-answer"])
    Html("h3", "How often: shares with 95% intervals (Wilson), paired difference (Newcombe)")
    Html("div", shares_html(a))
    Html("h3", "When: median dates and the median paired shift (sign-test interval)")
    Html("div", dates_html(a))
    for name, title in FIGURE_TITLES.items():
        Html("h3", title)
        if name == "divergence":
            Html("p", divergence_text(a), ["pactsim-divergence"])
        FigurePanel(name, drawn.current.get(name), name in a.figures).key(f"figure-{name}")
    Html("h3", f"Chronicle of a typical what-if world (world {a.world})")
    Html("ol", "".join(f"<li>{html.escape(s)}</li>" for s in a.chronicle), ["pactsim-chronicle"])
    with solara.Details(summary=f"The same world {a.world} in the baseline"):
        Html("ol", "".join(f"<li>{html.escape(s)}</li>" for s in a.twin), ["pactsim-chronicle"])


@solara.component
def Answering(base: Scenario, whatif: Scenario, worlds: int, seed: int, query: str, given: str | None = None):
    """The answer to the levers of ``query``, computed in a thread; a newer query
    supersedes it. Only this part of the page is drawn again as the answer arrives."""
    generation = solara.use_ref(0)

    def compute():
        generation.current += 1
        mine = generation.current
        try:
            for partial in answers(base, whatif, worlds, seed, wanted=lambda: generation.current == mine, given=given):
                yield query, partial
        except Superseded:
            return

    task = solara.lab.use_task(compute, dependencies=[query])
    answered, latest = task.latest or (None, None)
    solara.ProgressLinear(task.pending)
    Html("div", f"Computing {worlds:,} paired worlds…" if task.pending else "",
         ["pactsim-busy" if task.pending else "pactsim-idle"])
    if task.error:
        solara.Error(f"The computation failed: {task.exception}", classes=["pactsim-error"])
        return
    # Which levers the figures below answer, how far, and in how long: for tests and benchmarks.
    note = "" if latest is None or answered == query else "Computing: the figures below answer the previous levers."
    seconds = html.escape(json.dumps({k: round(v, 4) for k, v in latest.seconds.items()})) if latest else "{}"
    Html("div", f'<span data-query="{html.escape(answered or "")}" data-seconds="{seconds}">{note}</span>',
         ["pactsim-answer", f"pactsim-figures-{len(latest.figures)}" if latest else "pactsim-none"])
    Results(latest, task.pending)


@solara.component
def Page():
    conf = settings()
    base, worlds = conf.base, conf.worlds
    router = solara.use_router()
    query = router.search or ""
    levers_query, given = split_given(query)
    state, whatif, error = solara.use_memo(lambda: read_url(base, levers_query), dependencies=[levers_query])
    # The levers' callback stays the same function, so that a release redraws only the
    # levers whose value it changed; it reads the newest state and router through refs.
    now = solara.use_ref((state, router, given))

    now.current = (state, router, given)

    def push(key, value):
        current, route, condition = now.current
        route.push("?" + with_given(lv.to_query(base, lv.moved(base, current, key, value)), condition))

    commit = solara.use_memo(lambda: push, dependencies=[])

    solara.Style(CSS)
    solara.Title("pactsim: what if?")
    with solara.Sidebar():
        Html("p", f"<b>Levers</b> on <i>{html.escape(base.title)}</i>")
        with solara.Row():
            solara.Button("Reset levers", on_click=lambda: router.push("?" + with_given("", given)), outlined=True, classes=["pactsim-reset"])
            if whatif is not None:
                solara.FileDownload(
                    lambda: yaml.safe_dump(lv.scenario_data(base, state), sort_keys=False, allow_unicode=True),
                    filename=f"whatif-{base.name}.yaml", label="Save as scenario", mime_type="application/yaml")
        solara.Switch(label="Also read the worlds that lived our history (record up to the levers' first change)",
                      value=given is not None, classes=["pactsim-given"],
                      on_value=lambda on: router.push("?" + with_given(levers_query, RECORD if on else None)))
        Levers(base, state, commit)
    with solara.Column(classes=["pactsim-main"]):
        changed = lv.describe(base, state)
        Html("h2", heading(base, changed))
        Html("p", f"The what-if of the levers against its baseline <i>{html.escape(base.name)}</i> on the same "
                  f"<b>{worlds:,} paired worlds</b>, seed {state['seed']}.")
        Html("p", "<b>The levers rewrite:</b> " + ("; ".join(html.escape(c) for c in changed) if changed else
                                                   "nothing yet (the what-if equals the baseline)."),
             ["pactsim-changes"])
        if error:
            solara.Error(error, classes=["pactsim-error"])
        else:
            Answering(base, whatif, worlds, int(state["seed"]), query, given)
