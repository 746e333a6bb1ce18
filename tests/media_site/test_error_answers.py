"""A busy SQLite database answers 503 "your work was not lost", never a bare 500; under /api/
every crash is problem+json, with DEBUG on too (issue 9 item 4, issue 10 item 21)."""

from django.contrib.sessions.backends.db import SessionStore
from django.db import OperationalError

import pytest

pytestmark = [pytest.mark.urls("tests.media_site.urls"), pytest.mark.django_db]


@pytest.mark.parametrize("method", ["get", "post"])
def test_a_locked_database_in_the_admin_is_a_friendly_503(client, method):
    response = getattr(client, method)("/admin/_test/locked/")
    assert response.status_code == 503
    assert response["Retry-After"] == "5"
    assert response["Content-Type"] == "text/html; charset=utf-8"
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "Votre travail n'est pas perdu" in html
    assert "Your work was not lost" in html
    # A form is never sent again without its author: only a GET reloads itself.
    assert ('http-equiv="refresh"' in html) is (method == "get")


def test_a_locked_database_under_the_api_is_a_503_problem(client):
    response = client.get("/api/v1/_test/locked/")
    assert response.status_code == 503
    assert response["Content-Type"] == "application/problem+json"
    assert response["Retry-After"] == "5"
    body = response.json()
    assert body["status"] == 503
    assert body["type"] == "urn:terrain:problem:busy"


def test_an_unreachable_database_is_a_503_not_a_bug(client):
    api = client.get("/api/v1/_test/unreachable/")
    assert api.status_code == 503
    assert api["Content-Type"] == "application/problem+json"
    assert api["Retry-After"] == "5"
    assert api.json()["type"] == "urn:terrain:problem:database-unavailable"
    admin = client.post("/admin/_test/unreachable/")
    assert admin.status_code == 503
    assert admin["Retry-After"] == "5"
    html = admin.content.decode()
    assert "La base de données ne répond pas" in html and "Your work was not lost" in html


def test_a_locked_database_after_the_view_is_a_503_too(client, monkeypatch):
    def locked(self, must_create=False):
        raise OperationalError("database is locked")

    monkeypatch.setattr(SessionStore, "save", locked)
    client.raise_request_exception = False
    response = client.get("/admin/_test/session/")
    assert response.status_code == 503
    assert "Your work was not lost" in response.content.decode()


def test_other_database_errors_stay_500s(client, monkeypatch):
    def broken(self, must_create=False):
        raise OperationalError("no such table: django_session")

    monkeypatch.setattr(SessionStore, "save", broken)
    client.raise_request_exception = False
    response = client.get("/admin/_test/session/")
    assert response.status_code == 500


@pytest.mark.parametrize("debug", [False, True])
def test_a_crash_under_the_api_is_problem_json_even_with_debug(client, settings, debug):
    settings.DEBUG = debug
    client.raise_request_exception = False
    response = client.get("/api/v1/_test/crash/")
    assert response.status_code == 500
    assert response["Content-Type"] == "application/problem+json"
    assert "secret local variable" not in response.content.decode()
    assert response.json()["status"] == 500


def test_a_crash_in_the_admin_without_debug_shows_no_traceback(client, settings):
    settings.DEBUG = False
    client.raise_request_exception = False
    response = client.get("/admin/_test/crash/")
    assert response.status_code == 500
    assert "secret local variable" not in response.content.decode()
    assert "Traceback" not in response.content.decode()


@pytest.mark.urls("media_site.urls")
def test_a_post_to_a_feed_is_a_405_problem_with_allow(client):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    response = csrf_client.post("/api/v1/feeds/fr/rss.xml")
    assert response.status_code == 405
    assert response["Content-Type"] == "application/problem+json"
    assert response["Allow"] == "GET, HEAD"


@pytest.mark.urls("media_site.urls")
def test_posts_under_the_api_are_refused_with_problems(client):
    csrf_client = client.__class__(enforce_csrf_checks=True)
    schema = csrf_client.post("/api/v1/schema/")
    assert schema.status_code == 405
    assert schema["Content-Type"] == "application/problem+json"
    assert schema["Allow"] == "GET, HEAD, OPTIONS"
    # A plain Django view under /api/ refused by CSRF: a problem, not Django's HTML page.
    refused = csrf_client.post("/api/v1/nowhere/")
    assert refused.status_code == 403
    assert refused["Content-Type"] == "application/problem+json"


@pytest.mark.urls("media_site.urls")
def test_a_disallowed_host_under_the_api_is_a_400_problem(client, settings):
    settings.ALLOWED_HOSTS = ["cms.example"]
    response = client.get("/api/v1/stories/", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    page = client.get("/admin/login/", HTTP_HOST="evil.example")
    assert page.status_code == 400
    assert "problem+json" not in page["Content-Type"]
