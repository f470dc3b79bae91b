"""Treaty law: Article 3 of the Neutrality Pact, checked week by week."""

from __future__ import annotations

import dataclasses
import datetime as dt

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sim.world.calendar import NEVER
from sim.world.pact import PACT_TERMS, PactTerms, Treaty, add_years

TERMS = PactTerms()  # signed 13 Apr 1941, ratified 25 Apr 1941, 5 years, 1 year notice


def in_force_on(day: dt.date, n: int = 1) -> Treaty:
    treaty = Treaty(TERMS, n, TERMS.signed)
    treaty.advance(day)
    return treaty


def test_enters_into_force_on_ratification_not_signature():
    treaty = Treaty(TERMS, 1, TERMS.signed)
    treaty.advance(dt.date(1941, 4, 20))
    assert not treaty.in_force[0]
    acts = treaty.advance(dt.date(1941, 4, 25))
    assert treaty.in_force[0] and acts["in_force"][0]
    assert dt.date.fromordinal(int(treaty.expiry[0])) == dt.date(1946, 4, 25)


def test_denunciation_window_closes_one_year_before_expiry():
    treaty = in_force_on(dt.date(1941, 5, 1))
    assert treaty.may_denounce(dt.date(1945, 4, 25))[0]
    assert not treaty.may_denounce(dt.date(1945, 4, 26))[0]
    done = treaty.denounce(np.array([True]), "ussr", step=5, day=dt.date(1945, 4, 26))
    assert not done[0] and treaty.denounced[0] == NEVER


def test_denounced_pact_stays_in_force_until_expiry_then_lapses():
    treaty = in_force_on(dt.date(1941, 5, 1))
    assert treaty.denounce(np.array([True]), "ussr", step=207, day=dt.date(1945, 4, 5))[0]
    assert treaty.denounced_by[0] == 2
    treaty.advance(dt.date(1946, 4, 24))
    assert treaty.in_force[0]
    acts = treaty.advance(dt.date(1946, 4, 25))
    assert acts["lapsed"][0] and not treaty.in_force[0]


def test_cannot_denounce_twice():
    treaty = in_force_on(dt.date(1941, 5, 1))
    treaty.denounce(np.array([True]), "ussr", 1, dt.date(1942, 1, 1))
    assert not treaty.may_denounce(dt.date(1942, 2, 1))[0]


def test_prolonged_automatically_when_not_denounced():
    treaty = in_force_on(dt.date(1941, 5, 1))
    acts = treaty.advance(dt.date(1946, 4, 25))
    assert acts["prolonged"][0] and treaty.in_force[0]
    assert dt.date.fromordinal(int(treaty.expiry[0])) == dt.date(1951, 4, 25)
    assert treaty.may_denounce(dt.date(1950, 4, 25))[0]
    assert not treaty.may_denounce(dt.date(1950, 4, 26))[0]


def test_breach_only_while_in_force_and_ends_the_pact():
    treaty = in_force_on(dt.date(1941, 5, 1), n=2)
    hit = treaty.breach(np.array([True, False]), "japan", step=20)
    assert hit.tolist() == [True, False]
    assert treaty.breached_by.tolist() == [1, 0]
    assert treaty.in_force.tolist() == [False, True]
    again = treaty.breach(np.array([True, False]), "ussr", step=21)
    assert not again.any() and treaty.breached_by[0] == 1


def test_no_pact_means_nothing_to_denounce_or_breach():
    treaty = Treaty(None, 3, TERMS.signed)
    treaty.advance(dt.date(1942, 1, 1))
    assert not treaty.in_force.any()
    assert not treaty.may_denounce(dt.date(1942, 1, 1)).any()
    assert not treaty.breach(np.ones(3, dtype=bool), "ussr", 1).any()


def test_terms_are_checked_at_construction():
    with pytest.raises(ValueError, match="ratified .* is before signed"):
        PactTerms(signed=dt.date(1941, 4, 13), ratified=dt.date(1941, 4, 1))
    with pytest.raises(ValueError, match="notice_years must not exceed term_years"):
        PactTerms(term_years=1, notice_years=2)


def test_every_term_of_the_pact_says_what_it_means():
    assert list(PACT_TERMS) == [f.name for f in dataclasses.fields(PactTerms)]
    assert all(PACT_TERMS.values())


days = st.dates(min_value=dt.date(1941, 4, 25), max_value=dt.date(1960, 12, 31))


@pytest.mark.slow
@settings(max_examples=200, deadline=None)
@given(denounce_on=days, check_on=days, term=st.integers(1, 10), notice=st.integers(0, 1))
def test_treaty_law_invariants(denounce_on, check_on, term, notice):
    """Whatever the dates: a lawful denunciation happens only in the window, and the
    denounced pact is in force exactly until its current expiry."""
    terms = PactTerms(term_years=term, notice_years=notice)
    treaty = Treaty(terms, 1, terms.signed)
    # walk the calendar to the denunciation day, as the model does week by week
    day = terms.ratified
    while day < denounce_on:
        treaty.advance(day)
        day += dt.timedelta(days=7)
    treaty.advance(denounce_on)
    expiry = dt.date.fromordinal(int(treaty.expiry[0]))
    lawful = denounce_on <= add_years(expiry, -notice)
    done = treaty.denounce(np.array([True]), "japan", 0, denounce_on)[0]
    assert done == lawful
    if done:
        later = max(check_on, denounce_on)
        treaty.advance(later)
        assert treaty.in_force[0] == (later < expiry)
