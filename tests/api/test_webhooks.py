"""Webhooks with a real local HTTP receiver: Standard Webhooks signatures, retries with growing
delays, 410 disables the endpoint, SSRF guard, scope, and the admin's log and retry."""

import json

from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import reverse

import pytest
from standardwebhooks import Webhook

from api import webhook_delivery
from api.webhook_delivery import UnsafeTarget, attempt_delivery, check_target
from series.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from tests import factories as f

from .syndication_helpers import isolated  # noqa: F401
from .webhook_receiver import start_receiver, stop_receiver

pytestmark = pytest.mark.django_db
ALL_EVENTS = [
    "story.published",
    "story.updated",
    "story.unpublished",
    "series.published",
    "series.updated",
]


@pytest.fixture
def loopback_allowed(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True


def endpoint_for(receiver, partner=None, events=ALL_EVENTS) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        partner=partner, name="Récepteur", url=receiver.url, events=list(events)
    )


def payloads(receiver):
    return [json.loads(request.body) for request in receiver.requests]


def test_deliveries_are_signed_per_standard_webhooks(
    receiver, loopback_allowed, django_capture_on_commit_callbacks
):
    endpoint = endpoint_for(receiver)
    series = f.make_series("Bassin minier")
    with django_capture_on_commit_callbacks(execute=True):
        story = f.make_story("Au pied des terrils", parent=series)
    with django_capture_on_commit_callbacks(execute=True):
        story.title = "Au pied des terrils (mis à jour)"
        story.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        story.unpublish()

    assert [p["type"] for p in payloads(receiver)] == [
        "story.published",
        "story.updated",
        "story.unpublished",
    ]
    for request in receiver.requests:
        verified = Webhook(endpoint.secret).verify(request.body, request.headers)
        assert verified["data"]["id"] == story.pk
        assert request.headers["webhook-id"].startswith("msg_")
        assert request.headers["webhook-signature"].startswith("v1,")
    first = payloads(receiver)[0]["data"]
    assert first["url"] == "http://reader.test/fr/series/bassin-minier/au-pied-des-terrils/"
    assert first["api_url"].endswith(f"/api/v1/stories/{story.pk}/")
    assert first["series"]["id"] == series.pk
    assert first["uri"] == f"urn:terrain:story:{story.translation_key}:fr"
    assert WebhookDelivery.objects.filter(status="succeeded").count() == 3
    # A tampered body does not verify.
    request = receiver.requests[0]
    with pytest.raises(Exception, match="signature"):
        Webhook(endpoint.secret).verify(
            request.body.replace(b"terrils", b"terrains"), request.headers
        )


def test_series_events(receiver, loopback_allowed, django_capture_on_commit_callbacks):
    endpoint_for(receiver, events=["series.published", "series.updated"])
    with django_capture_on_commit_callbacks(execute=True):
        series = f.make_series("Vallée")
    with django_capture_on_commit_callbacks(execute=True):
        series.save_revision().publish()
    assert [p["type"] for p in payloads(receiver)] == ["series.published", "series.updated"]
    assert payloads(receiver)[0]["data"]["type"] == "series"


def test_scheduled_and_closed_stories_are_not_announced_to_partners(
    receiver, loopback_allowed, django_capture_on_commit_callbacks
):
    partner = f.make_partner("Réseau")
    endpoint_for(receiver, partner=partner)
    reader = start_receiver()
    try:
        endpoint_for(reader)  # no partner: Terrain's own subscriber
        with django_capture_on_commit_callbacks(execute=True):
            f.make_story("Sous embargo", go_live_at=f.days(2))
            f.make_story("Fermé", syndication="none")
        assert receiver.requests == []
        assert [p["data"]["title"] for p in payloads(reader)] == ["Fermé"]
    finally:
        stop_receiver(reader)


def test_a_failing_receiver_gets_retries_with_growing_delays(loopback_allowed, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 5
    receiver = start_receiver(statuses=[500, 502, 503, 500], default_status=204)
    try:
        endpoint = endpoint_for(receiver)
        delivery = webhook_delivery.emit("story.updated", {"id": 1})[0]
        delays = []
        for _ in range(5):
            delivery.refresh_from_db()
            # The worker runs it when it is due; here we jump to that instant.
            status = attempt_delivery(delivery.pk, now=delivery.next_attempt_at)
            delivery.refresh_from_db()
            last = delivery.attempts.last()
            if status == "pending":
                delays.append((delivery.next_attempt_at - last.started_at).total_seconds())
        assert status == "succeeded"
        assert [a.status_code for a in delivery.attempts.all()] == [500, 502, 503, 500, 204]
        assert len(receiver.requests) == 5
        assert len({r.headers["webhook-id"] for r in receiver.requests}) == 1
        assert delays == sorted(delays) and delays[0] < delays[-1]
        assert 30 * 0.8 <= delays[0] <= 30 * 1.2
        assert 240 * 0.8 <= delays[3] <= 240 * 1.2
        # Not due yet: a second worker holding the same task does nothing.
        assert attempt_delivery(delivery.pk) is None
        assert endpoint.deliveries.get().status == "succeeded"
    finally:
        stop_receiver(receiver)


def test_a_delivery_gives_up_after_the_last_attempt(loopback_allowed, settings):
    settings.WEBHOOK_MAX_ATTEMPTS = 2
    receiver = start_receiver(default_status=500)
    try:
        endpoint_for(receiver)
        delivery = webhook_delivery.emit("story.updated", {"id": 1})[0]
        attempt_delivery(delivery.pk)
        delivery.refresh_from_db()
        assert attempt_delivery(delivery.pk, now=delivery.next_attempt_at) == "failed"
    finally:
        stop_receiver(receiver)


def test_a_timeout_is_an_attempt_that_failed(loopback_allowed, settings):
    settings.WEBHOOK_TIMEOUT_SECONDS = 0.3
    receiver = start_receiver(delay=1.0)
    try:
        endpoint_for(receiver)
        delivery = webhook_delivery.emit("story.updated", {"id": 1})[0]
        assert attempt_delivery(delivery.pk) == "pending"
        assert "No answer within" in WebhookAttempt.objects.get().error
    finally:
        stop_receiver(receiver)


def test_410_disables_the_endpoint_and_its_queue(loopback_allowed):
    receiver = start_receiver(default_status=410)
    try:
        endpoint = endpoint_for(receiver)
        first, second = (webhook_delivery.emit("story.updated", {"id": n})[0] for n in (1, 2))
        assert attempt_delivery(first.pk) == "canceled"
        endpoint.refresh_from_db()
        assert not endpoint.active
        assert "410" in endpoint.disabled_reason
        second.refresh_from_db()
        assert second.status == "canceled"
        assert webhook_delivery.emit("story.updated", {"id": 3}) == []
        assert len(receiver.requests) == 1
    finally:
        stop_receiver(receiver)


def test_private_targets_are_refused_unless_allowed(receiver, settings):
    endpoint_for(receiver)
    delivery = webhook_delivery.emit("story.updated", {"id": 1})[0]
    assert attempt_delivery(delivery.pk) == "failed"
    assert WebhookAttempt.objects.get().error.startswith("Refused")
    assert receiver.requests == []

    for url in (
        "http://127.0.0.1:8000/",
        "http://10.1.2.3/hook",
        "http://169.254.169.254/latest/meta-data/",
        "http://[::1]/",
        "http://[::ffff:127.0.0.1]/",
        "http://localhost:3000/",
        "http://192.168.1.10/",
        "ftp://93.184.216.34/",
    ):
        with pytest.raises(UnsafeTarget):
            check_target(url)
    check_target("https://93.184.216.34/hook")  # a public address literal: no look-up needed

    settings.READER_WEBHOOK_URL = "http://127.0.0.1:3000/_purge"
    check_target("http://127.0.0.1:3000/_purge")  # the operator's own reader site
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    check_target("http://127.0.0.1:8000/")


@override_settings(READER_WEBHOOK_SECRET="reader-secret")
def test_the_reader_site_purge_endpoint_comes_from_the_environment(
    receiver, settings, django_capture_on_commit_callbacks
):
    settings.READER_WEBHOOK_URL = receiver.url
    with django_capture_on_commit_callbacks(execute=True):
        story = f.make_story("Purge")
    request = receiver.requests[0]
    # The reader verifies with Webhook(secret.encode()) when the secret is not whsec_…
    verified = Webhook(b"reader-secret").verify(request.body, request.headers)
    assert verified["data"]["url"] == "http://reader.test/fr/recits/purge/"
    assert verified["data"]["id"] == story.pk
    assert WebhookEndpoint.objects.get().partner is None


def test_admin_lists_attempts_and_sends_again(client, loopback_allowed):
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    receiver = start_receiver(statuses=[500], default_status=200)
    try:
        endpoint_for(receiver)
        delivery = webhook_delivery.emit("story.updated", {"id": 1})[0]
        attempt_delivery(delivery.pk)

        page = client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk]))
        html = page.content.decode()
        assert page.status_code == 200
        assert html.count('<tr class="attempt">') == 1 and "<td>500</td>" in html
        assert client.get(reverse("webhook_deliveries:index")).status_code == 200

        response = client.post(reverse("webhook_deliveries:retry", args=[delivery.pk]))
        assert response.status_code == 302
        delivery.refresh_from_db()
        assert delivery.status == "pending"
        # The retry is queued on commit; the immediate backend would run it there. Run it.
        assert attempt_delivery(delivery.pk) == "succeeded"
        assert len(receiver.requests) == 2
    finally:
        stop_receiver(receiver)


def test_admin_refuses_private_webhook_urls(client):
    user = get_user_model().objects.create_superuser("editor", "e@example.org", "pw")
    client.force_login(user)
    response = client.post(
        reverse("webhook_endpoints:add"),
        {
            "name": "Interne",
            "url": "http://169.254.169.254/",
            "events": ["story.published"],
            "secret": "whsec_" + "A" * 32,
            "active": "on",
        },
    )
    assert response.status_code == 200
    assert "link-local" in response.content.decode()
    assert not WebhookEndpoint.objects.exists()


def test_resume_picks_up_deliveries_whose_worker_died(loopback_allowed, receiver):
    from django.utils import timezone

    endpoint_for(receiver)
    delivery = webhook_delivery.emit("story.updated", {"id": 1})[0]
    # A worker took it and died: its lease is still running, so nobody takes it now...
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        locked_until=timezone.now() + timezone.timedelta(seconds=30)
    )
    assert webhook_delivery.resume_deliveries.call() == 0
    # ...and once the lease has run out, the sweep queues it again (immediate backend: runs it).
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        locked_until=timezone.now() - timezone.timedelta(seconds=1)
    )
    assert webhook_delivery.resume_deliveries.call() == 1
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
    assert len(receiver.requests) == 1


def test_partners_hear_unpublished_when_a_story_is_closed_to_them(
    loopback_allowed, django_capture_on_commit_callbacks
):
    chosen, other = f.make_partner("Réseau"), f.make_partner("Mairie")
    chosen_receiver, other_receiver = start_receiver(), start_receiver()
    try:
        endpoint_for(chosen_receiver, partner=chosen)
        endpoint_for(other_receiver, partner=other)
        with django_capture_on_commit_callbacks(execute=True):
            story = f.make_story("Ouvert puis réservé")
        with django_capture_on_commit_callbacks(execute=True):
            story.syndication = "selected"
            story.syndication_partners.add(chosen)
            story.save_revision().publish()
        assert [p["type"] for p in payloads(chosen_receiver)] == [
            "story.published",
            "story.updated",
        ]
        assert [p["type"] for p in payloads(other_receiver)] == [
            "story.published",
            "story.unpublished",
        ]
    finally:
        stop_receiver(chosen_receiver)
        stop_receiver(other_receiver)


def test_a_partner_with_a_series_scoped_key_hears_only_about_that_series(
    loopback_allowed, django_capture_on_commit_callbacks
):
    partner = f.make_partner("Communauté de communes")
    mine, other = f.make_series("Chez nous"), f.make_series("Ailleurs")
    f.make_partner_key(partner, series=[mine])
    receiver = start_receiver()
    try:
        endpoint_for(receiver, partner=partner, events=["story.published"])
        with django_capture_on_commit_callbacks(execute=True):
            f.make_story("Épisode chez nous", parent=mine)
            elsewhere = f.make_story("Épisode ailleurs", parent=other)
        with django_capture_on_commit_callbacks(execute=True):
            elsewhere.title = "Épisode ailleurs, corrigé"
            elsewhere.save_revision().publish()
        assert [p["data"]["title"] for p in payloads(receiver)] == ["Épisode chez nous"]
    finally:
        stop_receiver(receiver)


@pytest.mark.django_db
def test_the_deliveries_list_opens_each_delivery_and_offers_no_add(client):
    WebhookEndpoint.objects.create(
        name="Radio Exemple", url="https://partner.example/hook", events=["story.updated"]
    )
    delivery = webhook_delivery.emit("story.updated", {"id": 1})[0]
    client.force_login(f.make_editor())
    html = client.get(reverse("webhook_deliveries:index")).content.decode()
    assert reverse("webhook_deliveries:inspect", args=[delivery.pk]) in html
    assert reverse("webhook_deliveries:add") not in html
    assert reverse("webhook_deliveries:edit", args=[delivery.pk]) not in html
    inspect = client.get(reverse("webhook_deliveries:inspect", args=[delivery.pk]))
    assert inspect.status_code == 200
    assert reverse("webhook_deliveries:retry", args=[delivery.pk]) in inspect.content.decode()


def test_a_redelivered_old_event_is_recognisable_by_its_sequence():
    """Deliveries can arrive out of order (a retry after newer events): each story event
    carries a sequence that grows with every change of the story, and the ninjs version."""
    from api.ninjs import version_of
    from api.webhook_delivery import retry_now
    from series.models import StoryFeedState

    WebhookEndpoint.objects.create(
        partner=None, name="Journal", url="https://hooks.example.org/t", events=["story.updated"]
    )
    story = f.make_story("Premier titre")
    story.title = "Deuxième titre"
    story.save_revision().publish()
    story.title = "Troisième titre"
    story.save_revision().publish()
    older, newer = WebhookDelivery.objects.filter(event="story.updated").order_by("created_at")
    assert newer.payload["data"]["sequence"] > older.payload["data"]["sequence"]
    state = StoryFeedState.objects.get(page_id=story.pk)
    assert newer.payload["data"]["sequence"] == state.sequence
    assert newer.payload["data"]["version"] == version_of(state.changed_at)
    # The older one sent again, last: a receiver keeping the highest sequence per uri ignores it.
    retry_now(older)
    attempt_delivery(older.pk)
    older.refresh_from_db()
    assert older.payload["data"]["sequence"] < newer.payload["data"]["sequence"]
    assert older.payload["data"]["uri"] == newer.payload["data"]["uri"]


def test_the_reader_purge_has_its_own_queue(settings, django_capture_on_commit_callbacks):
    """A partner's receiver that hangs holds the partners' worker; the reader site's purge is
    queued on `reader`, which the purger process works alone (Procfile, its own test)."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks_db.DatabaseBackend",
            "QUEUES": ["default", settings.READER_QUEUE],
        }
    }
    settings.READER_WEBHOOK_URL = "http://reader.internal:3000/_purge"
    settings.READER_WEBHOOK_SECRET = "whsec_" + "cmVhZGVyLXNlY3JldC1mb3ItdGVzdHM="
    WebhookEndpoint.objects.create(
        partner=f.make_partner("Journal lent"),
        name="Journal",
        url="https://hooks.example.org/t",
        events=["story.updated"],
    )
    with django_capture_on_commit_callbacks(execute=True):
        webhook_delivery.emit("story.updated", {"id": 1})
    with django_capture_on_commit_callbacks(execute=True):
        ping = webhook_delivery.ping(WebhookEndpoint.objects.get(partner=None))
    deliveries = DBTaskResult.objects.filter(task_path__endswith="deliver_webhook")
    queues = {(result.args_kwargs["args"][0], result.queue_name) for result in deliveries}
    reader_deliveries = set(
        WebhookDelivery.objects.filter(endpoint__partner=None).values_list("pk", flat=True)
    )
    assert ping.pk in reader_deliveries
    assert queues == {
        (delivery.pk, "reader" if delivery.pk in reader_deliveries else "default")
        for delivery in WebhookDelivery.objects.all()
    }
    assert {queue for _pk, queue in queues} == {"reader", "default"}
    # The sweep queues due deliveries the same way.
    DBTaskResult.objects.all().delete()
    webhook_delivery.resume_deliveries.call()
    resumed = DBTaskResult.objects.filter(task_path__endswith="deliver_webhook")
    assert set(resumed.values_list("queue_name", flat=True)) == {"reader", "default"}
