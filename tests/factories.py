"""The one place tests make content. Functions, not magic: each returns saved objects."""

import datetime
import io
import itertools

from django.core.files.images import ImageFile
from django.utils import timezone

from wagtail.models import Locale, Page
from wagtail.rich_text import RichText

from PIL import Image as PILImage

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
    page.live = False  # as the admin creates it: a draft until its revision is published
    parent.add_child(instance=page)
    revision = page.save_revision(user=user)
    if publish:
        revision.publish()
        page.refresh_from_db()
    return page


def add_live(parent: Page, page: Page) -> Page:
    """A page created live in one save, without a revision: for tests that need hundreds of
    pages (publishing each through a revision would make them slow)."""
    page.live = True
    page.first_published_at = page.last_published_at = timezone.now()
    parent.add_child(instance=page)
    return page


def make_series(title: str | None = None, parent=None, publish: bool = True, partners=(), **fields):
    title = title or f"Série {next(_counter)}"
    fields.setdefault("started_on", datetime.date(2025, 3, 1))
    fields.setdefault("strapline", f"{title} : une résidence au long cours")
    page = SeriesPage(title=title, **fields)
    for order, (partner, role, disclosure) in enumerate(partners):
        page.partners.add(
            SeriesPartner(
                partner=partner, role=role, funding_disclosure=disclosure, sort_order=order
            )
        )
    return _add(parent or series_index(), page, publish)


def make_story(title: str | None = None, parent=None, publish: bool = True, authors=(), **fields):
    title = title or f"Récit {next(_counter)}"
    fields.setdefault("subtitle", f"Chapeau de « {title} ».")
    fields.setdefault(
        "body", [("paragraph", RichText("<p>Un paragraphe écrit sur le terrain.</p>"))]
    )
    page = StoryPage(title=title, **fields)
    for order, (contributor, role) in enumerate(authors):
        page.authors.add(StoryAuthor(contributor=contributor, role=role, sort_order=order))
    return _add(parent or story_index(), page, publish)


def days(n: int) -> datetime.datetime:
    return timezone.now() + datetime.timedelta(days=n)


def make_partner_key(partner=None, name: str = "Clé de test", series=(), locales=(), **fields):
    """A partner API key and its clear-text value (shown once, as in the admin)."""
    from series.models import PartnerAPIKey

    partner = partner or make_partner(f"Partenaire {next(_counter)}")
    if series:
        fields.setdefault("all_series", False)
    api_key, key = PartnerAPIKey.objects.create_key(partner=partner, name=name, **fields)
    api_key.series.set(series)
    api_key.locales.set([locale(code) for code in locales])
    return api_key, key


# --- API v1 tests (translations, documents, renditions, hidden content) -------------------


def translate_page(page, code: str = "en", publish: bool = True, **changes):
    """The page's translation in another locale (its parent must be translated already)."""
    translated = page.copy_for_translation(locale(code)).specific
    for name, value in changes.items():
        setattr(translated, name, value)
    revision = translated.save_revision()
    if publish:
        revision.publish()
        translated.refresh_from_db()
    return translated


def translate_snippet(obj, code: str = "en", **changes):
    translated = obj.copy_for_translation(locale(code))
    for name, value in changes.items():
        setattr(translated, name, value)
    translated.save()
    return translated


def make_document(title: str = "Rapport", name: str = "rapport.pdf", content: bytes = b"%PDF-1.4"):
    from django.core.files.base import ContentFile

    from wagtail.documents import get_document_model

    document = get_document_model()(title=title, file=ContentFile(content, name=name))
    document.save()
    return document


# --- Users: members of the groups the migrations create, never ad hoc permissions ------------

PASSWORD = "pass-for-tests"  # noqa: S105 (test users only)


def _member(username: str, password: str, group_names: list[str], **fields):
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    fields.setdefault("email", f"{username}@example.test")
    user = get_user_model().objects.create_user(username=username, password=password, **fields)
    user.groups.add(*[Group.objects.get(name=name) for name in group_names])
    return user


def make_journalist(username: str | None = None, password: str = PASSWORD, **fields):
    """A journalist: writes, uploads, translates and submits; never publishes."""
    from home.roles import JOURNALISTS

    return _member(username or f"journaliste{next(_counter)}", password, [JOURNALISTS], **fields)


def make_editor(username: str | None = None, password: str = PASSWORD, **fields):
    """An editor: reviews and publishes, curates, manages series, partners and their keys."""
    from home.roles import EDITORS

    return _member(username or f"editeur{next(_counter)}", password, [EDITORS], **fields)


def make_superuser(username: str | None = None, password: str = PASSWORD, **fields):
    from django.contrib.auth import get_user_model

    fields.setdefault("email", f"{username or 'admin'}@example.test")
    return get_user_model().objects.create_superuser(
        username=username or f"admin{next(_counter)}", password=password, **fields
    )


def make_renditions(*images):
    """Renditions are made ahead of time in production; tests do the same."""
    from stories.models import RENDITION_SPECS

    for image in images:
        image.get_renditions(*RENDITION_SPECS.values())


def hide(page, how: str):
    """Make a published page invisible the way `how` says, as it happens in real life."""
    from wagtail.models import PageViewRestriction

    model = type(page)
    if how == "unpublished":
        page.unpublish()
    elif how == "restricted":
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    elif how == "future":  # live, but go_live_at ahead: a scheduler-side slip must not leak
        model.objects.filter(pk=page.pk).update(go_live_at=days(3))
    elif how == "expired":  # expire_at passed, publish_scheduled not run yet: still live=True
        model.objects.filter(pk=page.pk).update(expire_at=days(-1))
    else:
        raise ValueError(how)
    page.refresh_from_db()
    return page
