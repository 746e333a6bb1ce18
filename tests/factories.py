"""The one place tests make content. Functions, not magic: each returns saved objects."""

import datetime
import io
import itertools

from PIL import Image as PILImage

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from home.models import HomePage
from series.models import Partner, SeriesIndexPage, SeriesPage, SeriesPartner
from stories.models import (
    Contributor,
    StoryAuthor,
    StoryIndexPage,
    StoryPage,
    TerrainImage,
    Territory,
    Theme,
)

_counter = itertools.count(1)


def locale(code: str = "fr") -> Locale:
    return Locale.objects.get(language_code=code)


def home(code: str = "fr") -> HomePage:
    return HomePage.objects.get(locale__language_code=code)


def series_index(code: str = "fr") -> SeriesIndexPage:
    return SeriesIndexPage.objects.get(locale__language_code=code)


def story_index(code: str = "fr") -> StoryIndexPage:
    return StoryIndexPage.objects.get(locale__language_code=code)


def png_bytes(width: int = 640, height: int = 400, color=(90, 120, 80)) -> bytes:
    buffer = io.BytesIO()
    PILImage.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


def make_image(title: str | None = None, alt_text: str = "Un terril au soleil", **fields):
    title = title or f"Image {next(_counter)}"
    image = TerrainImage(
        title=title,
        alt_text=alt_text,
        file=ImageFile(io.BytesIO(png_bytes()), name=f"{title.lower().replace(' ', '-')}.png"),
        **fields,
    )
    image.save()
    return image


def make_territory(name: str, kind: str = "commune", parent=None, code: str = "fr", **fields):
    slug = fields.pop("slug", None) or name.lower().replace(" ", "-")
    return Territory.objects.create(
        name=name, slug=slug, kind=kind, parent=parent, locale=locale(code), **fields
    )


def make_theme(name: str, code: str = "fr", **fields):
    slug = fields.pop("slug", None) or name.lower().replace(" ", "-")
    return Theme.objects.create(name=name, slug=slug, locale=locale(code), **fields)


def make_contributor(name: str, code: str = "fr", **fields):
    slug = fields.pop("slug", None) or name.lower().replace(" ", "-")
    return Contributor.objects.create(name=name, slug=slug, locale=locale(code), **fields)


def make_partner(name: str, kind: str = "foundation", code: str = "fr", **fields):
    slug = fields.pop("slug", None) or name.lower().replace(" ", "-")
    return Partner.objects.create(name=name, slug=slug, kind=kind, locale=locale(code), **fields)


def _add(parent: Page, page: Page, publish: bool, user=None) -> Page:
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def make_series(title: str | None = None, parent=None, publish: bool = True, partners=(), **fields):
    title = title or f"Série {next(_counter)}"
    fields.setdefault("started_on", datetime.date(2025, 3, 1))
    fields.setdefault("strapline", f"{title} : une résidence au long cours")
    page = SeriesPage(title=title, **fields)
    for partner, role, disclosure in partners:
        page.partners.add(SeriesPartner(partner=partner, role=role, funding_disclosure=disclosure))
    return _add(parent or series_index(), page, publish)


def make_story(title: str | None = None, parent=None, publish: bool = True, authors=(), **fields):
    title = title or f"Récit {next(_counter)}"
    fields.setdefault("subtitle", f"Chapeau de « {title} ».")
    fields.setdefault(
        "body", [("paragraph", RichText("<p>Un paragraphe écrit sur le terrain.</p>"))]
    )
    page = StoryPage(title=title, **fields)
    for contributor, role in authors:
        page.authors.add(StoryAuthor(contributor=contributor, role=role))
    return _add(parent or story_index(), page, publish)


def days(n: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=n)
