"""Outcome measures: parsing what a seminar writes, and counting worlds the honest way."""

from __future__ import annotations

import datetime as dt

import numpy as np
import pandas as pd
import pytest

from sim.analysis.measure import MeasureError, parse, words

START, END = dt.date(1941, 4, 13), dt.date(1946, 4, 13)


@pytest.fixture
def worlds():
    return pd.DataFrame({
        "japan_attacks_ussr": pd.to_datetime(["1943-06-01", None, "1944-03-01", "1941-09-10"]).astype("datetime64[s]"),
        "moscow_falls": [True, False, False, False],
        "pact_breached_by": pd.Series(["japan", "none", "ussr", "japan"], dtype="string"),
        "soviet_divisions_west_1941": [10.0, 20.0, 30.0, 40.0],
    })


def test_a_date_that_never_comes_is_not_before_and_is_after(worlds):
    assert parse("japan_attacks_ussr<1944-01-01").per_world(worlds, START, END).tolist() == [1, 0, 0, 1]
    assert parse("japan_attacks_ussr>1944-01-01").per_world(worlds, START, END).tolist() == [0, 1, 1, 0]


def test_a_date_column_alone_is_a_median_censored_at_the_end(worlds):
    m = parse("japan_attacks_ussr")
    days = m.per_world(worlds, START, END)
    assert m.unit == "days" and days[1] == (END - START).days
    assert m.summarise(days) == np.median(days)


def test_shares_of_booleans_names_and_numbers(worlds):
    assert parse("moscow_falls").per_world(worlds, START, END).mean() == 0.25
    assert parse("moscow_falls==false").per_world(worlds, START, END).tolist() == [0, 1, 1, 1]
    assert parse("pact_breached_by==japan").per_world(worlds, START, END).tolist() == [1, 0, 0, 1]
    assert parse("soviet_divisions_west_1941>25").per_world(worlds, START, END).tolist() == [0, 0, 1, 1]
    assert parse("soviet_divisions_west_1941").unit == "mean"


@pytest.mark.parametrize("text, message", [
    ("japan_atacks_ussr<1944-01-01", r"'japan_atacks_ussr' is not an outcome column; did you mean 'japan_attacks_ussr'\?"),
    ("japan_attacks_ussr<1944-02-30", r"'1944-02-30' is not a date; expected YYYY-MM-DD"),
    ("japan_attacks_ussr<", r"expected COLUMN, COLUMN<DATE"),
    ("moscow_falls<1942-01-01", r"moscow_falls is a bool column; expected < or > only on a date"),
    ("moscow_falls==maybe", r"moscow_falls is true or false; got 'maybe'"),
    ("pact_breached_by==germany", r"pact_breached_by is one of japan, ussr, none; got 'germany'"),
    ("pact_breached_by", r"pact_breached_by holds names; expected pact_breached_by==VALUE"),
    ("japan_attacks_ussr==1943-01-01", r"japan_attacks_ussr is a date; expected"),
])
def test_bad_outcomes_name_what_is_wrong(text, message):
    with pytest.raises(MeasureError, match=message):
        parse(text)


def test_outcomes_in_words():
    assert words(parse("japan_attacks_ussr<1944-01-01")) == "Japan attacks the USSR before 1 January 1944"
    assert words(parse("moscow_falls")) == "Moscow falls"
    assert words(parse("pact_breached_by==japan")) == "Japan breaks the pact"
    assert words(parse("pact_breached_by==none")) == "no one breaks the pact"
    assert words(parse("moscow_falls==false")) == "not (Moscow falls)"
