"""What a partner may pull: API keys with scope and tier, their usage, the feed's change log."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.models import Locale

from rest_framework_api_key.models import AbstractAPIKey, APIKeyManager

# Requests per minute and per day. Kept in code, not in the database, so a tier means the same
# thing on every process and in the contract given to partners.
RATE_LIMIT_TIERS = {
    "basic": {"label": _("Basic: 30/min, 2,000/day"), "minute": 30, "day": 2_000},
    "standard": {"label": _("Standard: 120/min, 20,000/day"), "minute": 120, "day": 20_000},
    "premium": {"label": _("Premium: 600/min, 200,000/day"), "minute": 600, "day": 200_000},
}
# Requests of one key served at the same time: a count per minute alone lets one key hold
# every web worker with slow requests (a page of 100 documents) and starve readers.
CONCURRENT_REQUESTS = {"basic": 2, "standard": 3, "premium": 4}
TIER_CHOICES = [(name, spec["label"]) for name, spec in RATE_LIMIT_TIERS.items()]


class PartnerAPIKeyManager(APIKeyManager):
    def get_usable_keys(self):
        # The library only drops revoked keys here; expiry is checked later, and a key whose
        # partner was deleted must not work either.
        return super().get_usable_keys().select_related("partner")


class PartnerAPIKey(AbstractAPIKey):
    """A partner's key: stored hashed (prefix + SHA-512), shown once, revocable, may expire."""

    partner = models.ForeignKey(
        "series.Partner",
        verbose_name=_("partner"),
        on_delete=models.CASCADE,
        related_name="api_keys",
    )
    # The library's name and revoked fields, labelled for the French admin.
    name = models.CharField(
        _("name"),
        max_length=50,
        blank=False,
        default=None,
        help_text=_("A free-form name for the API key. Need not be unique. 50 characters max."),
    )
    revoked = models.BooleanField(
        _("revoked"),
        blank=True,
        default=False,
        help_text=_(
            "If the API key is revoked, clients cannot use it anymore. (This cannot be undone.)"
        ),
    )
    all_series = models.BooleanField(
        _("all series"),
        default=True,
        help_text=_("Every series and stand-alone story. Untick to choose series below."),
    )
    series = models.ManyToManyField(
        "series.SeriesPage",
        verbose_name=_("series"),
        blank=True,
        related_name="+",
        help_text=_("Only the episodes of these series (and their translations)."),
    )
    locales = models.ManyToManyField(
        Locale,
        verbose_name=_("languages"),
        blank=True,
        related_name="+",
        help_text=_("Leave empty for every language."),
    )
    tier = models.CharField(
        _("rate-limit tier"), max_length=20, choices=TIER_CHOICES, default="standard"
    )
    embargo_access = models.BooleanField(
        _("receives embargoed stories"),
        default=False,
        help_text=_(
            "Scheduled stories reach this partner before their release, marked with the time "
            "before which they must not be published."
        ),
    )
    original_images = models.BooleanField(
        _("receives original images"),
        default=False,
        help_text=_(
            "Each image also links to its original file (full resolution, original format, "
            "such as JPEG), for print. Only for partners whose agreement covers it."
        ),
    )
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = PartnerAPIKeyManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("partner API key")
        verbose_name_plural = _("partner API keys")

    def __str__(self):
        return f"{self.partner} — {self.name} ({self.prefix}…)"

    @property
    def is_usable(self) -> bool:
        return not self.revoked and not self.has_expired

    def clean(self):
        super().clean()
        # A key born expired would be handed to a partner and fail at once. An existing key
        # whose date has passed stays editable (to revoke it, rename it) as long as the date
        # is left alone.
        if self.expiry_date is None or self.expiry_date > timezone.now():
            return
        stored = (
            None
            if self._state.adding
            else type(self).objects.filter(pk=self.pk).values_list("expiry_date", flat=True).first()
        )
        if self._state.adding or stored != self.expiry_date:
            raise ValidationError({"expiry_date": _("The expiry date must be in the future.")})


class APIKeyUsage(models.Model):
    """Requests made with one key on one day (UTC), counted by the API as they come."""

    key = models.ForeignKey(PartnerAPIKey, on_delete=models.CASCADE, related_name="usage")
    day = models.DateField(db_index=True)
    requests = models.PositiveIntegerField(default=0)
    throttled = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-day"]
        constraints = [
            models.UniqueConstraint(fields=["key", "day"], name="unique_api_key_usage_day")
        ]

    def __str__(self):
        return f"{self.key_id} {self.day}: {self.requests}"


class StoryFeedState(models.Model):
    """The last syndication-relevant change of each story page, for incremental sync.

    One row per page, moved forward on publish, scheduling, unpublication and deletion, so
    `?since=` is one ordered index scan and a withdrawn story can still be announced as
    canceled after its page is gone.
    """

    page_id = models.PositiveIntegerField(unique=True)
    translation_key = models.UUIDField()
    locale = models.ForeignKey(Locale, on_delete=models.CASCADE, related_name="+")
    changed_at = models.DateTimeField(default=timezone.now, db_index=True)
    withdrawn = models.BooleanField(default=False)
    # Where the page stood and whether it was ever open to republication, so a withdrawal can be
    # announced (as canceled) to the partners whose scope covered it, even after deletion.
    path = models.CharField(max_length=255, blank=True)
    # Where it stood before its last move: partners scoped to the series it left are told to
    # take it down.
    previous_path = models.CharField(max_length=255, blank=True)
    ever_syndicable = models.BooleanField(default=False)
    # Who could read it while it was readable: partner translation keys, "*" for every partner,
    # prefixed "embargo:" when only keys receiving embargoed stories could. A withdrawal is
    # announced (ninjs canceled) only to them.
    audience = models.JSONField(default=list, blank=True)
    first_created = models.DateTimeField(null=True, blank=True)
    # Counts every change of the story: webhook payloads carry it, so a receiver can drop a
    # delivery older than one it already applied (redeliveries arrive out of order).
    sequence = models.PositiveBigIntegerField(default=0)

    class Meta:
        ordering = ["changed_at", "id"]
        indexes = [models.Index(fields=["changed_at", "id"], name="story_feed_state_cursor")]

    def __str__(self):
        state = "withdrawn" if self.withdrawn else "changed"
        return f"page {self.page_id} {state} {self.changed_at}"
