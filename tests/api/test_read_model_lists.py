"""A list's total, counted once per publication state (api.read_model.lists): the next pages
of the same list are read without counting, and every change readers can see, a key's new
scope or the clock passing a go_live_at or expire_at makes the next request count again."""

import datetime

from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

import pytest

from api.models import PublicationStamp
from tests import factories as f

from .syndication_helpers import auth

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_process_memory")]
LIST = "/api/v1/stories/?locale=fr&limit=2"
ITEMS = "/api/v1/syndication/items/?limit=2"


def total_and_counted(client, url, **headers) -> tuple[int, bool]:
    """meta.total_count, and whether the request counted it."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, **headers)
    assert response.status_code == 200, response.content
    counted = any("OVER ()" in query["sql"] for query in queries.captured_queries)
    return response.json()["meta"]["total_count"], counted


@pytest.fixture
def stories():
    return [f.make_story(f"Compté {n}") for n in range(3)]


def test_the_next_pages_of_a_list_are_not_counted_again(client, stories):
    assert total_and_counted(client, LIST) == (3, True)
    assert total_and_counted(client, LIST) == (3, False)
    assert total_and_counted(client, LIST + "&offset=2") == (3, False)
    items = client.get(LIST + "&offset=2").json()["items"]
    assert [item["title"] for item in items] == ["Compté 0"]
    # Other inputs, another total.
    assert total_and_counted(client, LIST + "&q=introuvable") == (0, True)


def test_a_publication_or_a_withdrawal_counts_again(client, stories):
    assert total_and_counted(client, LIST) == (3, True)
    f.make_story("Compté 3")
    assert total_and_counted(client, LIST) == (4, True)
    assert total_and_counted(client, LIST) == (4, False)
    stories[0].unpublish()
    assert total_and_counted(client, LIST) == (3, True)
    stories[1].delete()
    assert total_and_counted(client, LIST) == (2, True)


def test_the_clock_passing_an_expiry_counts_again(client, stories, monkeypatch):
    stories[0].expire_at = timezone.now() + datetime.timedelta(hours=1)
    stories[0].save_revision().publish()
    assert total_and_counted(client, LIST) == (3, True)
    assert total_and_counted(client, LIST) == (3, False)
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert total_and_counted(client, LIST) == (2, True)


def test_a_keys_new_scope_counts_again(client, stories):
    series = f.make_series("Série comptée")
    f.make_story("Épisode compté", parent=series)
    api_key, key = f.make_partner_key()
    assert total_and_counted(client, ITEMS, **auth(key)) == (4, True)
    assert total_and_counted(client, ITEMS, **auth(key)) == (4, False)
    api_key.all_series = False
    api_key.save()
    api_key.series.set([series])
    assert total_and_counted(client, ITEMS, **auth(key)) == (1, True)


def test_without_a_stamp_every_request_counts(client, stories):
    PublicationStamp.objects.all().delete()
    assert total_and_counted(client, LIST) == (3, True)
    assert total_and_counted(client, LIST) == (3, True)


def test_a_change_behind_the_cms_back_counts_again_after_rebuild_documents(client, stories):
    assert total_and_counted(client, LIST) == (3, True)
    # A raw fix-up sends no signal; deployment docs say to run rebuild_documents after one.
    type(stories[0]).objects.filter(pk=stories[0].pk).update(live=False)
    call_command("rebuild_documents", verbosity=0)
    assert total_and_counted(client, LIST) == (2, True)
