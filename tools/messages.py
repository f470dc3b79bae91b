"""Update the translation catalogues of pactsim (``make translations``).

1. Extract every message from the code (``_()``, ``N_()``) and the report template
   (``{% trans %}``, ``_()``) into ``sim/locale/pactsim.pot`` with Babel.
2. Add the labels that are data, not code: outcome labels, force labels, the meanings of
   the catalogue's parameters and the titles of the bundled scenarios, so that the report
   can translate them too.
3. Merge the template into each language's ``pactsim.po`` (new messages come in empty,
   stale ones are kept as obsolete) and compile every ``.po`` to the ``.mo`` that the
   package ships. Files whose messages did not change are left as they are, so a newer
   Babel (which stamps its version in each header) rewrites nothing by itself.

A translator edits ``sim/locale/<lang>/LC_MESSAGES/pactsim.po`` and runs this again.
"""

from __future__ import annotations

import gettext
import io
import os
import re
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "sim" / "locale"
POT = LOCALE / "pactsim.pot"
LANGUAGES = ("it", "nl", "ar")


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def data_messages() -> dict[str, str]:
    """Labels kept as data, not code: the declared vocabulary's words, the meanings of the
    catalogue's parameters and the titles of the bundled scenarios (message id to where it
    comes from)."""
    sys.path.insert(0, str(ROOT))
    from sim.analysis import plots
    from sim.files.scenario import list_bundled
    from sim.world.vocabulary import CATALOGUE, DECISIONS, FACTORS, TERRITORIES, TOLD

    out: dict[str, str] = {}

    def add(text, origin):
        if text and text not in out:
            out[text] = origin

    for name, factor in FACTORS.items():
        add(factor.reason, f"sim/world/vocabulary/decisions.py FACTORS[{name!r}].reason")
        add(factor.label, f"sim/world/vocabulary/decisions.py FACTORS[{name!r}].label")
    for name, decision in DECISIONS.items():
        for option, clause in decision.told.items():
            add(clause, f"sim/world/vocabulary/decisions.py DECISIONS[{name!r}].told[{option!r}]")
    for key, sentence in TOLD.items():
        add(sentence, f"sim/world/vocabulary/events.py TOLD[{key!r}]")
    for name, territory in TERRITORIES.items():
        add(territory.label, f"sim/world/vocabulary/outcomes.py TERRITORIES[{name!r}].label")
    for key, label in plots.OUTCOME_LABELS.items():
        add(label, f"outcome label {key!r}")
    for key, label in plots.FORCE_LABELS.items():
        add(label, f"force label {key!r}")
    for name, parameter in CATALOGUE.items():
        add(parameter.meaning, f"sim/world/vocabulary/params CATALOGUE[{name!r}].meaning")
    for _name, title, path in list_bundled():
        add(title, f"scenarios/{path.name} title")
    return out


def write(path: Path, catalog) -> None:
    """Write ``catalog``, with "python-format" kept only on messages that have named
    placeholders: Babel also flags text such as "95% interval" ("% i"), and then
    refuses a translation that keeps the percent sign as text."""
    for message in catalog:
        if "python-format" in message.flags and "%(" not in str(message.id):
            message.flags.discard("python-format")
    with path.open("wb") as f:
        write_po(f, catalog, width=0, sort_by_file=True)


def main() -> None:
    os.chdir(ROOT)  # file names in the catalogues relative to the project
    before = POT.read_bytes() if POT.exists() else None
    pybabel("extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_", "--no-wrap", "--sort-by-file",
            "--project", "pactsim", "--copyright-holder", "the pactsim authors", "-o", str(POT), ".")
    with POT.open("rb") as f:
        catalog = read_po(f)
    for message, origin in data_messages().items():
        if message not in catalog:
            catalog.add(message, auto_comments=[origin])
    write(POT, catalog)
    unchanged = before is not None and message_ids(POT.read_bytes()) == message_ids(before)
    if unchanged:
        # No message changed: keep the template as it was (its date, and the layout a newer
        # Babel may give it), and the catalogues stay as the translators left them.
        POT.write_bytes(before)
    for lang in LANGUAGES:
        po = LOCALE / lang / "LC_MESSAGES" / "pactsim.po"
        if po.exists() and unchanged:
            continue
        if po.exists():
            pybabel("update", "-i", str(POT), "-d", str(LOCALE), "-D", "pactsim", "-l", lang, "--no-wrap")
        else:
            pybabel("init", "-i", str(POT), "-d", str(LOCALE), "-D", "pactsim", "-l", lang, "--no-wrap")
        with po.open("rb") as f:
            write(po, read_po(f))
    for lang in LANGUAGES:
        compile_catalog(LOCALE / lang / "LC_MESSAGES" / "pactsim.po")
    print(f"catalogues updated in {LOCALE}")


def message_ids(pot: bytes) -> set:
    """The messages a template asks to translate, without its dates and source lines."""
    return {(m.id if isinstance(m.id, str) else tuple(m.id)) for m in read_po(io.BytesIO(pot)) if m.id}


def messages(mo: bytes) -> tuple[dict, list[int]]:
    """What a compiled catalogue means: its translations and its plural rule (the plural
    form it picks for 0..199), without the header, which names the compiling Babel."""
    translations = gettext.GNUTranslations(io.BytesIO(mo))
    catalog = {key: text for key, text in translations._catalog.items() if key != ""}
    return catalog, [translations.plural(n) for n in range(200)]


PLACEHOLDER = re.compile(r"%\((\w+)\)s|\{(\w+)\}")


def placeholders(text: str) -> set[str]:
    return {a or b for a, b in PLACEHOLDER.findall(text)}


def keeps_placeholders(message) -> bool:
    """Whether a translation keeps the named placeholders of its message. A plural form may
    spell its count in words (Arabic's dual 'فرقتان' needs no number) but adds no name,
    and the forms together use every name."""
    if isinstance(message.id, str):
        return placeholders(message.string) == placeholders(message.id)
    wanted = placeholders(message.id[-1])
    forms = [placeholders(form) for form in message.string]
    return all(form <= wanted for form in forms) and set().union(*forms) == wanted


def compile_catalog(po: Path) -> None:
    """Compile ``po`` to ``.mo`` after checking that every translation keeps the named
    placeholders of its message (``{place}``, ``%(worlds)s``); untranslated messages
    stay English. (``pybabel compile`` would also reject a translation that keeps the
    percent sign of "95% interval", which it takes for a placeholder.)"""
    with po.open("rb") as f:
        catalog = read_po(f)
    errors = [f"{po}: {m.id!r}: the translation {m.string!r} does not keep the placeholders of the message"
              for m in catalog if m.id and m.string and not keeps_placeholders(m)]
    if errors:
        raise SystemExit("\n".join(errors))
    done = sum(1 for m in catalog if m.id and m.string and not m.fuzzy)  # fuzzy: a guess to check
    total = sum(1 for m in catalog if m.id)
    fresh = io.BytesIO()
    write_mo(fresh, catalog)
    mo = po.with_suffix(".mo")
    # The header records the Babel version that compiled it: a newer Babel alone must not
    # rewrite a shipped catalogue whose messages are the same.
    if not (mo.exists() and messages(mo.read_bytes()) == messages(fresh.getvalue())):
        mo.write_bytes(fresh.getvalue())
    print(f"{po.parent.parent.name}: {done} of {total} messages translated")


if __name__ == "__main__":
    main()
