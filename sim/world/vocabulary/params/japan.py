"""Japan's parameters: its forces in Manchuria and the south, its oil, and the weights of its decisions."""

from __future__ import annotations

from .declare import define

PARAMS = (
    define("japan.manchuria_men", 300, "k men", low=0,
           meaning="the Kwantung Army at the start, in thousands of men (the unit of every force in Manchuria and the Soviet Far East)",
           source="facts 2d: 300,000 in 1940; US intelligence, late Jul 1941: 10 divisions of 242,000 + garrison units, about 300,000"),

    define("japan.kantokuen_men", 700, "k men", low=0,
           meaning="strength the Kwantung Army is built up to (Kantokuen) while Germany fights the USSR and Japan is at peace",
           source="facts 1b (Kantokuen sanctioned 7 Jul 1941), 2d (700,000-850,000 after Kantokuen)",
           plausible=(700, 850),
           why="the record disagrees: 700,000 is the round figure, 763,000 and 850,000 are also given (facts 2d)"),

    define("japan.manchuria_max", 850, "k men", low=0,
           meaning="most men Japan can concentrate in Manchuria (a northern posture builds up to it)",
           source="facts 2d: Kantokuen plan, 22 divisions and 850,000 men with support units"),

    define("japan.mobilisation_per_week", 50, "k men/week", low=0,
           meaning="build-up in Manchuria (Kantokuen, then a northern posture)",
           source="facts 1b, 2d: sanctioned 7 Jul 1941, full readiness 5 Sep; about 300,000 to 700,000 men in eight weeks"),

    define("japan.demobilisation_per_week", 1.5, "k men/week", low=0,
           meaning="return of a build-up above what Japan keeps in Manchuria, when Japan holds",
           source="judgement: Kwantung Army stayed ~700k until 1944 (facts 2d)",
           plausible=(0.5, 3.0),
           why="the Kantokuen build-up stayed through 1942 (facts 2d: 700-850k); a faster return would contradict it, a slower one cannot be told apart"),

    define("japan.north_strike_min", 750, "k men", low=0,
           meaning="men in Manchuria needed before a northern strike can start",
           source="facts 2d: Kantokuen plan, 22 divisions and 850,000 men",
           plausible=(700, 850),
           why="Kantokuen planned 850,000 men (facts 2d); the Army would have struck with somewhat fewer (the 700,000 it had) or waited for the plan"),

    define("japan.division_men", 38.6, "k men", low=0.1,
           meaning="men per Japanese division with its support units, as the Army counted divisions against the USSR",
           source="facts 2d: Kantokuen plan, 850,000 men for 22 divisions"),

    define("japan.south_divisions", 11, "div", low=0,
           meaning="divisions sent south when Japan strikes south (each of japan.division_men)",
           source="facts 2d: only 11 available for the southern offensive"),

    define("japan.south_prep_weeks", 13, "weeks", low=0,
           meaning="time from the decision for war in the south to the first strike",
           source="facts 1b: the Imperial Conference of 6 Sep 1941 to Pearl Harbor, 13 weeks"),

    define("japan.pacific_drain_per_week", 18.0, "k men/week", low=0,
           meaning="men drawn from Manchuria to the Pacific per week and per unit of lost Pacific position",
           source="judgement: Kwantung Army 'just over 300k' by end 1944 (facts 2d); facts-2 §1c: 29th, 24th, 14th, 9th, 10th divisions sent south 1944",
           plausible=(12.0, 24.0),
           why="the record gives the end state (about half the 1942 army gone by end 1944) and a handful of dated divisions, not a rate",
           calibrated_to=("kwantung_1944",)),

    define("japan.manchuria_floor", 100, "k men", low=0,
           meaning="men the Pacific war never draws out of Manchuria",
           source="judgement: last 1941-era divisions withdrawn only in Mar 1945 (facts 2d)",
           plausible=(60, 150),
           why="a garrison floor of a few divisions; the record says the front-line divisions were all gone by early 1945, which any value here allows"),

    define("japan.conscript_quality", 0.45, "1", low=0, high=1,
           meaning="combat quality of a conscript raised to refill Manchuria (a 1941 soldier is combat.japan_quality)",
           source="facts 2e: 250k untrained conscripts, divisions without artillery in 1945",
           plausible=(0.3, 0.6),
           why="new 1945 divisions often lacked artillery (facts 2e); no source rates them"),

    define("japan.refill_per_week", 26, "k men/week", low=0,
           meaning="conscripts raised in Manchuria once the Soviet threat is seen",
           source="facts 2d, 2e: 'just over 300k' end 1944 to 713k and 24 divisions in Aug 1945",
           plausible=(22, 30),
           why="the Kwantung Army more than doubled in 1945 (facts 2d, 2e): about 400k in the 18 weeks from the "
               "denunciation to the Soviet attack, raised from the moment the danger is plain; when the raising "
               "began is not recorded",
           calibrated_to=("kwantung_1945",)),

    define("japan.oil_stock_months", 18, "months", low=0,
           meaning="oil stock at the start, in months of peacetime use",
           source="facts 3: 42.7M bbl (Mar 1941), ~2.4M bbl/month; Navy '2 years', Army '1 year'",
           plausible=(14, 22),
           why="the Army said one year, the Navy two (Kido diary, facts 3): the sources disagree"),

    define("japan.oil_war_burn", 1.5, "1", low=0,
           meaning="oil use at war relative to peacetime",
           source="facts 3: Kido, '2 years; 1.5 years if war'"),

    define("japan.domestic_oil", 0.1, "1", low=0, high=1,
           meaning="share of oil use met at home",
           source="facts 3: 90% imported"),

    define("japan.sakhalin_oil", 0.03, "1", low=0, high=1,
           meaning="share of oil use met by the North Sakhalin concessions until they are returned",
           source="facts 3: ~110 kt/yr at Okha against ~4 Mt/yr peacetime use"),

    define("japan.concessions_bias", -4.5, "logit",
           meaning="standing reluctance to give up the North Sakhalin concessions",
           source="facts 1a: promised within six months of the pact, returned only on 30 Mar 1944",
           plausible=(-5.0, -4.0),
           why="Japan kept the concessions three years past its promise (facts 1a); set with the Pacific pull so "
               "that they are returned in 1943-44, as in the record",
           calibrated_to=("concessions",)),

    define("japan.w_concessions_pacific", 15.0, "logit", low=0,
           meaning="pull towards returning the concessions per unit of Pacific position lost to the US",
           source="facts-2 §3: Stalin to Harriman, 2-3 Feb 1944: the Japanese 'very scared', ready to sell",
           plausible=(12.0, 18.0),
           why="the offer came as the Pacific war turned (facts-2 §3); set with the reluctance so that the "
               "concessions are returned in 1943-44, as in the record",
           calibrated_to=("concessions",)),

    define("japan.w_concessions_german", 1.0, "logit", low=0,
           meaning="pull against returning the concessions per unit of German fortune in the east",
           source="facts-2 §3: the offer followed Germany's defeats of 1943",
           plausible=(0.5, 1.5),
           why="a Germany winning in the east made Soviet goodwill matter less; the weight is a judgement"),

    define("japan.oil_horizon_months", 24, "months", low=0.1,
           meaning="stock below which oil becomes urgent",
           source="judgement",
           plausible=(18, 30),
           why="the Navy's planning horizon of about two years of war (facts 3); the urgency's onset is not recorded"),

    define("japan.south_oil_recovery", 0.7, "1", low=0,
           meaning="share of oil use covered by conquered southern fields, before US interdiction",
           source="facts 3: NEI + Borneo 65M bbl in 1940",
           plausible=(0.5, 0.9),
           why="the fields produced more than Japan used (facts 3) but were wrecked and then cut off by shipping losses (facts-2 §1b)"),

    define("japan.north_bias", 3.0, "logit",
           meaning="the Army's standing case for a northern posture (Strike North), net of Nomonhan",
           source="judgement; facts 2f, facts-2 §4",
           plausible=(2.0, 4.0),
           why="the Kwantung Army and Matsuoka pushed north in June-July 1941 (facts-2 §4), while Nomonhan had pushed IGHQ away from the north (facts 2f: Tsuji, 'shaken' decision makers): the net pull is positive in 1941 but its size is a judgement"),

    define("japan.south_bias", -5.0, "logit",
           meaning="the Navy's caution about a war with the US, weighing on the southern option",
           source="judgement; facts 1b (6 Sep 1941: 'resolve to risk a war with America'), facts 2f",
           plausible=(-6.0, -4.0),
           why="the Navy wanted the south's oil but feared the US fleet; the decision came only with the oil clock (facts 1b)"),

    define("japan.w_persimmon", 4.0, "logit/log-ratio", low=0,
           meaning="weight of the perceived force ratio in Manchuria against the 'ripe persimmon' threshold",
           source="facts 2c",
           plausible=(3.0, 5.0),
           why="the Army wanted 2:1 or 3:1 (facts 2c) and waited for it; how sharply is a judgement"),

    define("japan.ripe_ratio", 2.0, "1", low=0.01,
           meaning="Japanese-to-Soviet strength ratio the Army wanted before striking",
           source="facts 2c: 2:1 after Soviet FE halved; Ozaki: 3:1",
           plausible=(1.5, 3.0),
           why="AGS 2:1 against Ozaki's 3:1 (facts 2c): the sources disagree"),

    define("japan.soviet_division_rating", 0.75, "1", low=0.01,
           meaning="worth of a Soviet division (of ussr.division_men) against a Japanese one (of japan.division_men) in Japanese eyes",
           source="facts 2c, 5d: AGS 1941"),

    define("japan.w_german_success", 2.0, "logit", low=0,
           meaning="weight of German success in the west on the northern option",
           source="facts 1c, 2c: 'if the Germans reach Sverdlovsk', Moscow by end Aug",
           plausible=(1.0, 2.5),
           why="the sources say a Soviet collapse made a strike 'possible' (facts 1c, 2c) and record Japan declining on 6 Mar 1943 'considering the present war situation' (facts 1d): the weight is not measured, and the calibration targets cannot tell 1.0 from 2.5"),

    define("japan.german_saturation", 1.5, "index", low=0.1,
           meaning="largest German fortune Japan reads: German success saturates here",
           source="judgement; facts-2 §4 (Japan pressed for a German-Soviet peace, 1942-43)",
           plausible=(1.0, 2.5),
           why="Tokyo doubted German victories (12 Aug 1941: enthusiasm fell when Moscow did not fall, facts 1c) and urged Berlin to make peace with Moscow (facts-2 §4); a German victory is read as help, not as a collapse of the USSR"),

    define("japan.w_german_south", 0.25, "1", low=0, high=1,
           meaning="share of the German fortune that also favours the southern option (the USSR tied down)",
           source="judgement; facts 1b (2 Jul 1941 Imperial Conference)",
           plausible=(0.0, 0.5),
           why="the 2 Jul 1941 outline tied the southern advance to the German-Soviet war; no source weighs it"),

    define("japan.w_tripartite", 0.5, "logit", low=0,
           meaning="Germany's pressure under the Tripartite Pact towards the north while Germany fights the USSR",
           source="facts-2 §4: Ribbentrop's campaign from 28 Jun 1941, 9 Jul 1942, 18 Apr 1943; Art. V: no duty",
           plausible=(0.0, 1.0),
           why="Germany pressed repeatedly, but the pact was defensive (Art. V) and Japan never answered formally (facts-2 §4): a small pull at most"),

    define("japan.w_oil", 6.0, "logit", low=0,
           meaning="weight of oil urgency on the southern option",
           source="facts 3: embargo cost 88-90% of imported oil",
           plausible=(5.0, 7.0),
           why="the oil clock drove the 6 Sep 1941 decision (facts 1b); its weight is constrained by the timing of Pearl Harbor",
           calibrated_to=("strike_south",)),

    define("japan.w_embargo", 5.5, "logit", low=0,
           meaning="weight of an embargo in force on the southern option",
           source="facts 1b: freeze 25-26 Jul, oil ban 1 Aug 1941",
           plausible=(5.0, 6.0),
           why="constrained with w_oil by the timing of the southern decision",
           calibrated_to=("strike_south",)),

    define("japan.pact_breach_cost", 2.0, "logit", low=0,
           meaning="cost of breaking the Neutrality Pact (northern option, attack)",
           source="judgement; facts-2 §4: Matsuoka, pact 'of secondary importance'",
           plausible=(1.0, 3.0),
           why="Matsuoka called the pact secondary (24 Jun 1941), the government kept it; no source prices it"),

    define("japan.pact_security", 1.0, "logit", low=0,
           meaning="value of a secure northern border for a southern war",
           source="seeds: the pact let Japan concentrate south",
           plausible=(0.5, 1.5),
           why="the seeds and facts 4 say the pact let Japan concentrate; no source weighs it"),

    define("japan.w_us_war", 3.0, "logit", low=0,
           meaning="cost of a northern war per unit of Pacific burden",
           source="facts 2f: Navy opposed a two-front war; facts-2 §1a (Guadalcanal shipping dispute)",
           plausible=(2.0, 5.0),
           why="the Navy 'successfully opposed opening a war on two fronts' (facts 2f); in 1942 the Army gave up force against the USSR (facts-2 §1a: Tanaka); the weight is a judgement"),

    define("japan.w_oil_north", 1.5, "logit", low=0,
           meaning="cost of oil urgency on the northern option (no quick oil in Siberia)",
           source="facts 3: Siberian resources largely undeveloped",
           plausible=(1.0, 2.0),
           why="Siberia offered no quick oil (facts 3), the size of the deterrent is a judgement"),

    define("japan.inertia", 2.0, "logit", low=0,
           meaning="pull of the posture already held",
           source="judgement: decisions took weeks of conferences",
           plausible=(1.5, 2.5),
           why="policy changed only through conferences (facts 1b); no source measures the friction"),

    define("japan.attack_bias", -2.0, "logit",
           meaning="standing pull towards striking once mobilised in the north",
           source="judgement",
           plausible=(-3.0, -1.0),
           why="even mobilised, the Army never found the moment (facts 2c, Stille: never the superiority needed)"),

    define("japan.winter_cost", 4.0, "logit", low=0,
           meaning="cost of starting a northern campaign that would run into winter (per unit of mean winter severity)",
           source="facts 1b: Kantokuen had to finish by mid-October",
           plausible=(3.0, 5.0),
           why="Kantokuen planned a 10 Sep start against a 15 Oct deadline (facts 1b): a September start is costly but allowed"),

    define("japan.campaign_weeks", 6, "weeks", low=1,
           meaning="length of the first phase of a northern campaign (its season must last this long)",
           source="facts 1b: Kantokuen 10 Sep-15 Oct, 6-8 weeks for the Maritime Province; facts 2d: X+21 days for phase 1 (1942 plan)",
           plausible=(3, 8),
           why="the plans disagree: 21 days (1942) to 6-8 weeks (1941)"),

    define("japan.denounce_bias", -6.0, "logit",
           meaning="standing reluctance to denounce the pact",
           source="facts-2 §4: no Japanese move to denounce found",
           plausible=(-7.0, -5.0),
           why="Japan never moved to denounce (facts-2 §4); only a strong German success could have moved it"),
)
