"""Webhook deliveries: signed per Standard Webhooks, queued in django-tasks, retried with
exponential backoff and jitter, logged attempt by attempt.

The WebhookDelivery row is the source of truth, the task only says "work on delivery N":
a delivery is taken with a lease (an UPDATE that only one worker can win), so duplicate tasks
are harmless, and a delivery whose worker died is taken again once its lease has run out
(`resume_deliveries`, queued every minute by the scheduler, or `manage.py resume_webhooks`).
"""

import datetime
import ipaddress
import json
import logging
import random
import socket
import time
import uuid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

import httpcore
import httpx
from django_tasks import task
from django_tasks.exceptions import InvalidTaskError
from standardwebhooks import Webhook

from series.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint

logger = logging.getLogger(__name__)

USER_AGENT = "Terrain-Webhooks/1.0"
MAX_DELAY_SECONDS = 6 * 3600


def timeout_seconds() -> float:
    return float(getattr(settings, "WEBHOOK_TIMEOUT_SECONDS", 10))


def max_attempts() -> int:
    return int(getattr(settings, "WEBHOOK_MAX_ATTEMPTS", 8))


def retry_delay(attempt: int) -> float:
    """Seconds to wait after the given failed attempt: doubling each time, ±20 % jitter so
    many failing deliveries don't all come back at the same instant."""
    base = float(getattr(settings, "WEBHOOK_RETRY_BASE_SECONDS", 30))
    delay = min(MAX_DELAY_SECONDS, base * 2 ** (attempt - 1))
    return delay * random.uniform(0.8, 1.2)


# --- SSRF guard -------------------------------------------------------------------------------


class UnsafeTarget(ValueError):
    pass


def private_targets_allowed() -> bool:
    return bool(getattr(settings, "WEBHOOKS_ALLOW_PRIVATE_TARGETS", False))


# Ranges some Python versions still call global although no webhook receiver lives there:
# IETF protocol assignments (192.0.0.0/24), local-use NAT64 (RFC 8215), deprecated site-local.
NOT_GLOBAL = [
    ipaddress.ip_network("192.0.0.0/24"),
    ipaddress.ip_network("64:ff9b:1::/48"),
    ipaddress.ip_network("fec0::/10"),
]
NAT64 = ipaddress.ip_network("64:ff9b::/96")
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses an IPv6 address wraps (mapped, 6to4, Teredo, NAT64, compatible):
    a packet to the wrapper may end up at them."""
    found = []
    if ip.ipv4_mapped:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour:
        found.append(ip.sixtofour)
    if ip.teredo:
        found.extend(ip.teredo)
    if ip in NAT64 or ip in IPV4_COMPATIBLE:
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF))
    return found


def is_public_address(address: str) -> bool:
    """One allow rule: globally routable unicast, and so is every IPv4 address it wraps."""
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.scope_id:
            return False
        wrapped = embedded_ipv4(ip)
        if ip.ipv4_mapped:  # ::ffff:a.b.c.d is a.b.c.d itself
            return is_public_address(str(ip.ipv4_mapped))
        if any(not is_public_address(str(inner)) for inner in wrapped):
            return False
    return ip.is_global and not ip.is_multicast and not any(ip in net for net in NOT_GLOBAL)


def check_target(url: str, *, resolve: bool = True) -> list[str]:
    """Refuse URLs that would make the CMS call into its own network (SSRF).

    Returns the addresses that were checked: the delivery connects to one of them and to
    nothing else (`PinnedTransport`), so a name that resolves differently the second time
    (DNS rebinding) cannot reach an internal address.
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget("Only http:// and https:// addresses can receive webhooks.")
    host = parts.hostname
    trusted = private_targets_allowed() or is_operator_target(url)
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        if not trusted and (host == "localhost" or host.endswith(".localhost")):
            raise UnsafeTarget("This address points to this machine.") from None
        if not resolve:
            return []
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
            infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError, ValueError) as error:
            raise UnsafeTarget(f"The host name does not resolve ({error}).") from None
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
    if trusted:
        return addresses
    for address in addresses:
        if not is_public_address(address):
            raise UnsafeTarget(
                f"{host} resolves to {address}, which is not a public internet address"
                " (private, loopback, link-local or reserved)."
            )
    return addresses


class PinnedBackend(httpcore.SyncBackend):
    """Opens TCP connections only to the addresses checked for the one host of the URL.

    httpcore still uses the URL's host for the Host header and for TLS (SNI and certificate
    name), so only the connect step changes.
    """

    def __init__(self, host: str, addresses: list[str]):
        self.host = host.lower()
        self.addresses = addresses
        self.connected_to: str | None = None

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        if host.strip("[]").lower() != self.host or not self.addresses:
            raise httpcore.ConnectError(f"{host} is not the checked webhook host.")
        error = None
        for address in self.addresses:
            try:
                stream = super().connect_tcp(address, port, timeout, local_address, socket_options)
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as failure:
                error = failure
                continue
            self.connected_to = address
            return stream
        raise error

    def connect_unix_socket(self, *args, **kwargs):
        raise httpcore.ConnectError("Webhooks never use Unix sockets.")


def ssl_context():
    # Certificates are checked against the URL's host name, whatever address was dialled.
    return httpx.create_ssl_context(trust_env=False)


class PinnedTransport(httpx.HTTPTransport):
    """httpx's transport with the connection pinned to checked addresses; no proxy from the
    environment (a proxy would resolve the name again)."""

    def __init__(self, host: str, addresses: list[str]):
        super().__init__(trust_env=False)
        self.backend = PinnedBackend(host, addresses)
        self._pool = httpcore.ConnectionPool(
            ssl_context=ssl_context(),
            network_backend=self.backend,
            max_connections=1,
        )


def post_to(url: str, body: bytes, headers: dict) -> tuple[httpx.Response, str | None]:
    """POST to a checked target; returns the answer and the address it came from."""
    addresses = check_target(url)
    transport = PinnedTransport(urlsplit(url).hostname, addresses)
    with httpx.Client(
        transport=transport, timeout=timeout_seconds(), follow_redirects=False, trust_env=False
    ) as client:
        response = client.post(url, content=body, headers=headers)
        response.read()
    return response, transport.backend.connected_to


def shown_excerpt(response: httpx.Response, address: str | None) -> str:
    """What the admin may show of an answer: nothing from an address inside the network
    (the reader site, or a target allowed by WEBHOOKS_ALLOW_PRIVATE_TARGETS), so the
    delivery log cannot be used to read internal services."""
    if not address or not is_public_address(address):
        return ""
    return response.text[:500]


def is_operator_target(url: str) -> bool:
    """The reader site's purge endpoint is configured by the operator, not typed in the admin:
    it may live on the private network."""
    reader = getattr(settings, "READER_WEBHOOK_URL", "")
    return bool(reader) and url == reader


def validate_webhook_url(url: str) -> None:
    """For the admin form: refuse what is certainly unsafe; a name that does not resolve yet
    is accepted and checked again at each delivery."""
    try:
        check_target(url, resolve=True)
    except UnsafeTarget as error:
        if "does not resolve" in str(error):
            return
        raise ValidationError(str(error)) from None


# --- events -----------------------------------------------------------------------------------


def reader_endpoint() -> WebhookEndpoint | None:
    """The reader site's cache purge, kept in the table like any subscriber so its deliveries
    are logged and retried; its address and secret come from the environment."""
    url = getattr(settings, "READER_WEBHOOK_URL", "")
    secret = getattr(settings, "READER_WEBHOOK_SECRET", "")
    if not url or not secret:
        return None
    from series.webhooks import EVENT_NAMES

    endpoint, _ = WebhookEndpoint.objects.update_or_create(
        partner=None,
        name="Reader site (cache purge)",
        defaults={"url": url, "secret": secret, "events": EVENT_NAMES},
    )
    return endpoint


def emit(
    event: str, data: dict, *, for_partner=None, partners_only: bool = False
) -> list[WebhookDelivery]:
    """Record one delivery per subscribed endpoint and queue them once the transaction commits.

    `for_partner(partner) -> bool` says whether a partner's endpoint may hear about it (a
    story closed to republication is announced to nobody but the reader site).
    """
    reader_endpoint()
    now = timezone.now()
    payload = {"type": event, "timestamp": now.isoformat(), "data": data}
    deliveries = []
    for endpoint in WebhookEndpoint.objects.filter(active=True).select_related("partner"):
        if event not in (endpoint.events or []):
            continue
        if partners_only and endpoint.partner is None:
            continue
        heard_by_partner = endpoint.partner is None or for_partner is None
        if not heard_by_partner and not for_partner(endpoint.partner):
            continue
        deliveries.append(
            WebhookDelivery.objects.create(
                endpoint=endpoint,
                message_id=f"msg_{uuid.uuid4().hex}",
                event=event,
                payload=payload,
                next_attempt_at=now,
            )
        )
    for delivery in deliveries:
        queue = queue_for(delivery.endpoint.partner_id)
        transaction.on_commit(lambda pk=delivery.pk, queue=queue: enqueue(pk, queue=queue))
    return deliveries


PING = "ping"


def ping(endpoint: WebhookEndpoint) -> WebhookDelivery:
    """A signed test event, sent whatever the endpoint subscribes to, so that a receiver can
    be checked before any story goes out. A ping still waiting is reused: asking again does
    not queue a second one."""
    waiting = (
        WebhookDelivery.objects.filter(
            endpoint=endpoint, event=PING, status=WebhookDelivery.PENDING
        )
        .order_by("-created_at")
        .first()
    )
    if waiting is not None:
        return waiting
    now = timezone.now()
    delivery = WebhookDelivery.objects.create(
        endpoint=endpoint,
        message_id=f"msg_{uuid.uuid4().hex}",
        event=PING,
        payload={
            "type": PING,
            "timestamp": now.isoformat(),
            "data": {
                "endpoint": endpoint.pk,
                "message": "Test event from Terrain: if its signature verifies with your "
                "signing secret, your receiver is ready.",
            },
        },
        next_attempt_at=now,
    )
    queue = queue_for(endpoint.partner_id)
    transaction.on_commit(lambda: enqueue(delivery.pk, queue=queue))
    return delivery


def queue_for(partner_id: int | None) -> str:
    """Terrain's own subscriber (the reader site's purge: an endpoint of no partner) never
    waits behind partners."""
    return "default" if partner_id else settings.READER_QUEUE


def enqueue(
    delivery_id: int,
    run_after: datetime.datetime | None = None,
    queue: str = "default",
) -> None:
    try:
        if run_after is not None:
            deliver_webhook.using(run_after=run_after, queue_name=queue).enqueue(delivery_id)
        else:
            deliver_webhook.using(queue_name=queue).enqueue(delivery_id)
    except InvalidTaskError:
        # A backend without deferred tasks (the immediate one, in tests): the sweep, or the
        # caller, runs the retry when it is due.
        logger.info("webhook delivery %s: retry left to the sweep", delivery_id)


# --- delivery ---------------------------------------------------------------------------------


def signer(secret: str) -> Webhook:
    # "whsec_<base64>" is the Standard Webhooks form; any other string is the raw key, as the
    # reader site reads READER_WEBHOOK_SECRET.
    return Webhook(secret if secret.startswith("whsec_") else secret.encode())


def message_body(delivery: WebhookDelivery) -> str:
    return json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"))


def signed_headers(delivery: WebhookDelivery, body: str, when: datetime.datetime) -> dict:
    signature = signer(delivery.endpoint.secret).sign(delivery.message_id, when, body)
    return {
        "content-type": "application/json",
        "user-agent": USER_AGENT,
        "webhook-id": delivery.message_id,
        "webhook-timestamp": str(int(when.timestamp())),
        "webhook-signature": signature,
    }


def take(delivery_id: int, now: datetime.datetime) -> bool:
    """Lease the delivery for one attempt; False if it is done, not due, or held by another."""
    lease = now + datetime.timedelta(seconds=timeout_seconds() + 5)
    return bool(
        WebhookDelivery.objects.filter(pk=delivery_id, status=WebhookDelivery.PENDING)
        .filter(next_attempt_at__lte=now)
        .filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))
        .update(locked_until=lease)
    )


def attempt_delivery(delivery_id: int, *, now: datetime.datetime | None = None) -> str | None:
    """One attempt at one delivery. Returns the delivery's status after it, or None if it
    was not this caller's to make."""
    now = now or timezone.now()
    if not take(delivery_id, now):
        return None
    delivery = WebhookDelivery.objects.select_related("endpoint").get(pk=delivery_id)
    endpoint = delivery.endpoint
    if not endpoint.active:
        delivery.status = WebhookDelivery.CANCELED
        delivery.locked_until = None
        delivery.save(update_fields=["status", "locked_until"])
        return delivery.status

    number = delivery.attempt_count + 1
    attempt = WebhookAttempt(delivery=delivery, number=number, started_at=timezone.now())
    body = message_body(delivery)
    started = time.monotonic()
    try:
        response, address = post_to(
            endpoint.url, body.encode(), signed_headers(delivery, body, timezone.now())
        )
        attempt.status_code = response.status_code
        attempt.response_excerpt = shown_excerpt(response, address)
    except UnsafeTarget as error:
        attempt.error = f"Refused: {error}"[:500]
    except httpx.TimeoutException:
        attempt.error = f"No answer within {timeout_seconds():g} s."
    except httpx.HTTPError as error:
        attempt.error = f"{type(error).__name__}: {error}"[:500]
    attempt.duration_ms = int((time.monotonic() - started) * 1000)
    attempt.save()

    delivery.attempt_count = number
    delivery.locked_until = None
    fields = ["attempt_count", "locked_until", "status", "next_attempt_at", "delivered_at"]
    if attempt.ok:
        delivery.status = WebhookDelivery.SUCCEEDED
        delivery.delivered_at = timezone.now()
    elif attempt.status_code == 410:
        # Gone: the receiver says never again. Stop this endpoint and what it still had queued.
        delivery.status = WebhookDelivery.CANCELED
        endpoint.active = False
        endpoint.disabled_reason = (
            f"The receiver answered 410 Gone on {timezone.now():%Y-%m-%d %H:%M} UTC."
        )
        endpoint.save(update_fields=["active", "disabled_reason"])
        WebhookDelivery.objects.filter(endpoint=endpoint, status=WebhookDelivery.PENDING).exclude(
            pk=delivery.pk
        ).update(status=WebhookDelivery.CANCELED)
    elif attempt.error.startswith("Refused") or number >= max_attempts():
        delivery.status = WebhookDelivery.FAILED
    else:
        delivery.next_attempt_at = timezone.now() + datetime.timedelta(seconds=retry_delay(number))
    delivery.save(update_fields=fields)
    if delivery.status == WebhookDelivery.PENDING:
        enqueue(
            delivery.pk, run_after=delivery.next_attempt_at, queue=queue_for(endpoint.partner_id)
        )
    return delivery.status


@task()
def deliver_webhook(delivery_id: int) -> str | None:
    return attempt_delivery(delivery_id)


def due_deliveries(now: datetime.datetime):
    return WebhookDelivery.objects.filter(
        status=WebhookDelivery.PENDING, next_attempt_at__lte=now
    ).filter(Q(locked_until__isnull=True) | Q(locked_until__lt=now))


@task()
def resume_deliveries() -> int:
    """Queue every delivery that is due and held by no live worker: retries a backend could
    not defer, and deliveries whose worker stopped mid-way."""
    rows = list(due_deliveries(timezone.now()).values_list("pk", "endpoint__partner_id")[:1000])
    for pk, partner_id in rows:
        enqueue(pk, queue=queue_for(partner_id))
    return len(rows)


def retry_now(delivery: WebhookDelivery) -> None:
    """The admin's retry: one more try, now, even after the delivery had given up."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.PENDING, next_attempt_at=timezone.now(), locked_until=None
    )
    queue = queue_for(delivery.endpoint.partner_id)
    transaction.on_commit(lambda: enqueue(delivery.pk, queue=queue))
