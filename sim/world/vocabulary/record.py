"""The record: what each outcome was in our history, as a window a simulated world can
meet, with its source.

A world **matches the record up to a date** when every fact whose historical event lies
before that date holds in it (:mod:`sim.analysis.given` reads it). A fact names its outcome
column by name, so a new outcome joins the record by one entry here; an outcome the record
does not pin down is listed in :data:`NOT_RECORDED` with the reason, and a test checks
that every outcome is in one of the two.

The windows are those of the calibration targets (:mod:`sim.analysis.calibration`): a
world is read as having "lived our history" when its event falls where a target of the
record allows it, not on the day itself, which no model of weekly steps could hit.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass


@dataclass(frozen=True)
class Fact:
    """What the record says about one outcome, in exactly one of four forms.

    ``window`` (a date column happened within these dates, inclusive), ``never`` (a date
    column did not happen; read up to a date, it did not happen before it), ``values``
    (a number column within this range, inclusive) or ``equals`` (a bool or party column
    had this value). ``at`` is the date of the historical event, which decides whether
    the fact belongs to the record up to a date; a ``never`` fact has none and always
    belongs, read up to that date.
    """

    outcome: str
    source: str
    at: dt.date | None = None
    window: tuple[dt.date, dt.date] | None = None
    never: bool = False
    values: tuple[float, float] | None = None
    equals: bool | str | None = None

    def __post_init__(self) -> None:
        forms = (self.window is not None, self.never, self.values is not None, self.equals is not None)
        if sum(forms) != 1:
            raise ValueError(f"record of {self.outcome}: give exactly one of window, never, values, equals")
        if self.never != (self.at is None):
            raise ValueError(f"record of {self.outcome}: a dated fact needs `at`; a `never` fact has none")


def _d(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


def _window(start: str, end: str) -> tuple[dt.date, dt.date]:
    return _d(start), _d(end)


RECORD: tuple[Fact, ...] = (
    Fact("japan_decides_south", "facts 1b: the Imperial Conference of 6 Sep 1941 (its week begins 31 Aug)",
         _d("1941-09-06"), window=_window("1941-08-31", "1941-11-30")),
    Fact("japan_strikes_south", "facts 1b: Pearl Harbor 7 Dec 1941", _d("1941-12-07"),
         window=_window("1941-11-01", "1942-01-31")),
    Fact("japan_attacks_ussr", "facts 1b, 1d: Kantokuen cancelled; the 1943 refusal; the pact kept", never=True),
    Fact("moscow_falls", "facts 1b: the counteroffensive of 5 Dec 1941", _d("1941-12-05"), equals=False),
    Fact("soviet_divisions_west_1941", "facts 2b: 18 divisions, 22 Jun - 5 Dec 1941", _d("1941-12-31"),
         values=(12, 24)),
    Fact("stalingrad_german_victory", "facts 1d: Operation Uranus, 19 Nov 1942", _d("1942-11-19"), equals=False),
    Fact("kursk_german_victory", "facts 1d: Kursk, Jul 1943", _d("1943-07-05"), equals=False),
    Fact("soviet_divisions_west_from_mid_1943", "facts 2a: no large transfers west after mid-1943 (Hayashi)",
         _d("1945-05-08"), values=(0, 2)),
    Fact("concessions_returned", "facts 1d, 3: the North Sakhalin concessions returned, 30 Mar 1944", _d("1944-03-30"),
         window=_window("1943-07-01", "1944-12-31")),
    Fact("pact_denounced", "facts 1a: Molotov's note to Sato, 5 Apr 1945", _d("1945-04-05"),
         window=_window("1945-02-11", "1945-04-25")),
    Fact("pact_denounced_by", "facts 1a: the USSR denounces", _d("1945-04-05"), equals="ussr"),
    Fact("pact_prolonged", "facts 1a: denounced before the deadline of 13 Apr 1945", _d("1945-04-13"),
         equals=False),
    Fact("germany_surrenders", "facts 1d: 8 May 1945", _d("1945-05-08"), window=_window("1945-03-01", "1945-07-31")),
    Fact("ussr_attacks_japan", "facts 1a: the Manchurian operation, 9 Aug 1945", _d("1945-08-09"),
         window=_window("1945-06-01", "1945-10-31")),
    Fact("pact_breached_by", "facts 1a: the Soviet attack of 9 Aug 1945, before expiry", _d("1945-08-09"),
         equals="ussr"),
    Fact("declaration_broken_by", "facts 1a: Soviet forces entered Manchukuo on 9 Aug 1945", _d("1945-08-09"),
         equals="ussr"),
    Fact("japan_surrenders", "facts 1d: the Emperor's broadcast, 15 Aug 1945", _d("1945-08-15"),
         window=_window("1945-07-01", "1945-12-31")),
    Fact("soviet_japanese_armistice", "facts 1a, 1d: the war ended with Japan's surrender", _d("1945-08-15"),
         equals=False),
    Fact("ussr_gains_manchuria", "facts 2e: August Storm", _d("1945-09-02"), equals=True),
    Fact("ussr_gains_sakhalin_south", "facts 1d: Yalta terms, southern Sakhalin taken", _d("1945-09-02"),
         equals=True),
    Fact("japan_gains_maritime_province", "facts 1b: no Japanese offensive in the north", _d("1945-09-02"),
         equals=False),
)
"""The record, in the order of its historical events."""

NOT_RECORDED: dict[str, str] = {
    "japan_north_posture": "the model's northern posture is a full commitment; Kantokuen's partial mobilisation "
                           "of July 1941 is not one, so the record gives no date to match",
    "soviet_divisions_west_1942": "the record gives a lower bound only (7 rifle divisions and 3 brigades)",
    "ussr_gains_korea_north": "the map ends the war where the fronts stand; the 38th parallel was agreed, "
                              "not fought for",
    "ussr_gains_kurils": "the Kurils were taken after the surrender (18 Aug - 1 Sep 1945), which the model ends at",
}
"""Outcomes left out of the record, each with the reason."""
