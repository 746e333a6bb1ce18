"""Bodies a process holds by version (api.read_model.bodies): the next request asks the
database for versions, not for bodies it holds; a new version is always read; each origin
gets its own substitution; the bytes held stay within their bound."""

import secrets

import pytest

from api.models import PublishedDocument
from api.read_model import bodies, store
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_process_memory")]
LIST = "/api/v1/stories/?locale=fr"


def bodies_sent(monkeypatch) -> list:
    """Each body the documents' query sends back, from now on (None: not sent)."""
    sent = []
    real = store.fetch

    def fetch(sql, params):
        rows = real(sql, params)
        if "api_publisheddocument" in sql and "object_id IN" in sql:
            sent.extend(row[1] for row in rows)
        return rows

    monkeypatch.setattr(store, "fetch", fetch)
    return sent


@pytest.fixture
def stories():
    return [f.make_story(f"Récit {n}") for n in range(3)]


def test_the_next_request_reads_versions_not_the_bodies_held(client, stories, monkeypatch):
    sent = bodies_sent(monkeypatch)
    first = client.get(LIST).content
    assert len(sent) == 3 and all(sent)
    sent.clear()
    assert client.get(LIST).content == first
    assert sent == [None, None, None]


def test_a_new_version_is_read_whatever_is_held(client, stories):
    client.get(LIST)
    story = stories[0]
    document = PublishedDocument.objects.get(kind="story", object_id=story.pk, variant="summary")
    changed = document.body.replace("Récit 0", "Récit zéro")
    PublishedDocument.objects.filter(pk=document.pk).update(
        body=changed, version=secrets.randbits(62)
    )
    titles = [item["title"] for item in client.get(LIST).json()["items"]]
    assert "Récit zéro" in titles and "Récit 0" not in titles


def test_each_origin_gets_its_own_links(client, stories):
    one = client.get(LIST, HTTP_HOST="127.0.0.1").json()["items"][0]["api_url"]
    other = client.get(LIST, HTTP_HOST="localhost").json()["items"][0]["api_url"]
    again = client.get(LIST, HTTP_HOST="127.0.0.1").json()["items"][0]["api_url"]
    assert one.startswith("http://127.0.0.1/") and again == one
    assert other.startswith("http://localhost/")


def test_a_body_let_go_meanwhile_is_read_again(client, stories, monkeypatch):
    expected = client.get(LIST).content
    monkeypatch.setattr(bodies, "raw", lambda key, version: None)
    assert client.get(LIST).content == expected


def test_the_bytes_held_stay_within_their_bound(client, stories, monkeypatch):
    monkeypatch.setattr(bodies, "BYTES_KEPT", 3000)
    expected = client.get(LIST).content
    assert bodies._size <= 3000
    assert sum(entry.size for entry in bodies._kept.values()) == bodies._size
    assert client.get(LIST).content == expected
