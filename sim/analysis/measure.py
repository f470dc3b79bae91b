"""Outcome measures: one number per set of worlds, written the way a seminar asks.

``COLUMN``
    a boolean column's share of worlds; a date column's median date (worlds where the
    event never happens count as the end of the period, so the median is always
    defined); a number column's mean.
``COLUMN<DATE``, ``COLUMN>DATE``
    the share of worlds whose date falls before / after ``DATE`` (ISO). A world where
    the event never happens counts as *not before* and *after*. On a number column the
    right-hand side is a number.
``COLUMN==VALUE``
    the share of worlds where the column equals ``VALUE`` (``japan``, ``true``, ``3``).

With a baseline the measure is taken on the paired difference, what-if minus baseline:
a difference of shares (the mean of the paired differences of the indicators), the
median of the paired date shifts in days, or the mean paired difference.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..errors import PactsimError
from ..world.vocabulary import NO_PARTY, OUTCOMES, PARTIES

COLUMNS = tuple(OUTCOMES)
PARTY_VALUES = (*PARTIES, NO_PARTY)
_SYNTAX = re.compile(r"^\s*([a-z0-9_]+)\s*(==|<|>)?\s*(.*?)\s*$")


class MeasureError(PactsimError):
    """An outcome written in a form that cannot be measured."""


def _kind(column: str) -> str:
    """``date``, ``bool``, ``number`` or ``text`` (a party: "japan", "ussr", "none")."""
    kind = OUTCOMES[column].kind
    return "text" if kind == "party" else kind


@dataclass(frozen=True)
class Measure:
    """A parsed outcome: ``column``, an operator (``""``, ``<``, ``>``, ``==``) and its value."""

    text: str
    column: str
    op: str = ""
    value: object = None

    @property
    def unit(self) -> str:
        """``share``, ``days`` (a median date, as days after ``origin``) or ``mean``."""
        if self.op or _kind(self.column) == "bool":
            return "share"
        return "days" if _kind(self.column) == "date" else "mean"

    def per_world(self, worlds: pd.DataFrame, origin: dt.date, end: dt.date) -> np.ndarray:
        """The value of each world: an indicator (0/1), days after ``origin`` (censored at
        ``end``), or the number."""
        x = worlds[self.column]
        if self.op == "==":
            return (x.astype("string") == str(self.value)).fillna(False).to_numpy(dtype=float)
        if _kind(self.column) == "date":
            days = ((x - pd.Timestamp(origin)).dt.days).to_numpy(dtype=float)
            never = np.isnan(days)
            if not self.op:
                return np.where(never, (end - origin).days, days)
            limit = (self.value - origin).days
            # a date that never comes is not before any limit, and after every one
            return ((days < limit) & ~never if self.op == "<" else (days > limit) | never).astype(float)
        values = x.to_numpy(dtype=float)
        if self.op == "<":
            return (values < self.value).astype(float)
        if self.op == ">":
            return (values > self.value).astype(float)
        return values

    def summarise(self, values: np.ndarray, axis: int = -1) -> np.ndarray:
        """The measure of ``values`` (per-world values or paired differences) along ``axis``."""
        return np.median(values, axis=axis) if self.unit == "days" else np.mean(values, axis=axis)


def parse(text: str) -> Measure:
    """``text`` as a :class:`Measure`; a :class:`MeasureError` says what is wrong."""
    match = _SYNTAX.match(text or "")
    if not match or (match.group(2) is None) != (match.group(3) == ""):
        raise MeasureError(f"outcome {text!r}: expected COLUMN, COLUMN<DATE, COLUMN>DATE or COLUMN==VALUE "
                           f"(for example \"japan_attacks_ussr<1944-01-01\")")
    column, op, raw = match.group(1), match.group(2) or "", match.group(3)
    if column not in COLUMNS:
        close = difflib.get_close_matches(column, COLUMNS, n=1)
        hint = f"did you mean {close[0]!r}?" if close else "expected an outcome column of worlds.parquet (see the README)"
        raise MeasureError(f"outcome {text!r}: {column!r} is not an outcome column; {hint}")
    kind = _kind(column)
    if op in ("<", ">"):
        if kind == "date":
            try:
                value = dt.date.fromisoformat(raw)
            except ValueError:
                raise MeasureError(f"outcome {text!r}: {raw!r} is not a date; expected YYYY-MM-DD") from None
        elif kind == "number":
            value = _number(text, raw)
        else:
            raise MeasureError(f"outcome {text!r}: {column} is a {kind} column; expected < or > only on a date "
                               f"or number column (use {column}==VALUE)")
        return Measure(text, column, op, value)
    if op == "==":
        value = raw.lower() if kind == "bool" else raw
        if kind == "bool" and value not in ("true", "false"):
            raise MeasureError(f"outcome {text!r}: {column} is true or false; got {raw!r}")
        if kind == "number":
            value = _number(text, raw)
        if kind == "date":
            raise MeasureError(f"outcome {text!r}: {column} is a date; expected {column}<DATE or {column}>DATE")
        if kind == "text" and value not in PARTY_VALUES:
            raise MeasureError(f"outcome {text!r}: {column} is one of {', '.join(PARTY_VALUES)}; got {raw!r}")
        return Measure(text, column, op, value if kind != "bool" else value.capitalize())
    if kind == "text":
        raise MeasureError(f"outcome {text!r}: {column} holds names; expected {column}==VALUE, such as {column}==japan")
    return Measure(text, column)


def _number(text: str, raw: str) -> float:
    try:
        return float(raw)
    except ValueError:
        raise MeasureError(f"outcome {text!r}: {raw!r} is not a number") from None


def words(measure: Measure) -> str:
    """The outcome as a clause a historian reads: "Japan attacks the USSR before 1 January 1944"."""
    subject = OUTCOMES[measure.column].label
    if measure.op in ("<", ">"):
        when = measure.value.strftime("%-d %B %Y") if isinstance(measure.value, dt.date) else f"{measure.value:g}"
        return f"{subject} {'before' if measure.op == '<' else 'after'} {when}"
    if measure.op == "==":
        if _kind(measure.column) == "text":  # "Who breaks the pact" == japan: "Japan breaks the pact"
            who = {"japan": "Japan", "ussr": "The USSR"}.get(measure.value)
            return f"{who} {subject.removeprefix('Who ')}" if who else f"no one {subject.removeprefix('Who ')}"
        if measure.value in ("True", "False"):
            return subject if measure.value == "True" else f"not ({subject})"
        return f"{subject} is {measure.value}"
    return subject
