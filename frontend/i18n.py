"""Interface languages of the reader site: gettext catalogues, dates and language choice."""

import datetime
import functools
import io
from pathlib import Path

from babel import Locale
from babel.dates import format_date, format_datetime
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.support import Translations

LOCALE_DIR = Path(__file__).parent / "locale"
LANGUAGES = ("fr", "en")
DEFAULT_LANGUAGE = "fr"
LANGUAGE_NAMES = {"fr": "Français", "en": "English"}


@functools.lru_cache(maxsize=8)
def load_translations(language: str, locale_dir: Path = LOCALE_DIR) -> Translations:
    """The compiled catalogue, or the .po compiled in memory when `make locale` has not run.

    .mo files are build output (gitignored): a fresh checkout must still speak French.
    """
    messages_dir = locale_dir / language / "LC_MESSAGES"
    mo_path = messages_dir / "messages.mo"
    po_path = messages_dir / "messages.po"
    if mo_path.exists() and (
        not po_path.exists() or mo_path.stat().st_mtime >= po_path.stat().st_mtime
    ):
        with mo_path.open("rb") as handle:
            return Translations(handle, domain="messages")
    with po_path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return Translations(buffer, domain="messages")


def other_language(language: str) -> str:
    return "en" if language == "fr" else "fr"


def choose_language(accept_language: str | None) -> str:
    """The first supported language in Accept-Language by quality; French when none fits."""
    choices = []
    for position, part in enumerate((accept_language or "").split(",")):
        pieces = part.strip().split(";")
        tag = pieces[0].strip().lower()
        quality = 1.0
        for parameter in pieces[1:]:
            name, _, value = parameter.strip().partition("=")
            if name == "q":
                try:
                    quality = float(value)
                except ValueError:
                    quality = 0.0
        primary = tag.split("-")[0]
        if primary in LANGUAGES and quality > 0:
            choices.append((-quality, position, primary))
    return min(choices)[2] if choices else DEFAULT_LANGUAGE


def parse_date(value) -> datetime.date | datetime.datetime | None:
    if not value:
        return None
    if isinstance(value, datetime.date):
        return value
    text = str(value)
    try:
        if "T" in text:
            return datetime.datetime.fromisoformat(text.replace("Z", "+00:00"))
        return datetime.date.fromisoformat(text)
    except ValueError:
        return None


def date_long(value, language: str) -> str:
    """12 mai 2025 / May 12, 2025."""
    parsed = parse_date(value)
    if parsed is None:
        return ""
    if isinstance(parsed, datetime.datetime):
        parsed = parsed.date()
    return format_date(parsed, format="long", locale=Locale.parse(language))


def month_year(value, language: str) -> str:
    """mars 2025 / March 2025, as in "ongoing since March 2025"."""
    parsed = parse_date(value)
    if parsed is None:
        return ""
    return format_date(parsed, format="LLLL yyyy", locale=Locale.parse(language))


def iso_datetime(value) -> str:
    parsed = parse_date(value)
    if parsed is None:
        return ""
    return parsed.isoformat()


def date_time(value, language: str) -> str:
    parsed = parse_date(value)
    if parsed is None:
        return ""
    if not isinstance(parsed, datetime.datetime):
        return date_long(parsed, language)
    return format_datetime(parsed, format="long", locale=Locale.parse(language))
