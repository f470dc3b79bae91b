"""Every citation of the sources document points at an entry that exists."""

from __future__ import annotations

import importlib.util
import io
import re
from pathlib import Path

from sim.analysis.sources import SECTIONS, cite
from sim.world.vocabulary import CATALOGUE, EVENTS

ROOT = Path(__file__).resolve().parent.parent
SOURCES = (ROOT / "docs" / "sources.md").read_text(encoding="utf-8")


def _tool(name: str):
    spec = importlib.util.spec_from_file_location(f"pactsim_tools_{name}", ROOT / "tools" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


messages = _tool("messages").messages


def anchors() -> set[str]:
    return set(re.findall(r'<a id="([^"]+)"></a>', SOURCES))


def test_the_declared_sections_are_the_anchors_of_the_document():
    assert set(SECTIONS) == anchors()


def test_cite_turns_notes_into_links_to_entries():
    assert cite("facts 2c: 2:1 after Soviet FE halved") == "sources §2c: 2:1 after Soviet FE halved"
    assert cite("facts 1c, 2b: Sorge", "sources.md") == "sources [§1c](sources.md#1c), [§2b](sources.md#2b): Sorge"
    assert cite("judgement; facts 5 (Engel)") == "judgement; sources §5 (Engel)"
    assert cite("facts 1b/2d") == "sources §1b/§2d"


def test_every_catalogue_source_resolves_in_the_document():
    for p in CATALOGUE.values():
        text = cite(p.source, "sources.md")
        assert "facts" not in text, p.name
        for anchor in re.findall(r"sources\.md#(\w+)", text):
            assert anchor in anchors(), (p.name, anchor)
        assert text.startswith(("sources", "judgement", "calibrated", "normalisation", "seeds")), (p.name, text)


def test_scenarios_events_and_report_cite_only_the_project():
    texts = [path.read_text(encoding="utf-8") for path in (ROOT / "scenarios").glob("*.yaml")]
    texts += [cite(spec.source) for spec in EVENTS.values()]
    texts.append((ROOT / "sim" / "analysis" / "templates" / "report.html").read_text(encoding="utf-8"))
    for text in texts:
        assert "facts" not in text and "shared/history" not in text
        for part, section in re.findall(r"§(B?)(\d[a-g]?)", text):
            assert (part.lower() + section) in anchors(), section


def test_the_compiled_catalogues_are_those_of_the_po_files_and_complete():
    """Messages and plural rules are compared, not bytes: the header of a compiled catalogue
    names the Babel that compiled it, and the pins let Babel float."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    locale = ROOT / "sim" / "locale"
    with (locale / "pactsim.pot").open("rb") as f:
        template = {m.id for m in read_po(f) if m.id}
    for lang in ("it", "nl", "ar"):
        folder = locale / lang / "LC_MESSAGES"
        with (folder / "pactsim.po").open("rb") as f:
            catalog = read_po(f)
        untranslated = sorted(m.id for m in catalog if m.id and m.id in template and (not m.string or m.fuzzy))
        assert not untranslated, (lang, untranslated[:5])
        assert template <= {m.id for m in catalog if m.id}, lang
        fresh = io.BytesIO()
        write_mo(fresh, catalog)
        shipped = (folder / "pactsim.mo").read_bytes()
        assert messages(fresh.getvalue()) == messages(shipped), f"run `make translations` ({lang})"
