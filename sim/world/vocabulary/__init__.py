"""The declared vocabulary of the model, in one place.

Everything the model can be asked about, and every word the analysis uses for it, is
declared here once: the parameters (:mod:`.params`, with units, sources and plausible
ranges), the exogenous events and the other recorded events (:mod:`.events`), the
decisions with their options and factors (:mod:`.decisions`), the outcomes and
territories (:mod:`.outcomes`) and the draw sites (:mod:`.sites`). The rules read it;
the event log takes its columns from it; the chronicle, plots, comparison tables, the
generated docs and the page's levers take their words from it.
"""

from .decisions import DECISIONS, FACTORS, Decision, Factor
from .events import EVENTS, TOLD, Event, EventSpec, historical
from .outcomes import (
    FORCE_UNITS,
    FORCES,
    NEVER_HAPPENED,
    NO_PARTY,
    OUTCOMES,
    PARTIES,
    TERRITORIES,
    TRANSFER_WINDOWS,
    Outcome,
    Territory,
    of_kind,
)
from .params import CATALOGUE, Param
from .sites import SITES

ACTORS = ("treaty", "germany", "us", "japan", "ussr")
"""Who acts in the event log."""

LOG_EVENTS: tuple[str, ...] = tuple(dict.fromkeys(
    [d.event for d in DECISIONS.values()] + [e for _, e, _ in TOLD]
    + [f"{verb}_{t}" for verb in ("takes", "retakes") for t in TERRITORIES]))
"""Every event name the log can hold (its categories)."""

LOG_OUTCOMES: tuple[str, ...] = tuple(dict.fromkeys(
    [o for d in DECISIONS.values() for o in d.options] + [o for _, _, o in TOLD if o]))
"""Every value of the log's ``option`` column: a decision's option or a battle's result."""

__all__ = [
    "ACTORS", "CATALOGUE", "DECISIONS", "EVENTS", "FACTORS", "FORCE_UNITS", "FORCES", "LOG_EVENTS", "LOG_OUTCOMES",
    "NEVER_HAPPENED", "NO_PARTY", "OUTCOMES", "PARTIES", "SITES", "TERRITORIES", "TOLD", "TRANSFER_WINDOWS",
    "Decision", "Event", "EventSpec", "Factor", "Outcome", "Param", "Territory", "historical", "of_kind",
]
