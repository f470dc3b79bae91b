"""Scenario files: a YAML what-if, parsed once into a frozen, validated :class:`Scenario`.

A scenario overrides catalogued parameters (with a number, or a distribution sampled
per world), moves, removes or fixes the outcome of exogenous events, sets the terms of
the Neutrality Pact and forces decisions on given dates. ``extends`` names a parent
file whose keys the child overlays. Any mistake is one :class:`ScenarioError` giving
``file:line: key.path: what is wrong; expected what``, raised before the model sees
anything (STYLE lessons 6 and 7).
"""

from __future__ import annotations

import datetime as dt
import difflib
import functools
import math
import os
import re
import types
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Any, Literal

import numpy as np
from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    create_model,
    model_validator,
)
from pydantic_core import PydanticCustomError

from ..world.pact import PactTerms
from ..world.vocabulary import CATALOGUE, DECISIONS, EVENTS, Event, historical
from .yamlfile import ScenarioError, Where  # noqa: F401 (ScenarioError is part of this module's API)
from .yamlfile import read as read_yaml

START, END = dt.date(1941, 4, 13), dt.date(1946, 4, 13)
"""The default period: the pact's signature to the end of its first five-year term."""

ERA = (dt.date(1939, 1, 1), dt.date(1952, 1, 1))
"""Every date of a scenario lies in ``[ERA[0], ERA[1])``: from the year of Khalkhin Gol
and the war in Europe to the end of the pact's first prolongation (25 April 1951). The
model's forces, rates and calendar are drawn from these years; a period beyond them
would be extrapolation, and an unbounded one (ending in 9999) an unbounded run."""

MAX_NUMBER = 1e6
"""Largest magnitude of any number in a scenario. The catalogue's values are below 200
(divisions, weeks, months, weights, log-odds); far larger ones only overflow the arrays
(a span or a sum of weights that becomes inf) and compute nonsense silently."""

MAX_EXTENDS = 16
"""Longest ``extends`` chain (the bundled what-ifs use one step)."""

MAX_NAME = 64
"""Longest scenario name: it becomes part of results folder names."""

MAX_YEARS = 20
"""Longest term, renewal or notice period of the pact, in years (the 1941 text: 5, 5, 1)."""

_OWN = ("name", "title", "description")  # never inherited: each file names itself
_ARGS = {"uniform": ("low", "high"), "normal": ("mean", "sd"),
         "triangular": ("low", "mode", "high"), "choice": ("values", "weights")}


@dataclass(frozen=True)
class Distribution:
    """An uncertain parameter, drawn once per world.

    ``args`` by ``kind``: uniform ``(low, high)``, normal ``(mean, sd)``, triangular
    ``(low, mode, high)``, choice ``(values, weights)`` as two tuples of floats.
    """

    kind: str
    args: tuple

    def __post_init__(self) -> None:
        if len(self.args) != len(_ARGS.get(self.kind, ())):
            raise ValueError(f"distribution {self.kind!r} with args {self.args!r}; expected one of {_ARGS}")

    def sample(self, streams, site: str, low: float = -math.inf, high: float = math.inf) -> np.ndarray:
        """One value per world of ``streams``, clipped to ``[low, high]``.

        Step -1 is reserved for parameter draws, so they never share dice with a week.
        """
        u = streams.uniform(-1, site, 0)
        if self.kind == "uniform":
            a, b = self.args
            x = a + (b - a) * u
        elif self.kind == "normal":
            mean, sd = self.args
            x = mean + sd * streams.normal(-1, site)  # Box-Muller on sub-draws 0 and 1
        elif self.kind == "triangular":  # inverse of the triangular CDF
            a, m, b = self.args
            x = np.where(u < (m - a) / (b - a), a + np.sqrt(u * (b - a) * (m - a)),
                         b - np.sqrt((1.0 - u) * (b - a) * (b - m)))
        else:
            values, weights = self.args
            cum = np.cumsum(weights) / sum(weights)
            x = np.asarray(values, dtype=float)[np.minimum(np.searchsorted(cum, u, side="right"), len(values) - 1)]
        return np.clip(np.asarray(x, dtype=float), low, high)

    def to_dict(self) -> dict:
        """The distribution as written in a scenario file."""
        args = [list(a) if isinstance(a, tuple) else a for a in self.args]
        return {"dist": self.kind, **dict(zip(_ARGS[self.kind], args))}


@dataclass(frozen=True)
class Intervention:
    """A decision forced to ``option`` in every world on ``date``."""

    date: dt.date
    decision: str
    option: str


@dataclass(frozen=True)
class Scenario:
    """A resolved, validated scenario; build one with :func:`load_scenario`.

    ``params`` holds only the overrides; ``events`` every catalogued event, resolved.
    """

    name: str
    title: str
    description: str
    path: str | None
    extends: tuple[str, ...]
    start: dt.date
    end: dt.date
    params: Mapping[str, float | Distribution]
    events: Mapping[str, Event]
    neutrality_pact: PactTerms | None
    interventions: tuple[Intervention, ...]
    judgement: str = "sampled"
    """``sampled``: every judgement parameter the scenario does not set is drawn per world
    from its plausible range; ``pinned``: it keeps its catalogue default."""

    def __reduce__(self):
        # Read-only mappingproxy fields cannot be pickled; they travel as dicts (to
        # worker processes and Dask) and are made read-only again on arrival.
        fields = {name: getattr(self, name) for name in self.__dataclass_fields__}
        return _unpickle_scenario, ({k: dict(v) if isinstance(v, types.MappingProxyType) else v for k, v in fields.items()},)

    def param(self, name: str) -> float | Distribution:
        """The value of parameter ``name``: the scenario's override; else, for a judgement
        (a parameter with a plausible range) in a ``sampled`` scenario, a uniform draw per
        world over that range; else the catalogue default."""
        return param_value(self.params, self.judgement, name)

    def to_dict(self) -> dict:
        """The resolved scenario as JSON-able data (ISO dates) for the run manifest."""
        pact, iso = self.neutrality_pact, dt.date.isoformat
        return {
            "name": self.name, "title": self.title, "description": self.description,
            "path": self.path, "extends": list(self.extends),
            "period": {"start": iso(self.start), "end": iso(self.end)},
            "params": {k: v.to_dict() if isinstance(v, Distribution) else v for k, v in self.params.items()},
            "events": {k: ({"date": iso(e.date)} if e.enabled else {"enabled": False}) | {"outcome": e.outcome}
                       for k, e in self.events.items()},
            "treaties": {"neutrality_pact": {"enabled": False} if pact is None else {
                "enabled": True, "signed": iso(pact.signed), "ratified": iso(pact.ratified),
                "term_years": pact.term_years, "renewal_years": pact.renewal_years,
                "notice_years": pact.notice_years}},
            "judgement": self.judgement,
            "interventions": [{"date": iso(i.date), "decision": i.decision, "option": i.option}
                              for i in self.interventions],
        }


def _unpickle_scenario(fields: dict) -> Scenario:
    return Scenario(**{k: types.MappingProxyType(v) if isinstance(v, dict) else v for k, v in fields.items()})


# --- Messages -----------------------------------------------------------------------------

def _unknown(what: str, name: Any, known) -> str:
    """'unknown <what> <name>' with the nearest known name, or what the known ones are."""
    known = list(known)
    close = difflib.get_close_matches(str(name), known, n=1)
    if close:
        return f"unknown {what} {name!r}; did you mean {close[0]!r}?"
    if len(known) > 12:
        return f"unknown {what} {name!r}; expected a catalogued {what} (see `pactsim params`)"
    return f"unknown {what} {name!r}; expected one of {', '.join(map(str, known))}"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- Structure: pydantic models -----------------------------------------------------------

def _to_date(value: Any) -> dt.date:
    """An ISO date string (or a date) as a date."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError as e:
            raise ValueError(f"{value!r} is not a calendar date ({e}); expected an ISO date YYYY-MM-DD") from None
    raise ValueError(f"got {_show(value)}; expected an ISO date YYYY-MM-DD")


def _known(catalogue: Mapping, what: str) -> AfterValidator:
    """A validator that accepts only names in ``catalogue``."""
    def check(name: str) -> str:
        if name not in catalogue:
            raise PydanticCustomError("unknown_name", "{message}", {"message": _unknown(what, name, catalogue)})
        return name
    return AfterValidator(check)


def _in_era(day: dt.date) -> dt.date:
    if not ERA[0] <= day < ERA[1]:
        raise ValueError(f"{day} is outside the model's era; expected a date from {ERA[0]} to "
                         f"{ERA[1] - dt.timedelta(days=1)}")
    return day


Date = Annotated[dt.date, BeforeValidator(_to_date), AfterValidator(_in_era)]
Years = Annotated[int, Field(ge=1, le=MAX_YEARS)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, allow_inf_nan=False, frozen=True)

    @model_validator(mode="before")
    @classmethod
    def _known_keys(cls, data: Any) -> Any:
        # pydantic's own extra="forbid" error offers no suggestion; this one does.
        for key in data if isinstance(data, dict) else ():
            if key not in cls.model_fields:
                raise PydanticCustomError("unknown_key", "{message}", {
                    "key": key, "message": _unknown("key", key, cls.model_fields)})
        return data


def _dist_model(kind: str, **fields) -> type[_Model]:
    return create_model(f"_{kind.title()}", __base__=_Model, dist=(Literal[kind], ...), **fields)


_DISTS = {  # structure only; consistency and range are checked in _distribution
    "uniform": _dist_model("uniform", low=(float, ...), high=(float, ...)),
    "normal": _dist_model("normal", mean=(float, ...), sd=(Annotated[float, Field(gt=0)], ...)),
    "triangular": _dist_model("triangular", low=(float, ...), mode=(float, ...), high=(float, ...)),
    "choice": _dist_model("choice", values=(list[float], Field(min_length=1)),
                          weights=(list[Annotated[float, Field(ge=0)]] | None, None)),
}
_PACT = PactTerms()


class _Period(_Model):
    start: Date = START
    end: Date = END


class _EventChange(_Model):
    date: Date | None = None
    enabled: bool = True
    outcome: str = "model"


class _Pact(_Model):
    enabled: bool = True
    signed: Date = _PACT.signed
    ratified: Date = _PACT.ratified
    term_years: Years = _PACT.term_years
    renewal_years: Years = _PACT.renewal_years
    notice_years: Annotated[int, Field(ge=0, le=MAX_YEARS)] = _PACT.notice_years


class _Treaties(_Model):
    neutrality_pact: _Pact = _Pact()


class _Intervention(_Model):
    date: Date
    decision: Annotated[str, _known(DECISIONS, "decision")]
    option: str


class _File(_Model):
    name: Annotated[str, StringConstraints(pattern=r"^[a-z0-9_]+$", max_length=MAX_NAME)]
    title: str
    description: str = ""
    extends: str | None = None  # resolved before validation
    period: _Period = _Period()
    params: dict[Annotated[str, _known(CATALOGUE, "parameter")], Any] = {}  # values: see _param
    events: dict[Annotated[str, _known(EVENTS, "event")], _EventChange] = {}
    treaties: _Treaties = _Treaties()
    interventions: list[_Intervention] = []
    judgement: Literal["sampled", "pinned"] = "sampled"


_EXPECTED = {"float_type": "a number", "int_type": "a whole number", "string_type": "a string",
             "bool_type": "true or false", "dict_type": "a mapping", "model_type": "a mapping",
             "list_type": "a list", "finite_number": "a finite number",
             "string_pattern_mismatch": "lowercase letters, digits and underscores"}


def _validate(model: type[_Model], data: Any, path: tuple, where: Where) -> Any:
    """``model`` validated from ``data`` found at ``path``; the first pydantic error becomes ours."""
    try:
        return model.model_validate(data)
    except ValidationError as e:
        err = e.errors(include_url=False)[0]
    loc = path + tuple(p for p in err["loc"] if p != "[key]")  # "[key]": the key itself is wrong
    kind, ctx = err["type"], err.get("ctx", {})
    if kind in ("unknown_key", "unknown_name"):
        where.fail(loc + (ctx["key"],) if "key" in ctx else loc, ctx["message"])
    if kind in ("value_error", "missing"):
        where.fail(loc, str(ctx["error"]) if "error" in ctx else "missing; expected this required key")
    expected = _EXPECTED.get(kind)
    if kind in ("greater_than", "greater_than_equal"):
        expected = f"a number {'>' if 'gt' in ctx else '>='} {ctx.get('gt', ctx.get('ge'))}"
    elif kind == "less_than_equal":
        expected = f"a number <= {ctx['le']}"
    elif kind == "string_too_long":
        expected = f"at most {ctx['max_length']} characters"
    elif kind == "too_short":
        expected = f"at least {ctx['min_length']} item(s)"
    where.fail(loc, f"got {_show(err.get('input'))}; expected {expected}" if expected else err["msg"])


# --- Meaning: checks that need the catalogues or the period -------------------------------

def _distribution(raw: dict, path: tuple, where: Where) -> tuple[Distribution, list]:
    """A distribution and the (key path, value) pairs that must lie in the parameter's range."""
    kind = raw.get("dist")
    if kind not in _DISTS:
        where.fail(path + ("dist",), _unknown("distribution", kind, _DISTS))
    d = _validate(_DISTS[kind], raw, path, where)
    low, high = getattr(d, "low", None), getattr(d, "high", None)
    if low is not None and not high > low:
        where.fail(path + ("high",), f"high {high:g} is not above low {low:g}; expected low < high")
    if kind == "triangular" and not low <= d.mode <= high:
        where.fail(path + ("mode",), f"mode {d.mode:g} is outside [{low:g}, {high:g}]; expected low <= mode <= high")
    if kind == "choice":
        weights = d.weights or [1.0] * len(d.values)
        if len(weights) != len(d.values):
            where.fail(path + ("weights",), f"{len(weights)} weights for {len(d.values)} values; "
                                            "expected one weight per value")
        if not sum(weights) > 0:
            where.fail(path + ("weights",), "all weights are zero; expected at least one positive weight")
        return (Distribution(kind, (tuple(d.values), tuple(weights))),
                [(("values", i), v) for i, v in enumerate(d.values)])
    # Only the mean of a normal is checked: its draws are clipped to the range.
    checks = [((k,), getattr(d, k)) for k in ("low", "high", "mean") if hasattr(d, k)]
    return Distribution(kind, tuple(getattr(d, a) for a in _ARGS[kind])), checks


def _param(name: str, raw: Any, where: Where) -> float | Distribution:
    """A parameter override as a number or a distribution, inside the parameter's range."""
    path, spec = ("params", name), CATALOGUE[name]
    if isinstance(raw, dict) and not spec.per_world:
        where.fail(path, f"{name} takes one value for all worlds; expected a number, not a distribution")
    if isinstance(raw, dict):
        value, checks = _distribution(raw, path, where)
    elif isinstance(raw, (int, float)) and not isinstance(raw, bool) and math.isfinite(raw):
        value, checks = float(raw), [((), raw)]
    else:
        where.fail(path, f"got {_show(raw)}; expected a number or a mapping such as {{dist: uniform, low: 0, high: 1}}")
    for sub, v in checks:
        if not spec.low <= v <= spec.high:
            where.fail(path + sub, f"{v:g} is out of range; expected a value in [{spec.low:g}, {spec.high:g}] ({spec.unit})")
    return value


def _numbers(data: Any, path: tuple, where: Where) -> None:
    """Refuse any number beyond :data:`MAX_NUMBER` in ``data`` (not-a-number and infinity
    are left to the checks that expect a finite number where one belongs)."""
    if isinstance(data, dict):
        for key, value in data.items():
            _numbers(value, path + (key,), where)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            _numbers(value, path + (i,), where)
    elif isinstance(data, (int, float)) and not isinstance(data, bool) and (
            isinstance(data, int) or math.isfinite(data)) and abs(data) > MAX_NUMBER:
        where.fail(path, f"{_show(data)} is too large; expected a number between {-MAX_NUMBER:,.0f} "
                         f"and {MAX_NUMBER:,.0f}")


def _build(data: Any, lines: dict, label: str, path: str | None, extends: tuple[str, ...]) -> Scenario:
    """Validate resolved scenario data into a :class:`Scenario`."""
    where = Where(label, lines)
    if not isinstance(data, dict):
        where.fail((), f"the top level is {type(data).__name__}; expected a mapping with name, title, ...")
    _numbers(data, (), where)
    f = _validate(_File, data, (), where)
    start, end = f.period.start, f.period.end
    if end <= start:
        where.fail(("period", "end"), f"{end} is not after start {start}; expected an end after the start")

    def in_period(day: dt.date, at: tuple) -> dt.date:
        if not start <= day < end:
            where.fail(at, f"{day} is outside the period; expected a date in [{start}, {end})")
        return day

    params = {name: _param(name, raw, where) for name, raw in f.params.items()}
    events = historical()
    for name, change in f.events.items():
        at, outcomes = ("events", name), ("model",) + EVENTS[name].outcomes
        if change.outcome not in outcomes:
            where.fail(at + ("outcome",), _unknown(f"outcome of {name}", change.outcome, outcomes))
        if change.date is not None and not change.enabled:
            where.fail(at + ("date",), "a date for a disabled event; expected enabled: true, or no date")
        day = in_period(change.date, at + ("date",)) if change.date else events[name].date
        events[name] = Event(name, day if change.enabled else None, change.outcome)
    terms, pact = f.treaties.neutrality_pact, None
    if terms.enabled:
        try:
            pact = PactTerms(**terms.model_dump(exclude={"enabled"}))
        except ValueError as e:
            where.fail(("treaties", "neutrality_pact"), f"{e}; expected consistent treaty terms")
    interventions, weeks = [], {}
    for i, iv in enumerate(f.interventions):
        if iv.option not in DECISIONS[iv.decision].options:
            where.fail(("interventions", i, "option"),
                       _unknown(f"option of {iv.decision}", iv.option, DECISIONS[iv.decision].options))
        interventions.append(Intervention(in_period(iv.date, ("interventions", i, "date")), iv.decision, iv.option))
        # the model forces a decision once a week: a second one that week would silently win
        week = (iv.date - start).days // 7
        if (week, iv.decision) in weeks:
            j = weeks[week, iv.decision]
            where.fail(("interventions", i), f"{iv.decision} is already forced in the week of {iv.date} by "
                                             f"interventions[{j}] ({f.interventions[j].date}); expected at most "
                                             f"one intervention per decision and week")
        weeks[week, iv.decision] = i
    return Scenario(
        name=f.name, title=f.title, description=f.description, path=path, extends=extends, judgement=f.judgement,
        start=start, end=end, params=types.MappingProxyType(params),
        events=types.MappingProxyType(events), neutrality_pact=pact,
        interventions=tuple(sorted(interventions, key=lambda iv: iv.date)),
    )


# --- Inheritance --------------------------------------------------------------------------

def _overlay(base: dict, top: dict, path: tuple, replaced: list) -> dict:
    """Deep-merge mapping ``top`` over ``base``, noting the paths that ``top`` replaces whole."""
    out = dict(base)
    for key, value in top.items():
        # A parameter's value (a distribution too) is one thing: replace it, never mix two.
        if isinstance(value, dict) and isinstance(out.get(key), dict) and path != ("params",):
            out[key] = _overlay(out[key], value, path + (key,), replaced)
        else:
            out[key] = value
            replaced.append(path + (key,))
    return out


def _merge(parent: dict, plines: dict, child: dict, clines: dict) -> tuple[dict, dict]:
    """The child's data and line map overlaid on the parent's; interventions appended."""
    pl, cl = parent.get("interventions"), child.get("interventions")
    shift = len(pl) if isinstance(pl, list) and isinstance(cl, list) else 0
    replaced: list = []
    merged = _overlay({k: v for k, v in parent.items() if k not in _OWN}, child, (), replaced)
    if shift:
        merged["interventions"] = pl + cl
        replaced.remove(("interventions",))
    lines = {p: v for p, v in plines.items()
             if p and p[0] not in _OWN and not any(p[:len(r)] == r for r in replaced)}
    for p, v in clines.items():
        lines[p[:1] + (p[1] + shift,) + p[2:] if p[:1] == ("interventions",) and len(p) > 1 else p] = v
    return merged, lines


def _resolve(data: Any, lines: dict, label: str, base: Path, chain: tuple[Path, ...]) -> tuple[Any, dict, tuple[str, ...]]:
    """Overlay ``data`` on its ``extends`` chain; returns data, line map and parent paths."""
    if not isinstance(data, dict) or data.get("extends") is None:
        return data, lines, ()
    where, parent = Where(label, lines), data["extends"]
    if not isinstance(parent, str) or not parent:
        where.fail(("extends",), f"got {_show(parent)}; expected the path of a scenario file, relative to this one")
    if len(chain) > MAX_EXTENDS:
        where.fail(("extends",), f"a chain of more than {MAX_EXTENDS} extends; expected a shorter chain")
    try:
        target = (base / parent).resolve()
    except (OSError, RuntimeError) as e:  # a symlink loop
        where.fail(("extends",), f"{parent!r} cannot be resolved ({e}); expected a scenario file relative to {base}")
    if target in chain:
        names = " -> ".join(p.name for p in chain + (target,))
        where.fail(("extends",), f"cyclic extends {names}; expected a chain of files that ends")
    if not target.is_file():
        where.fail(("extends",), f"{parent!r} not found ({target}); expected a scenario file relative to {base}")
    plabel = os.path.normpath(os.path.join(os.path.dirname(label), parent)) if chain else str(target)
    pdata, plines = read_yaml(target, plabel)
    pdata, plines, grand = _resolve(pdata, plines, plabel, target.parent, chain + (target,))
    _build(pdata, plines, plabel, str(target), grand)  # every file of a chain is a scenario itself
    child = {k: v for k, v in data.items() if k != "extends"}
    return *_merge(pdata, plines, child, lines), (str(target),) + grand


# --- Public loaders -----------------------------------------------------------------------

def load_scenario(path: str | os.PathLike) -> Scenario:
    """Read, resolve and validate the scenario file at ``path``."""
    label = os.fspath(path)
    data, lines = read_yaml(Path(path), label)  # first: it refuses what cannot be resolved
    here = Path(path).resolve()
    data, lines, parents = _resolve(data, lines, label, here.parent, (here,))
    return _build(data, lines, label, str(here), parents)


def scenario_from_dict(data: dict, *, name: str = "inline", base_dir: str | os.PathLike | None = None) -> Scenario:
    """Validate scenario ``data`` as if read from a file.

    ``name`` labels the data in error messages; ``extends`` is resolved from ``base_dir``
    (default: the working directory).
    """
    base = Path(base_dir if base_dir is not None else os.getcwd()).resolve()
    data, lines, parents = _resolve(data, {}, name, base, ())
    return _build(data, lines, name, None, parents)


def bundled_dir() -> Path:
    """The directory of the scenarios shipped with pactsim.

    The files live in the repository's top-level ``scenarios/``; a wheel ships them
    inside the package as ``sim/scenarios/`` (see ``pyproject.toml``).
    """
    package = Path(__file__).resolve().parent.parent
    inside = package / "scenarios"
    return inside if inside.is_dir() else package.parent / "scenarios"


def locate(argument: str | os.PathLike) -> Path:
    """A scenario as a user names it: a file, or the name of a bundled scenario
    (``historical`` for ``scenarios/historical.yaml``) where no such file exists."""
    path = Path(argument)
    if path.exists() or path.suffix:
        return path
    bundled = bundled_dir() / f"{path}.yaml"
    return bundled if bundled.exists() else path


def as_scenario(scenario: Scenario | str | os.PathLike) -> Scenario:
    """A scenario object as it is, or a :class:`Scenario` loaded from a file or a bundled
    scenario's name."""
    if isinstance(scenario, (str, os.PathLike)):
        return load_scenario(locate(scenario))
    return scenario


def list_bundled() -> list[tuple[str, str, Path]]:
    """(name, title, path) of every bundled scenario, sorted by file name."""
    out = []
    for path in sorted(bundled_dir().glob("*.yaml")):
        s = load_scenario(path)
        out.append((s.name, s.title, path))
    return out


def param_value(params: Mapping[str, float | Distribution], judgement: str, name: str) -> float | Distribution:
    """Parameter ``name`` of a scenario with overrides ``params`` and ``judgement`` mode
    (see :meth:`Scenario.param`)."""
    if name in params:
        return params[name]
    if name not in CATALOGUE:
        raise KeyError(f"unknown parameter {name!r}")
    spec = CATALOGUE[name]
    if judgement == "sampled" and spec.plausible is not None and spec.per_world:
        return Distribution("uniform", tuple(map(float, spec.plausible)))
    return spec.default


def recorded_params(resolved: dict) -> Callable[[str], float | Distribution]:
    """The parameters of a scenario as a run's manifest records it (:meth:`Scenario.to_dict`,
    validated when it ran), as a function of a parameter's name like :meth:`Scenario.param`."""
    def distribution(d: dict) -> Distribution:
        return Distribution(d["dist"], tuple(tuple(d[a]) if isinstance(d[a], list) else d[a] for a in _ARGS[d["dist"]]))

    params = {k: distribution(v) if isinstance(v, dict) else v for k, v in resolved.get("params", {}).items()}
    return functools.partial(param_value, params, resolved.get("judgement", "sampled"))
