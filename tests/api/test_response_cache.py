"""Server-side response cache: a warm hit costs one query and no serialization; every change
to public content, and the clock passing a go-live or expiry, shows in the next response;
preview, partner endpoints, authenticated requests and errors are never stored."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.contrib.redirects.models import Redirect

import pytest

from api import response_cache
from api.models import ContentVersion
from tests import factories as f

from .syndication_helpers import auth

pytestmark = pytest.mark.django_db


def get(client, url, **kwargs):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **kwargs)
    return response, len(queries)


def titles(client, url="/api/v1/stories/"):
    response = client.get(url, {"locale": "fr"})
    assert response.status_code == 200
    return [item["title"] for item in response.json()["items"]]


def test_a_warm_hit_serves_the_same_body_and_etag_with_one_query(client):
    f.make_story("Au bord du canal")
    for url in ("/api/v1/stories/?locale=fr&limit=5", "/api/v1/home/?locale=fr"):
        first, cold = get(client, url)
        second, warm = get(client, url)
        assert first.status_code == second.status_code == 200
        assert second.content == first.content
        assert second["ETag"] == first["ETag"]
        assert second["Cache-Control"] == first["Cache-Control"]
        assert second["Content-Type"] == "application/json"
        assert warm <= 1 < cold


def test_parameter_order_does_not_matter_but_every_value_does(client):
    f.make_story("Au bord du canal")
    client.get("/api/v1/stories/", {"locale": "fr", "limit": "5"})
    _, warm = get(client, "/api/v1/stories/?limit=5&locale=fr")
    assert warm <= 1
    # A repeated parameter is refused, even though its last value matches a cached entry.
    assert client.get("/api/v1/stories/?locale=fr&limit=6&limit=5").status_code == 400


def test_if_none_match_is_answered_from_the_cached_etag(client):
    f.make_story("Au bord du canal")
    etag = client.get("/api/v1/stories/", {"locale": "fr"})["ETag"]
    response, queries = get(
        client, "/api/v1/stories/", data={"locale": "fr"}, HTTP_IF_NONE_MATCH=etag
    )
    assert response.status_code == 304 and queries <= 1
    assert response["ETag"] == etag


def test_publishing_unpublishing_and_editing_show_at_once(client):
    story = f.make_story("Premier titre")
    assert titles(client) == ["Premier titre"]
    detail = f"/api/v1/stories/{story.pk}/"
    assert client.get(detail).json()["title"] == "Premier titre"

    f.make_story("Tout nouveau")
    assert sorted(titles(client)) == ["Premier titre", "Tout nouveau"]

    story.title = "Titre corrigé"
    story.save_revision().publish()
    assert client.get(detail).json()["title"] == "Titre corrigé"
    assert "Titre corrigé" in titles(client)

    story.refresh_from_db()
    story.unpublish()
    assert titles(client) == ["Tout nouveau"]
    assert client.get(detail).status_code == 404


def test_a_draft_saved_on_a_live_story_changes_nothing_public(client):
    story = f.make_story("Publié")
    detail = f"/api/v1/stories/{story.pk}/"
    client.get(detail)
    story.title = "Brouillon secret"
    story.save_revision()
    assert client.get(detail).json()["title"] == "Publié"


@pytest.mark.parametrize("how", ["restricted", "unpublished"])
def test_hiding_a_story_drops_it_from_cached_lists_and_details(client, how):
    story = f.make_story("Bientôt caché")
    detail = f"/api/v1/stories/{story.pk}/"
    assert titles(client) == ["Bientôt caché"]
    assert client.get(detail).status_code == 200
    f.hide(story, how)
    assert titles(client) == []
    assert client.get(detail).status_code == 404


def test_removing_a_view_restriction_shows_the_story_again(client):
    story = f.make_story("Sous mot de passe")
    f.hide(story, "restricted")
    assert titles(client) == []
    story.view_restrictions.all().delete()
    assert titles(client) == ["Sous mot de passe"]


def test_a_snippet_change_shows_in_cached_responses(client):
    territory = f.make_territory("Lens", slug="lens")
    story = f.make_story("À Lens", territory=territory)
    detail = f"/api/v1/stories/{story.pk}/"
    assert client.get(detail).json()["territory"]["name"] == "Lens"
    assert client.get("/api/v1/territories/lens/").json()["name"] == "Lens"
    territory.name = "Lens (Pas-de-Calais)"
    territory.save()
    assert client.get(detail).json()["territory"]["name"] == "Lens (Pas-de-Calais)"
    assert client.get("/api/v1/territories/lens/").json()["name"] == "Lens (Pas-de-Calais)"
    territory.delete()
    assert client.get("/api/v1/territories/lens/").status_code == 404


def test_a_new_redirect_shows_in_resolve(client):
    story = f.make_story("Destination")
    path = "/fr/ancien-chemin/"
    assert client.get("/api/v1/resolve/", {"path": path}).status_code == 404
    Redirect.objects.create(old_path="/fr/ancien-chemin", redirect_page=story)
    assert client.get("/api/v1/resolve/", {"path": path}).json()["type"] == "redirect"


def test_expiry_and_go_live_show_without_any_content_write(client, monkeypatch):
    now = timezone.now()
    f.make_story("Expire bientôt", expire_at=now + datetime.timedelta(seconds=30))
    # Live with go_live_at ahead, as when the page is published again with a later date.
    embargo = f.make_story("Sous embargo")
    type(embargo).objects.filter(pk=embargo.pk).update(
        go_live_at=now + datetime.timedelta(minutes=5)
    )
    f.make_story("Toujours là")  # (bumps: the version row now knows both moments)
    assert sorted(titles(client)) == ["Expire bientôt", "Toujours là"]
    _, warm = get(client, "/api/v1/stories/?locale=fr")
    assert warm <= 1

    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(seconds=31))
    assert titles(client) == ["Toujours là"]
    # The boundary moved on to the embargo: until then, hits again.
    _, warm = get(client, "/api/v1/stories/?locale=fr")
    assert warm <= 1

    monkeypatch.setattr(timezone, "now", lambda: now + datetime.timedelta(minutes=6))
    assert sorted(titles(client)) == ["Sous embargo", "Toujours là"]


def test_a_change_bumps_the_version_only_when_it_commits(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    monkeypatch.setattr(response_cache, "after_commit", transaction.on_commit)
    story = f.make_story("Avant")
    client.get(f"/api/v1/stories/{story.pk}/")
    before = ContentVersion.objects.get().version
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        story.title = "Après"
        story.save_revision().publish()
    assert ContentVersion.objects.get().version == before
    for callback in callbacks:
        callback()
    assert ContentVersion.objects.get().version > before
    assert client.get(f"/api/v1/stories/{story.pk}/").json()["title"] == "Après"


def test_partner_bookkeeping_does_not_bump_the_version(client):
    f.make_story("Public")
    _, key = f.make_partner_key()
    before = ContentVersion.objects.get().version
    assert client.get("/api/v1/syndication/items/", **auth(key)).status_code == 200
    assert ContentVersion.objects.get().version == before


def test_preview_partner_and_authorised_requests_are_never_served_from_the_cache(client):
    story = f.make_story("Public")
    preview = story.get_latest_revision_as_object().create_page_preview()
    preview_url = f"/api/v1/preview/?content_type=stories.storypage&token={preview.token}"
    _, key = f.make_partner_key()
    for url, headers in [
        (preview_url, {}),
        ("/api/v1/syndication/items/", auth(key)),
        ("/api/v1/stories/?locale=fr", {"HTTP_AUTHORIZATION": "Bearer anything"}),
    ]:
        first, cold = get(client, url, **headers)
        second, again = get(client, url, **headers)
        assert first.status_code == second.status_code == 200
        assert again > 1, url
    preview_response = client.get(preview_url)
    assert preview_response["Cache-Control"] == "no-store, private"


def test_errors_are_not_cached(client):
    response, cold = get(client, "/api/v1/stories/999999/")
    again_response, again = get(client, "/api/v1/stories/999999/")
    assert response.status_code == again_response.status_code == 404
    assert again == cold and again > 1


def test_zero_seconds_turns_the_cache_off(client, settings):
    settings.API_RESPONSE_CACHE_SECONDS = 0
    f.make_story("Public")
    _, cold = get(client, "/api/v1/stories/?locale=fr")
    _, again = get(client, "/api/v1/stories/?locale=fr")
    assert again == cold > 1
