"""Partner access in the Wagtail admin: keys (shown once, revocable), their usage report."""

import datetime

from django.contrib import messages
from django.db.models import Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.generic import TemplateView

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton, ListingButton
from wagtail.models import Locale

from series.models import APIKeyUsage, PartnerAPIKey

from .partner_throttling import tier_limits

REPORT_DAYS = 30


class KeyCreateView(generic.CreateView):
    """Generates the key, saves only its hash, and shows the clear key on this one response."""

    def save_instance(self):
        self.clear_key = PartnerAPIKey.objects.assign_key(self.form.instance)
        return super().save_instance()

    def save_action(self):
        response = TemplateResponse(
            self.request,
            "api/admin/key_created.html",
            {
                "api_key": self.object,
                "clear_key": self.clear_key,
                "index_url": reverse(self.index_url_name),
                "usage_url": reverse("partner_api_keys:report", args=[self.object.pk]),
                "header_title": _("Key created"),
                "page_title": _("Key created"),
            },
        )
        response["Cache-Control"] = "no-store"
        return response


class KeyEditView(generic.EditView):
    def get_header_more_buttons(self):
        buttons = list(super().get_header_more_buttons())
        if not self.object.revoked:
            buttons.append(
                HeaderButton(
                    _("Revoke"),
                    url=reverse("partner_api_keys:revoke", args=[self.object.pk]),
                    icon_name="cross",
                )
            )
        return buttons


class KeyIndexView(generic.IndexView):
    def get_list_more_buttons(self, instance):
        buttons = list(super().get_list_more_buttons(instance))
        buttons.append(
            ListingButton(
                _("Usage"),
                url=reverse("partner_api_keys:report", args=[instance.pk]),
                icon_name="table",
                priority=20,
            )
        )
        if not instance.revoked:
            buttons.append(
                ListingButton(
                    _("Revoke"),
                    url=reverse("partner_api_keys:revoke", args=[instance.pk]),
                    icon_name="cross",
                    priority=30,
                )
            )
        return buttons


def key_status(key: PartnerAPIKey) -> str:
    if key.revoked:
        return _("revoked")
    if key.has_expired:
        return _("expired")
    return pgettext_lazy("API key status", "active")


class KeyPageMixin:
    """Breadcrumbs Home › Partner API keys › <this page>, as on the viewset's own pages."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [
            {"url": reverse("partner_api_keys:index"), "label": _("Partner API keys")},
            {"url": "", "label": self.get_page_title(), "sublabel": self.get_page_subtitle()},
        ]


class RevokeView(KeyPageMixin, generic.base.WagtailAdminTemplateMixin, TemplateView):
    template_name = "api/admin/key_revoke.html"
    page_title = _("Revoke key")
    header_icon = "key"
    viewset = None

    def dispatch(self, request, pk):
        self.api_key = get_object_or_404(PartnerAPIKey, pk=pk)
        if not self.viewset.permission_policy.user_has_permission(request.user, "change"):
            raise Http404
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.api_key)

    def get_context_data(self, **kwargs):
        return super().get_context_data(api_key=self.api_key, **kwargs)

    def post(self, request, pk):
        if not self.api_key.revoked:
            self.api_key.revoked = True
            self.api_key.save(update_fields=["revoked"])
        messages.success(request, _("“%(key)s” is revoked.") % {"key": self.api_key})
        return redirect("partner_api_keys:index")


def usage_chart(days: list[tuple[datetime.date, int, int]]) -> str:
    """A bar per day, inline SVG: readable without JavaScript, accessible through its table."""
    width, height, gap = 720, 160, 2
    bar = width / max(1, len(days))
    peak = max([requests + throttled for _day, requests, throttled in days] + [1])
    bars = []
    for index, (day, requests, throttled) in enumerate(days):
        x = index * bar
        for value, offset, css in ((requests, 0, "#2e6f57"), (throttled, requests, "#c0392b")):
            if not value:
                continue
            h = value / peak * (height - 20)
            y = height - (offset / peak * (height - 20)) - h
            bars.append(
                format_html(
                    '<rect x="{}" y="{}" width="{}" height="{}" fill="{}">'
                    "<title>{}: {}</title></rect>",
                    f"{x + gap / 2:.1f}",
                    f"{y:.1f}",
                    f"{max(1, bar - gap):.1f}",
                    f"{h:.1f}",
                    css,
                    day.isoformat(),
                    value,
                )
            )
    labels = format_html(
        '<text x="2" y="12" font-size="11" fill="#555">{}</text>'
        '<text x="2" y="{}" font-size="11" fill="#555">{}</text>'
        '<text x="{}" y="{}" font-size="11" fill="#555" text-anchor="end">{}</text>',
        _("max %(n)s/day") % {"n": peak},
        height + 14,
        days[0][0].isoformat() if days else "",
        width - 2,
        height + 14,
        days[-1][0].isoformat() if days else "",
    )
    return format_html(
        '<svg class="usage-chart" role="img" viewBox="0 0 {} {}" width="100%" '
        'aria-label="{}"><line x1="0" y1="{}" x2="{}" y2="{}" stroke="#999"/>{}{}</svg>',
        width,
        height + 18,
        _("Requests per day over the last %(n)s days (throttled in red)") % {"n": len(days)},
        height,
        width,
        height,
        labels,
        mark_safe("".join(bars)),  # noqa: S308 - each bar was built with format_html
    )


class UsageReportView(KeyPageMixin, generic.base.WagtailAdminTemplateMixin, TemplateView):
    template_name = "api/admin/key_usage.html"
    page_title = _("API key usage")
    header_icon = "table"
    viewset = None

    def dispatch(self, request, pk):
        self.api_key = get_object_or_404(PartnerAPIKey.objects.select_related("partner"), pk=pk)
        if not self.viewset.permission_policy.user_has_any_permission(
            request.user, ["view", "change"]
        ):
            raise Http404
        return super().dispatch(request, pk)

    def get_page_subtitle(self):
        return str(self.api_key)

    def get_context_data(self, **kwargs):
        today = timezone.now().date()
        start = today - datetime.timedelta(days=REPORT_DAYS - 1)
        rows = {
            usage.day: usage
            for usage in APIKeyUsage.objects.filter(key=self.api_key, day__gte=start)
        }
        days = []
        for n in range(REPORT_DAYS):
            day = start + datetime.timedelta(days=n)
            usage = rows.get(day)
            days.append((day, usage.requests if usage else 0, usage.throttled if usage else 0))
        totals = APIKeyUsage.objects.filter(key=self.api_key).aggregate(
            requests=Sum("requests"), throttled=Sum("throttled")
        )
        return super().get_context_data(
            api_key=self.api_key,
            status=key_status(self.api_key),
            limits=tier_limits(self.api_key.tier),
            chart=usage_chart(days),
            days=[d for d in reversed(days) if d[1] or d[2]],
            total_requests=totals["requests"] or 0,
            total_throttled=totals["throttled"] or 0,
            edit_url=AdminURLFinder(self.request.user).get_edit_url(self.api_key),
            **kwargs,
        )


class PartnerAPIKeyViewSet(ModelViewSet):
    model = PartnerAPIKey
    icon = "key"
    menu_label = _("Partner API keys")
    menu_order = 220
    name = "partner_api_keys"
    form_fields = [
        "partner",
        "name",
        "all_series",
        "series",
        "locales",
        "tier",
        "embargo_access",
        "original_images",
        "expiry_date",
    ]
    list_display = [
        "name",
        "partner",
        Column("prefix", label=_("Key starts with")),
        "tier",
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor=key_status,
            primary=lambda key: key.is_usable,
        ),
        DateColumn("last_used_at", label=_("Last used")),
        DateColumn("created", label=_("Created")),
    ]
    list_filter = ["partner", "tier", "revoked"]
    search_fields = ["name", "prefix"]
    add_view_class = KeyCreateView
    edit_view_class = KeyEditView
    index_view_class = KeyIndexView
    copy_view_enabled = False
    inspect_view_enabled = False

    def get_form_class(self, for_update=False):
        form_class = super().get_form_class(for_update)

        class KeyForm(form_class):
            def __init__(self, *args, **kwargs):
                super().__init__(*args, **kwargs)
                # A partner is one organisation: offered once, in the newsroom's language,
                # not once per translation of its profile.
                partner = self.fields["partner"]
                partner.queryset = partner.queryset.filter(
                    Q(locale=Locale.get_default()) | Q(pk=self.instance.partner_id)
                )

        return KeyForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path(
                "revoke/<str:pk>/",
                RevokeView.as_view(viewset=self),
                name="revoke",
            ),
            path(
                "report/<str:pk>/",
                UsageReportView.as_view(viewset=self),
                name="report",
            ),
        ]


class AllKeysUsageView(generic.base.WagtailAdminTemplateMixin, TemplateView):
    """Reports → Partner API usage: every key's requests over 30 days, and the daily total."""

    def get_breadcrumbs_items(self):
        return self.breadcrumbs_items + [{"url": "", "label": self.get_page_title()}]

    template_name = "api/admin/usage_report.html"
    page_title = _("Partner API usage")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not request.user.has_perm("series.view_partnerapikey") and not request.user.has_perm(
            "series.change_partnerapikey"
        ):
            raise Http404
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        today = timezone.now().date()
        start = today - datetime.timedelta(days=REPORT_DAYS - 1)
        recent = APIKeyUsage.objects.filter(day__gte=start)
        per_day = {
            row["day"]: (row["requests"], row["throttled"])
            for row in recent.values("day").annotate(
                requests=Sum("requests"), throttled=Sum("throttled")
            )
        }
        days = [
            (day, *per_day.get(day, (0, 0)))
            for day in (start + datetime.timedelta(days=n) for n in range(REPORT_DAYS))
        ]
        per_key = {
            row["key"]: row
            for row in recent.values("key").annotate(
                requests=Sum("requests"), throttled=Sum("throttled")
            )
        }
        keys = []
        for key in PartnerAPIKey.objects.select_related("partner").order_by("partner__name"):
            row = per_key.get(key.pk, {})
            keys.append(
                {
                    "key": key,
                    "status": key_status(key),
                    "requests": row.get("requests") or 0,
                    "throttled": row.get("throttled") or 0,
                    "report_url": reverse("partner_api_keys:report", args=[key.pk]),
                }
            )
        return super().get_context_data(chart=usage_chart(days), keys=keys, **kwargs)
