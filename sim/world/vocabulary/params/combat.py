"""Combat in Manchuria and the Far East: the Lanchester law, its multipliers, the fronts and the armistice."""

from __future__ import annotations

from .declare import define

PARAMS = (
    define("combat.lethality", 0.012, "1/day", low=0,
           meaning="men put out of action per day per enemy man of quality 1 (Lanchester square law; the same rate in any unit of force)",
           source="judgement; facts 5 (Engel a=0.054, b=0.011 per day)",
           plausible=(0.008, 0.016),
           why="Engel's Iwo Jima coefficients bracket it (facts-2 §5a); fits of Kursk show no constant law fits well (facts-2 §5b)"),

    define("combat.soviet_quality", 1.0, "1", low=0,
           meaning="combat quality of a Soviet soldier (the unit of quality)",
           source="normalisation"),

    define("combat.japan_quality", 1.0, "1", low=0,
           meaning="combat quality of a Japanese soldier of 1941, against a Soviet soldier",
           source="facts 2f: Nomonhan losses roughly equal",
           plausible=(0.8, 1.2),
           why="Nomonhan losses were roughly equal (facts 2f) at 1:1 to 4:1 odds"),

    define("combat.surprise", 1.5, "1", low=0,
           meaning="attacker's multiplier in the first weeks",
           source="judgement",
           plausible=(1.2, 1.8),
           why="a judgement"),

    define("combat.surprise_weeks", 2, "weeks", low=0,
           meaning="how long surprise lasts",
           source="judgement"),

    define("combat.winter", 0.6, "1", low=0, high=1,
           meaning="attacker's multiplier in deep winter (winter severity 1)",
           source="facts 1b: winter deadline",
           plausible=(0.4, 0.8),
           why="winter was the planners' deadline (facts 1b); its effect on fire is a judgement"),

    define("combat.logistics", 0.6, "1", low=0, high=1,
           meaning="share of the attacker's fire lost at the full depth of the theater",
           source="facts 4: one rail line would stall an advance (weak source); judgement",
           plausible=(0.4, 0.8),
           why="one railway (facts 4, weak); a judgement"),

    define("combat.front_speed", 0.25, "depth/week", low=0, high=1,
           meaning="largest weekly move of the main front",
           source="facts 2e: 11-12 days of main operation",
           calibrated_to=("manchuria_campaign",)),

    define("combat.sakhalin_speed", 0.5, "depth/week", low=0, high=2,
           meaning="largest weekly move of the Sakhalin front (by land, across the 50th parallel)",
           source="judgement: the land offensive across the 50th parallel, 11-25 Aug 1945 (the standard account, "
                  "not in the project's record): two weeks for the whole south",
           calibrated_to=("sakhalin_campaign",)),

    define("combat.islands_speed", 0.45, "depth/week", low=0, high=1,
           meaning="largest weekly move of the islands front (the Kurils, amphibious)",
           source="facts 1d: the Kurils taken 18 Aug-1 Sep 1945, two weeks for the chain",
           calibrated_to=("kurils_campaign",)),

    define("combat.naval_level", 0.5, "index", low=0.01, high=1,
           meaning="Japanese Pacific position below which the USSR can land on the islands",
           source="judgement; facts-2 §3 (Project Hula: landing ships from 1945)",
           plausible=(0.3, 0.7),
           why="the USSR had no landing fleet until Project Hula (facts-2 §3); a judgement"),

    define("combat.japan_objective", 0.6, "depth", low=0, high=1,
           meaning="Japan's halt line: how deep into the Soviet Far East it means to go (0.4 the Maritime Province, 0.85 Transbaikalia)",
           source="facts 1b, 2d, 3: Kantokuen phase 1, the Maritime Province and the Amur; Hokushin-ron to Lake Baikal",
           plausible=(0.45, 0.95),
           why="the plans range from the Maritime Province (1942 plan, phase 1) to Lake Baikal (Hokushin-ron)"),

    define("combat.ussr_objective", 0.8, "depth", low=0, high=1,
           meaning="the USSR's halt line: Manchuria and Korea to the 38th parallel",
           source="facts 1d, 2e: Yalta terms; August Storm"),

    define("combat.counter_objective", 0.2, "depth", low=0, high=1,
           meaning="how far a defender's counteroffensive goes past the border (0: it restores the border)",
           source="judgement; facts 2f (Nomonhan: the Soviets stopped at the border they claimed)",
           plausible=(0.0, 0.55),
           why="at Nomonhan the victors stopped at their claimed border (facts 2f); whether a Soviet counteroffensive in 1941-43 would have gone on into Manchuria (0.5) while fighting Germany is a judgement"),

    define("combat.stall_speed", 0.02, "depth/week", low=0, high=1,
           meaning="a front moving less than this stands still",
           source="judgement"),

    define("combat.armistice_logit", -5.0, "logit",
           meaning="weekly log-odds of an armistice while a front stands still",
           source="judgement; facts 2f (Nomonhan ended in a truce, 15 Sep 1939)",
           plausible=(-6.0, -4.0),
           why="Nomonhan ended by a truce two weeks after the fighting stopped (facts 2f); a judgement"),

    define("combat.w_stalemate", 3.0, "logit", low=0,
           meaning="rise in those log-odds as the stalemate lasts",
           source="judgement",
           plausible=(2.0, 4.0),
           why="a judgement"),

    define("combat.stalemate_weeks", 8, "weeks", low=1,
           meaning="stalemate after which the armistice pull is full",
           source="judgement"),

    define("combat.occupation_weeks", 3, "weeks", low=0,
           meaning="weeks the victor occupies after the other side's surrender",
           source="facts 1d: Kurils taken 18 Aug-1 Sep 1945"),
)
