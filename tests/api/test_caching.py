"""HTTP caching on every public GET: ETag with 304, Last-Modified, Cache-Control."""

import pytest

from tests import factories as f

pytestmark = pytest.mark.django_db

PUBLIC = "public, max-age=60, stale-while-revalidate=300"


@pytest.fixture
def story(db):
    return f.make_story("Un récit en cache")


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/",
        "/api/v1/stories/",
        "/api/v1/series/",
        "/api/v1/territories/",
        "/api/v1/themes/",
        "/api/v1/contributors/",
        "/api/v1/partners/",
        "/api/v1/home/",
        "/api/v1/sitemap/",
        "/api/v1/search/?q=cache",
        "/api/v1/resolve/?path=/fr/recits/un-recit-en-cache/",
        "STORY",
    ],
)
def test_every_public_get_is_cacheable_and_revalidates_with_304(client, story, url):
    url = f"/api/v1/stories/{story.pk}/" if url == "STORY" else url
    response = client.get(url)
    assert response.status_code == 200, response.content
    assert response["Cache-Control"] == PUBLIC
    assert response["ETag"].startswith('"')
    assert "GMT" in response["Last-Modified"]
    again = client.get(url, HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == response["ETag"]
    assert again["Cache-Control"] == PUBLIC


def test_etag_changes_when_the_content_changes(client, story):
    first = client.get(f"/api/v1/stories/{story.pk}/")
    story.title = "Titre corrigé"
    story.save_revision().publish()
    second = client.get(f"/api/v1/stories/{story.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
    assert second.status_code == 200
    assert second["ETag"] != first["ETag"]
    assert second.json()["title"] == "Titre corrigé"


def test_last_modified_is_the_newest_update_shown(client, story):
    response = client.get(f"/api/v1/stories/{story.pk}/")
    from django.utils.http import http_date

    assert response["Last-Modified"] == http_date(story.last_published_at.timestamp())


def test_errors_are_not_cached_publicly(client, story):
    response = client.get("/api/v1/stories/999999/")
    assert response.status_code == 404
    assert response["Cache-Control"] == "no-store"
    assert "ETag" not in response
