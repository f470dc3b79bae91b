"""Germany's war in the east and west: its success, its capacity and the decisive battles."""

from __future__ import annotations

from .declare import define

PARAMS = (
    define("germany.success_barbarossa", 0.3, "index",
           meaning="German success index on the day of Barbarossa",
           source="judgement"),

    define("germany.advance_per_week", 0.02, "index/week",
           meaning="growth of German success during an offensive",
           source="judgement",
           plausible=(0.015, 0.025),
           why="how fast the advance read as success; constrained by the 1941 transfers",
           calibrated_to=("west_1941",)),

    define("germany.success_victory", 1.0, "index", low=0,
           meaning="rise in German success with a decisive victory",
           source="judgement"),

    define("germany.success_defeat", 0.9, "index", low=0,
           meaning="fall in German success with a decisive defeat",
           source="judgement"),

    define("germany.kursk_weight", 0.5, "1", low=0, high=1,
           meaning="size of Kursk against Moscow and Stalingrad, in success, capacity and Soviet losses",
           source="facts 2g: Kursk losses smaller than Stalingrad's"),

    define("germany.endurance", 1.0, "index", low=0,
           meaning="German war capacity at the start of Barbarossa",
           source="normalisation"),

    define("germany.east_attrition", 0.0015, "1/week", low=0,
           meaning="weekly loss of capacity against the Soviet force at its June 1941 strength",
           source="calibrated: surrender ~May 1945 (facts 1d)",
           plausible=(0.00145, 0.00155),
           why="calibrated with the other attrition rates to the German surrender",
           calibrated_to=("germany_surrenders",)),

    define("germany.west_attrition", 0.004, "1/week", low=0,
           meaning="weekly loss of capacity once the western front is open",
           source="calibrated; facts 5 (481,400 t of bombs in H2 1944)",
           plausible=(0.0035, 0.0045),
           why="calibrated with the other attrition rates to the German surrender: wider ranges move it by months",
           calibrated_to=("germany_surrenders",)),

    define("germany.oil_attrition", 0.002, "1/week", low=0,
           meaning="weekly loss of capacity once the oil plants are bombed",
           source="facts 5: synthetic fuel 316 kt/month before, 17 kt in Sep 1944",
           plausible=(0.0015, 0.0025),
           why="the oil campaign cut fuel by 95% in four months (facts 5); what that did to war capacity is a judgement"),

    define("germany.attrition_sd", 0.002, "1/week", low=0,
           meaning="weekly noise on the loss of capacity",
           source="judgement"),

    define("germany.bomb_loss", 0.5, "index", low=0,
           meaning="capacity Germany loses if an atomic bomb falls on it",
           source="facts 5 [DISAGREE]: Roosevelt 'perfectly prepared' to use it on Germany (Groves) vs 'always expected to be Japan'",
           plausible=(0.0, 1.0),
           why="the sources disagree whether it would have been used on Germany (facts 5)"),

    define("germany.moscow_logit", -1.2, "logit",
           meaning="log-odds that Moscow falls with no Far Eastern reinforcement",
           source="judgement; facts 4 (Toland)",
           plausible=(-1.6, -0.8),
           why="the Siberian-divisions dispute (facts 2b, 4): how close Moscow came is argued"),

    define("germany.per_division", -0.12, "logit/div",
           meaning="change in the log-odds of a German victory per Far Eastern division arrived in the west since the offensive began",
           source="judgement; facts 2b (8-18 divisions at Moscow)",
           plausible=(-0.16, -0.08),
           why="only 8 FE divisions fought at Moscow by one count, 18 moved by another (facts 2b)"),

    define("germany.stalingrad_logit", -3.0, "logit",
           meaning="log-odds of a German victory at Stalingrad",
           source="judgement",
           plausible=(-3.5, -2.5),
           why="a judgement; the what-if fixes the outcome instead"),

    define("germany.kursk_logit", -2.5, "logit",
           meaning="log-odds of a German victory at Kursk",
           source="judgement; facts 2g (1.9M Soviet against 0.78M German)",
           plausible=(-3.0, -2.0),
           why="the odds at Kursk were long (facts 2g)"),

    define("germany.momentum", 1.5, "logit",
           meaning="extra log-odds of German victory after an earlier German victory",
           source="judgement",
           plausible=(0.5, 2.0),
           why="a judgement with no source"),

    define("germany.victory_gain", 0.15, "index", low=0,
           meaning="capacity Germany gains from a decisive victory (Soviet resources taken, losses avoided)",
           source="judgement",
           plausible=(0.05, 0.25),
           why="a German victory delays the end by months to a year or more; no source measures it"),

    define("germany.defeat_loss", 0.12, "index", low=0,
           meaning="capacity Germany loses in a decisive defeat",
           source="facts 1d: Stalingrad, ~91k prisoners of 220-290k encircled",
           plausible=(0.1, 0.14),
           why="Stalingrad cost a whole army (facts 1d); its share of German capacity is a judgement"),

    define("germany.soviet_loss", 25, "div", low=0,
           meaning="Soviet divisions lost in a decisive German victory",
           source="judgement",
           plausible=(15, 35),
           why="a judgement with no source"),
)
