"""The United States and the Pacific war: the conquest, the battles, the pressure and Japan's surrender."""

from __future__ import annotations

from .declare import define

PARAMS = (
    define("us.conquest_weeks", 22, "weeks", low=1,
           meaning="weeks of Japanese advance after a strike south",
           source="facts 1d: Singapore 15 Feb 1942; Midway June 1942"),

    define("us.pressure_growth", 2.6e-05, "1/week^2", low=0,
           meaning="growth of US pressure on Japan per week of Pacific war",
           source="calibrated: surrender Aug 1945",
           plausible=(2.3e-05, 2.9e-05),
           why="calibrated to Japan's surrender in Aug 1945",
           calibrated_to=("japan_surrenders",)),

    define("us.pressure_sd", 0.004, "1/week", low=0,
           meaning="weekly noise on the Pacific war",
           source="judgement"),

    define("us.midway_logit", 2.0, "logit",
           meaning="log-odds of a US victory at Midway when the model decides it",
           source="judgement; facts-2 §1a",
           plausible=(1.0, 3.0),
           why="Midway turned on codebreaking and luck; the odds are a judgement"),

    define("us.midway_loss", 0.05, "index", low=0, high=1,
           meaning="fall in Japan's Pacific position with the carriers lost at Midway",
           source="facts-2 §1a: four fleet carriers, 322 aircraft",
           plausible=(0.03, 0.08),
           why="after Midway the Navy could no longer plan carrier operations (facts-2 §1a)"),

    define("us.solomons_weeks", 26, "weeks", low=1,
           meaning="length of a Guadalcanal-like campaign",
           source="facts-2 §1a: 7 Aug 1942 - 9 Feb 1943"),

    define("us.setback_weeks", 16, "weeks", low=0,
           meaning="weeks the US counteroffensive is set back by each battle Japan wins (Midway, the Solomons)",
           source="judgement; facts-2 §1a (what Midway and the Solomons cost each side)",
           plausible=(8, 26),
           why="a lost Midway or Solomons campaign would have cost the US the ships that held the line until its "
               "wartime construction arrived; how many weeks is a judgement, between a season and half a year"),

    define("us.guadalcanal_logit", 2.0, "logit",
           meaning="log-odds that Japan loses the Solomons campaign when the model decides it",
           source="judgement; facts-2 §1a",
           plausible=(1.0, 3.0),
           why="a judgement"),

    define("us.solomons_loss", 0.05, "index", low=0, high=1,
           meaning="fall in Japan's Pacific position when it loses the Solomons campaign",
           source="facts-2 §1a: 38 ships, 683-880 aircraft, 25-31k dead",
           plausible=(0.03, 0.08),
           why="the campaign's losses are recorded, its worth in 'position' is a judgement"),

    define("us.solomons_burden", 1.0, "1", low=0,
           meaning="extra Pacific burden while the Solomons campaign drains ships and divisions",
           source="facts-2 §1a: AGS asked 370-550 kt of shipping and a Kwantung division, Nov-Dec 1942",
           plausible=(0.5, 1.5),
           why="the shipping dispute of Nov-Dec 1942 (facts-2 §1a); its weight is a judgement"),

    define("us.burden_per_loss", 2.0, "1", low=0,
           meaning="extra Pacific burden per unit of lost Pacific position",
           source="facts-2 §1b: ships lost 203 (1942), 437 (1943), 969 (1944)",
           plausible=(1.0, 3.0),
           why="shipping losses doubled each year (facts-2 §1b); how they weighed on a northern plan is a judgement"),

    define("us.siege_level", 0.25, "index", low=0.01, high=1,
           meaning="Japanese position below which surrender is considered",
           source="judgement"),

    define("us.surrender_logit", -5.5, "logit",
           meaning="weekly log-odds of surrender once a driver has come (a siege, a bomb, Soviet forces in Manchukuo)",
           source="judgement",
           plausible=(-6.0, -5.0),
           why="calibrated to Japan's surrender in 1945; low enough that one shock alone rarely ends the war within weeks",
           calibrated_to=("japan_surrenders",)),

    define("us.w_siege", 3.0, "logit", low=0,
           meaning="rise in those log-odds from the siege's depth",
           source="judgement",
           plausible=(2.0, 4.0),
           why="a judgement"),

    define("us.bomb_on_germany", 0.5, "1", low=0, high=1,
           meaning="chance that the first atomic bomb falls on Germany when Germany and Japan are both still at war",
           source="facts 5 [DISAGREE]: Roosevelt 'perfectly prepared' to use it on Germany (Groves) vs 'always expected to be Japan'",
           plausible=(0.0, 1.0),
           why="the sources disagree whether it would have been used on Germany (facts 5); the record never had to choose, Germany having surrendered three months before"),

    define("us.bomb_shock", 3.0, "logit", low=0,
           meaning="extra log-odds of surrender in the weeks after an atomic bombing",
           source="facts 1d",
           plausible=(2.0, 4.0),
           why="Hiroshima to the broadcast took nine days (facts 1d), with the Soviet entry in between"),

    define("us.w_manchuria_lost", 2.0, "logit", low=0,
           meaning="extra log-odds of surrender as Soviet forces take Manchuria (full once the front passes Manchuria's depth)",
           source="facts 4: Hasegawa (the Soviet entry mattered as much as the bombs); facts 2e (August Storm, 11-12 days)",
           plausible=(1.0, 3.0),
           why="the Kwantung Army's collapse ended the hope of Soviet mediation and of a last battle (facts 4); its weight against the bombs is disputed"),

    define("us.soviet_entry_shock", 2.5, "logit", low=0,
           meaning="extra log-odds of surrender once the USSR is at war with Japan",
           source="facts 4: Hasegawa",
           plausible=(1.5, 3.5),
           why="Hasegawa weighs the entry as much as the bombs (facts 4); others less"),
)
