"""The parameter catalogue: every number the model uses, with its unit, meaning and source.

A scenario file may override any parameter by name, with a number or with a
distribution sampled per world. ``pactsim params`` prints this table. Sources cite a
section of ``shared/history/facts.md`` ("facts 2c") or say "judgement" where the value is
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
    # --- Japan: forces -------------------------------------------------------------
    ("japan.manchuria_divisions", 13, "div", "Japanese divisions in Manchuria at the start (Kwantung Army)", "facts 2d: 13 divisions in Manchuria, 7 Dec 1941 OOB; ~300k late Jul 1941", 0, _INF),
    ("japan.manchuria_max", 30, "div", "most divisions Japan can concentrate in Manchuria", "facts 2d: 1942 plan, 30 divisions", 0, _INF),
    ("japan.mobilisation_per_week", 1.0, "div/week", "build-up in Manchuria while Japan's posture is north", "facts 1b/2d: Kantokuen, ~+9 divisions July-September 1941", 0, _INF),
    ("japan.demobilisation_per_week", 0.05, "div/week", "return of a northern build-up towards the garrison when Japan holds", "judgement: Kwantung Army stayed ~700k until 1944 (facts 2d)", 0, _INF),
    ("japan.north_strike_min", 20, "div", "divisions in Manchuria needed before a northern strike can start", "facts 2d: Kantokuen plan 22 divisions", 0, _INF),
    ("japan.china_divisions", 22, "div", "divisions tied down in China", "facts 2d: 22 in China, Dec 1941", 0, _INF),
    ("japan.south_prep_weeks", 15, "weeks", "time from the decision for war in the south to the first strike", "facts 1b: 6 Sep conference to Pearl Harbor 13 weeks; +2 for deliberation after the embargo (calibrated)", 0, _INF),
    ("japan.south_divisions", 11, "div", "divisions sent south when Japan strikes south", "facts 2d: only 11 available for the southern offensive", 0, _INF),
    ("japan.pacific_drain_per_week", 0.12, "div/week", "divisions drawn from Manchuria to the Pacific per unit of US pressure", "judgement: Kwantung Army 'just over 300k' by end 1944 (facts 2d)", 0, _INF),
    ("japan.conscript_quality", 0.45, "1", "combat quality of divisions raised to refill Manchuria", "facts 2e: 250k untrained conscripts, divisions without artillery in 1945", 0, 1),
    ("japan.refill_per_week", 0.15, "div/week", "conscript divisions raised in Manchuria once the Soviet threat is seen", "judgement: 24 divisions in Aug 1945 (facts 2e)", 0, _INF),
    # --- Japan: oil -----------------------------------------------------------------
    ("japan.oil_stock_months", 18, "months", "oil stock at the start, in months of peacetime use", "facts 3: 42.7M bbl (Mar 1941), ~2.4M bbl/month; Navy '2 years', Army '1 year'", 0, _INF),
    ("japan.oil_war_burn", 1.5, "1", "oil use at war relative to peacetime", "facts 3: Kido, '2 years; 1.5 years if war'", 0, _INF),
    ("japan.oil_horizon_months", 24, "months", "stock below which oil becomes urgent", "judgement", 0, _INF),
    ("japan.south_oil_recovery", 0.7, "1", "share of oil use covered by conquered southern fields, before US interdiction", "facts 3: NEI + Borneo 65M bbl in 1940", 0, _INF),
    # --- Japan: decisions -----------------------------------------------------------
    ("japan.north_bias", 2.1, "logit", "Army (Strike North) faction's standing pull towards a northern posture", "judgement; facts 2f (Hokushin-ron after Nomonhan)", -_INF, _INF),
    ("japan.south_bias", -5.0, "logit", "Navy (Strike South) faction's standing pull towards war in the south", "judgement; facts 2f (Nanshin-ron)", -_INF, _INF),
    ("japan.w_persimmon", 4.0, "logit/log-ratio", "weight of the perceived force ratio in Manchuria against the 'ripe persimmon' threshold", "facts 2c", 0, _INF),
    ("japan.ripe_ratio", 2.0, "1", "Japanese-to-Soviet strength ratio the Army wanted before striking", "facts 2c: 2:1 after Soviet FE halved", 0, _INF),
    ("japan.soviet_division_rating", 0.75, "1", "worth of a Soviet division in Japanese eyes", "facts 2c, 5d: AGS 1941", 0, _INF),
    ("japan.w_german_success", 2.0, "logit", "weight of German success in the west on the northern option", "facts 1c, 2c: 'if the Germans reach Sverdlovsk', Moscow by end Aug", 0, _INF),
    ("japan.w_oil", 6.0, "logit", "weight of oil urgency on the southern option", "facts 3: embargo cost 88-90% of imported oil", 0, _INF),
    ("japan.w_embargo", 2.5, "logit", "weight of an embargo in force on the southern option", "facts 1b: freeze 25-26 Jul, oil ban 1 Aug 1941", 0, _INF),
    ("japan.pact_breach_cost", 2.0, "logit", "cost of breaking the Neutrality Pact (northern option, attack)", "judgement", 0, _INF),
    ("japan.pact_security", 1.0, "logit", "value of a secure northern border for a southern war", "seeds: the pact let Japan concentrate south", 0, _INF),
    ("japan.w_us_war", 3.0, "logit", "cost of a northern war while at war with the US", "facts 2f: Navy opposed a two-front war", 0, _INF),
    ("japan.w_oil_north", 1.5, "logit", "cost of oil urgency on the northern option (no quick oil in Siberia)", "facts 3: Siberian resources largely undeveloped", 0, _INF),
    ("japan.inertia", 2.0, "logit", "pull of the posture already held", "judgement: decisions took weeks of conferences", 0, _INF),
    ("japan.attack_bias", -2.0, "logit", "standing pull towards striking once mobilised in the north", "judgement", -_INF, _INF),
    ("japan.winter_cost", 4.0, "logit", "cost of starting a northern campaign outside the season (September-March)", "facts 1b: Kantokuen had to finish by mid-October", 0, _INF),
    # --- USSR -----------------------------------------------------------------------
    ("ussr.fe_divisions", 30, "div", "Soviet divisions in the Far East at the start", "facts 2a, 2c: ~30 rifle divisions, 703,714 men", 0, _INF),
    ("ussr.west_divisions", 170, "div", "Soviet divisions facing Germany at the start", "judgement", 0, _INF),
    ("ussr.west_growth_per_week", 0.4, "div/week", "growth of the Soviet force facing Germany from mobilisation", "judgement", 0, _INF),
    ("ussr.fe_mobilisation_per_week", 0.25, "div/week", "local mobilisation in the Far East while the USSR is at war", "facts 2a: 704k (Jun 1941) to 1.16M (Jan 1944) despite transfers", 0, _INF),
    ("ussr.fe_max", 50, "div", "ceiling of the Far East garrison from local mobilisation", "facts 2a: 1,162,991 men on 1 Jan 1944", 0, _INF),
    ("ussr.fe_floor", 12, "div", "the USSR never strips the Far East below this", "judgement", 0, _INF),
    ("ussr.rail_capacity_per_week", 2.0, "div/week", "divisions the Trans-Siberian railway moves in a week, either way", "facts 2b, 2e: 39 divisions and brigades east in ~3 months of 1945", 0, _INF),
    ("ussr.rail_transit_weeks", 3, "weeks", "time for a division to cross between the fronts", "judgement: ~9,000 km of single track", 1, 26),
    ("ussr.intelligence_reliability", 0.8, "1", "probability that the Sorge-like signal reports Japan's posture truly", "facts 1c", 0.5, 1),
    ("ussr.intelligence_trust", 0.7, "1", "weight the USSR gives to that signal", "facts 1c, 2b: Sorge believed by October 1941", 0, 1),
    ("ussr.w_crisis", 3.0, "logit", "weight of the German threat on moving divisions west", "judgement", 0, _INF),
    ("ussr.w_threat", 3.0, "logit", "weight of the believed Japanese threat on keeping divisions east", "judgement", 0, _INF),
    ("ussr.w_margin", 1.5, "logit/log-ratio", "weight of the Far East force margin over Japan's", "judgement", 0, _INF),
    ("ussr.transfer_bias", -2.0, "logit", "standing reluctance to move divisions at all", "judgement", -_INF, _INF),
    ("ussr.denounce_bias", -7.0, "logit", "standing reluctance to denounce the pact", "judgement", -_INF, _INF),
    ("ussr.w_yalta_denounce", 5.0, "logit", "pull of a Yalta-like commitment towards denouncing", "facts 1d: Yalta 11 Feb 1945, denunciation 5 Apr", 0, _INF),
    ("ussr.w_deadline", 3.0, "logit", "pull of the closing denunciation window (else prolonged five years)", "facts 1a: Art. 3", 0, _INF),
    ("ussr.deadline_weeks", 4, "weeks", "scale of the deadline pull", "judgement", 0.1, _INF),
    ("ussr.attack_bias", -8.0, "logit", "standing reluctance to attack Japan", "judgement", -_INF, _INF),
    ("ussr.w_yalta_timing", 6.0, "logit", "pull of the promise to enter two to three months after Germany's surrender", "facts 1d: Yalta terms", 0, _INF),
    ("ussr.yalta_weeks", 12, "weeks", "weeks after Germany's surrender at which the promise pulls fully", "facts 1d: 'two or three months'", 0, _INF),
    ("ussr.attack_ratio", 2.0, "1", "Soviet-to-Japanese ratio wanted in Manchuria before attacking", "facts 2e: ~2.2:1 in men, Aug 1945", 0, _INF),
    ("ussr.w_ratio", 3.0, "logit/log-ratio", "weight of the force ratio on attacking", "judgement", 0, _INF),
    ("ussr.w_japan_collapse", 3.0, "logit", "pull to attack before a collapsing Japan surrenders to others", "facts 4: Soviet entry and the bombs", 0, _INF),
    ("ussr.pact_breach_cost", 1.0, "logit", "cost of attacking while the pact is in force", "judgement; facts 1a: attacked while the denounced pact ran to 1946", 0, _INF),
    ("ussr.two_front_cost", 6.0, "logit", "cost of attacking Japan while at war with Germany", "judgement", 0, _INF),
    # --- Germany --------------------------------------------------------------------
    ("germany.success_barbarossa", 0.3, "index", "German success index on the day of Barbarossa", "judgement", -_INF, _INF),
    ("germany.advance_per_week", 0.02, "index/week", "growth of German success during an offensive", "judgement", -_INF, _INF),
    ("germany.endurance", 1.0, "index", "German war capacity at the start of Barbarossa", "normalisation", 0, _INF),
    ("germany.east_attrition", 0.0016, "1/week", "weekly loss of capacity against 170 Soviet divisions", "calibrated: surrender ~May 1945 (facts 1d)", 0, _INF),
    ("germany.west_attrition", 0.004, "1/week", "weekly loss of capacity once the western front is open", "calibrated", 0, _INF),
    ("germany.attrition_sd", 0.002, "1/week", "weekly noise on the loss of capacity", "judgement", 0, _INF),
    ("germany.moscow_logit", -1.2, "logit", "log-odds that Moscow falls with no Far Eastern reinforcement", "judgement; facts 4 (Toland)", -_INF, _INF),
    ("germany.per_division", -0.12, "logit/div", "change in the log-odds of a German victory per Far Eastern division arrived in the west since the offensive began", "judgement; facts 2b (8-18 divisions at Moscow)", -_INF, _INF),
    ("germany.stalingrad_logit", -3.0, "logit", "log-odds of a German victory at Stalingrad", "judgement", -_INF, _INF),
    ("germany.kursk_logit", -2.5, "logit", "log-odds of a German victory at Kursk", "judgement", -_INF, _INF),
    ("germany.momentum", 1.5, "logit", "extra log-odds of German victory after an earlier German victory", "judgement", -_INF, _INF),
    ("germany.victory_gain", 0.25, "index", "capacity Germany gains from a decisive victory", "judgement", 0, _INF),
    ("germany.defeat_loss", 0.12, "index", "capacity Germany loses in a decisive defeat", "facts 1d: Stalingrad, ~91k prisoners", 0, _INF),
    ("germany.soviet_loss", 25, "div", "Soviet divisions lost in a decisive German victory", "judgement", 0, _INF),
    # --- United States and the Pacific war ------------------------------------------
    ("us.conquest_weeks", 22, "weeks", "weeks of Japanese advance after a strike south", "facts 1d: Singapore 15 Feb 1942; Midway June 1942", 0, _INF),
    ("us.pressure_growth", 0.000030, "1/week^2", "growth of US pressure on Japan per week of Pacific war", "calibrated: surrender Aug 1945", 0, _INF),
    ("us.pressure_sd", 0.004, "1/week", "weekly noise on the Pacific war", "judgement", 0, _INF),
    ("us.siege_level", 0.25, "index", "Japanese position below which surrender is considered", "judgement", 0, 1),
    ("us.surrender_logit", -4.0, "logit", "weekly log-odds of surrender once under siege", "judgement", -_INF, _INF),
    ("us.bomb_shock", 3.0, "logit", "extra log-odds of surrender in the weeks after an atomic bombing", "facts 1d", 0, _INF),
    ("us.soviet_entry_shock", 2.5, "logit", "extra log-odds of surrender once the USSR is at war with Japan", "facts 4: Hasegawa", 0, _INF),
    # --- Combat in Manchuria and the Far East ---------------------------------------
    ("combat.lethality", 0.012, "1/day", "divisions destroyed per day per enemy division (Lanchester square law)", "judgement; facts 5 (Engel a=0.054, b=0.011 per day)", 0, _INF),
    ("combat.soviet_quality", 1.0, "1", "combat quality of a Soviet division", "normalisation", 0, _INF),
    ("combat.japan_quality", 1.0, "1", "combat quality of a Japanese division in 1941", "facts 2f: Nomonhan losses roughly equal", 0, _INF),
    ("combat.surprise", 1.5, "1", "attacker's multiplier in the first weeks", "judgement", 0, _INF),
    ("combat.surprise_weeks", 2, "weeks", "how long surprise lasts", "judgement", 0, _INF),
    ("combat.winter", 0.6, "1", "attacker's multiplier in winter (December-March)", "facts 1b: winter deadline", 0, 1),
    ("combat.logistics", 0.6, "1", "share of the attacker's fire lost at the full depth of the theater", "facts 4: one rail line would stall an advance (weak source); judgement", 0, 1),
    ("combat.front_speed", 0.25, "depth/week", "largest weekly move of the front", "facts 2e: 11-12 days of main operation", 0, 1),
    ("combat.occupation_weeks", 3, "weeks", "weeks the victor occupies after the other side's surrender", "facts 1d: Kurils taken 18 Aug-1 Sep 1945", 0, _INF),
]

CATALOGUE: dict[str, Param] = {row[0]: Param(*row) for row in _ROWS}
"""All parameters by name."""
