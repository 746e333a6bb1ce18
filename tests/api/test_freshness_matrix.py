"""Freshness matrix (issue 11, "Correctness"): for each kind of change and each exit that shows
what it changed, once the change has committed and the worker has run, the exit shows the new
state and nothing of the old.

The tree is built once for the class (inside a transaction rolled back at the end, as in
tests/api/conftest.py); each cell runs in a savepoint of its own: it warms its exit (so a
stored document or a cached answer exists), checks that the old state is shown there, makes the
change, then asks again. In tests, on-commit hooks run at once (tests/conftest.py) and tasks
run inline (ImmediateBackend), so "after commit and the worker" is "after the change call".

Markers carry "7f3" so that no other text of the tree can hold them by chance.
"""

import datetime
import json
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.db import transaction
from django.db.models import Model
from django.test import override_settings
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction
from wagtail.rich_text import RichText

import pytest

from api.links import page_url
from api.read_model import changes
from home.models import HomeFeaturedStory
from home.tasks import publish_scheduled_pages
from series.models import SeriesJournalist
from tests import factories as f

from .syndication_helpers import auth

THUMBNAIL = "fill-600x400|format-webp"


# --- the tree ----------------------------------------------------------------------------------


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()


def curate(*stories):
    """The front page's featured stories, as an editor sets them and publishes the page."""
    home = f.home()
    home.featured_stories = [
        HomeFeaturedStory(story=story, sort_order=n) for n, story in enumerate(stories)
    ]
    home.save_revision().publish()


def build() -> SimpleNamespace:
    w = SimpleNamespace()
    w.started = timezone.now()
    w.region = f.make_territory("Region 7f3", kind="region", slug="region-7f3")
    w.dept_a = f.make_territory("Dept-a-7f3", kind="department", parent=w.region)
    w.dept_b = f.make_territory("Dept-b-7f3", kind="department", parent=w.region)
    w.commune = f.make_territory("Commune-ancienne-7f3", parent=w.dept_a, slug="commune-7f3")
    w.theme = f.make_theme("Theme-ancien-7f3", slug="theme-7f3")
    w.photo = f.make_image("Portrait-ancien-7f3")
    w.photo_new = f.make_image("Portrait-nouveau-7f3")
    w.author = f.make_contributor("Auteur-ancien-7f3", slug="auteur-7f3", photo=w.photo)
    w.partner = f.make_partner("Partenaire 7f3", slug="partenaire-7f3")
    w.image = f.make_image(
        "Illustration 7f3", alt_text="Alt-ancien-7f3", credit="Credit-ancien-7f3"
    )
    f.make_renditions(w.image, w.photo, w.photo_new)
    w.document = f.make_document("Doc-ancien-7f3", "annexe-7f3.pdf")

    w.series = f.make_series(
        "Serie-ancienne-7f3",
        slug="serie-s",
        strapline="Une résidence.",
        partners=[(w.partner, "funder", "Divulgation-ancienne-7f3")],
        territory=w.commune,
    )
    SeriesJournalist.objects.create(page=w.series, contributor=w.author, sort_order=0)
    w.series.themes.set([w.theme])
    publish(w.series)
    w.series2 = f.make_series("Serie-autre-7f3", slug="serie-s2", strapline="Une autre.")
    # Episode one; the story under test is episode two, so its neighbour's `next` shows it.
    w.neighbour = f.make_story(
        "Voisin-7f3", slug="voisin", parent=w.series, published_at=f.days(-20)
    )
    w.story = f.make_story(
        "Titre-ancien-7f3",
        slug="recit-x",
        parent=w.series,
        subtitle="Un chapeau zorglub.",
        territory=w.commune,
        lead_image=w.image,
        authors=[(w.author, "text")],
        published_at=f.days(-10),
        body=[
            ("paragraph", RichText("<p>Un paragraphe.</p>")),
            ("document", {"document": w.document, "title": "", "description": ""}),
        ],
    )
    w.story.themes.set([w.theme])
    w.story.tags.add("etiquette-7f3")
    publish(w.story)
    w.linking = f.make_story(
        "Lien-7f3",
        slug="lien",
        published_at=f.days(-5),
        body=[("related", {"title": "À lire", "stories": [w.story]})],
    )
    curate(w.linking)
    w.api_key, w.key = f.make_partner_key(partner=w.partner)
    w.url = page_url(w.story.url_path, "fr")
    w.path = w.url.removeprefix(settings.FRONTEND_BASE_URL)
    return w


# --- the exits: each answers (status, text) for the tree ---------------------------------------


def _get(client, url, params=None, **headers):
    response = client.get(url, params or {}, **headers)
    return response.status_code, response.content.decode()


def _partner(client, w, url, params=None):
    return _get(client, url, params, **auth(w.key))


def _featured(client, w):
    status, text = _get(client, "/api/v1/home/", {"locale": "fr"})
    # Every story is also among the latest: only the curated part tells curation apart.
    return status, json.dumps(json.loads(text)["featured_stories"], ensure_ascii=False)


def _stories(**params):
    return lambda client, w: _get(
        client, "/api/v1/stories/", {key: value(w) for key, value in params.items()}
    )


EXITS = {
    "stories": _stories(),
    "stories?series": _stories(series=lambda w: w.series.pk),
    "stories?series=other": _stories(series=lambda w: w.series2.pk),
    "stories?territory": _stories(territory=lambda w: w.dept_a.slug),
    "stories?territory=other": _stories(territory=lambda w: w.dept_b.slug),
    "stories?theme": _stories(theme=lambda w: w.theme.slug),
    "stories?contributor": _stories(contributor=lambda w: w.author.slug),
    "stories?tag": _stories(tag=lambda w: "etiquette-7f3"),
    "story": lambda c, w: _get(c, f"/api/v1/stories/{w.story.pk}/"),
    "series": lambda c, w: _get(c, f"/api/v1/series/{w.series.pk}/"),
    "series=other": lambda c, w: _get(c, f"/api/v1/series/{w.series2.pk}/"),
    "prev/next": lambda c, w: _get(c, f"/api/v1/stories/{w.neighbour.pk}/"),
    "related": lambda c, w: _get(c, f"/api/v1/stories/{w.linking.pk}/"),
    "home": lambda c, w: _get(c, "/api/v1/home/", {"locale": "fr"}),
    "home:featured": _featured,
    "resolve": lambda c, w: _get(c, "/api/v1/resolve/", {"path": w.path}),
    "search": lambda c, w: _get(c, "/api/v1/search/", {"q": "zorglub"}),
    "sitemap": lambda c, w: _get(c, "/api/v1/sitemap/", {"locale": "fr"}),
    "ninjs": lambda c, w: _partner(c, w, "/api/v1/syndication/items/"),
    "ninjs?since": lambda c, w: _partner(
        c, w, "/api/v1/syndication/items/", {"since": w.since.isoformat()}
    ),
    "rss": lambda c, w: _get(c, "/api/v1/feeds/fr/rss.xml"),
    "atom": lambda c, w: _get(c, "/api/v1/feeds/fr/atom.xml"),
    "partner-rss": lambda c, w: _partner(c, w, "/api/v1/syndication/feeds/rss.xml"),
    "partner-atom": lambda c, w: _partner(c, w, "/api/v1/syndication/feeds/atom.xml"),
    "oembed": lambda c, w: _get(c, "/api/v1/oembed/", {"url": w.url}),
    # The English side, for a translation going live.
    "stories?locale=en": lambda c, w: _get(c, "/api/v1/stories/", {"locale": "en"}),
    "series?locale=en": lambda c, w: _get(c, f"/api/v1/series/{w.series_en.pk}/"),
    "home?locale=en": lambda c, w: _get(c, "/api/v1/home/", {"locale": "en"}),
    "resolve?locale=en": lambda c, w: _get(c, "/api/v1/resolve/", {"path": w.path_en}),
    "search?locale=en": lambda c, w: _get(c, "/api/v1/search/", {"q": "zorglub", "locale": "en"}),
    "sitemap?locale=en": lambda c, w: _get(c, "/api/v1/sitemap/", {"locale": "en"}),
    "rss?locale=en": lambda c, w: _get(c, "/api/v1/feeds/en/rss.xml"),
}


@pytest.fixture(scope="class")
def tree(django_db_setup, django_db_blocker, tmp_path_factory):
    """Built once for the class, in a transaction rolled back after its last test; each test
    runs in a savepoint inside it. Media go to a folder of the class's own."""
    media = override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media"))
    media.enable()
    with django_db_blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        # As in each test (tests/conftest.py): the worker renders when a change commits, so
        # the tree has its stored documents, as a running site does.
        patch.setattr(changes, "after_commit", lambda callback: callback())
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
            media.disable()


def fresh(tree) -> SimpleNamespace:
    """The tree's objects as the database has them now: a test changes its own copies."""
    w = SimpleNamespace()
    for name, value in vars(tree).items():
        if isinstance(value, Page):
            value = Page.objects.get(pk=value.pk).specific
        elif isinstance(value, Model):
            value = type(value).objects.get(pk=value.pk)
        setattr(w, name, value)
    w.since = tree.started
    return w


# --- the changes -------------------------------------------------------------------------------


@dataclass
class Expect:
    """After the change: `new` markers shown, `old` markers gone, answered with `status`.
    A marker is a string or a function of the tree (what only the change itself knows)."""

    new: tuple = ()
    old: tuple = ()
    status: int = 200


@dataclass
class Change:
    apply: object  # (tree, monkeypatch) -> None
    exits: dict  # exit name -> Expect: only the exits that show what the change changes
    prepare: object = None  # (tree) -> None, before the exit is warmed


def _thumbnail(image) -> str:
    return image.get_rendition(THUMBNAIL).url


def _later(monkeypatch, minutes: int) -> None:
    moment = timezone.now() + datetime.timedelta(minutes=minutes)
    monkeypatch.setattr(timezone, "now", lambda: moment)


def _scheduled(w):
    """The story taken down, then published again with go_live_at ahead: scheduled, not live."""
    w.story.unpublish()
    w.story.go_live_at = timezone.now() + datetime.timedelta(minutes=5)
    w.story.save_revision().publish()
    w.story.refresh_from_db()
    assert not w.story.live


def _expiring(w):
    publish(w.story, expire_at=timezone.now() + datetime.timedelta(minutes=5))


def _restrict(w, monkeypatch=None):
    PageViewRestriction.objects.create(
        page=w.story, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )


def _unrestrict(w, monkeypatch):
    for restriction in PageViewRestriction.objects.filter(page=w.story):
        restriction.delete()  # one by one, as the admin's privacy dialog does


def _translation_prepared(w):
    w.series_en = f.translate_page(w.series, "en", title="Series-english-7f3")
    w.url_en = page_url(w.series_en.url_path + w.story.slug + "/", "en")
    w.path_en = w.url_en.removeprefix(settings.FRONTEND_BASE_URL)


def _move(w, monkeypatch):
    w.old_url = w.url
    w.story.move(w.series2, pos="last-child")
    w.story.refresh_from_db()
    w.new_url = page_url(w.story.url_path, "fr")


def _save(attribute, field_name, value):
    def apply(w, monkeypatch):
        obj = getattr(w, attribute)
        setattr(obj, field_name, value(w) if callable(value) else value)
        obj.save()

    return apply


def _focal_point_moved(w, monkeypatch):
    w.image.focal_point_x, w.image.focal_point_y = 100, 100
    w.image.focal_point_width, w.image.focal_point_height = 40, 40
    w.image.save()
    w.new_thumbnail = _thumbnail(w.image)


def _disclosure_changed(w, monkeypatch):
    links = list(w.series.partners.all())
    links[0].funding_disclosure = "Divulgation-nouvelle-7f3"
    w.series.partners = links
    publish(w.series)


LISTS = (
    "stories",
    "stories?series",
    "stories?territory",
    "stories?theme",
    "stories?contributor",
    "stories?tag",
)
# Where the story's summary or detail is shown in full (image, series, territory, themes, authors).
SUMMARIES = (*LISTS, "series", "home")
# A `related` block shows a linked story's title, subtitle, address and lead image only.
LINKED = ("related",)
DETAILS = ("story", "resolve")
PARTNER = ("ninjs", "ninjs?since")
FEEDS = ("rss", "atom", "partner-rss", "partner-atom")
RSS = ("rss", "partner-rss")  # Media RSS carries the image's alt text, credit and thumbnail
TITLED = (*SUMMARIES, *LINKED, *DETAILS, "prev/next", "search", *PARTNER, *FEEDS, "oembed")

TITLE = "Titre-ancien-7f3"
CANCELED = '"pubStatus":"canceled"'


def _story_url(w):
    return w.url


def withdrawn(since: bool = True) -> dict:
    """The story no longer public: gone from every exit, its own addresses answer 404, and a
    partner polling `since` is told to take it down."""
    exits = {name: Expect(old=(TITLE,)) for name in TITLED}
    for name in (*DETAILS, "oembed"):
        exits[name] = Expect(old=(TITLE,), status=404)
    exits["sitemap"] = Expect(old=(_story_url,))
    if since:
        exits["ninjs?since"] = Expect(new=(CANCELED,), old=(TITLE,))
    else:
        del exits["ninjs?since"]
    return exits


def appeared() -> dict:
    """The story public again: shown by every exit, `since` included."""
    exits = {name: Expect(new=(TITLE,)) for name in TITLED}
    exits["sitemap"] = Expect(new=(_story_url,))
    return exits


def renamed(old: str, new: str, *exits: str) -> dict:
    return {name: Expect(new=(new,), old=(old,)) for name in exits}


def _moved_exits() -> dict:
    old_url, new_url = (lambda w: w.old_url), (lambda w: w.new_url)
    exits = {
        name: Expect(new=(new_url,), old=(old_url,))
        for name in ("stories", "story", "related", "home", "search", "sitemap", *PARTNER, *FEEDS)
    }
    exits["story"] = Expect(
        new=(new_url, "Serie-autre-7f3"), old=(old_url, "Serie-ancienne-7f3", "Voisin-7f3")
    )
    exits["stories?series"] = exits["series"] = exits["prev/next"] = Expect(old=(TITLE,))
    exits["stories?series=other"] = exits["series=other"] = Expect(new=(TITLE,))
    # The old address now redirects to the new one (Wagtail makes the redirect on a move).
    exits["resolve"] = Expect(new=(new_url,), old=(TITLE,))
    # oEmbed serves published pages at their address, not redirects: the old one is gone.
    exits["oembed"] = Expect(old=(TITLE,), status=404)
    return exits


def _translated_exits() -> dict:
    english, url_en = "Title-english-7f3", (lambda w: w.url_en)
    exits = {
        name: Expect(new=(english,))
        for name in (
            "stories?locale=en",
            "series?locale=en",
            "home?locale=en",
            "resolve?locale=en",
            "search?locale=en",
            "rss?locale=en",
            *PARTNER,
        )
    }
    exits["sitemap?locale=en"] = Expect(new=(url_en,))
    # The French story lists its translation.
    exits["story"] = exits["stories"] = Expect(new=(url_en,))
    return exits


CHANGES = {
    "edit+publish": Change(
        apply=lambda w, mp: publish(w.story, title="Titre-nouveau-7f3"),
        exits=renamed(TITLE, "Titre-nouveau-7f3", *TITLED),
    ),
    "unpublish": Change(apply=lambda w, mp: w.story.unpublish(), exits=withdrawn()),
    "move": Change(apply=_move, exits=_moved_exits()),
    "delete": Change(apply=lambda w, mp: w.story.delete(), exits=withdrawn()),
    "translation published": Change(
        prepare=_translation_prepared,
        apply=lambda w, mp: f.translate_page(w.story, "en", title="Title-english-7f3"),
        exits=_translated_exits(),
    ),
    "series title": Change(
        apply=lambda w, mp: publish(w.series, title="Serie-nouvelle-7f3"),
        exits=renamed(
            "Serie-ancienne-7f3",
            "Serie-nouvelle-7f3",
            *SUMMARIES,
            *DETAILS,
            "prev/next",
            *PARTNER,
            *FEEDS,
        ),
    ),
    "contributor name": Change(
        apply=_save("author", "name", "Auteur-nouveau-7f3"),
        exits=renamed(
            "Auteur-ancien-7f3",
            "Auteur-nouveau-7f3",
            *SUMMARIES,
            *DETAILS,
            *PARTNER,
            *FEEDS,
            "oembed",
        ),
    ),
    "contributor photo": Change(
        apply=_save("author", "photo", lambda w: w.photo_new),
        exits=renamed("portrait-ancien-7f3", "portrait-nouveau-7f3", "series"),
    ),
    "image alt text": Change(
        apply=_save("image", "alt_text", "Alt-nouveau-7f3"),
        exits=renamed(
            "Alt-ancien-7f3", "Alt-nouveau-7f3", *SUMMARIES, *LINKED, *DETAILS, *PARTNER, *RSS
        ),
    ),
    "image credit": Change(
        apply=_save("image", "credit", "Credit-nouveau-7f3"),
        exits=renamed(
            "Credit-ancien-7f3",
            "Credit-nouveau-7f3",
            *SUMMARIES,
            *LINKED,
            *DETAILS,
            *PARTNER,
            *RSS,
        ),
    ),
    "image focal point": Change(
        prepare=lambda w: setattr(w, "old_thumbnail", _thumbnail(w.image)),
        apply=_focal_point_moved,
        exits={
            name: Expect(new=(lambda w: w.new_thumbnail,), old=(lambda w: w.old_thumbnail,))
            for name in (*SUMMARIES, *LINKED, *DETAILS, *PARTNER, *RSS, "oembed")
        },
    ),
    "document title": Change(
        apply=_save("document", "title", "Doc-nouveau-7f3"),
        exits=renamed(
            "Doc-ancien-7f3", "Doc-nouveau-7f3", *DETAILS, *PARTNER, "partner-rss", "partner-atom"
        ),
    ),
    "territory rename": Change(
        apply=_save("commune", "name", "Commune-nouvelle-7f3"),
        exits=renamed(
            "Commune-ancienne-7f3", "Commune-nouvelle-7f3", *SUMMARIES, *DETAILS, *PARTNER
        ),
    ),
    "territory re-parent": Change(
        apply=_save("commune", "parent", lambda w: w.dept_b),
        exits={
            "stories?territory": Expect(old=(TITLE,)),
            "stories?territory=other": Expect(new=(TITLE,)),
        },
    ),
    "theme rename": Change(
        apply=_save("theme", "name", "Theme-nouveau-7f3"),
        exits=renamed(
            "Theme-ancien-7f3", "Theme-nouveau-7f3", *SUMMARIES, *DETAILS, *PARTNER, *FEEDS
        ),
    ),
    "partner disclosure": Change(
        apply=_disclosure_changed,
        exits=renamed(
            "Divulgation-ancienne-7f3", "Divulgation-nouvelle-7f3", "series", *PARTNER, *FEEDS
        ),
    ),
    "home curation": Change(
        apply=lambda w, mp: curate(w.neighbour),
        exits={"home:featured": Expect(new=("Voisin-7f3",), old=("Lien-7f3",))},
    ),
    "view restriction added": Change(apply=_restrict, exits=withdrawn()),
    "view restriction removed": Change(prepare=_restrict, apply=_unrestrict, exits=appeared()),
    "go_live_at reached": Change(
        prepare=_scheduled,
        # The clock passes go_live_at and the worker runs the scheduler's task.
        apply=lambda w, mp: (_later(mp, 6), publish_scheduled_pages.enqueue()),
        exits=appeared(),
    ),
    "expire_at reached": Change(
        prepare=_expiring,
        # The clock alone, before the scheduler has run: no write tells a partner polling
        # `since` yet, so that exit is the next change's.
        apply=lambda w, mp: _later(mp, 6),
        exits=withdrawn(since=False),
    ),
    "expire_at reached, scheduler ran": Change(
        prepare=_expiring,
        apply=lambda w, mp: (_later(mp, 6), publish_scheduled_pages.enqueue()),
        exits={
            "ninjs?since": Expect(new=(CANCELED,), old=(TITLE,)),
            "ninjs": Expect(old=(TITLE,)),
            "stories": Expect(old=(TITLE,)),
        },
    ),
}

CELLS = [
    pytest.param(change, exit_name, id=f"{change} | {exit_name}")
    for change, spec in CHANGES.items()
    for exit_name in spec.exits
]


def markers(values, w) -> list[str]:
    return [value(w) if callable(value) else value for value in values]


@pytest.mark.django_db
class TestFreshnessMatrix:
    @pytest.mark.parametrize(("change", "exit_name"), CELLS)
    def test_the_exit_shows_the_new_state_and_nothing_of_the_old(
        self, client, tree, monkeypatch, change, exit_name
    ):
        spec, ask = CHANGES[change], EXITS[exit_name]
        w = fresh(tree)
        if spec.prepare is not None:
            spec.prepare(w)
        _, before = ask(client, w)  # warmed: stored documents and cached answers exist
        w.since = timezone.now()  # a partner's last poll, just before the change
        spec.apply(w, monkeypatch)
        status, after = ask(client, w)

        expect = spec.exits[exit_name]
        new, old = markers(expect.new, w), markers(expect.old, w)
        # The markers mean something here: the exit showed the old state, not yet the new.
        assert [m for m in old if m not in before] == [], "old state never shown: test is wrong"
        assert [m for m in new if m in before] == [], "new state shown before the change"
        assert (status, [m for m in new if m not in after], [m for m in old if m in after]) == (
            expect.status,
            [],
            [],
        ), after[:2000]


# --- the reader page, through the live test server ---------------------------------------------

READER_CHANGES = {
    "edit+publish": ("story", "edit+publish", "Titre-nouveau-7f3", TITLE),
    "contributor name": ("story", "contributor name", "Auteur-nouveau-7f3", "Auteur-ancien-7f3"),
    "series title": ("series", "series title", "Serie-nouvelle-7f3", "Serie-ancienne-7f3"),
    "unpublish": ("series", "unpublish", None, TITLE),
}


@pytest.mark.live
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("change", READER_CHANGES)
def test_the_reader_page_shows_the_new_state(live_server, monkeypatch, change):
    """The reader site (no cache of its own here) reads API v1 over HTTP from the live CMS."""
    from starlette.testclient import TestClient

    from frontend.app import create_app
    from frontend.config import ReaderConfig

    page, kind, new, old = READER_CHANGES[change]
    w = build()
    config = ReaderConfig(
        api_base_url=f"{live_server.url}/api/v1",
        site_url="http://reader.test",
        webhook_secret="whsec_" + "dGVycmFpbi1mcmVzaG5lc3MtbWF0cml4",
        cache_ttl=0,
    )
    path = w.path if page == "story" else w.path.removesuffix(f"{w.story.slug}/")
    with TestClient(create_app(config), base_url="http://reader.test") as reader:
        before = reader.get(path)
        assert before.status_code == 200 and old in before.text
        CHANGES[kind].apply(w, monkeypatch)
        after = reader.get(path)
    assert after.status_code == 200
    assert old not in after.text
    assert new is None or new in after.text
