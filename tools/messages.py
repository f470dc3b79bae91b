"""Update the translation catalogues of pactsim (``make translations``).

1. Extract every message from the code (``_()``, ``N_()``) and the report template
   (``{% trans %}``, ``_()``) into ``sim/locale/pactsim.pot`` with Babel.
2. Add the labels that are data, not code: outcome labels, force labels and the titles
   of the bundled scenarios, so that the report can translate them too.
3. Merge the template into each language's ``pactsim.po`` (new messages come in empty,
   stale ones are kept as obsolete) and compile every ``.po`` to the ``.mo`` that the
   package ships.

A translator edits ``sim/locale/<lang>/LC_MESSAGES/pactsim.po`` and runs this again.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
LOCALE = ROOT / "sim" / "locale"
POT = LOCALE / "pactsim.pot"
LANGUAGES = ("it", "nl", "ar")


def pybabel(*args: str) -> None:
    CommandLineInterface().run(["pybabel", "-q", *args])


def data_messages() -> dict[str, str]:
    """Labels kept as data (message id to where it comes from)."""
    sys.path.insert(0, str(ROOT))
    from sim.analysis import plots
    from sim.files.scenario import list_bundled

    out = {label: f"sim/analysis/plots.py OUTCOME_LABELS[{key!r}]" for key, label in plots.OUTCOME_LABELS.items()}
    out.update({label: f"sim/analysis/plots.py FORCE_LABELS[{key!r}]" for key, label in plots.FORCE_LABELS.items()})
    for name, title, path in list_bundled():
        out[title] = f"scenarios/{path.name} title"
    return out


def main() -> None:
    os.chdir(ROOT)  # file names in the catalogues relative to the project
    pybabel("extract", "-F", str(ROOT / "babel.cfg"), "-k", "N_", "--no-wrap", "--sort-by-file",
            "--project", "pactsim", "--copyright-holder", "the pactsim authors", "-o", str(POT), ".")
    with POT.open("rb") as f:
        catalog = read_po(f)
    for message, origin in data_messages().items():
        if message not in catalog:
            catalog.add(message, auto_comments=[origin])
    with POT.open("wb") as f:
        write_po(f, catalog, width=0, sort_by_file=True)
    for lang in LANGUAGES:
        po = LOCALE / lang / "LC_MESSAGES" / "pactsim.po"
        if po.exists():
            pybabel("update", "-i", str(POT), "-d", str(LOCALE), "-D", "pactsim", "-l", lang, "--no-wrap")
        else:
            pybabel("init", "-i", str(POT), "-d", str(LOCALE), "-D", "pactsim", "-l", lang, "--no-wrap")
    pybabel("compile", "-d", str(LOCALE), "-D", "pactsim", "--statistics")
    print(f"catalogues updated in {LOCALE}")


if __name__ == "__main__":
    main()
