"""A partner tests its webhook receiver before going live: a signed `ping` on demand (from its
key or from the admin), and a delivery log it reads with its key, where every message is
given exactly as signed so that signatures can be verified on a machine nobody can reach."""

import json

from django.urls import reverse

import pytest
from standardwebhooks import Webhook

from series.models import WebhookDelivery, WebhookEndpoint
from tests import factories as f

from .syndication_helpers import auth, isolated  # noqa: F401

pytestmark = pytest.mark.django_db
PING_URL = "/api/v1/syndication/webhooks/{}/ping/"
DELIVERIES = "/api/v1/syndication/webhooks/deliveries/"


@pytest.fixture
def partner_key():
    partner = f.make_partner("Le Quotidien du Nord")
    api_key, key = f.make_partner_key(partner)
    return partner, key


def endpoint_of(partner, url: str, **fields) -> WebhookEndpoint:
    return WebhookEndpoint.objects.create(
        partner=partner, name="Réception", url=url, events=["story.published"], **fields
    )


def test_a_partner_pings_its_receiver_and_verifies_the_signature(
    client, partner_key, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True  # the receiver of this test is on loopback
    partner, key = partner_key
    endpoint = endpoint_of(partner, receiver.url)

    listed = client.get("/api/v1/syndication/webhooks/", **auth(key)).json()["items"]
    assert [(e["id"], e["url"], e["active"]) for e in listed] == [(endpoint.pk, receiver.url, True)]
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(listed[0]["ping_url"], **auth(key))
    assert response.status_code == 202
    queued = response.json()
    assert queued["event"] == "ping" and queued["id"].startswith("msg_")

    # The ping reached the receiver signed with the endpoint's secret, whatever it subscribes to.
    [request] = receiver.requests
    verified = Webhook(endpoint.secret).verify(request.body, request.headers)
    assert verified["type"] == "ping"
    assert verified["data"]["endpoint"] == endpoint.pk
    assert request.headers["webhook-id"] == queued["id"]

    log = client.get(queued["deliveries_url"], **auth(key))
    assert log.status_code == 200
    [delivery] = log.json()["items"]
    assert delivery["id"] == queued["id"] and delivery["status"] == "succeeded"
    [attempt] = delivery["attempts"]
    assert attempt["status_code"] == 200 and attempt["error"] == ""
    assert attempt["duration_ms"] >= 0
    # Loopback is inside a network: the answer's body is never shown, even to its owner.
    assert attempt["response_excerpt"] == ""
    signed = delivery["request"]
    assert Webhook(endpoint.secret).verify(signed["body"], signed["headers"])["type"] == "ping"
    assert json.loads(signed["body"]) == json.loads(request.body)


def test_a_receiver_on_the_partners_own_machine_is_refused_but_the_log_verifies(
    client, partner_key, django_capture_on_commit_callbacks
):
    """Production rules hold (no private targets): the ping is refused, and the log gives the
    signed message, which the partner verifies locally with its secret."""
    partner, key = partner_key
    endpoint = endpoint_of(partner, "http://127.0.0.1:9/hooks")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(PING_URL.format(endpoint.pk), **auth(key)).status_code == 202

    [delivery] = client.get(DELIVERIES, **auth(key)).json()["items"]
    assert delivery["status"] == "failed"
    assert delivery["attempts"][0]["error"].startswith("Refused")
    assert delivery["attempts"][0]["status_code"] is None
    signed = delivery["request"]
    assert Webhook(endpoint.secret).verify(signed["body"], signed["headers"])["type"] == "ping"
    # Another secret does not verify it.
    with pytest.raises(Exception, match="signature"):
        Webhook(WebhookEndpoint(url="x").secret).verify(signed["body"], signed["headers"])


def test_a_ping_still_waiting_is_not_queued_twice(client, partner_key):
    partner, key = partner_key
    endpoint = endpoint_of(partner, "https://hooks.example.org/terrain")
    first = client.post(PING_URL.format(endpoint.pk), **auth(key)).json()
    second = client.post(PING_URL.format(endpoint.pk), **auth(key)).json()
    assert first["id"] == second["id"]
    assert WebhookDelivery.objects.filter(event="ping").count() == 1


def test_a_partner_sees_and_pings_only_its_own_endpoints(client, partner_key):
    partner, key = partner_key
    other = endpoint_of(f.make_partner("Autre journal"), "https://other.example.org/h")
    mine = endpoint_of(partner, "https://hooks.example.org/terrain")
    WebhookDelivery.objects.create(
        endpoint=other, message_id="msg_other", event="story.published", payload={"data": {}}
    )
    listed = client.get("/api/v1/syndication/webhooks/", **auth(key)).json()["items"]
    assert [e["id"] for e in listed] == [mine.pk]

    refused = client.post(PING_URL.format(other.pk), **auth(key))
    assert refused.status_code == 404
    assert refused["Content-Type"] == "application/problem+json"
    assert client.get(DELIVERIES, **auth(key)).json()["items"] == []
    assert client.get(f"{DELIVERIES}?endpoint={other.pk}", **auth(key)).json()["items"] == []
    # Without a key, nothing.
    assert client.post(PING_URL.format(mine.pk)).status_code == 401
    assert client.get(DELIVERIES).status_code == 401


def test_a_disabled_endpoint_is_not_pinged(client, partner_key):
    partner, key = partner_key
    endpoint = endpoint_of(
        partner,
        "https://hooks.example.org/terrain",
        active=False,
        disabled_reason="The receiver answered 410 Gone.",
    )
    response = client.post(PING_URL.format(endpoint.pk), **auth(key))
    assert response.status_code == 409
    assert response["Content-Type"] == "application/problem+json"
    assert "410 Gone" in response.json()["detail"]
    assert not WebhookDelivery.objects.exists()


@pytest.mark.parametrize(
    "method, path, status",
    [
        ("get", DELIVERIES + "?event=story.nope", 400),
        ("get", DELIVERIES + "?locale=fr", 400),
        ("get", DELIVERIES + "?endpoint=abc", 400),
        ("get", DELIVERIES + "?limit=1000", 400),
        ("get", "/api/v1/syndication/webhooks/?x=1", 400),
        ("post", PING_URL.format("abc"), 404),
        ("post", PING_URL.format("1%00"), 404),
        ("get", PING_URL.format(1), 405),
        ("post", DELIVERIES, 405),
    ],
)
def test_bad_requests_are_problems(client, partner_key, method, path, status):
    _partner, key = partner_key
    response = getattr(client, method)(path, **auth(key))
    assert response.status_code == status
    assert response["Content-Type"] == "application/problem+json"


def test_the_log_is_filtered_and_paged(client, partner_key):
    partner, key = partner_key
    endpoint = endpoint_of(partner, "https://hooks.example.org/terrain")
    for n in range(3):
        WebhookDelivery.objects.create(
            endpoint=endpoint,
            message_id=f"msg_{n}",
            event="story.published",
            payload={"type": "story.published", "data": {"id": n}},
        )
    client.post(PING_URL.format(endpoint.pk), **auth(key))
    page = client.get(f"{DELIVERIES}?event=story.published&limit=2", **auth(key)).json()
    assert page["meta"]["total_count"] == 3
    assert [item["event"] for item in page["items"]] == ["story.published"] * 2
    rest = client.get(page["meta"]["next"], **auth(key)).json()
    assert len(rest["items"]) == 1 and rest["meta"]["next"] is None
    pings = client.get(f"{DELIVERIES}?event=ping", **auth(key)).json()["items"]
    assert [item["status"] for item in pings] == ["pending"]
    assert pings[0]["next_attempt_at"] is not None


def test_an_editor_sends_a_test_event_from_the_admin(
    client, receiver, settings, django_capture_on_commit_callbacks
):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    endpoint = endpoint_of(f.make_partner("La Voix des Collines"), receiver.url)
    client.force_login(f.make_editor())
    edit = client.get(reverse("webhook_endpoints:edit", args=[endpoint.pk]))
    ping_url = reverse("webhook_endpoints:ping", args=[endpoint.pk])
    assert ping_url in edit.content.decode()
    confirm = client.get(ping_url)
    assert confirm.status_code == 200 and endpoint.url in confirm.content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(ping_url)
    delivery = WebhookDelivery.objects.get(event="ping")
    assert response.status_code == 302
    assert response["Location"] == reverse("webhook_deliveries:inspect", args=[delivery.pk])
    # The task backend sends it once the request's transaction commits.
    delivery.refresh_from_db()
    assert delivery.status == "succeeded"
    assert Webhook(endpoint.secret).verify(receiver.requests[0].body, receiver.requests[0].headers)


def test_a_journalist_cannot_send_test_events(client):
    endpoint = endpoint_of(f.make_partner("La Voix des Collines"), "https://hooks.example.org/h")
    client.force_login(f.make_journalist())
    response = client.post(reverse("webhook_endpoints:ping", args=[endpoint.pk]))
    assert response.status_code in (302, 403, 404)
    assert not WebhookDelivery.objects.exists()
