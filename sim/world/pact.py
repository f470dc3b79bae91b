"""Treaties as law: the Soviet-Japanese Neutrality Pact and agreements of the same kind.

The Neutrality Pact of 13 April 1941 (sources §1a), Article 3: in force from ratification
for five years; if neither party denounces it one year before the term expires, it is
prolonged automatically for the next five years. A denounced pact stays in force until
its term expires. An attack by one party on the other while the pact is in force is a
breach, and ends it.

A joint declaration was signed with the pact (sources §1a): the USSR would respect the
territorial integrity and inviolability of Manchukuo, Japan those of the Mongolian
People's Republic. It has no term and no clause for denunciation, so a denounced or
expired pact does not end it; :meth:`Treaty.break_declaration` records who broke it.
Only the Soviet side is on the model's map (a Soviet advance into Manchukuo); the
model's northern war is fought on the Soviet Far East's fronts, not through Mongolia.

The treaty's state is held per world, so the law applies to every world at once. The
agents do not bend it: :meth:`Treaty.may_denounce` is the filter on the USSR's
denunciation option, and :attr:`Treaty.in_force` prices an attack through each agent's
breach cost.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

from .calendar import NEVER
from .vocabulary import PARTIES
from .vocabulary.outcomes import other_party

# Party codes: ``breached_by``/``denounced_by`` hold 1 + the index in PARTIES, 0 for none.


def add_years(day: dt.date, years: int) -> dt.date:
    """``day`` moved by whole calendar years (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class PactTerms:
    """The terms of a neutrality pact (defaults: the 1941 text, sources §1a)."""

    signed: dt.date = dt.date(1941, 4, 13)
    ratified: dt.date = dt.date(1941, 4, 25)
    term_years: int = 5
    renewal_years: int = 5
    notice_years: int = 1

    def __post_init__(self) -> None:
        if self.ratified < self.signed:
            raise ValueError(f"ratified {self.ratified} is before signed {self.signed}")
        for name in ("term_years", "renewal_years", "notice_years"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name} must be >= 0, got {getattr(self, name)}")
        if self.notice_years > self.term_years:
            raise ValueError("notice_years must not exceed term_years")


PACT_TERMS = {
    "signed": "the day of signature (history: 13 April 1941)",
    "ratified": "in force from this day (history: 25 April 1941)",
    "term_years": "years in force from ratification (Article 3: five)",
    "renewal_years": "prolonged by this many years if not denounced in time (five)",
    "notice_years": "denunciation lawful only up to this many years before expiry (one)",
}
"""What each term of :class:`PactTerms` means (facts 1a), for help and docs."""


class Treaty:
    """The per-world state of a pact under its terms.

    Parameters
    ----------
    terms:
        The treaty text; ``None`` for a world without the pact.
    n:
        Number of worlds.
    start:
        The first day simulated: a pact whose terms were signed by then is signed from the
        start; one signed later binds only from its signing (:meth:`advance`).
    """

    def __init__(self, terms: PactTerms | None, n: int, start: dt.date) -> None:
        self.terms = terms
        self.n = n
        self.in_force = np.zeros(n, dtype=bool)
        self.started = np.zeros(n, dtype=bool)  # has entered into force at some point
        self.signed = np.full(n, terms is not None and terms.signed <= start)
        self.expiry = np.full(n, dt.date.max.toordinal(), dtype=np.int64)
        self.window_closes = self.expiry.copy()  # last day on which denunciation is lawful
        self.denounced = np.full(n, NEVER, dtype=np.int64)  # step
        self.denounced_by = np.zeros(n, dtype=np.int8)
        self.breached = np.full(n, NEVER, dtype=np.int64)
        self.breached_by = np.zeros(n, dtype=np.int8)
        self.prolonged = np.zeros(n, dtype=np.int64)  # how many automatic prolongations
        self.declaration_broken_by = np.zeros(n, dtype=np.int8)

    def advance(self, day: dt.date) -> dict[str, np.ndarray]:
        """Apply the calendar on ``day``: signature, entry into force, prolongation, lapse.

        Returns the masks of worlds where each happened (``in_force``, ``prolonged``,
        ``lapsed``) so that the model can log them.
        """
        t = self.terms
        none = np.zeros(self.n, dtype=bool)
        if t is None:
            return {"in_force": none, "prolonged": none, "lapsed": none}
        today = day.toordinal()
        self.signed |= today >= t.signed.toordinal()
        entered = ~self.started & (today >= t.ratified.toordinal())
        if entered.any():
            self.started |= entered
            self.in_force |= entered
            self._set_expiry(entered, add_years(t.ratified, t.term_years))
        due = self.in_force & (today >= self.expiry)
        lapsed = due & (self.denounced != NEVER)
        prolonged = due & (self.denounced == NEVER)
        self.in_force &= ~lapsed
        for old in np.unique(self.expiry[prolonged]):
            sel = prolonged & (self.expiry == old)
            self._set_expiry(sel, add_years(dt.date.fromordinal(int(old)), t.renewal_years))
            self.prolonged[sel] += 1
        return {"in_force": entered, "prolonged": prolonged, "lapsed": lapsed}

    def _set_expiry(self, mask: np.ndarray, expiry: dt.date) -> None:
        self.expiry[mask] = expiry.toordinal()
        self.window_closes[mask] = add_years(expiry, -self.terms.notice_years).toordinal()

    @property
    def binding(self) -> np.ndarray:
        """Worlds where the pact binds the parties' conduct: in force, or signed and awaiting
        ratification (a signatory does not defeat the object of a treaty it has just signed)."""
        return self.in_force | (self.signed & ~self.started)

    def may_denounce(self, day: dt.date) -> np.ndarray:
        """Worlds where a party may lawfully denounce on ``day``: in force, not yet
        denounced, and at least ``notice_years`` before expiry."""
        return self.in_force & (self.denounced == NEVER) & (day.toordinal() <= self.window_closes)

    def weeks_left_to_denounce(self, day: dt.date) -> np.ndarray:
        """Weeks until the denunciation window closes (negative once it has)."""
        return (self.window_closes - day.toordinal()) / 7.0

    def declaration_binds(self, party: str) -> np.ndarray:
        """Worlds where the declaration signed with the pact binds ``party``: signed, not yet
        broken, and the other party has not broken the pact by attacking first."""
        other = PARTIES.index(other_party(party)) + 1
        return self.signed & (self.declaration_broken_by == 0) & (self.breached_by != other)

    def break_declaration(self, mask: np.ndarray, party: str) -> np.ndarray:
        """``party``'s forces enter the territory it undertook to respect, in ``mask``: a
        breach where the declaration binds it. Returns where one happened."""
        hit = mask & self.declaration_binds(party)
        self.declaration_broken_by[hit] = PARTIES.index(party) + 1
        return hit

    def denounce(self, mask: np.ndarray, party: str, step: int, day: dt.date) -> np.ndarray:
        """Denounce in the worlds of ``mask`` where the law allows; returns where it did."""
        ok = mask & self.may_denounce(day)
        self.denounced[ok] = step
        self.denounced_by[ok] = PARTIES.index(party) + 1
        return ok

    def breach(self, mask: np.ndarray, party: str, step: int) -> np.ndarray:
        """``party`` attacks the other in ``mask``: a breach where the pact is in force.

        The pact ends in those worlds. Returns the worlds where a breach happened.
        """
        hit = mask & self.in_force
        self.breached[hit] = step
        self.breached_by[hit] = PARTIES.index(party) + 1
        self.in_force &= ~hit
        return hit


@dataclass(frozen=True)
class Commitment:
    """A Soviet promise to the Allies to enter the war on Japan after Germany's
    surrender, given at a dated conference: an agreement of the same kind as the pact,
    in force from that date in every world where the conference happens.

    ``weight`` names the parameter of its pull; ``due_weeks`` the parameter of the weeks
    after Germany's surrender at which it falls due (None: a promise in principle,
    due when the build-up is ready).
    """

    event: str
    weight: str
    due_weeks: str | None = None

    def given(self, model) -> bool:
        """Whether the promise has been given by the end of this week."""
        return model.passed(self.event)

    def pull(self, model) -> float:
        """The pull of the promise once given (0 before)."""
        return model.p(self.weight) * self.given(model)

    def due(self, model, weeks_since: np.ndarray, readiness: np.ndarray) -> np.ndarray:
        """How far the promise has fallen due, 0 to 1, ``weeks_since`` Germany's surrender:
        for a dated promise a ramp that steepens towards the date
        (``treaty.due_ramp_power``), for one in principle the build-up's ``readiness``."""
        if self.due_weeks is None:
            return readiness
        weeks = model.p(self.due_weeks)
        # a promise due "at once" (0 weeks) is fully due from the surrender on; clipping
        # before dividing keeps a promise due in a split second from overflowing
        ramp = np.divide(np.clip(weeks_since, 0.0, weeks), weeks, out=np.ones_like(weeks_since, dtype=float),
                         where=weeks > 0)
        return ramp ** model.p("treaty.due_ramp_power")


COMMITMENTS = (
    Commitment("tehran", "ussr.w_tehran"),
    Commitment("yalta", "ussr.w_yalta_timing", "ussr.yalta_weeks"),
)
"""Tehran (Nov 1943: war on Japan after Germany's defeat, in principle) and Yalta (Feb 1945:
two or three months after Germany's surrender, for a territorial price); facts 1d, facts-2 §3."""
