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


def is_public_address(address: str) -> bool:
    ip = ipaddress.ip_address(address)
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not (
        ip.is_private
        or ip.is_loopback
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
    )


def check_target(url: str, *, resolve: bool = True) -> None:
    """Refuse URLs that would make the CMS call into its own network (SSRF)."""
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UnsafeTarget("Only http:// and https:// addresses can receive webhooks.")
    if private_targets_allowed() or is_operator_target(url):
        return
    host = parts.hostname
    try:
        addresses = [str(ipaddress.ip_address(host))]
    except ValueError:
        if host == "localhost" or host.endswith(".localhost"):
            raise UnsafeTarget("This address points to this machine.") from None
        if not resolve:
            return
        try:
            infos = socket.getaddrinfo(host, parts.port or 443, proto=socket.IPPROTO_TCP)
        except (socket.gaierror, UnicodeError) as error:
            raise UnsafeTarget(f"The host name does not resolve ({error}).") from None
        addresses = sorted({info[4][0] for info in infos})
    for address in addresses:
        if not is_public_address(address):
            raise UnsafeTarget(
                f"{host} resolves to {address}, a private, loopback or link-local address."
            )


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
        transaction.on_commit(lambda pk=delivery.pk: enqueue(pk))
    return deliveries


def enqueue(delivery_id: int, run_after: datetime.datetime | None = None) -> None:
    try:
        if run_after is not None:
            deliver_webhook.using(run_after=run_after).enqueue(delivery_id)
        else:
            deliver_webhook.enqueue(delivery_id)
    except InvalidTaskError:
        # A backend without deferred tasks (the immediate one, in tests): the sweep, or the
        # caller, runs the retry when it is due.
        logger.info("webhook delivery %s: retry left to the sweep", delivery_id)


# --- delivery ---------------------------------------------------------------------------------


def signer(secret: str) -> Webhook:
    # "whsec_<base64>" is the Standard Webhooks form; any other string is the raw key, as the
    # reader site reads READER_WEBHOOK_SECRET.
    return Webhook(secret if secret.startswith("whsec_") else secret.encode())


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
    body = json.dumps(delivery.payload, ensure_ascii=False, separators=(",", ":"))
    started = time.monotonic()
    try:
        check_target(endpoint.url)
        response = httpx.post(
            endpoint.url,
            content=body.encode(),
            headers=signed_headers(delivery, body, timezone.now()),
            timeout=timeout_seconds(),
            follow_redirects=False,
        )
        attempt.status_code = response.status_code
        attempt.response_excerpt = response.text[:500]
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
        enqueue(delivery.pk, run_after=delivery.next_attempt_at)
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
    ids = list(due_deliveries(timezone.now()).values_list("pk", flat=True)[:1000])
    for pk in ids:
        enqueue(pk)
    return len(ids)


def retry_now(delivery: WebhookDelivery) -> None:
    """The admin's retry: one more try, now, even after the delivery had given up."""
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=WebhookDelivery.PENDING, next_attempt_at=timezone.now(), locked_until=None
    )
    transaction.on_commit(lambda: enqueue(delivery.pk))
