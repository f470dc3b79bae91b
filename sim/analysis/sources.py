"""Citations of the project's sources document, ``docs/sources.md``.

Catalogue rows and event specifications name their source as "facts 2c" (a section of
the calibration notes the model was built from); ``docs/sources.md`` keeps those
section numbers as its anchors. :func:`cite` rewrites such a reference as "sources §2c",
or as Markdown links to the entries, where the catalogue is rendered, so that the rows
themselves need not change.
"""

from __future__ import annotations

import re

SECTIONS = ("1a", "1b", "1c", "1d", "2a", "2b", "2c", "2d", "2e", "2f", "2g", "3", "4", "5", "5a", "5d", "6",
            "b1a", "b1b", "b1c", "b1d", "b2", "b3", "b3b", "b4", "b5", "b6", "b7")
"""The anchors of ``docs/sources.md``: part A (the first notes, "facts 2c") and part B
(the second, "facts-2 §1a", cited as "sources §B1a")."""

_SECTION = r"\d[a-g]?"
_LIST = rf"({_SECTION}(?:(?:\s*,\s*|\s+and\s+|/|-)§?{_SECTION})*)"
_REFERENCE = re.compile(rf"\bfacts(?:\.md)?\s+{_LIST}")
_SECOND = re.compile(rf"\bfacts-2(?:\.md)?\s+§?{_LIST}")


def cite(text: str, link: str | None = None) -> str:
    """``text`` with every "facts 2c, 5d" as "sources §2c, §5d" and every "facts-2 §1a"
    as "sources §B1a".

    ``link``: the address of ``sources.md`` from where the text is shown (for example
    ``"sources.md"`` in ``docs/parameters.md``); then each section becomes a Markdown link
    to its entry. A section the document lacks is left as text, and the tests catch it.
    """
    def one(section: str, part: str) -> str:
        anchor = part.lower() + section
        if anchor not in SECTIONS:
            anchor = part.lower() + re.sub(r"[a-g]$", "", section)
        name = f"§{part}{section}"
        return f"[{name}]({link}#{anchor})" if link else name

    def reference(part: str):
        def replace(match: re.Match) -> str:
            listed = match.group(1).replace("§", "")
            return "sources " + re.sub(_SECTION, lambda m: one(m.group(0), part), listed)
        return replace

    text = text.replace("not in facts.md", "not in the sources")
    return _REFERENCE.sub(reference(""), _SECOND.sub(reference("B"), text))
