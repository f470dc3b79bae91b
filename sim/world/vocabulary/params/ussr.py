"""The USSR's parameters: the Far East garrison and the railway, what Moscow sees of Japan, and the weights of its decisions."""

from __future__ import annotations

from .declare import define

PARAMS = (
    define("ussr.fe_men", 704, "k men", low=0,
           meaning="the Soviet Far East (Far Eastern Front and Transbaikal) at the start, in thousands of men",
           source="facts 2a: 703,714 men on 22 Jun 1941"),

    define("ussr.division_men", 23.5, "k men", low=0.1,
           meaning="men per Far Eastern rifle division with its share of the front's support units, as Japan counted divisions",
           source="facts 2a, 2c: 703,714 men for about 30 rifle divisions"),

    define("ussr.west_division_men", 6.8, "k men", low=0.1,
           meaning="men that leave the Far East with one division sent west",
           source="facts 2b: 18 divisions, about 123,000 men, 22 Jun - 5 Dec 1941"),

    define("ussr.east_division_men", 12.8, "k men", low=0.1,
           meaning="men that reach the Far East with one division sent east, with its share of the armies' support",
           source="facts 2e: 39 divisions and brigades, over 500,000 men, spring-summer 1945"),

    define("ussr.west_divisions", 170, "div", low=0,
           meaning="Soviet divisions facing Germany at the start",
           source="judgement"),

    define("ussr.west_growth_per_week", 0.4, "div/week", low=0,
           meaning="growth of the Soviet force facing Germany from mobilisation",
           source="judgement",
           plausible=(0.35, 0.45),
           why="a growth rate of the Red Army in the west; the calibration of Germany's end constrains it with the attrition rates",
           calibrated_to=("germany_surrenders",)),

    define("ussr.lend_lease_per_week", 0.05, "div/week", low=0,
           meaning="addition to the Soviet force facing Germany from Lend-Lease by the Pacific route, while the pact keeps it open",
           source="facts-2 §2: 8.2M t, about half of all Lend-Lease, via the Far East",
           plausible=(0.02, 0.1),
           why="half of all Lend-Lease tonnage came this way (facts-2 §2); what it was worth in divisions is a judgement"),

    define("ussr.fe_mobilisation_per_week", 6.0, "k men/week", low=0,
           meaning="local mobilisation in the Far East (replacements and new units) while the USSR is at war",
           source="facts 2a, 2b: 704k (Jun 1941) to 1.16M (Jan 1944) while about 180k left in 1941 and more in 1942",
           plausible=(5.0, 7.0),
           why="the garrison held its strength in 1941 while divisions left (facts 2a, modelling note) and grew to 1.16M by Jan 1944; the rate between is not recorded",
           calibrated_to=("far_east_1944",)),

    define("ussr.fe_max", 1163, "k men", low=0,
           meaning="ceiling of the Far East garrison from local mobilisation",
           source="facts 2a: 1,162,991 men on 1 Jan 1944; no later growth is recorded before the transfers east of 1945 (facts 2e)"),

    define("ussr.fe_floor", 350, "k men", low=0,
           meaning="the USSR never strips the Far East below this",
           source="judgement",
           plausible=(250, 450),
           why="the 1941 transfers left the garrison at its strength (facts 2a); where Stalin would have stopped is unknown"),

    define("ussr.rail_capacity_per_week", 3.0, "div/week", low=0,
           meaning="divisions the Trans-Siberian railway moves in a week, either way",
           source="facts 2b, 2e: 39 divisions and brigades east in ~3 months of 1945"),

    define("ussr.rail_transit_weeks", 3, "weeks", low=1, high=26,
           meaning="time for a division to cross between the fronts",
           source="judgement: ~9,000 km of single track; facts 2a (700-900 km/day in 1941)"),

    define("ussr.intelligence_reliability", 0.8, "1", low=0.5, high=1,
           meaning="probability that the Sorge-like signal reports Japan's posture truly",
           source="facts 1c",
           plausible=(0.7, 0.9),
           why="Sorge's reports were mostly right about the south (facts 1c) but were not a certainty"),

    define("ussr.intelligence_trust", 0.7, "1", low=0, high=1,
           meaning="weight the USSR gives to that signal",
           source="facts 1c, 2b: Sorge believed by October 1941",
           plausible=(0.5, 0.9),
           why="Stalin's trust in Sorge is disputed (facts 2b, the Moscow-share dispute)"),

    define("ussr.seen_base", 0.5, "1", low=0, high=1,
           meaning="believed chance of a Japanese attack from what can be seen, before any signs",
           source="judgement"),

    define("ussr.seen_mobilised", 0.3, "1", low=0, high=1,
           meaning="rise in that belief when the Kwantung Army is visibly mobilised",
           source="facts 1c: Sorge, 12 Aug 1941: divisions arriving in Korea and Manchuria",
           plausible=(0.2, 0.4),
           why="the Kantokuen call-up was seen (facts 1c); how far it alarmed Moscow is a judgement"),

    define("ussr.seen_us_war", 0.35, "1", low=0, high=1,
           meaning="fall in that belief once Japan is at war with the US",
           source="facts 1c: 4 Oct 1941, 'the Soviet Far East can be considered safe'",
           plausible=(0.25, 0.45),
           why="Sorge's last reports tied safety to the war with the US (facts 1c)"),

    define("ussr.seen_mobilised_men", 100, "k men", low=0,
           meaning="build-up above the Kwantung Army's Kantokuen strength that counts as visible mobilisation",
           source="judgement; facts 1c (6 + 4 divisions seen in Aug 1941)"),

    define("ussr.belief_memory", 0.8, "1", low=0, high=1,
           meaning="weekly weight of the old belief against what is seen",
           source="judgement",
           plausible=(0.7, 0.9),
           why="how fast Moscow revised its view of Japan; moves the 1941 transfers a little (issue 8)"),

    define("ussr.belief_bound", 6.0, "logit", low=0,
           meaning="largest certainty (in log-odds) the USSR reaches about Japan's intent",
           source="judgement"),

    define("ussr.w_crisis", 3.5, "logit", low=0,
           meaning="weight of the German threat on moving divisions west",
           source="judgement; facts 2b (transfers after 12 Oct 1941, Jul 1942)",
           plausible=(3.0, 4.0),
           why="the transfers followed the crises of Oct 1941 and Jul 1942 (facts 2b); the weight is constrained by the 1941 count",
           calibrated_to=("west_1941",)),

    define("ussr.w_threat", 3.0, "logit", low=0,
           meaning="weight of the believed Japanese threat on keeping divisions east",
           source="judgement",
           plausible=(2.5, 3.5),
           why="constrained with w_crisis by the 1941 transfers",
           calibrated_to=("west_1941",)),

    define("ussr.w_margin", 1.5, "logit/log-ratio", low=0,
           meaning="weight of a thin Far East margin over the Kwantung Army on holding divisions east",
           source="judgement",
           plausible=(1.0, 2.0),
           why="the garrison never fell to half (facts 2a, 2b); how sharply the margin held it is a judgement"),

    define("ussr.transfer_bias", -2.0, "logit",
           meaning="standing reluctance to move divisions at all",
           source="judgement",
           plausible=(-2.5, -1.5),
           why="transfers were episodic (facts 2b); the reluctance is a judgement"),

    define("ussr.denounce_bias", -7.0, "logit",
           meaning="standing reluctance to denounce the pact",
           source="judgement; facts-2 §3 (10 Dec 1941: neutral while Japan observes the pact)",
           plausible=(-8.0, -6.0),
           why="the USSR kept the pact four years and denounced only after Yalta (facts 1a)"),

    define("ussr.w_yalta_denounce", 5.0, "logit", low=0,
           meaning="pull of the Yalta commitment towards denouncing",
           source="facts 1d: Yalta 11 Feb 1945, denunciation 5 Apr",
           plausible=(4.0, 6.0),
           why="the denunciation followed Yalta by eight weeks (facts 1a, 1d)",
           calibrated_to=("denunciation",)),

    define("ussr.w_deadline", 5.0, "logit", low=0,
           meaning="pull of the closing denunciation window (else prolonged five years)",
           source="facts 1a: Art. 3; Molotov's note cited it",
           plausible=(4.0, 6.0),
           why="Molotov cited Art. 3 in the note (facts 1a); since the USSR attacks only after denouncing, its weight "
               "was raised from 3 to 5 so that the share of worlds that denounce, and so attack, meets the record",
           calibrated_to=("denunciation", "ussr_attacks")),

    define("ussr.deadline_weeks", 4, "weeks", low=0.1,
           meaning="scale of the deadline pull",
           source="judgement",
           plausible=(3, 6),
           why="the note came three weeks before the window closed (facts 1a)"),

    define("ussr.attack_bias", -9.5, "logit",
           meaning="standing reluctance to attack Japan",
           source="judgement; facts-2 §3 (10 Dec 1941)",
           plausible=(-10.5, -8.5),
           why="the USSR stayed neutral until it had its price and its forces (facts-2 §3)"),

    define("ussr.w_aims", 3.0, "logit", low=0,
           meaning="pull of the Soviet aims in the Far East once Germany is beaten (southern Sakhalin, the Kurils, Port Arthur, the railways)",
           source="facts 1d (Yalta terms), facts-2 §3 (Stalin, 2 Sep 1945: 'forty years we waited')",
           plausible=(1.0, 5.0),
           why="Stalin named the aims himself (facts-2 §3); whether he would have acted on them without an Allied bargain is the no_yalta question, so the weight is wide"),

    define("ussr.w_tehran", 1.0, "logit", low=0,
           meaning="pull of the Tehran commitment (war on Japan after Germany's defeat, in principle)",
           source="facts-2 §3: Tehran, 28 Nov - 1 Dec 1943",
           plausible=(0.5, 1.5),
           why="an agreement in principle, with no date (facts-2 §3)"),

    define("ussr.w_yalta_timing", 7.0, "logit", low=0,
           meaning="pull of the Yalta promise to enter two to three months after Germany's surrender",
           source="facts 1d: Yalta terms",
           plausible=(6.0, 8.0),
           why="the USSR entered exactly three months after (facts 1d); the pull's size is constrained by that timing",
           calibrated_to=("ussr_attack_date",)),

    define("ussr.yalta_weeks", 13, "weeks", low=0,
           meaning="weeks after Germany's surrender at which the promise pulls fully",
           source="facts 1d: 'two or three months'",
           plausible=(11, 14),
           why="'two or three months'; entry came exactly three months after (facts 1d)"),

    define("ussr.buildup_weeks", 13, "weeks", low=1,
           meaning="weeks after Germany's surrender the Far Eastern build-up needs",
           source="facts-2 §3: Antonov, Oct 1944: 2.5-3 months after Germany's collapse",
           plausible=(11, 15),
           why="Antonov's 2.5-3 months (facts-2 §3)"),

    define("ussr.attack_ratio", 2.0, "1", low=0.01,
           meaning="Soviet-to-Japanese ratio wanted in Manchuria before attacking",
           source="facts 2e: ~2.2:1 in men, Aug 1945; facts-2 §3 (Antonov: 30 to 60 divisions)",
           plausible=(1.7, 2.5),
           why="the ratio achieved in Aug 1945 was 1.7-2.2:1 in men (facts 5d); what Stavka required is not recorded",
           calibrated_to=("ratio_before_attack",)),

    define("ussr.w_ratio", 2.0, "logit/log-ratio", low=0,
           meaning="weight of the force ratio on attacking",
           source="judgement",
           plausible=(1.5, 3.0),
           why="the USSR waited for its build-up (facts 1d, 6); how sharply is a judgement"),

    define("ussr.w_japan_collapse", 3.0, "logit", low=0,
           meaning="pull to attack before a collapsing Japan surrenders to others",
           source="facts 4: Soviet entry and the bombs; facts-2 §3 (the date moved forward after 6 Aug)",
           plausible=(2.0, 4.0),
           why="the attack came two days early after Hiroshima (facts-2 §3); the race's weight is a judgement"),

    define("ussr.pact_breach_cost", 1.0, "logit", low=0,
           meaning="cost of attacking while the pact is in force",
           source="judgement; facts 1a: attacked while the denounced pact ran to 1946",
           plausible=(0.5, 2.0),
           why="the USSR attacked while the pact was formally in force (facts 1a): the cost was real but small"),

    define("ussr.two_front_cost", 6.0, "logit", low=0,
           meaning="cost of attacking Japan while at war with Germany",
           source="judgement; facts-2 §3 (10 Dec 1941)",
           plausible=(5.0, 7.0),
           why="the USSR refused a second front while fighting Germany (facts-2 §3)"),
)
