"""Counterfactuals given the record: a what-if read only on the worlds whose baseline twin
lived our history.

A condition (``--given``) is read on the baseline twin of each pair, and both twins of a
matching pair are kept: the worlds, dice and sampled assumptions included, whose history
agrees with what happened (abduction), the what-if applied to those same worlds (action),
and what follows read on them (prediction). The condition is written as parts joined by
``&``:

``record``
    every fact of the record (:mod:`sim.world.vocabulary.record`);
``record@DATE``
    the facts whose historical event lies before ``DATE`` (a ``never`` fact: not before
    ``DATE``);
``record@divergence``
    the record up to the first date the what-if rewrites (:func:`first_rewrite`);
``COLUMN<DATE``, ``COLUMN==VALUE``, ...
    any true-or-false outcome of the measure language (:mod:`sim.analysis.measure`).
"""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import PactsimError
from ..world.vocabulary import OUTCOMES
from ..world.vocabulary.record import RECORD, Fact
from .measure import Measure, MeasureError, parse, words

MIN_MATCHING = 200
"""Fewest matching pairs below which a warning says how many worlds to run."""

DIVERGENCE = "divergence"


class GivenError(PactsimError):
    """A condition that cannot be read, or that no world meets."""


@dataclass(frozen=True)
class Given:
    """A parsed ``--given``: its text, the record part (``None``: no record; a date, the
    whole record (``True``) or :data:`DIVERGENCE`) and the measures."""

    text: str
    record: dt.date | str | bool | None
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class Condition:
    """A :class:`Given` made concrete for one pair of scenarios."""

    given: Given
    facts: tuple[Fact, ...]
    upto: dt.date | None
    """The date the record is read up to; ``None`` for the whole record."""
    start: dt.date
    end: dt.date

    def holds(self, worlds: pd.DataFrame) -> np.ndarray:
        """Whether each world of ``worlds`` meets the condition."""
        keep = np.ones(len(worlds), dtype=bool)
        for fact in self.facts:
            keep &= fact_holds(fact, worlds, self.upto)
        for m in self.given.measures:
            keep &= m.per_world(worlds, self.start, self.end) == 1
        return keep

    @property
    def words(self) -> str:
        """The condition as a historian reads it."""
        parts = []
        if self.given.record is not None:
            parts.append("worlds that lived our history" + ("" if self.upto is None else
                                                            f" (up to {self.upto.strftime('%-d %B %Y')})"))
        parts += [words(m) for m in self.given.measures]
        return " and ".join(parts)


def fact_holds(fact: Fact, worlds: pd.DataFrame, upto: dt.date | None = None) -> np.ndarray:
    """Whether each world meets ``fact`` (a ``never`` fact read up to ``upto``)."""
    x = worlds[fact.outcome]
    if fact.window is not None:
        start, end = (pd.Timestamp(d) for d in fact.window)
        return ((x >= start) & (x <= end)).fillna(False).to_numpy(dtype=bool)
    if fact.never:
        return (x.isna() if upto is None else ~(x < pd.Timestamp(upto)).fillna(False)).to_numpy(dtype=bool)
    if fact.values is not None:
        values = x.to_numpy(dtype=float)
        return (values >= fact.values[0]) & (values <= fact.values[1])
    if OUTCOMES[fact.outcome].kind == "bool":
        return x.fillna(False).to_numpy(dtype=bool) == fact.equals
    return (x.astype("string") == fact.equals).fillna(False).to_numpy(dtype=bool)


def facts_upto(upto: dt.date | None) -> tuple[Fact, ...]:
    """The facts of the record up to ``upto`` (all of them for ``None``)."""
    return tuple(f for f in RECORD if upto is None or f.never or f.at < upto)


def parse_given(text: str, start: dt.date, end: dt.date) -> Given:
    """``text`` as a :class:`Given` for a scenario running from ``start`` to ``end``; a
    :class:`GivenError` says what is wrong."""
    record, measures = None, []
    parts = [p.strip() for p in (text or "").split("&")]
    if not text or not text.strip() or not all(parts):
        raise GivenError(f"--given {text!r}: expected record, record@DATE, record@divergence or an outcome such as "
                         f"\"japan_attacks_ussr<1944-01-01\", joined by &")
    for part in parts:
        if part == "record" or part.startswith("record@"):
            if record is not None:
                raise GivenError(f"--given {text!r}: name the record once")
            record = _record_part(text, part, start, end)
            continue
        try:
            m = parse(part)
        except MeasureError as exc:
            raise GivenError(f"--given {text!r}: {exc}") from None
        if m.unit != "share":
            raise GivenError(f"--given {text!r}: {part!r} is not true or false in a world; write it as "
                             f"{m.column}<DATE, {m.column}>DATE or {m.column}==VALUE")
        if isinstance(m.value, dt.date):
            _inside(text, m.value, start, end)
        measures.append(m)
    return Given(text, record, tuple(measures))


def _record_part(text: str, part: str, start: dt.date, end: dt.date):
    if part == "record":
        return True
    when = part.removeprefix("record@")
    if when == DIVERGENCE:
        return DIVERGENCE
    try:
        day = dt.date.fromisoformat(when)
    except ValueError:
        raise GivenError(f"--given {text!r}: {when!r} is not a date; expected record@YYYY-MM-DD or "
                         f"record@divergence") from None
    return _inside(text, day, start, end)


def _inside(text: str, day: dt.date, start: dt.date, end: dt.date) -> dt.date:
    if not start <= day <= end:
        raise GivenError(f"--given {text!r}: {day} is outside the scenario's period ({start} to {end})")
    return day


def condition(given: Given, base, whatif=None) -> Condition:
    """``given`` for the pair (``base``, ``whatif``): scenarios, or saved ones, with ``to_dict``."""
    b = base.to_dict()
    start, end = (dt.date.fromisoformat(b["period"][k]) for k in ("start", "end"))
    upto = None if given.record in (None, True) else given.record
    if given.record == DIVERGENCE:
        if whatif is None:
            raise GivenError(f"--given {given.text!r}: record@divergence needs a what-if to diverge from the baseline")
        upto = first_rewrite(b, whatif.to_dict())
    facts = () if given.record is None else facts_upto(upto)
    return Condition(given, facts, upto, start, end)


def first_rewrite(base: dict, whatif: dict) -> dt.date | None:
    """The first date the what-if (a resolved scenario as :meth:`Scenario.to_dict` gives it)
    rewrites in the baseline: a moved, removed or fixed event's date, an intervention's
    date, or the start for a changed parameter, treaty or period; ``None`` where it
    rewrites nothing."""
    start = dt.date.fromisoformat(base["period"]["start"])
    if any(base.get(k) != whatif.get(k) for k in ("params", "treaties", "judgement", "period")):
        return start
    dates = []
    events = base.get("events", {}), whatif.get("events", {})
    for name in set(events[0]) | set(events[1]):
        b, w = events[0].get(name, {}), events[1].get(name, {})
        if b != w:
            dates += [dt.date.fromisoformat(e["date"]) for e in (b, w) if "date" in e]
            if not any("date" in e for e in (b, w)):
                return start
    plan = base.get("interventions", []), whatif.get("interventions", [])
    dates += [dt.date.fromisoformat(i["date"]) for i in plan[0] + plan[1] if (i in plan[0]) != (i in plan[1])]
    return min(dates, default=None)


@dataclass(frozen=True)
class Match:
    """Which pairs of one what-if meet the condition: their worlds and their number."""

    condition: Condition
    worlds: np.ndarray
    of: int

    @property
    def pairs(self) -> int:
        """How many pairs match."""
        return int(self.worlds.size)

    @property
    def words(self) -> str:
        """The condition and how many pairs match: "given ... (--given TEXT), 1,665 of 4,000 pairs match."."""
        return (f"given {self.condition.words} (--given {self.condition.given.text}), {self.pairs:,} of {self.of:,} "
                f"pairs match.")

    def line(self, label: str) -> str:
        """``label``: the words, and a warning on a line of its own when the pairs are few."""
        return f"{label}: {self.words}" + ("\n  " + self.warning() if self.pairs < MIN_MATCHING else "")

    def warning(self) -> str:
        """How many worlds to run for :data:`MIN_MATCHING` matching pairs."""
        return few_pairs(self.pairs, self.of)


def few_pairs(pairs: int, of: int) -> str:
    """The warning for ``pairs`` matching pairs of ``of``: how many worlds to run for
    :data:`MIN_MATCHING` of them."""
    needed = int(math.ceil(MIN_MATCHING * of / max(pairs, 1) / 1000) * 1000)
    return (f"Warning: only {pairs:,} matching pairs; the intervals are wide. Run about {needed:,} worlds "
            f"for {MIN_MATCHING} of them.")


def match(cond: Condition, base_worlds: pd.DataFrame) -> Match:
    """The pairs whose baseline twin (a row of ``base_worlds``) meets ``cond``; a
    :class:`GivenError` when none does."""
    keep = cond.holds(base_worlds)
    if not keep.any():
        raise GivenError(f"0 of {len(base_worlds):,} pairs match `{cond.given.text}` ({cond.words}): run more worlds "
                         f"or relax the condition")
    return Match(cond, base_worlds["world"].to_numpy(np.int64)[keep], len(base_worlds))
