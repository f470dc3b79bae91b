"""Citations of the project's sources document, ``docs/sources.md``.

Catalogue rows and event specifications name their source as "facts 2c" (a section of
the calibration notes the model was built from); ``docs/sources.md`` keeps those
section numbers as its anchors. :func:`cite` rewrites such a reference as "sources §2c",
or as Markdown links to the entries, where the catalogue is rendered, so that the rows
themselves need not change.
"""

from __future__ import annotations

import re

SECTIONS = ("1a", "1b", "1c", "1d", "2a", "2b", "2c", "2d", "2e", "2f", "3", "4", "5", "5a", "5d", "6")
"""The anchors of ``docs/sources.md``."""

_SECTION = r"\d[a-g]?"
_REFERENCE = re.compile(rf"\bfacts(?:\.md)?\s+({_SECTION}(?:(?:\s*,\s*|\s+and\s+|/|-){_SECTION})*)")


def cite(text: str, link: str | None = None) -> str:
    """``text`` with every "facts 2c, 5d" as "sources §2c, §5d".

    ``link``: the address of ``sources.md`` from where the text is shown (for example
    ``"sources.md"`` in ``docs/parameters.md``); then each section becomes a Markdown link
    to its entry. A section the document lacks is left as text, and the tests catch it.
    """
    def one(section: str) -> str:
        anchor = section if section in SECTIONS else section[0]
        return f"[§{section}]({link}#{anchor})" if link else f"§{section}"

    def reference(match: re.Match) -> str:
        return "sources " + re.sub(_SECTION, lambda m: one(m.group(0)), match.group(1))

    return _REFERENCE.sub(reference, text)
