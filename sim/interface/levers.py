"""The levers of the seminar page, built from the model's declared vocabulary.

Nothing here is a hand-written list of levers: they are read from the declarations, so a
new exogenous event, pact term, parameter range or decision appears on the page by
itself.

* **events** (:data:`sim.world.vocabulary.events.EVENTS`): each on or off, its date, and for a
  battle its outcome (decided by the model, or fixed);
* **the pact** (:class:`sim.world.pact.PactTerms`): on or off, and each of its terms;
* **parameters** (:data:`sim.world.vocabulary.CATALOGUE`) that have a range to move in
  (:func:`param_range`). Each is *pinned* at a value or left *uncertain*: drawn per world
  from the starting scenario's distribution, or uniformly over its ``plausible`` range;
* **interventions** (:data:`sim.world.vocabulary.decisions.DECISIONS`): force an option of a decision
  on a date;
* the **seed**.

A page's state is a mapping of lever key to value. Only the levers that differ from the
starting scenario go into the page's URL (:func:`to_query`), so a link reads as the
list of what the what-if rewrites; :func:`parse_query` reads a link back and refuses
anything malformed with a :class:`LeverError` that names the lever. :func:`scenario_data`
turns a state into a complete, self-contained scenario file (no ``extends``), which
:func:`whatif` validates like any file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlencode

from ..errors import PactsimError
from ..files.scenario import Distribution, Scenario, scenario_from_dict
from ..limits import MAX_SEED
from ..world.pact import PACT_TERMS, PactTerms
from ..world.vocabulary import CATALOGUE, DECISIONS, EVENTS, Param

UNCERTAIN = "uncertain"
"""The value of a parameter lever left uncertain (drawn per world)."""
NONE = "none"
"""The option of an intervention lever that forces nothing."""
MAX_QUERY = 16000
"""Longest query string read from a URL (every lever changed fits in far less)."""
JUDGEMENT = ("sampled", "pinned")
"""The values of a scenario's ``judgement`` key: how it treats the judgement parameters it
does not set (a test checks them against the scenario loader)."""


class LeverError(PactsimError):
    """A lever's value (from the page or its URL) is malformed or out of range."""


@dataclass(frozen=True)
class Lever:
    """One control of the page.

    ``kind``: ``switch`` (bool), ``date``, ``choice`` (one of ``options``), ``number``
    (a float in ``[low, high]``, or :data:`UNCERTAIN`), ``count`` (an int in ``[low, high]``).
    """

    key: str
    group: str
    label: str
    kind: str
    help: str = ""
    low: float | dt.date | None = None
    high: float | dt.date | None = None
    options: tuple[str, ...] = ()
    unit: str = ""
    requires: str | None = None
    """The switch or choice this lever means nothing without (off, or :data:`NONE`)."""

    def shown(self, state: Mapping) -> bool:
        """Whether the lever matters in ``state`` (its switch is on, its choice made)."""
        return self.requires is None or state[self.requires] not in (False, NONE)

    def parse(self, text: str):
        """The value written ``text`` in a URL, checked against the lever's range."""
        def fail(expected: str):
            raise LeverError(f"lever {self.key!r}: {text!r} is not valid; expected {expected}")

        if self.kind == "switch":
            if text not in ("on", "off"):
                fail("on or off")
            return text == "on"
        if self.kind == "choice":
            if text not in self.options:
                fail(f"one of {', '.join(self.options)}")
            return text
        if self.kind == "date":
            try:
                value = dt.date.fromisoformat(text) if len(text) == 10 else None
            except ValueError:
                value = None
            if value is None:
                fail(f"a date YYYY-MM-DD in [{self.low}, {self.high}]")
            return self.check(value)
        if self.kind == "number" and text == UNCERTAIN:
            return UNCERTAIN
        try:
            value = int(text) if self.kind == "count" else float(text)
        except ValueError:
            fail("a whole number" if self.kind == "count" else f"a number or {UNCERTAIN!r}")
        return self.check(value)

    def check(self, value):
        """``value`` if it lies in the lever's range, else a :class:`LeverError`."""
        if self.kind == "number" and value == UNCERTAIN:
            return value
        if isinstance(value, float) and not math.isfinite(value):
            raise LeverError(f"lever {self.key!r}: {value} is not a finite number")
        if self.low is not None and not self.low <= value <= self.high:
            unit = f" ({self.unit})" if self.unit else ""
            raise LeverError(f"lever {self.key!r}: {show(value)} is out of range; "
                             f"expected a value in [{show(self.low)}, {show(self.high)}]{unit}")
        return value

    def write(self, value) -> str:
        """``value`` as written in a URL."""
        if self.kind == "switch":
            return "on" if value else "off"
        if isinstance(value, dt.date):
            return value.isoformat()
        if isinstance(value, float):
            return repr(value)
        return str(value)


def show(value) -> str:
    """A lever value in words: dates as ISO, numbers briefly."""
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


# --- The levers of a starting scenario ------------------------------------------------

def param_range(spec: Param, value) -> tuple[float, float] | None:
    """The range a parameter's lever moves in, or None where it has none.

    The catalogue bounds where both are finite (a what-if may go beyond what the record
    cannot tell apart: Moscow not trusting Sorge at all); else the declared ``plausible``
    range; else the range of the scenario's uniform or triangular distribution. A value
    the scenario pins outside it widens it, so that every scenario can be a start.
    """
    if math.isfinite(spec.low) and math.isfinite(spec.high):
        span = (spec.low, spec.high)
    elif spec.plausible is not None:
        span = spec.plausible
    elif isinstance(value, Distribution) and value.kind in ("uniform", "triangular"):
        span = (value.args[0], value.args[-1])
    else:
        return None
    if isinstance(value, (int, float)):
        span = (min(span[0], value), max(span[1], value))
    return float(span[0]), float(span[1])


def uncertain_range(spec: Param, lever: Lever) -> tuple[float, float]:
    """Where a parameter left uncertain is drawn from, uniformly, when the starting
    scenario gives it no distribution: its ``plausible`` range, else its lever's range."""
    return tuple(map(float, spec.plausible)) if spec.plausible is not None else (lever.low, lever.high)


def levers(base: Scenario) -> list[Lever]:
    """Every lever of the page for the starting scenario ``base``, in page order."""
    first, last = base.start, base.end - dt.timedelta(days=1)
    out = []
    for spec in EVENTS.values():
        group, label, on = "Events", spec.name.replace("_", " ").capitalize(), f"event.{spec.name}.on"
        out.append(Lever(on, group, label, "switch", spec.meaning))
        out.append(Lever(f"event.{spec.name}.date", group, f"{label}: date", "date",
                         f"history: {spec.date:%-d %b %Y}", first, last, requires=on))
        if spec.outcomes:
            out.append(Lever(f"event.{spec.name}.outcome", group, f"{label}: outcome", "choice",
                             "model: decided by the forces committed", options=("model", *spec.outcomes), requires=on))
    out.append(Lever("pact.on", "Neutrality Pact", "The pact is signed", "switch",
                     "Soviet-Japanese Neutrality Pact of 13 April 1941"))
    for field in dataclasses.fields(PactTerms):
        label, says = "Pact: " + field.name.replace("_", " "), PACT_TERMS[field.name]
        if field.type in ("dt.date", dt.date):
            out.append(Lever(f"pact.{field.name}", "Neutrality Pact", label, "date", says, first, last, requires="pact.on"))
        else:
            out.append(Lever(f"pact.{field.name}", "Neutrality Pact", label, "count", says, 0, 10, unit="years",
                             requires="pact.on"))
    for spec in CATALOGUE.values():
        span = param_range(spec, base.param(spec.name))
        if span is not None:
            out.append(Lever(f"param.{spec.name}", f"Parameters: {spec.group}",
                             spec.name.split(".", 1)[1].replace("_", " ").capitalize(),
                             "number", f"{spec.meaning} [{spec.source}]", span[0], span[1], unit=spec.unit))
    for decision in DECISIONS.values():
        label, key = "Force " + decision.name.replace(".", ": ").replace("_", " "), f"force.{decision.name}"
        out.append(Lever(key, "Interventions", label, "choice",
                         "force this decision in every world in the week of the date",
                         options=(NONE, *decision.options[1:])))
        out.append(Lever(f"{key}.date", "Interventions", f"{label}: date", "date", "", first, last, requires=key))
    out.append(Lever("judgement", "Worlds", "Judgement parameters", "choice",
                     "sampled: each parameter with a plausible range that no lever pins is drawn per world; "
                     "pinned: it keeps its catalogue default", options=JUDGEMENT))
    out.append(Lever("seed", "Worlds", "seed", "count", "world k of seed S sees the same dice in every scenario",
                     0, MAX_SEED))
    return out


def initial_state(base: Scenario, judgement: str | None = None) -> dict:
    """The value of every lever in the starting scenario ``base``.

    ``judgement`` (default: the scenario's own) is how the parameters the scenario does
    not set are treated, as in a scenario file: ``sampled`` leaves each judgement
    :data:`UNCERTAIN` (drawn per world over its plausible range), ``pinned`` puts it at
    its catalogue default. The ``judgement`` lever itself keeps the scenario's value.
    """
    judged = base if judgement in (None, base.judgement) else dataclasses.replace(base, judgement=judgement)
    state: dict = {}
    for name, event in base.events.items():
        state[f"event.{name}.on"] = event.enabled
        day = event.date or EVENTS[name].date  # a disabled event keeps its date lever on history
        state[f"event.{name}.date"] = min(max(day, base.start), base.end - dt.timedelta(days=1))
        if EVENTS[name].outcomes:
            state[f"event.{name}.outcome"] = event.outcome
    pact = base.neutrality_pact
    state["pact.on"] = pact is not None
    for field in dataclasses.fields(PactTerms):
        state[f"pact.{field.name}"] = getattr(pact or PactTerms(), field.name)
    by_key = {lever.key: lever for lever in levers(base)}
    for spec in CATALOGUE.values():
        key, value = f"param.{spec.name}", judged.param(spec.name)
        if key in by_key:
            state[key] = UNCERTAIN if isinstance(value, Distribution) else float(value)
    for name in DECISIONS:
        forced = [iv for iv in base.interventions if iv.decision == name]
        state[f"force.{name}"] = forced[0].option if forced else NONE
        state[f"force.{name}.date"] = forced[0].date if forced else base.start
    state["judgement"] = base.judgement
    state["seed"] = 0
    return state


def unmoved(base: Scenario, state: Mapping) -> dict:
    """What each lever of ``state`` shows when nobody has moved it: the starting
    scenario's value, its parameters as ``state``'s judgement treats them."""
    return initial_state(base, state.get("judgement"))


def changes(base: Scenario, state: Mapping) -> dict:
    """The levers of ``state`` that somebody moved from where they start."""
    start = unmoved(base, state)
    return {k: v for k, v in state.items() if start.get(k) != v}


def moved(base: Scenario, state: Mapping, key: str, value) -> dict:
    """``state`` with lever ``key`` set to ``value``. Setting the judgement moves, with
    it, every parameter lever nobody moved (to uncertain, or to its catalogue default)."""
    if key != "judgement":
        return {**state, key: value}
    return {**unmoved(base, {"judgement": value}), **changes(base, state), key: value}


# --- URLs -------------------------------------------------------------------------------

def to_query(base: Scenario, state: Mapping) -> str:
    """The query string of ``state``: only the levers that differ from ``base``."""
    by_key = {lever.key: lever for lever in levers(base)}
    return urlencode([(k, by_key[k].write(v)) for k, v in changes(base, state).items()], safe=":@")


def parse_query(base: Scenario, query: str | None) -> dict:
    """The full lever state a URL's query string describes, starting from ``base``.

    Raises :class:`LeverError` for an unknown or repeated lever, a malformed value or one
    out of its lever's range, naming the lever and what it expects.
    """
    query = (query or "").lstrip("?")
    if len(query) > MAX_QUERY:
        raise LeverError(f"the link's lever state is {len(query)} characters long; expected at most {MAX_QUERY}")
    try:
        pairs = parse_qsl(query, keep_blank_values=True, strict_parsing=bool(query), max_num_fields=400)
    except ValueError as e:
        raise LeverError(f"the link's lever state is malformed ({e}); expected key=value pairs joined by &") from None
    by_key = {lever.key: lever for lever in levers(base)}
    given: dict = {}
    for key, text in pairs:
        if key not in by_key:
            close = difflib.get_close_matches(key, by_key, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else "; expected a lever of this page"
            raise LeverError(f"the link sets an unknown lever {key!r}{hint}")
        if key in given:
            raise LeverError(f"the link sets lever {key!r} twice; expected each lever at most once")
        given[key] = by_key[key].parse(text)
    return unmoved(base, given) | given


# --- The what-if as a scenario -----------------------------------------------------------

def describe(base: Scenario, state: Mapping) -> list[str]:
    """What the levers rewrite, one phrase per changed lever that matters."""
    by_key = {lever.key: lever for lever in levers(base)}
    start = unmoved(base, state)
    return [f"{by_key[k].label}: {by_key[k].write(v)} (was {by_key[k].write(start[k])})"
            for k, v in changes(base, state).items() if k != "seed" and by_key[k].shown(state)]


def scenario_data(base: Scenario, state: Mapping, name: str = "whatif") -> dict:
    """The what-if of ``state`` as the data of a complete scenario file (no ``extends``)."""
    iso = dt.date.isoformat
    said = describe(base, state)
    events = {}
    for event in EVENTS:
        entry: dict = ({"date": iso(state[f"event.{event}.date"])} if state[f"event.{event}.on"]
                       else {"enabled": False})
        if EVENTS[event].outcomes:
            entry["outcome"] = state[f"event.{event}.outcome"]
        events[event] = entry
    pact: dict = {"enabled": bool(state["pact.on"])}
    if state["pact.on"]:
        for field in dataclasses.fields(PactTerms):
            value = state[f"pact.{field.name}"]
            pact[field.name] = iso(value) if isinstance(value, dt.date) else int(value)
    start, by_key = unmoved(base, state), {lever.key: lever for lever in levers(base)}
    params = {}
    for pname in CATALOGUE:
        key, value = f"param.{pname}", base.param(pname)
        if key in state and state[key] != start[key]:
            if state[key] != UNCERTAIN:
                value = state[key]
            elif not isinstance(value, Distribution):
                value = Distribution("uniform", uncertain_range(CATALOGUE[pname], by_key[key]))
        elif pname in base.params:
            value = base.params[pname]
        else:
            continue  # the catalogue's default, or its plausible range where judgements are sampled
        params[pname] = value.to_dict() if isinstance(value, Distribution) else float(value)
    interventions = []
    for dname in DECISIONS:
        key = f"force.{dname}"
        if (state[key], state[key + ".date"]) == (start[key], start[key + ".date"]):
            chosen = [(iv.date, iv.option) for iv in base.interventions if iv.decision == dname]
        else:
            chosen = [] if state[key] == NONE else [(state[key + ".date"], state[key])]
        interventions += [{"date": iso(d), "decision": dname, "option": o} for d, o in chosen]
    interventions.sort(key=lambda iv: iv["date"])
    return {
        "name": name,
        "title": f"What-if on {base.name}" + (f": {'; '.join(said)}" if said else " (no lever moved)"),
        "description": (f"Saved from the seminar page (pactsim app), starting from the scenario "
                        f"{base.name!r} ({base.title}). Run with --seed {state['seed']} to pair it with "
                        f"the page's worlds."),
        "period": {"start": iso(base.start), "end": iso(base.end)},
        "judgement": state["judgement"],
        "params": params,
        "events": events,
        "treaties": {"neutrality_pact": pact},
        "interventions": interventions,
    }


def whatif(base: Scenario, state: Mapping, name: str = "whatif") -> Scenario:
    """The validated what-if scenario of ``state`` (a ``ScenarioError`` if it is not one)."""
    by_key = {lever.key: lever for lever in levers(base)}
    for key, value in state.items():
        if key not in by_key:
            raise LeverError(f"unknown lever {key!r}")
        by_key[key].check(value)
    return scenario_from_dict(scenario_data(base, state, name), name="the page's levers")


def levers_markdown(base: Scenario) -> str:
    """Every lever of the page as the Markdown page ``docs/levers.md``."""
    lines = [
        "# The levers of the seminar page",
        "",
        f"Generated by `pactsim app --levers-markdown` for the scenario `{base.name}`; a test keeps this",
        "page equal to the code. Each lever is a key of the page's URL: `?key=value&key=value`, only the",
        "levers that differ from the starting scenario.",
        "",
        "| key (URL) | group | what it sets | values |",
        "|---|---|---|---|",
    ]
    start = initial_state(base)
    for lever in levers(base):
        if lever.kind == "choice":
            values = ", ".join(f"`{o}`" for o in lever.options)
        elif lever.kind == "switch":
            values = "`on`, `off`"
        elif lever.kind == "number":
            values = f"{show(lever.low)} to {show(lever.high)} {lever.unit}, or `{UNCERTAIN}`".replace(" 1,", ",")
        else:
            values = f"{show(lever.low)} to {show(lever.high)}" + (f" {lever.unit}" if lever.unit else "")
        what = lever.label + (f": {lever.help}" if lever.help else "")
        lines.append(f"| `{lever.key}` | {lever.group} | {what} (`{base.name}`: {lever.write(start[lever.key])}) "
                     f"| {values} |")
    return "\n".join(lines)
