"""The event log of a run: what happened in which world on which date, and why.

Rows are added a batch at a time (one batch = one kind of event in one week, for every
world where it happened), so logging costs a few array operations per week, not a
Python call per world. :meth:`EventLog.frame` assembles the tidy table written to
``events.parquet``. Its columns are data, never prose (the chronicle writes the prose):

``world, date``
    the world and the first day of the week;
``actor, event``
    who acted and what happened (categories declared in :mod:`sim.world.vocabulary`);
``option``
    the option chosen by a decision, or the result of a battle (else null);
``forced``
    whether an intervention of the scenario forced the decision;
``party``
    the party of a treaty act (who denounced or broke the pact; else null);
``amount``
    how much a decision moved (divisions put on the railway; else NaN);
``p``
    the probability with which a decision drew its option (NaN for other events);
``f_<factor>``
    for a decision, each factor's contribution to the log-odds of the chosen option over
    the option it replaced (NaN where the factor does not score that decision).

Strings are categorical (dictionary-encoded in Parquet) and numbers float32 (the
probabilities and contributions are read, not computed on), which keeps the table
small and fast to build.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .vocabulary import ACTORS, FACTORS, LOG_EVENTS, LOG_OUTCOMES, PARTIES

NUMBERS = ["amount", "p"] + [f"f_{f}" for f in FACTORS]
"""The float32 columns of the log."""
COLUMNS = ["world", "date", "actor", "event", "option", "forced", "party", *NUMBERS]
CATEGORIES = {"actor": ACTORS, "event": LOG_EVENTS, "option": LOG_OUTCOMES, "party": PARTIES}
"""The declared categories of the log's string columns (Parquet keeps only those used)."""
_CODE = {column: {name: i for i, name in enumerate(names)} for column, names in CATEGORIES.items()}


class EventLog:
    """Collects event batches for a set of worlds."""

    def __init__(self, worlds: np.ndarray, calendar) -> None:
        self.worlds = worlds
        self.calendar = calendar
        self._batches: list[tuple] = []

    def add(self, step, actor, event, where, *, option=None, forced=False, party=None, amount=None,
            p=None, factors=None) -> None:
        """Record ``event`` of ``actor`` for the worlds ``where`` (a mask or local indices)."""
        where = np.asarray(where)
        idx = np.flatnonzero(where) if where.dtype == bool else where
        if idx.size == 0:
            return
        codes = {"actor": actor, "event": event, "option": option, "party": party}
        try:
            codes = {k: -1 if v is None else _CODE[k][v] for k, v in codes.items()}
        except KeyError as e:
            raise KeyError(f"{e.args[0]!r} is not declared in sim/world/vocabulary ({actor}.{event})") from None
        unknown = set(factors or ()) - set(FACTORS)
        if unknown:
            raise KeyError(f"unknown decision factors {sorted(unknown)}; declare them in sim/world/vocabulary")
        self._batches.append((idx, step, codes, bool(forced), amount, p, factors or {}))

    def frame(self) -> pd.DataFrame:
        """The log as a table sorted by world and date (stable within a week)."""
        sizes = np.array([b[0].size for b in self._batches], dtype=np.int64)
        total = int(sizes.sum())
        ends = np.cumsum(sizes)
        starts = ends - sizes
        local = np.concatenate([b[0] for b in self._batches]) if total else np.zeros(0, np.int64)
        world = self.worlds[local].astype(np.int64)
        # Batches arrive week by week, so a stable sort by world alone orders by world,
        # then date, then the order of logging (numpy's stable sort of integers is a radix sort).
        order = np.argsort(world, kind="stable")

        def per_row(per_batch, dtype):
            return np.repeat(np.array(per_batch, dtype=dtype), sizes)[order]

        steps = per_row([b[1] for b in self._batches], np.int64)
        data = {"world": world[order], "date": self.calendar.dates(steps).astype("datetime64[s]")}
        for column, names in CATEGORIES.items():
            codes = per_row([b[2][column] for b in self._batches], np.int16)
            data[column] = pd.Categorical.from_codes(codes, categories=list(names))
        data["forced"] = per_row([b[3] for b in self._batches], bool)
        # The numbers go into one float32 array, a row per column, which becomes the table's
        # float block as it is (separate columns would be copied into one: ~25 MB at 10,000 worlds).
        numbers = np.full((len(NUMBERS), total), np.nan, dtype=np.float32)
        row = {column: i for i, column in enumerate(NUMBERS)}
        for (lo, hi, batch) in zip(starts, ends, self._batches):
            for column, at in (("amount", 4), ("p", 5)):
                if batch[at] is not None:
                    numbers[row[column], lo:hi] = batch[at]
            for f, values in batch[6].items():
                numbers[row[f"f_{f}"], lo:hi] = values
        numbers = pd.DataFrame(numbers[:, order].T, columns=NUMBERS, copy=False)
        return pd.concat([pd.DataFrame(data), numbers], axis=1)
