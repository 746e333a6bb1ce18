"""The partner feed in ninjs 3.1: keys, scope, syndication rules, embargo, incremental sync."""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

import pytest

from api.ninjs import version_of
from series.models import PartnerAPIKey, StoryFeedState
from tests import factories as f

from .syndication_helpers import assert_valid_ninjs, auth, isolated  # noqa: F401

ITEMS = "/api/v1/syndication/items/"
pytestmark = pytest.mark.django_db


def uris(response):
    return [item["uri"] for item in response.json()["items"]]


def story_uri(page):
    return f"urn:terrain:story:{page.translation_key}:{page.locale.language_code}"


@pytest.fixture
def rich_story():
    territory = f.make_territory("Loos-en-Gohelle", code="fr", slug="loos", population=6500)
    theme = f.make_theme("Énergie")
    author = f.make_contributor("Jeanne Martin")
    photographer = f.make_contributor("Ali Benali")
    image = f.make_image("Terril", caption="Le terril 11/19", credit="Photo : Ali Benali")
    story = f.make_story(
        "Au pied des terrils",
        authors=[(author, "text"), (photographer, "photo")],
        territory=territory,
        lead_image=image,
        licence="cc-by-4.0",
        body=[
            ("heading", {"text": "Trente ans", "level": "h2"}),
            (
                "paragraph",
                RichText('<p>Un <b>texte</b> <a href="https://example.org/">lié</a>.</p>'),
            ),
            ("quote", {"text": "On la fait.", "attribution": "Une habitante", "role": ""}),
            ("image", {"image": image, "caption": "", "credit": "", "layout": "wide"}),
            (
                "key_figures",
                {"title": "Chiffres", "figures": [{"figure": "6 500", "label": "hab."}]},
            ),
            ("fact_box", {"title": "PETR", "body": RichText("<p>Un pôle.</p>")}),
            ("person", {"name": "Marie", "role": "maraîchère", "portrait": None, "text": "Ici."}),
        ],
    )
    story.themes.add(theme)
    story.save_revision().publish()
    story.refresh_from_db()
    return story


def test_every_item_is_valid_ninjs_with_the_fields_partners_need(client, rich_story):
    plain = f.make_story("Un récit simple")
    _, key = f.make_partner_key()

    response = client.get(ITEMS, **auth(key))

    assert response.status_code == 200
    items = response.json()["items"]
    assert {item["uri"] for item in items} == {story_uri(rich_story), story_uri(plain)}
    for item in items:
        assert_valid_ninjs(item)
    item = next(i for i in items if i["uri"] == story_uri(rich_story))
    assert item["pubStatus"] == "usable"
    assert item["language"] == "fr"
    assert item["type"] == "text"
    changed_at = StoryFeedState.objects.get(page_id=rich_story.pk).changed_at
    assert item["versionCreated"] == changed_at.isoformat()
    assert item["version"] == version_of(changed_at)
    assert item["headlines"][0] == {"role": "main", "value": "Au pied des terrils"}
    assert item["descriptions"][0]["value"] == rich_story.subtitle
    body = item["bodies"][0]
    assert body["contentType"] == "text/html"
    assert "<h2>Trente ans</h2>" in body["value"]
    assert '<a href="https://example.org/">lié</a>' in body["value"]
    assert (
        "<blockquote><p>On la fait.</p><footer>Une habitante</footer></blockquote>" in body["value"]
    )
    assert '<img src="http://testserver/' in body["value"]
    assert item["by"] == "Jeanne Martin, Ali Benali (photos)"
    assert [(p["name"], p["rel"]) for p in item["people"]] == [
        ("Jeanne Martin", "author"),
        ("Ali Benali", "photographer"),
    ]
    assert item["places"][0]["name"] == "Loos-en-Gohelle"
    assert item["subjects"][0]["name"] == "Énergie"
    assert item["copyrightHolder"] == "Terrain"
    assert "CC BY 4.0" in item["usageTerms"]
    assert item["rightsInfo"] == {"linkedRights": "https://creativecommons.org/licenses/by/4.0/"}
    canonical = "http://reader.test/fr/recits/au-pied-des-terrils/"
    assert item["renditions"] == [{"name": "web", "href": canonical, "contentType": "text/html"}]
    assert item["altIds"] == [{"role": "canonical-url", "value": canonical}]
    picture = item["associations"][0]
    assert picture["type"] == "picture"
    assert picture["by"] == "Photo : Ali Benali"
    assert {r["name"] for r in picture["renditions"]} >= {"w800", "thumbnail"}
    assert all(r["href"].startswith("http://testserver/") for r in picture["renditions"])
    assert "embargoedUntil" not in item


def test_item_detail_and_unknown_ids(client, rich_story):
    _, key = f.make_partner_key()
    response = client.get(f"{ITEMS}{rich_story.pk}/", **auth(key))
    assert response.status_code == 200
    assert_valid_ninjs(response.json())
    for bad in ("999999", "abc", "1" * 40):
        response = client.get(f"{ITEMS}{bad}/", **auth(key))
        assert response.status_code == 404
        assert response["Content-Type"] == "application/problem+json"


@pytest.mark.parametrize(
    "header",
    [
        "Api-Key nope",
        "Api-Key ",
        "Api-Key abcdefgh.zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
        "Api-Key abcdefgh.zzzzzzzzzzzzzzzzzzzzzzzz\x00zzzzzzz",
        "Api-Key élève.àéèàéèàéèàéèàéèàéèàéèàéèàéèàéèàé",
        "Bearer something",
        "Api-Key",
    ],
)
def test_malformed_or_unknown_keys_get_401_problem_json(client, header):
    response = client.get(ITEMS, HTTP_AUTHORIZATION=header)
    assert response.status_code == 401
    assert response["Content-Type"] == "application/problem+json"
    assert response["WWW-Authenticate"].startswith("Api-Key")
    assert response.json()["status"] == 401


def test_no_key_revoked_key_and_expired_key_get_401(client):
    f.make_story()
    response = client.get(ITEMS)
    assert response.status_code == 401

    api_key, key = f.make_partner_key()
    assert client.get(ITEMS, **auth(key)).status_code == 200
    api_key.revoked = True
    api_key.save()
    response = client.get(ITEMS, **auth(key))
    assert response.status_code == 401
    assert "revoked" in response.json()["detail"]

    _, expired = f.make_partner_key(expiry_date=timezone.now() - datetime.timedelta(minutes=1))
    response = client.get(ITEMS, **auth(expired))
    assert response.status_code == 401
    assert "expired" in response.json()["detail"]


def test_a_partner_scoped_to_one_series_sees_only_its_episodes(client, run_on_commit):
    from wagtail_localize.operations import translate_object

    mine, other = f.make_series("Bassin minier"), f.make_series("Vallée")
    episode = f.make_story("Épisode 1", parent=mine)
    f.make_story("Ailleurs", parent=other)
    f.make_story("Hors série")
    run_on_commit(translate_object, mine, [f.locale("en")])
    run_on_commit(translate_object, episode, [f.locale("en")])
    for original in (mine, episode):  # translations are drafts until an editor publishes them
        run_on_commit(original.get_translation(f.locale("en")).get_latest_revision().publish)
    episode_en = episode.get_translation(f.locale("en"))
    assert episode_en.live
    _, key = f.make_partner_key(series=[mine])

    response = client.get(ITEMS, **auth(key))

    assert sorted(uris(response)) == sorted([story_uri(episode), story_uri(episode_en)])
    assert {i["language"] for i in response.json()["items"]} == {"fr", "en"}

    _, french_only = f.make_partner_key(series=[mine], locales=["fr"])
    assert uris(client.get(ITEMS, **auth(french_only))) == [story_uri(episode)]
    assert uris(client.get(ITEMS + "?locale=en", **auth(key))) == [story_uri(episode_en)]


def test_syndication_rules_decide_which_partner_sees_a_story(client):
    chosen, other = f.make_partner("Réseau"), f.make_partner("Mairie")
    open_story = f.make_story("Ouvert")
    closed = f.make_story("Fermé", syndication="none")
    selected = f.make_story("Choisi", syndication="selected")
    selected.syndication_partners.add(chosen)
    selected.save_revision().publish()
    _, chosen_key = f.make_partner_key(chosen)
    _, other_key = f.make_partner_key(other)

    assert sorted(uris(client.get(ITEMS, **auth(chosen_key)))) == sorted(
        [story_uri(open_story), story_uri(selected)]
    )
    assert uris(client.get(ITEMS, **auth(other_key))) == [story_uri(open_story)]
    for key in (chosen_key, other_key):
        assert client.get(f"{ITEMS}{closed.pk}/", **auth(key)).status_code == 404
        since = client.get(ITEMS + "?since=2000-01-01T00:00:00Z", **auth(key))
        assert story_uri(closed) not in uris(since)


def test_drafts_private_and_expired_stories_never_reach_partners(client):
    visible = f.make_story("Visible")
    f.make_story("Brouillon", publish=False)
    private = f.make_story("Privé")
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    f.make_story("Expire bientôt", expire_at=timezone.now() + datetime.timedelta(hours=1))
    expired = f.make_story("Expiré vraiment")
    expired.expire_at = timezone.now() - datetime.timedelta(minutes=1)
    expired.save()
    _, key = f.make_partner_key(embargo_access=True)

    listed = uris(client.get(ITEMS, **auth(key)))

    assert story_uri(visible) in listed
    assert story_uri(private) not in listed
    assert story_uri(expired) not in listed
    assert len(listed) == 2  # visible, and the one expiring in a minute


def test_embargoed_stories_only_reach_partners_allowed_to_see_them(client):
    release = timezone.now() + datetime.timedelta(days=2)
    scheduled = f.make_story("Sous embargo", go_live_at=release)
    assert not scheduled.live
    _, embargo_key = f.make_partner_key(embargo_access=True)
    _, plain_key = f.make_partner_key()

    items = client.get(ITEMS, **auth(embargo_key)).json()["items"]
    assert [i["uri"] for i in items] == [story_uri(scheduled)]
    assert_valid_ninjs(items[0])
    assert datetime.datetime.fromisoformat(items[0]["embargoedUntil"]) == release
    detail = client.get(f"{ITEMS}{scheduled.pk}/", **auth(embargo_key))
    assert detail.json()["embargoedUntil"] == items[0]["embargoedUntil"]

    assert uris(client.get(ITEMS, **auth(plain_key))) == []
    assert client.get(f"{ITEMS}{scheduled.pk}/", **auth(plain_key)).status_code == 404
    assert story_uri(scheduled) not in uris(
        client.get(ITEMS + "?since=2000-01-01T00:00:00Z", **auth(plain_key))
    )


def test_since_returns_exactly_what_changed_in_order_with_the_right_status(client):
    untouched = f.make_story("Inchangé")
    edited = f.make_story("Modifié")
    withdrawn = f.make_story("Retiré")
    republished = f.make_story("Republié")
    _, key = f.make_partner_key()
    mark = timezone.now()

    edited.title = "Modifié, deuxième version"
    edited.save_revision().publish()
    withdrawn.unpublish()
    republished.unpublish()
    republished.save_revision().publish()
    deleted = f.make_story("Supprimé")
    deleted.delete()

    response = client.get(ITEMS, {"since": mark.isoformat()}, **auth(key))

    assert response.status_code == 200
    items = response.json()["items"]
    for item in items:
        assert_valid_ninjs(item)
    statuses = [(item["uri"], item["pubStatus"]) for item in items]
    assert statuses == [
        (story_uri(edited), "usable"),
        (story_uri(withdrawn), "canceled"),
        (story_uri(republished), "usable"),
        (f"urn:terrain:story:{deleted.translation_key}:fr", "canceled"),
    ]
    assert story_uri(untouched) not in uris(response)
    assert items[0]["headlines"][0]["value"] == "Modifié, deuxième version"
    withdrawn_detail = client.get(f"{ITEMS}{withdrawn.pk}/", **auth(key)).json()
    assert withdrawn_detail["pubStatus"] == "canceled"


def test_since_pages_with_a_cursor_without_gaps_or_repeats(client):
    _, key = f.make_partner_key()
    mark = timezone.now()
    stories = [f.make_story(f"Récit {n}") for n in range(5)]

    seen, query = [], {"since": mark.isoformat(), "limit": 2}
    for _ in range(5):
        body = client.get(ITEMS, query, **auth(key)).json()
        seen += [item["uri"] for item in body["items"]]
        query = {"cursor": body["meta"]["next_cursor"], "limit": 2}
        if not body["meta"]["has_more"]:
            break
    assert seen == [story_uri(s) for s in stories]

    # A story that changes after the partner's last page comes back with the same cursor.
    stories[0].save_revision().publish()
    again = client.get(ITEMS, query, **auth(key)).json()
    assert [i["uri"] for i in again["items"]] == [story_uri(stories[0])]


@pytest.mark.parametrize(
    "query",
    [
        {"since": "yesterday"},
        {"cursor": "not-a-cursor"},
        {"limit": "0"},
        {"colour": "red"},
        # Contradictory, or an instant without its time zone: refused, never guessed.
        {"since": "2026-05-01T00:00:00Z", "offset": "20"},
        {"since": "2026-05-01T00:00:00"},
        {"since": "2026-05-01"},  # a bare date: "-01" is not an offset
    ],
)
def test_bad_parameters_are_400_problem_json(client, query):
    _, key = f.make_partner_key()
    response = client.get(ITEMS, query, **auth(key))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"


def test_lists_and_feeds_cost_the_same_queries_for_2_or_6_stories(client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    territory, author, theme = (
        f.make_territory("Arras"),
        f.make_contributor("Paul"),
        f.make_theme("Eau"),
    )
    _, key = f.make_partner_key()
    urls = [
        ITEMS,
        ITEMS + "?since=2000-01-01T00:00:00Z",
        "/api/v1/syndication/feeds/rss.xml",
        "/api/v1/feeds/fr/atom.xml",
    ]

    def add_stories(n):
        for _ in range(n):
            story = f.make_story(
                territory=territory, authors=[(author, "text")], lead_image=f.make_image()
            )
            story.themes.add(theme)
            story.save_revision().publish()

    def counts():
        found = []
        for url in urls:
            client.get(url, **auth(key))  # renditions and caches made once, as in production
            with CaptureQueriesContext(connection) as queries:
                assert client.get(url, **auth(key)).status_code == 200
            found.append(len(queries))
        return found

    add_stories(2)
    with_two = counts()
    add_stories(4)
    assert counts() == with_two
    # Series, funding, translations and the change log travel with each document since
    # partners must show them: a few queries per response, never per story.
    assert max(with_two) <= 18, with_two


def test_usage_is_counted_per_key_and_day(client):
    from series.models import APIKeyUsage

    api_key, key = f.make_partner_key()
    for _ in range(3):
        client.get(ITEMS, **auth(key))
    usage = APIKeyUsage.objects.get(key=api_key)
    assert usage.day == timezone.now().date()
    assert usage.requests == 3
    api_key.refresh_from_db()
    first_use = api_key.last_used_at
    assert first_use is not None
    # Kept to the minute: the next requests of the minute write nothing more.
    client.get(ITEMS, **auth(key))
    api_key.refresh_from_db()
    assert api_key.last_used_at == first_use
    PartnerAPIKey.objects.filter(pk=api_key.pk).update(
        last_used_at=first_use - datetime.timedelta(minutes=2)
    )
    client.get(ITEMS, **auth(key))
    api_key.refresh_from_db()
    assert api_key.last_used_at > first_use


def test_a_story_moved_to_another_series_is_canceled_for_the_old_scope(client):
    first, second = f.make_series("Première"), f.make_series("Seconde")
    story = f.make_story("Nomade", parent=first)
    _, first_key = f.make_partner_key(series=[first])
    _, second_key = f.make_partner_key(series=[second])
    mark = timezone.now()

    story.move(second, pos="last-child")

    def since(key):
        items = client.get(ITEMS, {"since": mark.isoformat()}, **auth(key)).json()["items"]
        return [(item["uri"], item["pubStatus"]) for item in items]

    assert since(first_key) == [(story_uri(story), "canceled")]
    assert since(second_key) == [(story_uri(story), "usable")]


def test_guessing_keys_from_one_address_is_cut_short(client, settings):
    settings.PARTNER_AUTH_FAILURES_PER_MINUTE = 3
    _, key = f.make_partner_key()
    for n in range(3):
        bad = f"Api-Key abcdefg{n}.{'z' * 32}"
        assert client.get(ITEMS, HTTP_AUTHORIZATION=bad).status_code == 401
    refused = client.get(ITEMS, **auth(key))
    assert refused.status_code == 429
    assert refused["Retry-After"] == "60"
    assert refused["Content-Type"] == "application/problem+json"
    # Another address is not affected.
    assert client.get(ITEMS, REMOTE_ADDR="192.0.2.7", **auth(key)).status_code == 200


def test_next_is_null_at_the_end_of_a_since_listing_and_cursors_are_signed(client):
    import base64
    import json

    _, key = f.make_partner_key()
    mark = timezone.now()
    f.make_story("Récit 1")
    f.make_story("Récit 2")
    first = client.get(ITEMS, {"since": mark.isoformat(), "limit": 1}, **auth(key)).json()
    assert first["meta"]["has_more"] and first["meta"]["next"]
    cursor = first["meta"]["next_cursor"]
    # A cursor goes alone: with `since` or `offset` it is a contradiction.
    for extra in ({"since": mark.isoformat()}, {"offset": "1"}):
        refused = client.get(ITEMS, {"cursor": cursor, **extra}, **auth(key))
        assert refused.status_code == 400, extra
    last = client.get(ITEMS, {"cursor": cursor, "limit": 1}, **auth(key)).json()
    assert [item["headlines"][0]["value"] for item in last["items"]] == ["Récit 2"]
    assert last["meta"]["has_more"] is False
    assert last["meta"]["next"] is None  # a client following `next` stops here
    assert last["meta"]["next_cursor"]  # and keeps this one for its next poll

    # A cursor made up from what a real one looks like is refused.
    forged = base64.urlsafe_b64encode(json.dumps([mark.isoformat(), 1]).encode()).decode()
    assert client.get(ITEMS, {"cursor": forged}, **auth(key)).status_code == 400


def test_a_stored_document_is_fetched_again_by_its_uri_in_its_own_locale(client):
    _, key = f.make_partner_key()
    story = f.make_story("Le terril vert")
    document = client.get(ITEMS, **auth(key)).json()["items"][0]
    assert document["uri"] == story_uri(story)

    by_uri = client.get(f"{ITEMS}{document['uri']}/", **auth(key))
    assert by_uri.status_code == 200
    assert by_uri.json()["uri"] == document["uri"]
    assert client.get(f"{ITEMS}{story.pk}/", {"locale": "fr"}, **auth(key)).status_code == 200
    wrong_locale = client.get(f"{ITEMS}{story.pk}/", {"locale": "en"}, **auth(key))
    assert wrong_locale.status_code == 404
    unknown = document["uri"].replace(
        str(story.translation_key), "0" * 8 + "-0000-0000-0000-" + "0" * 12
    )
    assert client.get(f"{ITEMS}{unknown}/", **auth(key)).status_code == 404

    # Withdrawn: the same uri now answers the canceled document, to take it down.
    story.unpublish()
    gone = client.get(f"{ITEMS}{document['uri']}/", **auth(key))
    assert gone.status_code == 200 and gone.json()["pubStatus"] == "canceled"


def test_partner_answers_revalidate_with_etag_and_304(client):
    story = f.make_story("Déjà lu")
    _, key = f.make_partner_key()
    _, other_key = f.make_partner_key(locales=["en"])
    for url in (ITEMS, f"{ITEMS}{story.pk}/", "/api/v1/syndication/feeds/feed.json"):
        first = client.get(url, **auth(key))
        assert first.status_code == 200
        assert first["Cache-Control"] == "private, no-cache"
        assert "Authorization" in first["Vary"]
        etag = first["ETag"]
        again = client.get(url, HTTP_IF_NONE_MATCH=etag, **auth(key))
        assert again.status_code == 304 and again.content == b""
        assert again["ETag"] == etag and again["RateLimit-Remaining"]
        # Another key sees other content: the same ETag does not fit.
        assert client.get(url, HTTP_IF_NONE_MATCH=etag, **auth(other_key)).status_code in (
            200,
            404,
        )
    story.title = "Déjà lu, corrigé"
    story.save_revision().publish()
    changed = client.get(ITEMS, HTTP_IF_NONE_MATCH=etag, **auth(key))
    assert changed.status_code == 200
    # Errors are never kept.
    refused = client.get(ITEMS + "?limit=0", **auth(key))
    assert refused["Cache-Control"] == "private, no-store" and "ETag" not in refused
