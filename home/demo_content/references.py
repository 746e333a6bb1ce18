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
    """The image's own caption in English, empty in French (the image's caption is French)."""

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
