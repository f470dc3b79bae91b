"""How governments decide, whoever they are: the treaty's pull, reconsidering a decision, the season."""

from __future__ import annotations

from .declare import define

PARAMS = (
    define("treaty.denounced_breach_share", 0.5, "1", low=0, high=1,
           meaning="share of the breach cost left once the pact has been denounced",
           source="judgement; facts 1a (a denounced pact stays in force)",
           plausible=(0.3, 0.7),
           why="a denounced pact still bound until 1946 (facts 1a), yet the Soviet note made the attack expected"),

    define("treaty.due_ramp_power", 5.0, "1", low=0.1,
           meaning="how sharply a dated commitment's pull rises towards its date",
           source="judgement",
           plausible=(3.5, 6.5),
           why="a promise for 'two or three months after' pulls little at first; the shape is a judgement"),

    define("decision.reconsider_logit", 0.5, "logit", low=0.05,
           meaning="change in an option's utility that makes a government reconsider a decision",
           source="judgement",
           plausible=(0.3, 0.8),
           why="decisions were reconsidered at conferences when the war changed (facts 1b: 22 Jun, 2 Jul, 6 Sep 1941); the threshold is a judgement"),

    define("season.coldest_day", 32, "day of year", low=1, high=366,
           meaning="the depth of the Far Eastern off-season, cold and thaw together (severity 1; half a year later 0)",
           source="judgement; facts 1b (Kantokuen: start 10 Sep, deadline mid-October), facts 1d (Sugiyama: no offensive 'until this summer')",
           plausible=(20, 45),
           why="the coldest weeks fall in January and the spring thaw delays campaigning into May, so the off-season is centred a little after midwinter; the plans put the window in summer and early autumn (facts 1b, 1d)"),
)
