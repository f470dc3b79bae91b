"""Weekly calendar: steps, dates and the conversion between them.

A run advances in weekly steps. Step ``s`` covers the seven days starting at
``start + 7 * s``; an exogenous event dated inside that week happens at step ``s``.
Dates are handled as numpy ``datetime64[D]`` so that arrays of dates (one per world)
cost no more than arrays of integers.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

NEVER = -1
"""Step value meaning "did not happen"."""


@dataclass(frozen=True)
class Calendar:
    """The weekly steps of a run from ``start`` (inclusive) to ``end`` (exclusive)."""

    start: dt.date
    end: dt.date

    def __post_init__(self) -> None:
        if self.end <= self.start:
            raise ValueError(f"period end {self.end} must be after start {self.start}")

    @property
    def n_steps(self) -> int:
        """Number of weekly steps (the last week may be cut short by ``end``)."""
        return -(-(self.end - self.start).days // 7)

    def date(self, step: int) -> dt.date:
        """The first day of week ``step``."""
        return self.start + dt.timedelta(weeks=int(step))

    def step_of(self, day: dt.date) -> int:
        """The step whose week contains ``day`` (negative before the start)."""
        return (day - self.start).days // 7

    def contains(self, day: dt.date) -> bool:
        """Whether ``day`` lies inside the period."""
        return self.start <= day < self.end

    def dates(self, steps: np.ndarray) -> np.ndarray:
        """Vectorised ``date``: steps to ``datetime64[D]``, ``NEVER`` to ``NaT``."""
        steps = np.asarray(steps)
        out = np.datetime64(self.start, "D") + (steps.astype("int64") * 7).astype("timedelta64[D]")
        return np.where(steps == NEVER, np.datetime64("NaT"), out)

    def weeks(self, years: float) -> int:
        """A duration in years as a whole number of weekly steps."""
        return int(round(years * 365.25 / 7))
