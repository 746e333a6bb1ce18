"""What partners hear when a story's life changes without an ordinary publication: scheduling
and go-live, privacy added or removed, and who is told that a story was withdrawn."""

import datetime

from django.utils import timezone

from wagtail.models import PageViewRestriction

import pytest

from home.tasks import publish_scheduled_pages
from series.models import SeriesPartner, WebhookDelivery, WebhookEndpoint
from stories.models import StoryPage
from tests import factories as f

from .syndication_helpers import auth, isolated  # noqa: F401

pytestmark = pytest.mark.django_db
ITEMS = "/api/v1/syndication/items/"
EVENTS = ["story.published", "story.updated", "story.unpublished"]


def subscribe(partner=None) -> WebhookEndpoint:
    # Deliveries are recorded when the event happens; nothing is sent in these tests (the
    # on-commit queueing never runs), so the URL is never called.
    return WebhookEndpoint.objects.create(
        partner=partner, name="Récepteur", url="https://partner.example/hook", events=EVENTS
    )


def heard(endpoint) -> list[tuple[str, str]]:
    return [
        (d.payload["type"], d.payload["data"]["title"])
        for d in WebhookDelivery.objects.filter(endpoint=endpoint).order_by("created_at", "id")
    ]


def story_uri(page):
    return f"urn:terrain:story:{page.translation_key}:{page.locale.language_code}"


def since(client, key, mark) -> list[tuple[str, str]]:
    response = client.get(ITEMS, {"since": mark.isoformat()}, **auth(key))
    assert response.status_code == 200
    return [(item["uri"], item["pubStatus"]) for item in response.json()["items"]]


def reach_go_live(revision, story):
    """The moment comes: move the schedule into the past rather than waiting for it."""
    moment = f.days(-1)
    StoryPage.objects.filter(pk=story.pk).update(go_live_at=moment)
    revision.refresh_from_db()
    revision.content["go_live_at"] = moment.isoformat()
    revision.approved_go_live_at = moment
    revision.save()


# --- issue 9.8: scheduled stories -------------------------------------------------------------


def test_a_scheduled_story_is_announced_once_as_published_when_it_goes_live(client):
    partner = f.make_partner("Réseau")
    endpoint, reader = subscribe(partner), subscribe()
    _, embargo_key = f.make_partner_key(partner, embargo_access=True)
    mark = timezone.now()

    story = f.make_story("Programmé", publish=False)
    story.go_live_at = f.days(1)
    revision = story.save_revision()
    revision.publish()  # what "Schedule" does in the admin
    story.refresh_from_db()
    assert not story.live

    # Scheduling is not publishing: no webhook, to partners or to the reader site.
    assert heard(endpoint) == [] and heard(reader) == []
    # A key that receives embargoed stories still reads it in the change log, as usable.
    assert since(client, embargo_key, mark) == [(story_uri(story), "usable")]

    reach_go_live(revision, story)
    publish_scheduled_pages.call()  # the scheduler's job

    assert StoryPage.objects.get(pk=story.pk).live
    assert heard(endpoint) == [("story.published", "Programmé")]
    assert heard(reader) == [("story.published", "Programmé")]

    # Running the job again announces nothing more.
    publish_scheduled_pages.call()
    assert heard(endpoint) == [("story.published", "Programmé")]


def test_a_private_story_published_is_announced_to_nobody():
    endpoint = subscribe(f.make_partner("Réseau"))
    story = f.make_story("Privé dès le départ", publish=False)
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    story.save_revision().publish()
    assert heard(endpoint) == []


# --- issue 10.9: privacy added or removed -----------------------------------------------------


def test_making_a_story_private_and_public_again_is_announced(client):
    partner = f.make_partner("Réseau")
    endpoint = subscribe(partner)
    _, key = f.make_partner_key(partner)
    story = f.make_story("Bientôt réservé")
    assert heard(endpoint) == [("story.published", "Bientôt réservé")]
    mark = timezone.now()

    restriction = PageViewRestriction.objects.create(
        page=story, restriction_type="password", password="x"
    )
    assert heard(endpoint)[-1] == ("story.unpublished", "Bientôt réservé")
    assert since(client, key, mark) == [(story_uri(story), "canceled")]

    mark = timezone.now()
    restriction.delete()
    assert heard(endpoint)[-1] == ("story.published", "Bientôt réservé")
    assert since(client, key, mark) == [(story_uri(story), "usable")]
    assert len(heard(endpoint)) == 3


def test_a_series_made_private_takes_its_episodes_down(client):
    partner = f.make_partner("Réseau")
    endpoint = subscribe(partner)
    _, key = f.make_partner_key(partner)
    series = f.make_series("Vallée")
    first = f.make_story("Épisode 1", parent=series)
    second = f.make_story("Épisode 2", parent=series)
    mark = timezone.now()

    PageViewRestriction.objects.create(page=series, restriction_type="password", password="x")

    assert sorted(heard(endpoint)[-2:]) == [
        ("story.unpublished", "Épisode 1"),
        ("story.unpublished", "Épisode 2"),
    ]
    assert sorted(since(client, key, mark)) == sorted(
        [(story_uri(first), "canceled"), (story_uri(second), "canceled")]
    )


def test_deleting_a_private_story_announces_nothing_more():
    endpoint = subscribe(f.make_partner("Réseau"))
    story = f.make_story("Réservé puis supprimé")
    PageViewRestriction.objects.create(page=story, restriction_type="password", password="x")
    count = len(heard(endpoint))
    StoryPage.objects.get(pk=story.pk).delete()
    assert len(heard(endpoint)) == count  # no story.published when its restriction goes too


# --- issue 10.14: canceled only for keys that could once read the story -----------------------


def test_canceled_items_only_reach_keys_that_could_read_the_story(client):
    chosen, other = f.make_partner("Réseau"), f.make_partner("Mairie")
    _, chosen_key = f.make_partner_key(chosen)
    _, other_key = f.make_partner_key(other)
    mark = timezone.now()

    selected = f.make_story("Réservé au réseau", syndication="selected", publish=False)
    selected.syndication_partners.add(chosen)
    selected.save_revision().publish()
    private = f.make_story("Privé", publish=False)
    PageViewRestriction.objects.create(page=private, restriction_type="password", password="x")
    private.save_revision().publish()
    for story in (selected, private):
        StoryPage.objects.get(pk=story.pk).unpublish()

    assert since(client, chosen_key, mark) == [(story_uri(selected), "canceled")]
    assert since(client, other_key, mark) == []
    assert client.get(f"{ITEMS}{selected.pk}/", **auth(other_key)).status_code == 404
    assert client.get(f"{ITEMS}{private.pk}/", **auth(chosen_key)).status_code == 404
    assert client.get(f"{ITEMS}{selected.pk}/", **auth(chosen_key)).json()["pubStatus"] == (
        "canceled"
    )


def test_a_story_only_scheduled_is_canceled_only_for_keys_with_embargo(client):
    _, plain_key = f.make_partner_key()
    _, embargo_key = f.make_partner_key(embargo_access=True)
    mark = timezone.now()
    story = f.make_story("Programmé puis supprimé", go_live_at=f.days(2))
    StoryPage.objects.get(pk=story.pk).delete()  # dropped before its release

    assert since(client, plain_key, mark) == []
    assert since(client, embargo_key, mark) == [(story_uri(story), "canceled")]


def test_a_key_created_after_the_withdrawal_is_not_told_about_it(client):
    _, earlier_key = f.make_partner_key()
    story = f.make_story("Retiré avant la nouvelle clé")
    StoryPage.objects.get(pk=story.pk).unpublish()
    _, later_key = f.make_partner_key()
    long_ago = timezone.now() - datetime.timedelta(days=365)

    assert since(client, earlier_key, long_ago) == [(story_uri(story), "canceled")]
    assert since(client, later_key, long_ago) == []


def test_deleting_a_live_story_announces_one_unpublished_event(client):
    """One event, one webhook-id: a partner deduplicating by id would otherwise still see two."""
    endpoint = subscribe(f.make_partner("Réseau"))
    story = f.make_story("Publié puis supprimé")
    count = len(heard(endpoint))
    editor = f.make_editor()
    client.force_login(editor)
    response = client.post(f"/admin/pages/{story.pk}/delete/")
    assert response.status_code == 302
    assert not StoryPage.objects.filter(pk=story.pk).exists()
    assert heard(endpoint)[count:] == [("story.unpublished", "Publié puis supprimé")]


def test_deleting_a_series_announces_each_live_story_once(client):
    endpoint = subscribe(f.make_partner("Réseau"))
    series = f.make_series("Série supprimée")
    f.make_story("Épisode A", parent=series)
    f.make_story("Épisode B", parent=series)
    count = len(heard(endpoint))
    client.force_login(f.make_editor())
    response = client.post(f"/admin/pages/{series.pk}/delete/")
    assert response.status_code == 302
    assert sorted(heard(endpoint)[count:]) == [
        ("story.unpublished", "Épisode A"),
        ("story.unpublished", "Épisode B"),
    ]


# --- changes that reach a story through what it shows --------------------------------------------


def test_a_story_changed_by_what_it_shows_is_announced_as_updated(client):
    """A renamed contributor or a series partner's new disclosure changes what partners
    republish, with no publication of the story: webhooks say story.updated, and the story
    moves in the change log with a new version."""
    author = f.make_contributor("Nom d'origine")
    sponsor = f.make_partner("Fondation exemple")
    series = f.make_series("Série financée")
    link = SeriesPartner.objects.create(
        page=series, partner=sponsor, role="funder", funding_disclosure="Une aide."
    )
    series.save_revision().publish()
    story = f.make_story("Récit montré", parent=series, authors=[(author, "text")])
    endpoint = subscribe()
    _, key = f.make_partner_key()
    version = client.get(f"{ITEMS}{story.pk}/", **auth(key)).json()["version"]

    mark = timezone.now()
    author.name = "Nom corrigé"
    author.save()
    assert heard(endpoint) == [("story.updated", "Récit montré")]
    assert since(client, key, mark) == [(story_uri(story), "usable")]
    item = client.get(f"{ITEMS}{story.pk}/", **auth(key)).json()
    assert "Nom corrigé" in item["by"] and item["version"] != version

    mark = timezone.now()
    link.funding_disclosure = "Une aide sans droit de regard."
    link.save()
    series.save_revision().publish()
    assert since(client, key, mark) == [(story_uri(story), "usable")]
    item = client.get(f"{ITEMS}{story.pk}/", **auth(key)).json()
    assert any("sans droit de regard" in d["value"] for d in item["descriptions"])
