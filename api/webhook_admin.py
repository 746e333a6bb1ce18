"""Webhooks in the Wagtail admin: endpoints (URL, secret, events), and every delivery with its
attempts, where an editor can send one again."""

from django import forms
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.views.generic import View

from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn, StatusTagColumn, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton

from series.models import WebhookDelivery, WebhookEndpoint
from series.webhooks import WEBHOOK_EVENTS

from .webhook_delivery import ping, retry_now, validate_webhook_url


class WebhookEndpointForm(WagtailAdminModelForm):
    events = forms.MultipleChoiceField(
        label=_("Events"),
        choices=WEBHOOK_EVENTS,
        widget=forms.CheckboxSelectMultiple,
        required=True,
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["partner", "name", "url", "events", "secret", "active"]

    def clean_url(self):
        url = self.cleaned_data["url"]
        validate_webhook_url(url)
        return url


class EndpointEditView(generic.EditView):
    def get_header_buttons(self):
        return [
            *super().get_header_buttons(),
            HeaderButton(
                _("Send a test event"),
                url=reverse("webhook_endpoints:ping", args=[self.object.pk]),
                icon_name="mail",
            ),
        ]


class PingView(View):
    """A signed `ping` to one endpoint: the receiver can be checked before any story goes
    out. GET asks for confirmation, POST sends and opens the delivery's attempts."""

    viewset = None

    def dispatch(self, request, pk):
        if not self.viewset.permission_policy.user_has_permission(request.user, "change"):
            raise Http404
        self.endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
        return super().dispatch(request, pk)

    def get(self, request, pk):
        return TemplateResponse(
            request,
            "api/admin/webhook_ping.html",
            {
                "endpoint": self.endpoint,
                "header_title": _("Send a test event"),
                "header_icon": "mail",
            },
        )

    def post(self, request, pk):
        if not self.endpoint.active:
            messages.error(request, _("This endpoint is disabled: enable it first."))
            return redirect("webhook_endpoints:edit", self.endpoint.pk)
        delivery = ping(self.endpoint)
        messages.success(
            request, _("Test event queued: its attempts appear below as they are made.")
        )
        return redirect("webhook_deliveries:inspect", delivery.pk)


class WebhookEndpointViewSet(ModelViewSet):
    model = WebhookEndpoint
    icon = "link-external"
    menu_label = _("Webhooks")
    menu_order = 221
    name = "webhook_endpoints"
    list_display = [
        "name",
        "partner",
        "url",
        StatusTagColumn(
            "active",
            label=_("Status"),
            accessor=lambda e: _("active") if e.active else _("disabled"),
            primary=lambda e: e.active,
        ),
        "disabled_reason",
    ]
    list_filter = ["partner", "active"]
    copy_view_enabled = False
    edit_view_class = EndpointEditView

    def get_form_class(self, for_update=False):
        return WebhookEndpointForm

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("ping/<int:pk>/", PingView.as_view(viewset=self), name="ping"),
        ]


class DeliveryInspectView(generic.InspectView):
    template_name = "api/admin/webhook_delivery.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["attempts"] = self.object.attempts.all()
        context["payload"] = self.object.payload
        context["retry_url"] = reverse("webhook_deliveries:retry", args=[self.object.pk])
        return context

    def get_header_buttons(self):
        return [
            HeaderButton(
                _("Send again"),
                url=reverse("webhook_deliveries:retry", args=[self.object.pk]),
                icon_name="redirect",
            )
        ]


class RetryView(View):
    viewset = None

    def post(self, request, pk):
        if not self.viewset.permission_policy.user_has_permission(request.user, "change"):
            raise Http404
        delivery = get_object_or_404(WebhookDelivery, pk=pk)
        retry_now(delivery)
        messages.success(request, _("Delivery queued again."))
        return redirect("webhook_deliveries:inspect", delivery.pk)

    def get(self, request, pk):
        return redirect("webhook_deliveries:inspect", pk)


class DeliveryIndexView(generic.IndexView):
    """Deliveries are made by events, never by hand: no "Add", no edit form; each row opens
    its attempts (the inspect view, with "send again")."""

    def get_add_url(self):
        return None

    def get_edit_url(self, instance):
        return None


class WebhookDeliveryViewSet(ModelViewSet):
    model = WebhookDelivery
    icon = "history"
    menu_label = _("Webhook deliveries")
    menu_order = 222
    name = "webhook_deliveries"
    form_fields = []
    list_display = [
        TitleColumn(
            "event",
            label=_("Event"),
            get_url=lambda delivery: reverse("webhook_deliveries:inspect", args=[delivery.pk]),
        ),
        "endpoint",
        StatusTagColumn(
            "status",
            label=_("Status"),
            accessor="get_status_display",
            primary=lambda d: d.status == WebhookDelivery.SUCCEEDED,
        ),
        Column("attempt_count", label=_("Attempts")),
        DateColumn("next_attempt_at", label=_("Next attempt")),
        DateColumn("created_at", label=_("Created")),
    ]
    list_filter = ["status", "event", "endpoint"]
    index_view_class = DeliveryIndexView
    inspect_view_enabled = True
    inspect_view_class = DeliveryInspectView
    copy_view_enabled = False

    def get_urlpatterns(self):
        return super().get_urlpatterns() + [
            path("retry/<int:pk>/", RetryView.as_view(viewset=self), name="retry"),
        ]
