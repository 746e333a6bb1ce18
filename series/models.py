"""Embedded series, their partners and how the work was funded."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, TranslatableMixin
from wagtail.search import index

from stories.models import (
    Contributor,
    ReaderSitePageMixin,
    TerrainImage,
    Territory,
    Theme,
    VisiblePageManager,
    in_locale,
    require_alt_text,
)
from stories.page_forms import LocaleScopedPageForm


class Partner(TranslatableMixin, index.Indexed, models.Model):
    KINDS = [
        ("local-authority", _("Local authority")),
        ("association", _("Association")),
        ("foundation", _("Foundation")),
        ("network", _("Network")),
        ("media", _("Media")),
        ("research", _("Research")),
        ("company", _("Company or cooperative")),
    ]

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    logo = models.ForeignKey(
        TerrainImage,
        verbose_name=_("logo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    description = models.TextField(_("description"), blank=True)

    panels = ["name", "slug", "kind", "logo", "website", "description"]
    # Indexed so that the chooser offers a search box; "locale" is filtered in the backend.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_partner_slug")
        ]

    def __str__(self):
        return self.name


class SeriesIndexPage(ReaderSitePageMixin, Page):
    intro = RichTextField(_("intro"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["series.SeriesPage"]
    max_count_per_parent = 1

    objects = VisiblePageManager()

    class Meta:
        verbose_name = _("series index")
        verbose_name_plural = _("series indexes")


class SeriesStatus(models.TextChoices):
    UPCOMING = "upcoming", _("Upcoming")
    ONGOING = "ongoing", _("Ongoing")
    CONCLUDED = "concluded", _("Concluded")


def series_status(started_on: datetime.date, ended_on: datetime.date | None, today=None) -> str:
    """Upcoming before the first day, concluded after the last day, ongoing in between."""
    today = today or timezone.localdate()
    if today < started_on:
        return SeriesStatus.UPCOMING
    if ended_on is not None and today > ended_on:
        return SeriesStatus.CONCLUDED
    return SeriesStatus.ONGOING


def status_filter(status: str, today=None) -> Q:
    """The same rule as series_status, as a database filter."""
    today = today or timezone.localdate()
    if status == SeriesStatus.UPCOMING:
        return Q(started_on__gt=today)
    if status == SeriesStatus.CONCLUDED:
        return Q(ended_on__lt=today)
    return Q(started_on__lte=today) & (Q(ended_on__isnull=True) | Q(ended_on__gte=today))


class SeriesPage(ReaderSitePageMixin, Page):
    """One embedded series: a journalist in a territory for months, its episodes below it."""

    KINDS = [
        ("territory-portrait", _("Territory portrait")),
        ("residency", _("Residency")),
        ("investigation", _("Investigation")),
        ("podcast", _("Podcast")),
    ]

    strapline = models.CharField(
        _("strapline"),
        max_length=255,
        blank=True,
        help_text=_("One line under the title that says the promise."),
    )
    intro = RichTextField(
        _("intro"),
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("What the series is about."),
    )
    cover_image = models.ForeignKey(
        TerrainImage,
        verbose_name=_("cover image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS, default="residency")
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="series",
    )
    started_on = models.DateField(
        _("start date"), help_text=_("First day of the residency or of publication.")
    )
    ended_on = models.DateField(
        _("end date"),
        null=True,
        blank=True,
        help_text=_("Last day. Leave empty while the series goes on."),
    )
    methodology = RichTextField(
        _("methodology"),
        features=["bold", "italic", "link", "ol", "ul"],
        blank=True,
        help_text=_("How the series was made, and the editorial independence statement."),
    )
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="series"
    )

    content_panels = Page.content_panels + [
        "strapline",
        "intro",
        "cover_image",
        "kind",
        "territory",
        "started_on",
        "ended_on",
        InlinePanel("journalists", heading=_("Journalists")),
        InlinePanel("partners", heading=_("Partners")),
        "methodology",
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
    ]
    # Themes offered in the page's language only.
    base_form_class = LocaleScopedPageForm

    parent_page_types = ["series.SeriesIndexPage"]
    subpage_types = ["stories.StoryPage"]

    search_fields = Page.search_fields + [
        index.SearchField("strapline"),
        index.SearchField("intro"),
        index.FilterField("locale_id"),
    ]

    objects = VisiblePageManager()

    class Meta:
        verbose_name = _("series")
        verbose_name_plural = _("series")

    def save(self, *args, **kwargs):
        if self.locale_id:
            self.themes = in_locale(self.themes.all(), self.locale)
        return super().save(*args, **kwargs)

    @property
    def status(self) -> str:
        return series_status(self.started_on, self.ended_on)

    # Set by the admin form when a draft is saved: the alt-text rule waits for submission.
    defer_alt_text_check = False

    def clean(self):
        super().clean()
        if self.started_on and self.ended_on and self.ended_on < self.started_on:
            raise ValidationError({"ended_on": _("A series can't end before it starts.")})
        if not self.defer_alt_text_check:
            require_alt_text(self, "cover_image")


class SeriesJournalist(Orderable):
    page = ParentalKey(SeriesPage, on_delete=models.CASCADE, related_name="journalists")
    contributor = models.ForeignKey(
        Contributor, verbose_name=_("journalist"), on_delete=models.CASCADE, related_name="+"
    )

    panels = ["contributor"]

    class Meta(Orderable.Meta):
        verbose_name = _("journalist")
        verbose_name_plural = _("journalists")


class SeriesPartner(Orderable):
    ROLES = [
        ("host-territory", _("Host territory")),
        ("funder", _("Funder")),
        ("media-partner", _("Media partner")),
        ("research-partner", _("Research partner")),
    ]

    page = ParentalKey(SeriesPage, on_delete=models.CASCADE, related_name="partners")
    partner = models.ForeignKey(
        Partner, verbose_name=_("partner"), on_delete=models.CASCADE, related_name="series_links"
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLES)
    funding_disclosure = models.TextField(
        _("funding disclosure"),
        blank=True,
        help_text=_("Shown to readers: what this partner funded or provided, and how much."),
    )

    panels = ["partner", "role", "funding_disclosure"]

    class Meta(Orderable.Meta):
        verbose_name = _("series partner")
        verbose_name_plural = _("series partners")

    def clean(self):
        super().clean()
        if self.role in {"funder", "host-territory"} and not self.funding_disclosure.strip():
            raise ValidationError(
                {"funding_disclosure": _("Say publicly what this partner funded or provided.")}
            )


# Partner access and webhooks live in their own modules; importing them here registers the
# models and lets the rest of the code import everything from series.models.
from .partner_access import APIKeyUsage, PartnerAPIKey, StoryFeedState  # noqa: E402, F401
from .webhooks import WebhookAttempt, WebhookDelivery, WebhookEndpoint  # noqa: E402, F401
