"""The markers demo content is written with: text in both languages, and references to
images, documents and stories that exist only once the seed has created them."""

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

PARIS = ZoneInfo("Europe/Paris")
LANGUAGES = ("fr", "en")


@dataclass(frozen=True)
class T:
    """One piece of text, in French and in English."""

    fr: str
    en: str

    def __getitem__(self, language: str) -> str:
        return getattr(self, language)


@dataclass(frozen=True)
class Rich:
    """Rich text (HTML) in both languages; a bare sentence becomes one paragraph."""

    text: T


@dataclass(frozen=True)
class ImageRef:
    key: str


@dataclass(frozen=True)
class ImageCaption:
    """The image's own caption, in the page's language.

    Written out in French too (although the image's caption already is French): a French
    field left empty counts for wagtail-localize as "cleared", and syncing would clear the
    English caption as well."""

    key: str


@dataclass(frozen=True)
class DocumentRef:
    key: str


@dataclass(frozen=True)
class StoryRef:
    key: str


def morning(year: int, month: int, day: int) -> datetime.datetime:
    """A publication time: 8 a.m. in Paris, when the newsroom publishes."""
    return datetime.datetime(year, month, day, 8, 0, tzinfo=PARIS)
