"""The languages of the report and the chronicle: English, Italian, Dutch and Arabic.

Text is translated with gettext catalogues (``sim/locale/<lang>/LC_MESSAGES/pactsim.po``,
compiled to ``.mo``), managed with Babel (``make translations``). Every English text is
its own message id, so any label the model declares (a factor's reason, an outcome's
name) is translated wherever a catalogue has it and stays English where none does.
Dates, numbers and percentages are formatted for the language with Babel, and Arabic
is written right to left.

English is the source language: its "translation" is the text itself.
"""

from __future__ import annotations

import datetime as dt
import functools
import gettext as _gettext
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent

LANGUAGES = {"en": "English", "it": "Italiano", "nl": "Nederlands", "ar": "العربية"}
"""The languages offered, by code, each named in itself."""

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "pactsim"
RIGHT_TO_LEFT = frozenset({"ar"})


def N_(message: str) -> str:
    """Mark ``message`` for the catalogues without translating it here (a gettext convention)."""
    return message


BABEL_LOCALE = {"en": "en_GB", "it": "it", "nl": "nl", "ar": "ar"}
"""The Babel locale of each language (British English: '7 December 1941', 'A, B and C')."""


def check(lang: str) -> str:
    """``lang`` if it is offered; a ``ValueError`` naming the languages otherwise."""
    if lang not in LANGUAGES:
        raise ValueError(f"unknown language {lang!r}; expected one of {', '.join(LANGUAGES)}")
    return lang


@functools.cache
def translator(lang: str = "en") -> _gettext.NullTranslations:
    """The gettext translations of ``lang`` (English: the text as it is)."""
    if check(lang) == "en":
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, localedir=LOCALE_DIR, languages=[lang], fallback=True)


def gettext(lang: str):
    """The ``_`` function of ``lang``: English text in, translated text out."""
    return translator(lang).gettext


def ngettext(lang: str):
    """The ``ngettext`` of ``lang``: singular, plural and count in, the count's form out."""
    return translator(lang).ngettext


def direction(lang: str) -> str:
    """``"rtl"`` for a language written right to left, else ``"ltr"``."""
    return "rtl" if check(lang) in RIGHT_TO_LEFT else "ltr"


def date(day, lang: str = "en", format: str = "long") -> str:
    """A date in words: '7 December 1941', '7 dicembre 1941', '7 december 1941', '٧ ديسمبر ١٩٤١'.

    ``format``: ``"long"`` (day, month, year), ``"day"`` (day and month), ``"month"``
    (month and year) or ``"short"`` (day, abbreviated month, year).
    """
    pattern = {"long": "d MMMM y", "day": "d MMMM", "month": "MMMM y", "short": "d MMM y"}[format]
    if not isinstance(day, dt.date):
        day = _as_date(day)
    return format_date(day, pattern, locale=BABEL_LOCALE[check(lang)])


def _as_date(value) -> dt.date:
    import pandas as pd

    return pd.Timestamp(value).date()


def rounded(x, digits: int = 0) -> Decimal:
    """``x`` rounded to ``digits`` decimals, halves away from zero, from its shortest decimal
    form (0.2285, not the binary 0.22849999...), and never a negative zero.

    The one rounding rule of every number pactsim prints: 457 of 2,000 worlds is 22.9%
    in ``summary``, ``compare`` and the report alike.
    """
    value = Decimal(repr(float(x))).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    return value.copy_abs() if value.is_zero() else value


def number(x, lang: str = "en", digits: int = 0) -> str:
    """``x`` with the language's digit grouping and decimal sign, ``digits`` decimals."""
    pattern = "#,##0" + ("." + "0" * digits if digits else "")
    return format_decimal(rounded(x, digits), pattern, locale=BABEL_LOCALE[check(lang)])


def percent(p, lang: str = "en", digits: int = 0) -> str:
    """The share ``p`` (0..1) as a percentage for the language ('8%', '8 %', '٨٪')."""
    locale = BABEL_LOCALE[check(lang)]
    p = rounded(p, digits + 2)
    if digits == 0:
        return format_percent(p, locale=locale)
    return format_percent(p, "#,##0." + "0" * digits + "%", locale=locale)


def join(phrases: list[str], lang: str = "en") -> str:
    """'A, B and C' in the language."""
    return format_list(phrases, locale=BABEL_LOCALE[check(lang)]) if phrases else ""
