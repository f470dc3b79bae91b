"""The parameter catalogue: every number the model uses, with its unit, meaning and source.

A scenario file may override any parameter by name, with a number or with a
distribution sampled per world. ``pactsim params`` prints this table. Sources cite an
entry of ``docs/sources.md`` ("facts 2c" is its section 2c; the catalogue page renders it
as a link, see :func:`sim.analysis.sources.cite`) or say "judgement" where the value is
a modelling choice that the calibration targets constrain.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    """One model parameter."""

    name: str
    default: float
    unit: str
    meaning: str
    source: str
    low: float = float("-inf")
    high: float = float("inf")
    plausible: tuple[float, float] | None = None
    """For a judgement: the range of values the record cannot tell apart, sampled per
    world by default (None: a figure from the record, or a normalisation)."""
    why: str = ""
    """The reasoning behind ``plausible``."""
    per_world: bool = True
    """Whether the value may differ between worlds (a distribution); False refuses one."""

    @property
    def group(self) -> str:
        """The part of the model the parameter belongs to (text before the first dot)."""
        return self.name.split(".", 1)[0]


_INF = float("inf")
_ROWS: list[tuple] = [
    # name, default, unit, meaning, source, low, high, plausible range (judgements only), why
    # --- Japan: forces -------------------------------------------------------------
    ("japan.manchuria_divisions", 13, "div", "Japanese divisions in Manchuria at the start (Kwantung Army)", "facts 2d: 13 divisions in Manchuria, 7 Dec 1941 OOB; ~300k late Jul 1941", 0, _INF),
    ("japan.manchuria_max", 30, "div", "most divisions Japan can concentrate in Manchuria", "facts 2d: 1942 plan, 30 divisions", 0, _INF),
    ("japan.mobilisation_per_week", 1.0, "div/week", "build-up in Manchuria while Japan's posture is north", "facts 1b/2d: Kantokuen, ~+9 divisions July-September 1941", 0, _INF),
    ("japan.demobilisation_per_week", 0.05, "div/week", "return of a northern build-up towards the garrison when Japan holds", "judgement: Kwantung Army stayed ~700k until 1944 (facts 2d)", 0, _INF, (0.02, 0.1), "the Kantokuen build-up stayed through 1942 (facts 2d: 700-850k); a faster return would contradict it, a slower one cannot be told apart"),
    ("japan.north_strike_min", 20, "div", "divisions in Manchuria needed before a northern strike can start", "facts 2d: Kantokuen plan 22 divisions", 0, _INF, (18, 24), "Kantokuen planned 22 divisions (facts 2d); the Army would have struck with somewhat fewer or waited for more"),
    ("japan.china_divisions", 22, "div", "divisions tied down in China (not available for Manchuria)", "facts 2d: 22 in China, Dec 1941; 25 in 1943", 0, _INF),
    ("japan.army_divisions", 51, "div", "divisions of the whole Japanese army at the start", "facts 2d: 51 divisions, Dec 1941", 0, _INF),
    ("japan.army_growth_per_week", 0.17, "div/week", "growth of the Japanese army", "facts 2d: Drea, 2.03M (1941) to 2.75M (1943), about +36% in two years", 0, _INF),
    ("japan.home_divisions", 4, "div", "divisions kept in the home islands", "facts 2d: homeland about 4 divisions + depots, Dec 1941", 0, _INF),
    ("japan.south_prep_weeks", 15, "weeks", "time from the decision for war in the south to the first strike", "facts 1b: 6 Sep conference to Pearl Harbor 13 weeks; +2 for deliberation after the embargo (calibrated)", 0, _INF),
    ("japan.south_divisions", 11, "div", "divisions sent south when Japan strikes south", "facts 2d: only 11 available for the southern offensive", 0, _INF),
    ("japan.pacific_drain_per_week", 0.10, "div/week", "divisions drawn from Manchuria to the Pacific per unit of lost Pacific position", "judgement: Kwantung Army 'just over 300k' by end 1944 (facts 2d); facts-2 §1c: 29th, 24th, 14th, 9th, 10th divisions sent south 1944", 0, _INF, (0.07, 0.14), "the record gives the end state (about half the 1942 army gone by end 1944) and a handful of dated divisions, not a rate"),
    ("japan.manchuria_floor", 3, "div", "divisions the Pacific war never draws out of Manchuria", "judgement: last 1941-era divisions withdrawn only in Mar 1945 (facts 2d)", 0, _INF, (2, 5), "a garrison floor; the record says the front-line divisions were all gone by early 1945, which any value here allows"),
    ("japan.conscript_quality", 0.45, "1", "combat quality of divisions raised to refill Manchuria", "facts 2e: 250k untrained conscripts, divisions without artillery in 1945", 0, 1, (0.3, 0.6), "new 1945 divisions often lacked artillery (facts 2e); no source rates them"),
    ("japan.refill_per_week", 0.8, "div/week", "conscript divisions raised in Manchuria once the Soviet threat is seen", "facts 2d, 2e: 'just over 300k' end 1944 to 713k and 24 divisions in Aug 1945", 0, _INF, (0.6, 1.0), "the Kwantung Army more than doubled in 1945 (facts 2d, 2e); when the raising began is not recorded"),
    # --- Japan: oil -----------------------------------------------------------------
    ("japan.oil_stock_months", 18, "months", "oil stock at the start, in months of peacetime use", "facts 3: 42.7M bbl (Mar 1941), ~2.4M bbl/month; Navy '2 years', Army '1 year'", 0, _INF, (14, 22), "the Army said one year, the Navy two (Kido diary, facts 3): the sources disagree"),
    ("japan.oil_war_burn", 1.5, "1", "oil use at war relative to peacetime", "facts 3: Kido, '2 years; 1.5 years if war'", 0, _INF),
    ("japan.domestic_oil", 0.1, "1", "share of oil use met at home", "facts 3: 90% imported", 0, 1),
    ("japan.sakhalin_oil", 0.03, "1", "share of oil use met by the North Sakhalin concessions until they are returned", "facts 3: ~110 kt/yr at Okha against ~4 Mt/yr peacetime use", 0, 1),
    ("japan.oil_horizon_months", 24, "months", "stock below which oil becomes urgent", "judgement", 0.1, _INF, (18, 30), "the Navy's planning horizon of about two years of war (facts 3); the urgency's onset is not recorded"),
    ("japan.south_oil_recovery", 0.7, "1", "share of oil use covered by conquered southern fields, before US interdiction", "facts 3: NEI + Borneo 65M bbl in 1940", 0, _INF, (0.5, 0.9), "the fields produced more than Japan used (facts 3) but were wrecked and then cut off by shipping losses (facts-2 §1b)"),
    # --- Japan: decisions -----------------------------------------------------------
    ("japan.north_bias", 3.0, "logit", "the Army's standing case for a northern posture (Strike North), net of Nomonhan", "judgement; facts 2f, facts-2 §4", -_INF, _INF, (2.0, 4.0), "the Kwantung Army and Matsuoka pushed north in June-July 1941 (facts-2 §4), while Nomonhan had pushed IGHQ away from the north (facts 2f: Tsuji, 'shaken' decision makers): the net pull is positive in 1941 but its size is a judgement"),
    ("japan.south_bias", -5.0, "logit", "the Navy's caution about a war with the US, weighing on the southern option", "judgement; facts 1b (6 Sep 1941: 'resolve to risk a war with America'), facts 2f", -_INF, _INF, (-6.0, -4.0), "the Navy wanted the south's oil but feared the US fleet; the decision came only with the oil clock (facts 1b)"),
    ("japan.w_persimmon", 4.0, "logit/log-ratio", "weight of the perceived force ratio in Manchuria against the 'ripe persimmon' threshold", "facts 2c", 0, _INF, (3.0, 5.0), "the Army wanted 2:1 or 3:1 (facts 2c) and waited for it; how sharply is a judgement"),
    ("japan.ripe_ratio", 2.0, "1", "Japanese-to-Soviet strength ratio the Army wanted before striking", "facts 2c: 2:1 after Soviet FE halved; Ozaki: 3:1", 0.01, _INF, (1.5, 3.0), "AGS 2:1 against Ozaki's 3:1 (facts 2c): the sources disagree"),
    ("japan.soviet_division_rating", 0.75, "1", "worth of a Soviet division in Japanese eyes", "facts 2c, 5d: AGS 1941", 0.01, _INF),
    ("japan.w_german_success", 2.0, "logit", "weight of German success in the west on the northern option", "facts 1c, 2c: 'if the Germans reach Sverdlovsk', Moscow by end Aug", 0, _INF, (1.0, 2.5), "the sources say a Soviet collapse made a strike 'possible' (facts 1c, 2c) and record Japan declining on 6 Mar 1943 'considering the present war situation' (facts 1d): the weight is not measured, and the calibration targets cannot tell 1.0 from 2.5"),
    ("japan.german_saturation", 1.5, "index", "largest German fortune Japan reads: German success saturates here", "judgement; facts-2 §4 (Japan pressed for a German-Soviet peace, 1942-43)", 0.1, _INF, (1.0, 2.5), "Tokyo doubted German victories (12 Aug 1941: enthusiasm fell when Moscow did not fall, facts 1c) and urged Berlin to make peace with Moscow (facts-2 §4); a German victory is read as help, not as a collapse of the USSR"),
    ("japan.w_german_south", 0.25, "1", "share of the German fortune that also favours the southern option (the USSR tied down)", "judgement; facts 1b (2 Jul 1941 Imperial Conference)", 0, 1, (0.0, 0.5), "the 2 Jul 1941 outline tied the southern advance to the German-Soviet war; no source weighs it"),
    ("japan.w_tripartite", 0.5, "logit", "Germany's pressure under the Tripartite Pact towards the north while Germany fights the USSR", "facts-2 §4: Ribbentrop's campaign from 28 Jun 1941, 9 Jul 1942, 18 Apr 1943; Art. V: no duty", 0, _INF, (0.0, 1.0), "Germany pressed repeatedly, but the pact was defensive (Art. V) and Japan never answered formally (facts-2 §4): a small pull at most"),
    ("japan.w_oil", 6.0, "logit", "weight of oil urgency on the southern option", "facts 3: embargo cost 88-90% of imported oil", 0, _INF, (5.0, 7.0), "the oil clock drove the 6 Sep 1941 decision (facts 1b); its weight is constrained by the timing of Pearl Harbor"),
    ("japan.w_embargo", 5.5, "logit", "weight of an embargo in force on the southern option", "facts 1b: freeze 25-26 Jul, oil ban 1 Aug 1941", 0, _INF, (5.0, 6.0), "constrained with w_oil by the timing of the southern decision"),
    ("japan.pact_breach_cost", 2.0, "logit", "cost of breaking the Neutrality Pact (northern option, attack)", "judgement; facts-2 §4: Matsuoka, pact 'of secondary importance'", 0, _INF, (1.0, 3.0), "Matsuoka called the pact secondary (24 Jun 1941), the government kept it; no source prices it"),
    ("japan.pact_security", 1.0, "logit", "value of a secure northern border for a southern war", "seeds: the pact let Japan concentrate south", 0, _INF, (0.5, 1.5), "the seeds and facts 4 say the pact let Japan concentrate; no source weighs it"),
    ("japan.w_us_war", 3.0, "logit", "cost of a northern war per unit of Pacific burden", "facts 2f: Navy opposed a two-front war; facts-2 §1a (Guadalcanal shipping dispute)", 0, _INF, (2.0, 5.0), "the Navy 'successfully opposed opening a war on two fronts' (facts 2f); in 1942 the Army gave up force against the USSR (facts-2 §1a: Tanaka); the weight is a judgement"),
    ("japan.w_oil_north", 1.5, "logit", "cost of oil urgency on the northern option (no quick oil in Siberia)", "facts 3: Siberian resources largely undeveloped", 0, _INF, (1.0, 2.0), "Siberia offered no quick oil (facts 3), the size of the deterrent is a judgement"),
    ("japan.inertia", 2.0, "logit", "pull of the posture already held", "judgement: decisions took weeks of conferences", 0, _INF, (1.5, 2.5), "policy changed only through conferences (facts 1b); no source measures the friction"),
    ("japan.attack_bias", -2.0, "logit", "standing pull towards striking once mobilised in the north", "judgement", -_INF, _INF, (-3.0, -1.0), "even mobilised, the Army never found the moment (facts 2c, Stille: never the superiority needed)"),
    ("japan.winter_cost", 4.0, "logit", "cost of starting a northern campaign that would run into winter (per unit of mean winter severity)", "facts 1b: Kantokuen had to finish by mid-October", 0, _INF, (3.0, 5.0), "Kantokuen planned a 10 Sep start against a 15 Oct deadline (facts 1b): a September start is costly but allowed"),
    ("japan.campaign_weeks", 6, "weeks", "length of the first phase of a northern campaign (its season must last this long)", "facts 1b: Kantokuen 10 Sep-15 Oct, 6-8 weeks for the Maritime Province; facts 2d: X+21 days for phase 1 (1942 plan)", 1, _INF, (3, 8), "the plans disagree: 21 days (1942) to 6-8 weeks (1941)"),
    ("japan.denounce_bias", -6.0, "logit", "standing reluctance to denounce the pact", "facts-2 §4: no Japanese move to denounce found", -_INF, _INF, (-7.0, -5.0), "Japan never moved to denounce (facts-2 §4); only a strong German success could have moved it"),
    # --- USSR -----------------------------------------------------------------------
    ("ussr.fe_divisions", 30, "div", "Soviet divisions in the Far East at the start", "facts 2a, 2c: ~30 rifle divisions, 703,714 men", 0, _INF),
    ("ussr.west_divisions", 170, "div", "Soviet divisions facing Germany at the start", "judgement", 0, _INF),
    ("ussr.west_growth_per_week", 0.4, "div/week", "growth of the Soviet force facing Germany from mobilisation", "judgement", 0, _INF, (0.35, 0.45), "a growth rate of the Red Army in the west; the calibration of Germany's end constrains it with the attrition rates"),
    ("ussr.lend_lease_per_week", 0.05, "div/week", "addition to the Soviet force facing Germany from Lend-Lease by the Pacific route, while the pact keeps it open", "facts-2 §2: 8.2M t, about half of all Lend-Lease, via the Far East", 0, _INF, (0.02, 0.1), "half of all Lend-Lease tonnage came this way (facts-2 §2); what it was worth in divisions is a judgement"),
    ("ussr.fe_mobilisation_per_week", 0.28, "div/week", "local mobilisation in the Far East while the USSR is at war", "facts 2a: 704k (Jun 1941) to 1.16M (Jan 1944) despite transfers", 0, _INF, (0.24, 0.32), "from about 12-15 divisions left in Dec 1941 to about 1.6 times June 1941 in Jan 1944 (facts 2a)"),
    ("ussr.fe_max", 50, "div", "ceiling of the Far East garrison from local mobilisation", "facts 2a: 1,162,991 men on 1 Jan 1944 (~1.65 x June 1941)", 0, _INF),
    ("ussr.fe_floor", 12, "div", "the USSR never strips the Far East below this", "judgement", 0, _INF, (10, 15), "the 1941 transfers left roughly half the garrison (facts 2b); where Stalin would have stopped is unknown"),
    ("ussr.rail_capacity_per_week", 2.0, "div/week", "divisions the Trans-Siberian railway moves in a week, either way", "facts 2b, 2e: 39 divisions and brigades east in ~3 months of 1945", 0, _INF),
    ("ussr.rail_transit_weeks", 3, "weeks", "time for a division to cross between the fronts", "judgement: ~9,000 km of single track; facts 2a (700-900 km/day in 1941)", 1, 26),
    ("ussr.intelligence_reliability", 0.8, "1", "probability that the Sorge-like signal reports Japan's posture truly", "facts 1c", 0.5, 1, (0.7, 0.9), "Sorge's reports were mostly right about the south (facts 1c) but were not a certainty"),
    ("ussr.intelligence_trust", 0.7, "1", "weight the USSR gives to that signal", "facts 1c, 2b: Sorge believed by October 1941", 0, 1, (0.5, 0.9), "Stalin's trust in Sorge is disputed (facts 2b, the Moscow-share dispute)"),
    ("ussr.seen_base", 0.5, "1", "believed chance of a Japanese attack from what can be seen, before any signs", "judgement", 0, 1),
    ("ussr.seen_mobilised", 0.3, "1", "rise in that belief when the Kwantung Army is visibly mobilised", "facts 1c: Sorge, 12 Aug 1941: divisions arriving in Korea and Manchuria", 0, 1, (0.2, 0.4), "the Kantokuen call-up was seen (facts 1c); how far it alarmed Moscow is a judgement"),
    ("ussr.seen_us_war", 0.35, "1", "fall in that belief once Japan is at war with the US", "facts 1c: 4 Oct 1941, 'the Soviet Far East can be considered safe'", 0, 1, (0.25, 0.45), "Sorge's last reports tied safety to the war with the US (facts 1c)"),
    ("ussr.seen_mobilised_divisions", 3, "div", "build-up above the Kwantung garrison that counts as visible mobilisation", "judgement; facts 1c (6 + 4 divisions seen in Aug 1941)", 0, _INF),
    ("ussr.belief_memory", 0.8, "1", "weekly weight of the old belief against what is seen", "judgement", 0, 1, (0.7, 0.9), "how fast Moscow revised its view of Japan; moves the 1941 transfers a little (issue 8)"),
    ("ussr.belief_bound", 6.0, "logit", "largest certainty (in log-odds) the USSR reaches about Japan's intent", "judgement", 0, _INF),
    ("ussr.w_crisis", 4.5, "logit", "weight of the German threat on moving divisions west", "judgement; facts 2b (transfers after 12 Oct 1941, Jul 1942)", 0, _INF, (4.0, 5.0), "the transfers followed the crises of Oct 1941 and Jul 1942 (facts 2b); the weight is constrained by the 1941 count"),
    ("ussr.w_threat", 3.0, "logit", "weight of the believed Japanese threat on keeping divisions east", "judgement", 0, _INF, (2.5, 3.5), "constrained with w_crisis by the 1941 transfers"),
    ("ussr.w_margin", 1.5, "logit/log-ratio", "weight of a thin Far East margin over the Kwantung Army on holding divisions east", "judgement", 0, _INF, (1.0, 2.0), "the garrison never fell to half (facts 2a, 2b); how sharply the margin held it is a judgement"),
    ("ussr.transfer_bias", -2.0, "logit", "standing reluctance to move divisions at all", "judgement", -_INF, _INF, (-2.5, -1.5), "transfers were episodic (facts 2b); the reluctance is a judgement"),
    ("ussr.denounce_bias", -7.0, "logit", "standing reluctance to denounce the pact", "judgement; facts-2 §3 (10 Dec 1941: neutral while Japan observes the pact)", -_INF, _INF, (-8.0, -6.0), "the USSR kept the pact four years and denounced only after Yalta (facts 1a)"),
    ("ussr.w_yalta_denounce", 5.0, "logit", "pull of the Yalta commitment towards denouncing", "facts 1d: Yalta 11 Feb 1945, denunciation 5 Apr", 0, _INF, (4.0, 6.0), "the denunciation followed Yalta by eight weeks (facts 1a, 1d)"),
    ("ussr.w_deadline", 3.0, "logit", "pull of the closing denunciation window (else prolonged five years)", "facts 1a: Art. 3; Molotov's note cited it", 0, _INF, (2.0, 4.0), "Molotov cited Art. 3 in the note (facts 1a); its weight against the other reasons is a judgement"),
    ("ussr.deadline_weeks", 4, "weeks", "scale of the deadline pull", "judgement", 0.1, _INF, (3, 6), "the note came three weeks before the window closed (facts 1a)"),
    ("ussr.attack_bias", -9.5, "logit", "standing reluctance to attack Japan", "judgement; facts-2 §3 (10 Dec 1941)", -_INF, _INF, (-10.5, -8.5), "the USSR stayed neutral until it had its price and its forces (facts-2 §3)"),
    ("ussr.w_aims", 3.0, "logit", "pull of the Soviet aims in the Far East once Germany is beaten (southern Sakhalin, the Kurils, Port Arthur, the railways)", "facts 1d (Yalta terms), facts-2 §3 (Stalin, 2 Sep 1945: 'forty years we waited')", 0, _INF, (1.0, 5.0), "Stalin named the aims himself (facts-2 §3); whether he would have acted on them without an Allied bargain is the no_yalta question, so the weight is wide"),
    ("ussr.w_tehran", 1.0, "logit", "pull of the Tehran commitment (war on Japan after Germany's defeat, in principle)", "facts-2 §3: Tehran, 28 Nov - 1 Dec 1943", 0, _INF, (0.5, 1.5), "an agreement in principle, with no date (facts-2 §3)"),
    ("ussr.w_yalta_timing", 7.0, "logit", "pull of the Yalta promise to enter two to three months after Germany's surrender", "facts 1d: Yalta terms", 0, _INF, (6.0, 8.0), "the USSR entered exactly three months after (facts 1d); the pull's size is constrained by that timing"),
    ("ussr.yalta_weeks", 13, "weeks", "weeks after Germany's surrender at which the promise pulls fully", "facts 1d: 'two or three months'", 0, _INF, (11, 14), "'two or three months'; entry came exactly three months after (facts 1d)"),
    ("ussr.buildup_weeks", 13, "weeks", "weeks after Germany's surrender the Far Eastern build-up needs", "facts-2 §3: Antonov, Oct 1944: 2.5-3 months after Germany's collapse", 1, _INF, (11, 15), "Antonov's 2.5-3 months (facts-2 §3)"),
    ("ussr.attack_ratio", 2.0, "1", "Soviet-to-Japanese ratio wanted in Manchuria before attacking", "facts 2e: ~2.2:1 in men, Aug 1945; facts-2 §3 (Antonov: 30 to 60 divisions)", 0.01, _INF, (1.7, 2.5), "the ratio achieved in Aug 1945 was 1.7-2.2:1 in men (facts 5d); what Stavka required is not recorded"),
    ("ussr.w_ratio", 2.0, "logit/log-ratio", "weight of the force ratio on attacking", "judgement", 0, _INF, (1.5, 3.0), "the USSR waited for its build-up (facts 1d, 6); how sharply is a judgement"),
    ("ussr.w_japan_collapse", 3.0, "logit", "pull to attack before a collapsing Japan surrenders to others", "facts 4: Soviet entry and the bombs; facts-2 §3 (the date moved forward after 6 Aug)", 0, _INF, (2.0, 4.0), "the attack came two days early after Hiroshima (facts-2 §3); the race's weight is a judgement"),
    ("ussr.pact_breach_cost", 1.0, "logit", "cost of attacking while the pact is in force", "judgement; facts 1a: attacked while the denounced pact ran to 1946", 0, _INF, (0.5, 2.0), "the USSR attacked while the pact was formally in force (facts 1a): the cost was real but small"),
    ("ussr.two_front_cost", 6.0, "logit", "cost of attacking Japan while at war with Germany", "judgement; facts-2 §3 (10 Dec 1941)", 0, _INF, (5.0, 7.0), "the USSR refused a second front while fighting Germany (facts-2 §3)"),
    # --- Treaties -------------------------------------------------------------------
    ("treaty.denounced_breach_share", 0.5, "1", "share of the breach cost left once the pact has been denounced", "judgement; facts 1a (a denounced pact stays in force)", 0, 1, (0.3, 0.7), "a denounced pact still bound until 1946 (facts 1a), yet the Soviet note made the attack expected"),
    ("treaty.due_ramp_power", 5.0, "1", "how sharply a dated commitment's pull rises towards its date", "judgement", 0.1, _INF, (3.5, 6.5), "a promise for 'two or three months after' pulls little at first; the shape is a judgement"),
    # --- Decisions ------------------------------------------------------------------
    ("decision.reconsider_logit", 0.5, "logit", "change in an option's utility that makes a government reconsider a decision", "judgement", 0.05, _INF, (0.3, 0.8), "decisions were reconsidered at conferences when the war changed (facts 1b: 22 Jun, 2 Jul, 6 Sep 1941); the threshold is a judgement"),
    # --- The season -----------------------------------------------------------------
    ("season.coldest_day", 32, "day of year", "the depth of the Far Eastern off-season, cold and thaw together (severity 1; half a year later 0)", "judgement; facts 1b (Kantokuen: start 10 Sep, deadline mid-October), facts 1d (Sugiyama: no offensive 'until this summer')", 1, 366, (20, 45), "the coldest weeks fall in January and the spring thaw delays campaigning into May, so the off-season is centred a little after midwinter; the plans put the window in summer and early autumn (facts 1b, 1d)"),
    # --- Germany --------------------------------------------------------------------
    ("germany.success_barbarossa", 0.3, "index", "German success index on the day of Barbarossa", "judgement", -_INF, _INF),
    ("germany.advance_per_week", 0.02, "index/week", "growth of German success during an offensive", "judgement", -_INF, _INF, (0.015, 0.025), "how fast the advance read as success; constrained by the 1941 transfers"),
    ("germany.success_victory", 1.0, "index", "rise in German success with a decisive victory", "judgement", 0, _INF),
    ("germany.success_defeat", 0.9, "index", "fall in German success with a decisive defeat", "judgement", 0, _INF),
    ("germany.kursk_weight", 0.5, "1", "size of Kursk against Moscow and Stalingrad, in success, capacity and Soviet losses", "facts 2g: Kursk losses smaller than Stalingrad's", 0, 1),
    ("germany.endurance", 1.0, "index", "German war capacity at the start of Barbarossa", "normalisation", 0, _INF),
    ("germany.east_attrition", 0.0015, "1/week", "weekly loss of capacity against the Soviet force at its June 1941 strength", "calibrated: surrender ~May 1945 (facts 1d)", 0, _INF, (0.00145, 0.00155), "calibrated with the other attrition rates to the German surrender"),
    ("germany.west_attrition", 0.004, "1/week", "weekly loss of capacity once the western front is open", "calibrated; facts 5 (481,400 t of bombs in H2 1944)", 0, _INF, (0.0035, 0.0045), "calibrated with the other attrition rates to the German surrender: wider ranges move it by months"),
    ("germany.oil_attrition", 0.002, "1/week", "weekly loss of capacity once the oil plants are bombed", "facts 5: synthetic fuel 316 kt/month before, 17 kt in Sep 1944", 0, _INF, (0.0015, 0.0025), "the oil campaign cut fuel by 95% in four months (facts 5); what that did to war capacity is a judgement"),
    ("germany.attrition_sd", 0.002, "1/week", "weekly noise on the loss of capacity", "judgement", 0, _INF),
    ("germany.bomb_loss", 0.5, "index", "capacity Germany loses if the atomic bomb is ready while it still fights", "facts 5 [DISAGREE]: Roosevelt 'perfectly prepared' to use it on Germany (Groves) vs 'always expected to be Japan'", 0, _INF, (0.0, 1.0), "the sources disagree whether it would have been used on Germany (facts 5)"),
    ("germany.moscow_logit", -1.2, "logit", "log-odds that Moscow falls with no Far Eastern reinforcement", "judgement; facts 4 (Toland)", -_INF, _INF, (-1.6, -0.8), "the Siberian-divisions dispute (facts 2b, 4): how close Moscow came is argued"),
    ("germany.per_division", -0.12, "logit/div", "change in the log-odds of a German victory per Far Eastern division arrived in the west since the offensive began", "judgement; facts 2b (8-18 divisions at Moscow)", -_INF, _INF, (-0.16, -0.08), "only 8 FE divisions fought at Moscow by one count, 18 moved by another (facts 2b)"),
    ("germany.stalingrad_logit", -3.0, "logit", "log-odds of a German victory at Stalingrad", "judgement", -_INF, _INF, (-3.5, -2.5), "a judgement; the what-if fixes the outcome instead"),
    ("germany.kursk_logit", -2.5, "logit", "log-odds of a German victory at Kursk", "judgement; facts 2g (1.9M Soviet against 0.78M German)", -_INF, _INF, (-3.0, -2.0), "the odds at Kursk were long (facts 2g)"),
    ("germany.momentum", 1.5, "logit", "extra log-odds of German victory after an earlier German victory", "judgement", -_INF, _INF, (0.5, 2.0), "a judgement with no source"),
    ("germany.victory_gain", 0.15, "index", "capacity Germany gains from a decisive victory (Soviet resources taken, losses avoided)", "judgement", 0, _INF, (0.05, 0.25), "a German victory delays the end by months to a year or more; no source measures it"),
    ("germany.defeat_loss", 0.12, "index", "capacity Germany loses in a decisive defeat", "facts 1d: Stalingrad, ~91k prisoners of 220-290k encircled", 0, _INF, (0.10, 0.14), "Stalingrad cost a whole army (facts 1d); its share of German capacity is a judgement"),
    ("germany.soviet_loss", 25, "div", "Soviet divisions lost in a decisive German victory", "judgement", 0, _INF, (15, 35), "a judgement with no source"),
    # --- United States and the Pacific war ------------------------------------------
    ("us.conquest_weeks", 22, "weeks", "weeks of Japanese advance after a strike south", "facts 1d: Singapore 15 Feb 1942; Midway June 1942", 1, _INF),
    ("us.pressure_growth", 0.000026, "1/week^2", "growth of US pressure on Japan per week of Pacific war", "calibrated: surrender Aug 1945", 0, _INF, (0.000023, 0.000029), "calibrated to Japan's surrender in Aug 1945"),
    ("us.pressure_sd", 0.004, "1/week", "weekly noise on the Pacific war", "judgement", 0, _INF),
    ("us.midway_logit", 2.0, "logit", "log-odds of a US victory at Midway when the model decides it", "judgement; facts-2 §1a", -_INF, _INF, (1.0, 3.0), "Midway turned on codebreaking and luck; the odds are a judgement"),
    ("us.midway_loss", 0.05, "index", "fall in Japan's Pacific position with the carriers lost at Midway", "facts-2 §1a: four fleet carriers, 322 aircraft", 0, 1, (0.03, 0.08), "after Midway the Navy could no longer plan carrier operations (facts-2 §1a)"),
    ("us.solomons_weeks", 26, "weeks", "length of a Guadalcanal-like campaign", "facts-2 §1a: 7 Aug 1942 - 9 Feb 1943", 1, _INF),
    ("us.guadalcanal_logit", 2.0, "logit", "log-odds that Japan loses the Solomons campaign when the model decides it", "judgement; facts-2 §1a", -_INF, _INF, (1.0, 3.0), "a judgement"),
    ("us.solomons_loss", 0.05, "index", "fall in Japan's Pacific position when it loses the Solomons campaign", "facts-2 §1a: 38 ships, 683-880 aircraft, 25-31k dead", 0, 1, (0.03, 0.08), "the campaign's losses are recorded, its worth in 'position' is a judgement"),
    ("us.solomons_burden", 1.0, "1", "extra Pacific burden while the Solomons campaign drains ships and divisions", "facts-2 §1a: AGS asked 370-550 kt of shipping and a Kwantung division, Nov-Dec 1942", 0, _INF, (0.5, 1.5), "the shipping dispute of Nov-Dec 1942 (facts-2 §1a); its weight is a judgement"),
    ("us.burden_per_loss", 2.0, "1", "extra Pacific burden per unit of lost Pacific position", "facts-2 §1b: ships lost 203 (1942), 437 (1943), 969 (1944)", 0, _INF, (1.0, 3.0), "shipping losses doubled each year (facts-2 §1b); how they weighed on a northern plan is a judgement"),
    ("us.siege_level", 0.25, "index", "Japanese position below which surrender is considered", "judgement", 0.01, 1),
    ("us.surrender_logit", -4.0, "logit", "weekly log-odds of surrender once under siege", "judgement", -_INF, _INF, (-4.5, -3.5), "calibrated to Japan's surrender in 1945"),
    ("us.w_siege", 3.0, "logit", "rise in those log-odds from the siege's depth", "judgement", 0, _INF, (2.0, 4.0), "a judgement"),
    ("us.bomb_shock", 3.0, "logit", "extra log-odds of surrender in the weeks after an atomic bombing", "facts 1d", 0, _INF, (2.0, 4.0), "Hiroshima to the broadcast took nine days (facts 1d), with the Soviet entry in between"),
    ("us.soviet_entry_shock", 2.5, "logit", "extra log-odds of surrender once the USSR is at war with Japan", "facts 4: Hasegawa", 0, _INF, (1.5, 3.5), "Hasegawa weighs the entry as much as the bombs (facts 4); others less"),
    # --- Combat in Manchuria and the Far East ---------------------------------------
    ("combat.lethality", 0.012, "1/day", "divisions destroyed per day per enemy division (Lanchester square law)", "judgement; facts 5 (Engel a=0.054, b=0.011 per day)", 0, _INF, (0.008, 0.016), "Engel's Iwo Jima coefficients bracket it (facts-2 §5a); fits of Kursk show no constant law fits well (facts-2 §5b)"),
    ("combat.soviet_quality", 1.0, "1", "combat quality of a Soviet division", "normalisation", 0, _INF),
    ("combat.japan_quality", 1.0, "1", "combat quality of a Japanese division in 1941", "facts 2f: Nomonhan losses roughly equal", 0, _INF, (0.8, 1.2), "Nomonhan losses were roughly equal (facts 2f) at 1:1 to 4:1 odds"),
    ("combat.surprise", 1.5, "1", "attacker's multiplier in the first weeks", "judgement", 0, _INF, (1.2, 1.8), "a judgement"),
    ("combat.surprise_weeks", 2, "weeks", "how long surprise lasts", "judgement", 0, _INF),
    ("combat.winter", 0.6, "1", "attacker's multiplier in deep winter (winter severity 1)", "facts 1b: winter deadline", 0, 1, (0.4, 0.8), "winter was the planners' deadline (facts 1b); its effect on fire is a judgement"),
    ("combat.logistics", 0.6, "1", "share of the attacker's fire lost at the full depth of the theater", "facts 4: one rail line would stall an advance (weak source); judgement", 0, 1, (0.4, 0.8), "one railway (facts 4, weak); a judgement"),
    ("combat.front_speed", 0.25, "depth/week", "largest weekly move of the main front", "facts 2e: 11-12 days of main operation", 0, 1),
    ("combat.islands_speed", 0.3, "depth/week", "largest weekly move of the islands front (amphibious)", "facts 1d: southern Sakhalin 11-25 Aug, Kurils 18 Aug-1 Sep 1945", 0, 1),
    ("combat.naval_level", 0.5, "index", "Japanese Pacific position below which the USSR can land on the islands", "judgement; facts-2 §3 (Project Hula: landing ships from 1945)", 0.01, 1, (0.3, 0.7), "the USSR had no landing fleet until Project Hula (facts-2 §3); a judgement"),
    ("combat.japan_objective", 0.6, "depth", "Japan's halt line: how deep into the Soviet Far East it means to go (0.4 the Maritime Province, 0.85 Transbaikalia)", "facts 1b, 2d, 3: Kantokuen phase 1, the Maritime Province and the Amur; Hokushin-ron to Lake Baikal", 0, 1, (0.45, 0.95), "the plans range from the Maritime Province (1942 plan, phase 1) to Lake Baikal (Hokushin-ron)"),
    ("combat.ussr_objective", 0.8, "depth", "the USSR's halt line: Manchuria and Korea to the 38th parallel", "facts 1d, 2e: Yalta terms; August Storm", 0, 1),
    ("combat.counter_objective", 0.2, "depth", "how far a defender's counteroffensive goes past the border (0: it restores the border)", "judgement; facts 2f (Nomonhan: the Soviets stopped at the border they claimed)", 0, 1, (0.0, 0.55), "at Nomonhan the victors stopped at their claimed border (facts 2f); whether a Soviet counteroffensive in 1941-43 would have gone on into Manchuria (0.5) while fighting Germany is a judgement"),
    ("combat.stall_speed", 0.02, "depth/week", "a front moving less than this stands still", "judgement", 0, 1),
    ("combat.armistice_logit", -5.0, "logit", "weekly log-odds of an armistice while a front stands still", "judgement; facts 2f (Nomonhan ended in a truce, 15 Sep 1939)", -_INF, _INF, (-6.0, -4.0), "Nomonhan ended by a truce two weeks after the fighting stopped (facts 2f); a judgement"),
    ("combat.w_stalemate", 3.0, "logit", "rise in those log-odds as the stalemate lasts", "judgement", 0, _INF, (2.0, 4.0), "a judgement"),
    ("combat.stalemate_weeks", 8, "weeks", "stalemate after which the armistice pull is full", "judgement", 1, _INF),
    ("combat.occupation_weeks", 3, "weeks", "weeks the victor occupies after the other side's surrender", "facts 1d: Kurils taken 18 Aug-1 Sep 1945", 0, _INF),
]

CATALOGUE: dict[str, Param] = {row[0]: Param(*row) for row in _ROWS}
"""All parameters by name."""
