"""Webhook subscriptions of partners (and of the reader site), and the log of every delivery."""

import base64
import secrets

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

WEBHOOK_EVENTS = [
    ("story.published", _("Story published")),
    ("story.updated", _("Story updated")),
    ("story.unpublished", _("Story unpublished")),
    ("series.published", _("Series published")),
    ("series.updated", _("Series updated")),
]
EVENT_NAMES = [name for name, _label in WEBHOOK_EVENTS]


def new_webhook_secret() -> str:
    # Standard Webhooks secrets are base64 with a "whsec_" prefix; 24 random bytes is what the
    # reference implementations generate.
    return "whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()


class WebhookEndpoint(models.Model):
    partner = models.ForeignKey(
        "series.Partner",
        verbose_name=_("partner"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
        help_text=_("Leave empty for Terrain's own subscribers, such as the reader site."),
    )
    name = models.CharField(_("name"), max_length=100)
    url = models.URLField(_("URL"), max_length=500)
    secret = models.CharField(
        _("signing secret"),
        max_length=200,
        default=new_webhook_secret,
        help_text=_("Shared with the receiver to verify signatures (Standard Webhooks)."),
    )
    events = models.JSONField(_("events"), default=list, blank=True)
    active = models.BooleanField(_("active"), default=True)
    disabled_reason = models.CharField(_("why it was disabled"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["name"]

    def __str__(self):
        return self.name

    def clean(self):
        unknown = sorted(set(self.events or []) - set(EVENT_NAMES))
        if unknown:
            raise ValidationError({"events": _("Unknown events: %s") % ", ".join(unknown)})
        if not self.secret.startswith("whsec_"):
            raise ValidationError({"secret": _("A Standard Webhooks secret starts with whsec_.")})

    def wants(self, event: str) -> bool:
        return self.active and event in (self.events or [])


class WebhookDelivery(models.Model):
    """One message to one endpoint; retried until it succeeds, gives up, or the endpoint goes."""

    PENDING, SUCCEEDED, FAILED, CANCELED = "pending", "succeeded", "failed", "canceled"
    STATUSES = [
        (PENDING, _("Pending")),
        (SUCCEEDED, _("Delivered")),
        (FAILED, _("Failed")),
        (CANCELED, _("Canceled (endpoint disabled)")),
    ]

    endpoint = models.ForeignKey(
        WebhookEndpoint,
        verbose_name=_("endpoint"),
        on_delete=models.CASCADE,
        related_name="deliveries",
    )
    message_id = models.CharField(_("message id"), max_length=64, unique=True)
    event = models.CharField(_("event"), max_length=40)
    payload = models.JSONField(_("payload"))
    status = models.CharField(
        _("status"), max_length=12, choices=STATUSES, default=PENDING, db_index=True
    )
    attempt_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now, db_index=True)
    # A worker holds the delivery while it sends it; if the worker dies, the lease runs out and
    # the delivery is picked up again (at least once: receivers dedupe on webhook-id).
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook delivery")
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("webhook deliveries")

    def __str__(self):
        return f"{self.event} → {self.endpoint} ({self.status})"


class WebhookAttempt(models.Model):
    delivery = models.ForeignKey(WebhookDelivery, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveSmallIntegerField()
    started_at = models.DateTimeField(default=timezone.now)
    duration_ms = models.PositiveIntegerField(default=0)
    status_code = models.PositiveSmallIntegerField(null=True, blank=True)
    error = models.CharField(max_length=500, blank=True)
    response_excerpt = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self):
        return f"attempt {self.number} of {self.delivery_id}: {self.status_code or self.error}"

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
