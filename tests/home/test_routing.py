"""The CMS renders no page itself: readers are sent to the reader site."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_cms_page_url_sends_the_reader_to_the_reader_site(client):
    story = factories.make_story("Aller lire ailleurs")
    response = client.get("/fr/recits/aller-lire-ailleurs/")
    assert response.status_code == 302
    assert response["Location"] == f"http://reader.test{story.url}"
    assert client.get("/en/").status_code == 302


def test_drafts_are_not_redirected_but_missing(client):
    factories.make_story("Pas encore", publish=False)
    assert client.get("/fr/recits/pas-encore/").status_code == 404


def test_unknown_api_path_is_not_redirected_to_a_language_prefix(client):
    response = client.get("/api/v1/no-such-endpoint/")
    assert response.status_code == 404
    assert response["Content-Type"].startswith("application/problem+json")
