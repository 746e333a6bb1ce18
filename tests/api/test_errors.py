"""Bad input gets an RFC 9457 problem naming the parameter, never a 500."""

from django.test import override_settings

import pytest

pytestmark = pytest.mark.django_db

PROBLEM = "application/problem+json"


def problem(client, url, params=None, status=400):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert {"type", "title", "status", "detail"} <= set(body)
    assert body["status"] == status
    return body


@pytest.mark.parametrize(
    ("url", "params", "parameter"),
    [
        ("/api/v1/stories/", {"colour": "red"}, "colour"),
        ("/api/v1/stories/", {"limit": "101"}, "limit"),
        ("/api/v1/stories/", {"limit": "0"}, "limit"),
        ("/api/v1/stories/", {"limit": "ten"}, "limit"),
        ("/api/v1/stories/", {"offset": "-1"}, "offset"),
        ("/api/v1/stories/", {"offset": "99999999"}, "offset"),
        ("/api/v1/stories/", {"locale": "de"}, "locale"),
        ("/api/v1/stories/", {"ordering": "path"}, "ordering"),
        ("/api/v1/stories/", {"ordering": "-id; DROP TABLE"}, "ordering"),
        ("/api/v1/stories/", {"published_after": "yesterday"}, "published_after"),
        ("/api/v1/stories/", {"published_before": "2025-13-45"}, "published_before"),
        ("/api/v1/stories/", {"series": "x"}, "series"),
        ("/api/v1/stories/", {"theme": "a,,b c"}, "theme"),
        ("/api/v1/stories/", {"territory": "../etc"}, "territory"),
        ("/api/v1/stories/", {"q": "a\x00b"}, "q"),
        ("/api/v1/stories/", {"q": "x" * 501}, "q"),
        ("/api/v1/stories/", {"territory__in": "x"}, "territory__in"),
        ("/api/v1/series/", {"status": "paused"}, "status"),
        ("/api/v1/series/", {"kind": "novel"}, "kind"),
        ("/api/v1/territories/", {"kind": "planet"}, "kind"),
        ("/api/v1/themes/", {"q": "x"}, "q"),
        ("/api/v1/home/", {"limit": "5"}, "limit"),
        ("/api/v1/resolve/", {}, "path"),
        ("/api/v1/resolve/", {"path": "fr/x"}, "path"),
        ("/api/v1/search/", {"q": ""}, "q"),
        ("/api/v1/sitemap/", {"locale": "xx"}, "locale"),
        ("/api/v1/preview/", {"content_type": "stories.storypage"}, "token"),
    ],
)
def test_bad_parameters_are_400_problems_naming_the_parameter(client, url, params, parameter):
    body = problem(client, url, params)
    assert body["parameter"] == parameter
    assert body["type"].startswith("urn:terrain:problem:")


def test_repeated_parameter_and_nul_in_a_name(client):
    response = client.get("/api/v1/stories/?limit=1&limit=2")
    assert response.status_code == 400 and response.json()["parameter"] == "limit"
    assert problem(client, "/api/v1/stories/?a%00b=1")["status"] == 400


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/stories/424242/",
        "/api/v1/stories/%00/",
        "/api/v1/series/99999999999999999999999/",
        "/api/v1/territories/nowhere/",
        "/api/v1/themes/ù/",
        "/api/v1/nothing-here/",
        "/api/v1/stories/1/extra/",
        "/api/v1/stories",
    ],
)
def test_unknown_addresses_are_404_problems(client, url):
    response = client.get(url)
    assert response.status_code in {400, 404}
    assert response["Content-Type"] == PROBLEM


def test_long_slug_and_nul_in_a_slug_are_400(client):
    assert problem(client, "/api/v1/territories/" + "a" * 501 + "/")["parameter"] == "slug"
    assert problem(client, "/api/v1/territories/a%00b/")["parameter"] == "slug"


def test_other_methods_are_405_problems(client):
    response = client.post("/api/v1/stories/", {})
    assert response.status_code == 405 and response["Content-Type"] == PROBLEM


def test_a_bug_under_the_api_is_a_500_problem(client, monkeypatch):
    from api.views import stories

    def broken(*args, **kwargs):
        raise RuntimeError("secret-internal-detail")

    monkeypatch.setattr(stories, "stories_at", broken)
    client.raise_request_exception = False
    with override_settings(DEBUG=False):
        response = client.get("/api/v1/stories/")
    assert response.status_code == 500
    assert response["Content-Type"] == PROBLEM
    assert "secret-internal-detail" not in response.content.decode()
