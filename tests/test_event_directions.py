"""Every exogenous lever moves what it drives, the way the record says it should.

Each catalogued event is switched off (or, for a battle, its outcome switched) on paired
worlds, and the effect on the outcome it drives must point the way the historical record
implies. This pins the instrument's direction, never the size of its answer: an event
whose direction the record does not settle is listed with the reason, and a new event must
be put in one table or the other.
"""

from __future__ import annotations

import numpy as np
import pytest

from sim.analysis import measure as measures
from sim.analysis.compare import compare
from sim.files.scenario import bundled_dir, load_scenario
from sim.world.vocabulary import EVENTS

WORLDS, SEED = 400, 1

DIRECTIONS = {
    # event: (what the scenario does to it, outcome, +1 more / later, -1 less / earlier, why)
    "barbarossa": ({"enabled": False}, "japan_attacks_ussr<1944-01-01", -1,
                   "without the German invasion there is no ripe persimmon: the Far East keeps its armies"),
    "conference_july_1941": ({"enabled": False}, "japan_north_posture<1941-09-01", -1,
                             "the July conference kept the north open after Barbarossa; without it the next "
                             "chance to turn north is September's"),
    "conference_september_1941": ({"enabled": False}, "japan_strikes_south<1941-11-15", +1,
                                  "without the September conference the embargo's week decides, and the strike "
                                  "comes in the autumn rather than after the conference's preparations"),
    "oil_embargo": ({"enabled": False}, "japan_strikes_south<1942-02-01", -1,
                    "the embargo's oil clock drove the southern strike (Imperial Conference, 6 Sep 1941)"),
    "moscow": ({"outcome": "falls"}, "japan_attacks_ussr<1944-01-01", +1,
               "a Soviet collapse in the west was Kantokuen's condition for the northern strike"),
    "stalingrad": ({"outcome": "german_victory"}, "japan_north_posture<1944-01-01", +1,
                   "the Army waited for a German victory to turn north (the attack itself is too rare to read "
                   "on these worlds)"),
    "kursk": ({"outcome": "german_victory"}, "germany_surrenders<1945-06-01", -1,
              "a German victory at Kursk lengthens Germany's war"),
    "midway": ({"outcome": "japanese_victory"}, "concessions_returned<1944-04-01", -1,
               "a Japan not losing the Pacific war has less need of Soviet goodwill (the concessions were offered "
               "as the war turned); its surrender is timed by the bomb and the Soviet entry either way"),
    "guadalcanal": ({"outcome": "japanese_victory"}, "concessions_returned<1944-04-01", -1,
                    "holding the Solomons, likewise, leaves Japan less scared into courting the USSR"),
    "tehran": ({"enabled": False}, "ussr_attacks_japan<1945-09-01", -1,
               "without the promise of Tehran the USSR has one reason fewer to enter the Pacific war"),
    "yalta": ({"enabled": False}, "ussr_attacks_japan<1945-09-01", -1,
              "Yalta's Far Eastern clauses set the Soviet entry's price and date"),
    "oil_campaign": ({"enabled": False}, "germany_surrenders<1945-06-01", -1,
                     "the bombing of German synthetic oil shortened Germany's war (USSBS)"),
    "d_day": ({"enabled": False}, "germany_surrenders<1945-06-01", -1,
              "without a western front Germany's war lasts longer"),
    "atomic_bomb": ({"enabled": False}, "japan_surrenders<1945-09-01", -1,
                    "the bombs are one of the shocks that brought Japan's surrender in August 1945"),
    "lend_lease": ({"enabled": False}, "germany_surrenders<1945-06-01", -1,
                   "Lend-Lease supplies strengthened the Soviet war effort against Germany"),
}
"""Events whose direction the record implies, with the outcome they drive."""

NO_DIRECTION = {
    "sorge_arrested": "the spy ring's end stops a signal that could have told Moscow either way; "
                      "its effect depends on what the signal said",
    "case_blue": "the summer offensive both weakens the USSR (a pull north for Japan) and spends "
                 "Germany's strength; the record does not say which prevailed for Japan",
    "german_surrender": "decided by the model (Germany's war capacity spent); switching it off is not a what-if",
}
"""Events with no direction the record settles, and why."""


def test_every_event_has_a_direction_or_a_reason_for_none():
    assert set(DIRECTIONS) | set(NO_DIRECTION) == set(EVENTS)
    assert not set(DIRECTIONS) & set(NO_DIRECTION)
    for name, (change, _, _, _) in DIRECTIONS.items():
        outcome = change.get("outcome")
        assert outcome is None or outcome in EVENTS[name].outcomes, (name, outcome)


@pytest.fixture(scope="module")
def effects(tmp_path_factory):
    """The paired effect of each event's switch: the what-if's share minus the baseline's."""
    folder = tmp_path_factory.mktemp("events")
    history = load_scenario(bundled_dir() / "historical.yaml")
    whatifs = []
    for name, (change, *_rest) in DIRECTIONS.items():
        body = ", ".join(f"{k}: {str(v).lower()}" for k, v in change.items())
        path = folder / f"switch_{name}.yaml"
        path.write_text(f"name: switch_{name}\ntitle: {name} switched\nextends: {bundled_dir() / 'historical.yaml'}\n"
                        f"events:\n  {name}: {{{body}}}\n", encoding="utf-8")
        whatifs.append(path)
    cmp = compare(history, whatifs, worlds=WORLDS, seed=SEED, progress=False)
    base = cmp.results["historical"].worlds.sort_values("world")
    out = {}
    for name, (_, outcome, _, _) in DIRECTIONS.items():
        m = measures.parse(outcome)
        runs = cmp.results[f"switch_{name}"].worlds.sort_values("world")
        diff = (m.per_world(runs, history.start, history.end) - m.per_world(base, history.start, history.end))
        out[name] = (float(np.mean(diff)), float(np.std(diff, ddof=1) / np.sqrt(len(diff))))
    return out


@pytest.mark.slow
@pytest.mark.parametrize("name", sorted(DIRECTIONS))
def test_each_event_moves_what_it_drives_the_way_the_record_says(effects, name):
    change, outcome, sign, why = DIRECTIONS[name]
    effect, se = effects[name]
    # The paired effect points the right way and is not noise: more than two standard errors.
    assert sign * effect > 2 * se, f"{name} {change}: {outcome} moved {effect:+.3f} (se {se:.3f}); expected {sign:+d}: {why}"
