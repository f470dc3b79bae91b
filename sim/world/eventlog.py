"""The event log of a run: what happened in which world on which date, and why.

Rows are added a batch at a time (one batch = one kind of event in one week, for every
world where it happened), so logging costs a few array operations per week, not a
Python call per world. :meth:`EventLog.frame` assembles the tidy table written to
``events.parquet``: ``world, date, actor, event, detail, p``, then one ``f_<factor>``
column per decision factor (the factor's contribution to the log-odds of the chosen
option over the option it replaced; empty for events that are not decisions).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

FACTORS = (
    "faction", "persimmon", "german", "pact", "us_war", "oil", "embargo", "inertia", "season",
    "bias", "crisis", "threat", "margin", "yalta", "deadline", "ratio", "collapse", "two_front",
)
"""Every factor a decision may be scored by; each is a column ``f_<name>`` of the log."""

COLUMNS = ["world", "date", "actor", "event", "detail", "p"] + [f"f_{f}" for f in FACTORS]


class EventLog:
    """Collects event batches for a set of worlds."""

    def __init__(self, worlds: np.ndarray, calendar) -> None:
        self.worlds = worlds
        self.calendar = calendar
        self._batches: list[tuple] = []

    def add(self, step, actor, event, where, detail="", p=None, factors=None) -> None:
        """Record ``event`` for the worlds ``where`` (a mask or local indices)."""
        where = np.asarray(where)
        idx = np.flatnonzero(where) if where.dtype == bool else where
        if idx.size == 0:
            return
        unknown = set(factors or ()) - set(FACTORS)
        if unknown:
            raise KeyError(f"unknown decision factors {sorted(unknown)}; add them to FACTORS")
        self._batches.append((idx, step, actor, event, detail, p, factors or {}))

    def frame(self) -> pd.DataFrame:
        """The log as a table sorted by world and date (stable within a week)."""
        if not self._batches:
            return _empty()
        sizes = [b[0].size for b in self._batches]
        local = np.concatenate([b[0] for b in self._batches])
        steps = np.repeat([b[1] for b in self._batches], sizes)
        data = {
            "world": self.worlds[local],
            "date": self.calendar.dates(steps).astype("datetime64[s]"),
            "actor": np.repeat([b[2] for b in self._batches], sizes),
            "event": np.repeat([b[3] for b in self._batches], sizes),
            "detail": np.repeat([b[4] for b in self._batches], sizes),
            "p": np.concatenate([_column(b[5], b[0].size) for b in self._batches]),
        }
        for f in FACTORS:
            data[f"f_{f}"] = np.concatenate([_column(b[6].get(f), b[0].size) for b in self._batches])
        df = pd.DataFrame(data)
        order = np.lexsort((np.arange(len(df)), df["date"].to_numpy(), df["world"].to_numpy()))
        return df.iloc[order].reset_index(drop=True)


def _column(values, size: int) -> np.ndarray:
    if values is None:
        return np.full(size, np.nan)
    return np.broadcast_to(np.asarray(values, dtype=float), (size,))


def _empty() -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series(dtype="float64") for c in COLUMNS})
    df["world"] = df["world"].astype("int64")
    df["date"] = df["date"].astype("datetime64[s]")
    for c in ("actor", "event", "detail"):
        df[c] = df[c].astype(object)
    return df
