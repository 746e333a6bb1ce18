"""The published read model: a story's documents are rendered when it changes, documents that
include it when what they read changes, never on a draft; the clock applies per request."""

import datetime
import json
import secrets

from django.core.management import call_command
from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from api.models import DocumentRead, PublishedDocument
from api.read_model import render
from series.models import SeriesPartner
from tests import factories as f

pytestmark = pytest.mark.django_db


def stored(page, variant="detail"):
    return PublishedDocument.objects.get(kind="story", object_id=page.pk, variant=variant)


def detail(client, page):
    response = client.get(f"/api/v1/stories/{page.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()
    page.refresh_from_db()


def test_publish_renders_the_story_before_any_request(client):
    story = f.make_story("Premier titre")
    assert "Premier titre" in stored(story).body
    assert "Premier titre" in stored(story, "summary").body
    publish(story, title="Titre corrigé")
    assert "Titre corrigé" in stored(story).body  # rendered when Publish returned
    assert detail(client, story)["title"] == "Titre corrigé"
    listed = client.get("/api/v1/stories/").json()["items"]
    assert [item["title"] for item in listed] == ["Titre corrigé"]


def test_drafts_renditions_and_search_writes_never_touch_documents(client):
    image = f.make_image("Couverture")
    story = f.make_story("Version publiée", lead_image=image)
    before = {variant: stored(story, variant) for variant in ("summary", "detail")}
    reads = set(DocumentRead.objects.values_list("kind", "object_id", "key"))

    for n in range(3):  # a journalist saving a draft every second
        story.title = f"Brouillon {n}"
        story.save_revision()
    f.make_renditions(image)
    from wagtail.search.backends import get_search_backend

    get_search_backend().add(story)

    for variant, document in before.items():
        after = stored(story, variant)
        assert (after.version, after.rendered_at) == (document.version, document.rendered_at)
    assert set(DocumentRead.objects.values_list("kind", "object_id", "key")) == reads
    assert detail(client, story)["title"] == "Version publiée"


def test_the_body_of_a_response_is_the_stored_text_with_the_request_origin(client):
    story = f.make_story("Texte stocké")
    response = client.get(f"/api/v1/stories/{story.pk}/")
    assert render.ORIGIN not in response.content.decode()
    assert response.json()["api_url"] == f"http://testserver/api/v1/stories/{story.pk}/"
    assert render.ORIGIN in stored(story).body  # the host is the request's, never stored


def test_the_etag_follows_document_versions_not_renders(client):
    story = f.make_story("Étiquette")
    url = f"/api/v1/stories/{story.pk}/"
    etag = client.get(url)["ETag"]
    call_command("rebuild_documents", verbosity=0)  # same content: same version
    assert client.get(url)["ETag"] == etag
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304
    publish(story, title="Étiquette changée")
    assert client.get(url)["ETag"] != etag
    list_etag = client.get("/api/v1/stories/")["ETag"]
    publish(story, subtitle="Un autre chapeau")
    assert client.get("/api/v1/stories/")["ETag"] != list_etag


def test_a_contributor_renamed_re_renders_exactly_the_stories_that_show_them(client):
    author, other = f.make_contributor("Autrice Démo"), f.make_contributor("Autre Démo")
    mine = f.make_story("Le sien", authors=[(author, "text")])
    theirs = f.make_story("L'autre", authors=[(other, "text")])
    untouched = stored(theirs)
    author.name = "Autrice Renommée"
    author.save()
    assert "Autrice Renommée" in stored(mine).body
    assert stored(theirs).rendered_at == untouched.rendered_at
    assert detail(client, mine)["authors"][0]["name"] == "Autrice Renommée"


def test_an_image_alt_text_or_credit_re_renders_the_stories_showing_it(client):
    image, other = f.make_image("Terril"), f.make_image("Causse")
    shown = f.make_story("Avec le terril", lead_image=image)
    elsewhere = f.make_story("Avec le causse", lead_image=other)
    untouched = stored(elsewhere)
    image.alt_text = "Le terril sous la neige"
    image.credit = "Photo démo"
    image.save()
    lead = detail(client, shown)["lead_image"]
    assert (lead["alt"], lead["credit"]) == ("Le terril sous la neige", "Photo démo")
    assert stored(elsewhere).rendered_at == untouched.rendered_at


def test_a_territory_renamed_and_a_document_retitled_reach_the_story(client):
    territory = f.make_territory("Florac")
    report = f.make_document("Rapport d'étape")
    story = f.make_story(
        "Sur le causse",
        territory=territory,
        body=[("document", {"document": report, "title": "", "description": ""})],
    )
    territory.name = "Florac-Trois-Rivières"
    territory.save()
    report.title = "Rapport final"
    report.save()
    data = detail(client, story)
    assert data["territory"]["name"] == "Florac-Trois-Rivières"
    assert data["body"][0]["value"]["title"] == "Rapport final"


@pytest.fixture
def episodes():
    series = f.make_series("Série témoin")
    return series, [f.make_story(f"Épisode {n}", parent=series) for n in (1, 2, 3)]


def test_a_series_title_reaches_its_episodes(client, episodes):
    series, (first, *_rest) = episodes
    publish(series, title="Série rebaptisée")
    assert detail(client, first)["series"]["title"] == "Série rebaptisée"


@pytest.mark.parametrize("how", ["unpublished", "restricted", "deleted", "moved"])
def test_a_withdrawn_episode_leaves_its_neighbours_at_once(client, episodes, how):
    _series, (first, second, third) = episodes
    assert detail(client, first)["next"]["id"] == second.pk
    if how == "unpublished":
        second.unpublish()
    elif how == "restricted":
        PageViewRestriction.objects.create(
            page=second, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
    elif how == "deleted":
        second.delete()
    else:
        second.move(f.story_index(), pos="last-child")
    data = detail(client, first)
    assert data["next"]["id"] == third.pk
    assert data["episode_count"] == 2
    assert "Épisode 2" not in stored(first).body
    assert detail(client, third)["previous"]["id"] == first.pk


def test_removing_a_view_restriction_brings_the_episode_back(client, episodes):
    _series, (first, second, _third) = episodes
    restriction = PageViewRestriction.objects.create(
        page=second, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    assert detail(client, first)["next"]["title"] == "Épisode 3"
    restriction.delete()
    assert detail(client, first)["next"]["title"] == "Épisode 2"
    assert client.get(f"/api/v1/stories/{second.pk}/").status_code == 200


def test_a_related_story_published_later_appears_in_the_block(client):
    later = f.make_story("Publié plus tard", publish=False)
    story = f.make_story(
        "Avec des liens",
        body=[("related", {"title": "À lire", "stories": [later]})],
    )
    assert [b["type"] for b in detail(client, story)["body"]] == []  # nothing public to link
    later.save_revision().publish()
    related = detail(client, story)["body"][0]["value"]["stories"]
    assert [s["title"] for s in related] == ["Publié plus tard"]


def test_a_translation_published_shows_in_the_original(client):
    story = f.make_story("Récit original")
    assert detail(client, story)["translations"] == []
    english = f.translate_page(story, "en", title="Original story")
    assert [t["id"] for t in detail(client, story)["translations"]] == [english.pk]


def test_expiry_and_go_live_apply_per_request_with_no_write(client, episodes, monkeypatch):
    _series, (first, second, third) = episodes
    moment = timezone.now() + datetime.timedelta(minutes=5)
    publish(second, expire_at=moment)
    assert detail(client, first)["next"]["id"] == second.pk
    later = moment + datetime.timedelta(seconds=1)
    monkeypatch.setattr(timezone, "now", lambda: later)
    data = detail(client, first)
    assert data["next"]["id"] == third.pk  # the boundary passed: the document healed
    listed = [item["id"] for item in client.get("/api/v1/stories/").json()["items"]]
    assert second.pk not in listed
    assert client.get(f"/api/v1/stories/{second.pk}/").status_code == 404


def test_a_document_of_an_older_renderer_heals_on_read(client, monkeypatch):
    story = f.make_story("Ancien rendu")
    old = stored(story)
    monkeypatch.setattr(render, "RENDERER", render.RENDERER + 1)
    assert detail(client, story)["title"] == "Ancien rendu"
    healed = stored(story)
    assert healed.renderer == render.RENDERER
    assert healed.rendered_at > old.rendered_at
    assert healed.version == old.version  # same content, same ETag


def test_rebuild_documents_renders_all_and_forgets_the_withdrawn(client):
    kept = [f.make_story(f"Gardé {n}") for n in range(3)]
    gone = f.make_story("Retiré")
    PublishedDocument.objects.all().delete()
    DocumentRead.objects.all().delete()
    PublishedDocument.objects.create(
        kind="story",
        object_id=gone.pk + 1000,
        variant="detail",
        body="{}",
        version=1,
        renderer=render.RENDERER,
        rendered_at=timezone.now(),
    )
    call_command("rebuild_documents", verbosity=0)
    stories = PublishedDocument.objects.filter(kind="story")
    assert set(stories.values_list("object_id", flat=True)) == {s.pk for s in [*kept, gone]}
    assert stories.count() == 8  # summary and detail of each
    # Every public page of a kind has its document: front pages and index pages too.
    pages = {
        kind: set(PublishedDocument.objects.filter(kind=kind).values_list("object_id", flat=True))
        for kind in ("home", "index")
    }
    assert pages["home"] == {f.home("fr").pk, f.home("en").pk}
    assert pages["index"] == {f.series_index(c).pk for c in ("fr", "en")} | {
        f.story_index(c).pk for c in ("fr", "en")
    }
    # Partners' documents: a ninjs document with original images and one without, and the
    # item of each feed format, full text and excerpt.
    for kind, variants in (("ninjs", 2), ("feed", 6)):
        found = PublishedDocument.objects.filter(kind=kind)
        assert set(found.values_list("object_id", flat=True)) == {s.pk for s in [*kept, gone]}
        assert found.count() == 4 * variants
    # Every snippet too, public as they all are: summary and detail.
    theme = f.make_theme("Thème reconstruit")
    PublishedDocument.objects.filter(kind="theme").delete()
    call_command("rebuild_documents", verbosity=0)
    themes = PublishedDocument.objects.filter(kind="theme", object_id=theme.pk)
    assert set(themes.values_list("variant", flat=True)) == {"summary", "detail"}
    versions = dict(PublishedDocument.objects.values_list("pk", "version"))
    call_command("rebuild_documents", verbosity=0)
    assert dict(PublishedDocument.objects.values_list("pk", "version")) == versions


def series_detail(client, series):
    response = client.get(f"/api/v1/series/{series.pk}/")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_series_document_holds_no_episodes_each_request_adds_the_visible_ones(client, episodes):
    series, (first, second, third) = episodes
    head = PublishedDocument.objects.get(kind="series", object_id=series.pk, variant="detail")
    assert "Épisode" not in head.body  # the episodes are the stories' own summaries
    data = series_detail(client, series)
    assert [e["id"] for e in data["episodes"]] == [first.pk, second.pk, third.pk]
    assert data["episode_count"] == 3
    assert data["title"] == "Série témoin"  # the stored members come first, then the added
    fourth = f.make_story("Épisode 4", parent=series)
    assert [e["title"] for e in series_detail(client, series)["episodes"]][-1] == "Épisode 4"
    publish(second, title="Épisode deux corrigé")  # its own summary: when Publish returns
    assert series_detail(client, series)["episodes"][1]["title"] == "Épisode deux corrigé"
    second.unpublish()
    data = series_detail(client, series)
    assert [e["id"] for e in data["episodes"]] == [first.pk, third.pk, fourth.pk]
    assert data["episode_count"] == 3


def test_a_contributor_and_a_partner_reach_the_series_that_show_them(client):
    journalist = f.make_contributor("Journaliste Avant")
    funder = f.make_partner("Fondation Avant")
    series = f.make_series("Série suivie", partners=[(funder, "funder", "Finance le séjour.")])
    series.journalists.create(contributor=journalist)
    series.save_revision().publish()
    other = f.make_series("Série voisine")
    before = PublishedDocument.objects.get(kind="series", object_id=other.pk, variant="detail")
    journalist.name = "Journaliste Après"
    journalist.save()
    funder.name = "Fondation Après"
    funder.save()
    data = series_detail(client, series)
    assert [j["name"] for j in data["journalists"]] == ["Journaliste Après"]
    assert data["partners"][0]["partner"]["name"] == "Fondation Après"
    after = PublishedDocument.objects.get(kind="series", object_id=other.pk, variant="detail")
    assert (after.version, after.rendered_at) == (before.version, before.rendered_at)


def test_a_series_status_turns_with_the_calendar(client, monkeypatch):
    start = timezone.localdate() + datetime.timedelta(days=2)
    series = f.make_series("Série à venir", started_on=start, ended_on=start)
    assert series_detail(client, series)["status"] == "upcoming"
    listed = client.get("/api/v1/series/", {"status": "upcoming"}).json()["items"]
    assert [s["id"] for s in listed] == [series.pk]
    for days, status in ((2, "ongoing"), (3, "concluded")):
        moment = timezone.make_aware(
            datetime.datetime.combine(
                timezone.localdate() + datetime.timedelta(days=days), datetime.time(12)
            )
        )
        with monkeypatch.context() as patched:
            patched.setattr(timezone, "now", lambda moment=moment: moment)
            assert series_detail(client, series)["status"] == status
            listed = client.get("/api/v1/series/", {"status": status}).json()["items"]
            assert [s["status"] for s in listed] == [status]


def home_data(client, code="fr"):
    response = client.get("/api/v1/home/", {"locale": code})
    assert response.status_code == 200, response.content
    return response.json()


def test_the_front_page_holds_the_stored_summaries_and_follows_what_they_read(client):
    author = f.make_contributor("Plume Avant")
    story = f.make_story("À la une", authors=[(author, "text")])
    home = f.home("fr")
    home.featured_stories.create(story=story)
    home.save_revision().publish()
    summary = stored(story, "summary").body
    page = PublishedDocument.objects.get(kind="home", object_id=home.pk)
    assert summary in page.body  # the story's own summary, as stored: one representation
    author.name = "Plume Après"
    author.save()  # the worker renders the story, then the front page that includes it
    data = home_data(client)
    assert [a["name"] for a in data["featured_stories"][0]["authors"]] == ["Plume Après"]
    assert [a["name"] for a in data["latest_stories"][0]["authors"]] == ["Plume Après"]


def test_a_publication_reaches_the_front_page_of_its_language_only(client):
    english_before = PublishedDocument.objects.filter(kind="home", object_id=f.home("en").pk)
    home_data(client, "en")
    version = english_before.get().version
    first = f.make_story("Premier récit du jour")
    assert [s["title"] for s in home_data(client)["latest_stories"]] == ["Premier récit du jour"]
    for n in range(3):  # drafts cost readers nothing
        first.title = f"Brouillon {n}"
        first.save_revision()
    assert english_before.get().version == version  # nothing in English changed
    first.refresh_from_db()
    first.unpublish()  # a withdrawal: the front page is dropped at once, healed on read
    assert home_data(client)["latest_stories"] == []


def test_index_pages_and_resolve_read_stored_documents(client):
    index = f.series_index("fr")
    response = client.get("/api/v1/resolve/", {"path": f"/fr/{index.slug}/"})
    assert response.status_code == 200, response.content
    assert response.json()["type"] == "series_index"
    assert PublishedDocument.objects.filter(kind="index", object_id=index.pk).exists()
    publish(index, title="Toutes les séries du terrain")
    data = client.get("/api/v1/resolve/", {"path": f"/fr/{index.slug}/"}).json()
    assert data["title"] == "Toutes les séries du terrain"
    series = f.make_series("Série résolue")
    story = f.make_story("Épisode résolu", parent=series)
    data = client.get("/api/v1/resolve/", {"path": f"/fr/{index.slug}/{series.slug}/"}).json()
    assert data["type"] == "series"
    assert [e["id"] for e in data["episodes"]] == [story.pk]
    path = f"/fr/{index.slug}/{series.slug}/{story.slug}/"
    assert client.get("/api/v1/resolve/", {"path": path}).json()["id"] == story.pk


def test_assembly_splices_only_its_own_tokens():
    """Stored text is spliced in as it is; text that merely looks like a token stays text."""
    from api.read_model.store import Document, Extended, assemble

    lookalike = '"terrain-document-0123456789abcdef-0"'
    inner = Document("story", 1, "summary", '{"id":1,"title":' + lookalike + "}", 7, None)
    outer = Document("series", 2, "detail", '{"id":2}', 8, None)
    text, used = assemble({"items": [inner], "one": Extended(outer, episodes=[inner])})
    assert json.loads(text) == {
        "items": [{"id": 1, "title": "terrain-document-0123456789abcdef-0"}],
        "one": {"id": 2, "episodes": [{"id": 1, "title": "terrain-document-0123456789abcdef-0"}]},
    }
    assert [doc.object_id for doc in used] == [1, 2, 1]


def tamper(kind: str, page, variant: str, old: str, new: str) -> None:
    """Change a stored document behind the renderer's back: an answer that shows the change
    was read from the store, not rendered for the request. A new body has a new version, as
    every write of the store gives it (api.read_model.bodies relies on it)."""
    document = PublishedDocument.objects.get(kind=kind, object_id=page.pk, variant=variant)
    assert old in document.body
    document.body = document.body.replace(old, new)
    document.version = secrets.randbits(62)
    document.save(update_fields=["body", "version"])


def test_partner_items_are_the_stored_ninjs_with_their_version_and_embargo_per_request(client):
    release = timezone.now() + datetime.timedelta(hours=6)
    scheduled = f.make_story("Sous embargo", go_live_at=release)
    story = f.make_story("Récit partagé")
    _, key = f.make_partner_key(embargo_access=True)
    _, originals_key = f.make_partner_key(original_images=True)
    headers = {"HTTP_AUTHORIZATION": f"Api-Key {key}"}

    # The clock and the change log are the request's: neither is baked into the document.
    for page in (story, scheduled):
        for variant in ("plain", "originals"):
            body = PublishedDocument.objects.get(kind="ninjs", object_id=page.pk, variant=variant)
            assert "versionCreated" not in body.body and "embargoedUntil" not in body.body
    tamper("ninjs", story, "plain", "Récit partagé", "Texte du magasin")
    items = client.get("/api/v1/syndication/items/", **headers).json()["items"]
    by_title = {item["title"]: item for item in items}
    assert set(by_title) == {"Texte du magasin", "Sous embargo"}
    assert by_title["Sous embargo"]["embargoedUntil"] == release.isoformat()
    assert "embargoedUntil" not in by_title["Texte du magasin"]
    for item in items:
        assert item["version"] and item["versionCreated"]
    one = client.get(f"/api/v1/syndication/items/{story.pk}/", **headers).json()
    assert one["title"] == "Texte du magasin"
    assert one["version"] == by_title["Texte du magasin"]["version"]
    # A key with original images reads the other stored variant.
    tamper("ninjs", story, "originals", "Récit partagé", "Avec les originaux")
    response = client.get(
        f"/api/v1/syndication/items/{story.pk}/", HTTP_AUTHORIZATION=f"Api-Key {originals_key}"
    )
    assert response.json()["title"] == "Avec les originaux"


@pytest.mark.parametrize("filename", ["rss.xml", "atom.xml", "feed.json"])
def test_feeds_are_the_stored_items_under_a_head_of_the_request(client, filename):
    story = f.make_story("Récit du flux")
    _, key = f.make_partner_key()
    fmt = {"rss.xml": "rss", "atom.xml": "atom", "feed.json": "json"}[filename]
    tamper("feed", story, f"{fmt}-short", "Récit du flux", "Extrait du magasin")
    tamper("feed", story, f"{fmt}-full", "Récit du flux", "Texte intégral du magasin")
    public = client.get(f"/api/v1/feeds/fr/{filename}").content.decode()
    assert "Extrait du magasin" in public and "Texte intégral du magasin" not in public
    assert render.ORIGIN not in public
    partner = client.get(
        f"/api/v1/syndication/feeds/{filename}", HTTP_AUTHORIZATION=f"Api-Key {key}"
    ).content.decode()
    assert "Texte intégral du magasin" in partner and "Extrait du magasin" not in partner
    assert render.ORIGIN not in partner
    if fmt == "atom":  # an entry links to its API representation: the request's origin
        assert f"http://testserver/api/v1/stories/{story.pk}/" in public
        assert f"http://testserver/api/v1/syndication/items/{story.pk}/" in partner


def test_a_feed_changes_its_etag_with_its_items_and_answers_304_otherwise(client):
    story = f.make_story("Premier état")
    url = "/api/v1/feeds/fr/atom.xml"
    first = client.get(url)
    assert client.get(url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    publish(story, title="Second état")
    second = client.get(url)
    assert second["ETag"] != first["ETag"] and "Second état" in second.content.decode()


def test_oembed_reads_the_stored_story_and_series(client):
    series = f.make_series("Série à intégrer")
    story = f.make_story("Récit à intégrer", parent=series)
    urls = {
        story: detail(client, story)["url"],
        series: client.get(f"/api/v1/series/{series.pk}/").json()["url"],
    }
    tamper("story", story, "summary", "Récit à intégrer", "Récit du magasin")
    tamper("series", series, "detail", "Série à intégrer", "Série du magasin")
    for page, title in ((story, "Récit du magasin"), (series, "Série du magasin")):
        response = client.get("/api/v1/oembed/", {"url": urls[page]})
        assert response.status_code == 200, (urls[page], response.content)
        assert response.json()["title"] == title


def test_territories_themes_contributors_and_partners_are_stored_with_counts_per_request(
    client,
):
    region = f.make_territory("Région stockée", kind="region", slug="region-stockee")
    town = f.make_territory("Commune stockée", parent=region, slug="commune-stockee")
    theme = f.make_theme("Thème stocké", slug="theme-stocke")
    author = f.make_contributor("Autrice stockée", slug="autrice-stockee")
    partner = f.make_partner("Partenaire stocké", slug="partenaire-stocke")
    series = f.make_series("Série soutenue", territory=town)
    SeriesPartner.objects.create(page=series, partner=partner, role="funder")
    publish(series)
    story = f.make_story("Récit compté", parent=series, territory=town, authors=[(author, "text")])
    story.themes.add(theme)
    publish(story)

    urls = {
        region: "/api/v1/territories/region-stockee/",
        theme: "/api/v1/themes/theme-stocke/",
        author: "/api/v1/contributors/autrice-stockee/",
        partner: "/api/v1/partners/partenaire-stocke/",
    }
    kinds = {region: "territory", theme: "theme", author: "contributor", partner: "partner"}
    for snippet, url in urls.items():
        data = client.get(url).json()
        assert data["counts"]["stories"] == 1, (url, data)
        document = PublishedDocument.objects.get(
            kind=kinds[snippet], object_id=snippet.pk, variant="detail"
        )
        assert '"counts"' not in document.body  # the clock's part is the request's
        tamper(kinds[snippet], snippet, "detail", snippet.name, f"{snippet.name} (magasin)")
        assert client.get(url).json()["name"] == f"{snippet.name} (magasin)"
    assert client.get(urls[partner]).json()["series"][0]["title"] == "Série soutenue"

    # Counts follow publication at once, with no document rendered again.
    rendered = dict(PublishedDocument.objects.values_list("pk", "rendered_at"))
    story.unpublish()
    for url in urls.values():
        assert client.get(url).json()["counts"]["stories"] == 0, url
    unchanged = PublishedDocument.objects.filter(kind__in=set(kinds.values()))
    assert all(rendered[doc.pk] == doc.rendered_at for doc in unchanged)


def test_a_renamed_child_territory_reaches_its_parent_and_a_new_one_appears(client):
    region = f.make_territory("Région mère", kind="region", slug="region-mere")
    town = f.make_territory("Commune fille", parent=region, slug="commune-fille")
    url = "/api/v1/territories/region-mere/"
    assert [c["name"] for c in client.get(url).json()["children"]] == ["Commune fille"]
    town.name = "Commune renommée"
    town.save()
    f.make_territory("Nouvelle commune", parent=region, slug="nouvelle-commune")
    names = [c["name"] for c in client.get(url).json()["children"]]
    assert names == ["Commune renommée", "Nouvelle commune"]
    summary = client.get("/api/v1/territories/", {"limit": 100}).json()["items"]
    assert "Commune renommée" in [t["name"] for t in summary]


def test_hidden_paths_compiled_once_match_the_querysets_at_every_instant():
    """hidden_paths runs SQL compiled once per process: at any instant it must find exactly
    what its queryset finds (scheduled and expiring branches, view restrictions)."""
    from stories.models import VisiblePageQuerySet

    now = timezone.now()
    scheduled = f.make_series("Série programmée", go_live_at=now + datetime.timedelta(days=2))
    expiring = f.make_series("Série qui expire", expire_at=now + datetime.timedelta(days=4))
    private = f.make_series("Série privée")
    for series in (scheduled, expiring, private):
        f.make_story(parent=series)
    PageViewRestriction.objects.create(page=private, restriction_type="login")
    for days in (-1, 1, 3, 5):
        at = now + datetime.timedelta(days=days)
        expected = set(VisiblePageQuerySet.hidden_paths_query(at))
        assert VisiblePageQuerySet.hidden_paths(at) == expected, days
    assert private.path in VisiblePageQuerySet.hidden_paths(now)
    assert expiring.path in VisiblePageQuerySet.hidden_paths(now + datetime.timedelta(days=5))
