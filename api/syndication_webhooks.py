"""Webhooks as a partner sees them with its key: its endpoints, a test event on demand, and
the log of what was sent, so a receiver can be built and checked before any story goes out.

A receiver on the partner's own machine (localhost, a private address) is refused in
production, as the SSRF rules require; the log carries each message exactly as signed, so a
partner can verify signatures with its secret on any machine without being reachable.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema
from rest_framework.response import Response

from series.models import WebhookAttempt, WebhookDelivery, WebhookEndpoint
from series.webhooks import EVENT_NAMES

from .errors import Problem, invalid_parameter, not_found
from .links import api_url
from .pagination import paginate
from .params import MAX_ID, Param, ParamSpec, path_id
from .syndication_views import PartnerAPIView
from .views.base import problems
from .webhook_delivery import PING, message_body, ping, signed_headers

DELIVERIES_PARAMS = ParamSpec(
    (
        Param(
            "endpoint",
            "int",
            "Only the deliveries to this endpoint (its `id`).",
            minimum=1,
            maximum=MAX_ID,
        ),
        Param("event", "choice", "Only this event.", choices=(PING, *EVENT_NAMES)),
    ),
    paginated=True,
)


def partner_endpoints(api_key):
    return WebhookEndpoint.objects.filter(partner_id=api_key.partner_id)


def endpoint_data(request, endpoint: WebhookEndpoint) -> dict:
    return {
        "id": endpoint.pk,
        "name": endpoint.name,
        "url": endpoint.url,
        "events": endpoint.events,
        "active": endpoint.active,
        "disabled_reason": endpoint.disabled_reason,
        "ping_url": api_url(request, "syndication-webhook-ping", pk=endpoint.pk),
        "deliveries_url": api_url(
            request, "syndication-webhook-deliveries", {"endpoint": endpoint.pk}
        ),
    }


def attempt_data(attempt: WebhookAttempt) -> dict:
    # The excerpt is already empty for answers from inside a network (shown_excerpt).
    return {
        "number": attempt.number,
        "started_at": attempt.started_at,
        "duration_ms": attempt.duration_ms,
        "status_code": attempt.status_code,
        "error": attempt.error,
        "response_excerpt": attempt.response_excerpt,
    }


def delivery_data(request, delivery: WebhookDelivery) -> dict:
    body = message_body(delivery)
    return {
        "id": delivery.message_id,
        "event": delivery.event,
        "endpoint": delivery.endpoint_id,
        "status": delivery.status,
        "created_at": delivery.created_at,
        "delivered_at": delivery.delivered_at,
        "next_attempt_at": (
            delivery.next_attempt_at if delivery.status == WebhookDelivery.PENDING else None
        ),
        "attempts": [attempt_data(attempt) for attempt in delivery.attempts.all()],
        # Signed now with the endpoint's secret, exactly as a new attempt would be: a partner
        # checks its verification code against it without receiving anything.
        "request": {
            "headers": signed_headers(delivery, body, timezone.now()),
            "body": body,
        },
    }


class WebhookEndpointsView(PartnerAPIView):
    """The webhook endpoints the newsroom registered for this key's partner."""

    @extend_schema(
        operation_id="syndication_webhooks_list",
        parameters=[],
        responses={200: dict, **problems(400, 401, 429)},
        tags=["syndication"],
    )
    def get(self, request):
        for name in request.query_params:
            shown = name[:50].replace("\x00", "\\0")
            raise invalid_parameter(shown, f"Unknown parameter “{shown}”: this list takes none.")
        endpoints = partner_endpoints(request.auth).order_by("name", "pk")
        return Response({"items": [endpoint_data(request, e) for e in endpoints]})


class WebhookPingView(PartnerAPIView):
    """POST: send a signed `ping` to one of this partner's endpoints now."""

    @extend_schema(
        operation_id="syndication_webhook_ping",
        parameters=[],
        request=None,
        responses={202: dict, **problems(401, 404, 409, 429)},
        tags=["syndication"],
    )
    def post(self, request, pk):
        endpoint = partner_endpoints(request.auth).filter(pk=path_id(pk)).first()
        if endpoint is None:
            raise not_found("This key's partner has no webhook endpoint with this id.")
        if not endpoint.active:
            raise Problem(
                409,
                "This endpoint is disabled"
                + (f" ({endpoint.disabled_reason})" if endpoint.disabled_reason else "")
                + ": ask the newsroom to enable it again.",
                kind="endpoint-disabled",
            )
        delivery = ping(endpoint)
        response = Response(
            {
                "id": delivery.message_id,
                "event": delivery.event,
                "status": delivery.status,
                "deliveries_url": api_url(
                    request,
                    "syndication-webhook-deliveries",
                    {"endpoint": endpoint.pk, "event": "ping"},
                ),
            },
            status=202,
        )
        return response


class WebhookDeliveriesView(PartnerAPIView):
    """The latest deliveries to this partner's endpoints, newest first, attempt by attempt."""

    @extend_schema(
        operation_id="syndication_webhook_deliveries",
        parameters=[p for p in DELIVERIES_PARAMS.openapi() if p.name != "locale"],
        responses={200: dict, **problems(400, 401, 429)},
        tags=["syndication"],
    )
    def get(self, request):
        query = request.query_params
        if "locale" in query:
            raise invalid_parameter(
                "locale",
                "Unknown parameter “locale”. This endpoint accepts: endpoint, event, "
                "limit, offset.",
            )
        params = DELIVERIES_PARAMS.parse(query)
        deliveries = WebhookDelivery.objects.filter(endpoint__partner_id=request.auth.partner_id)
        if params["endpoint"] is not None:
            deliveries = deliveries.filter(endpoint_id=params["endpoint"])
        if params["event"] is not None:
            deliveries = deliveries.filter(event=params["event"])
        page, meta = paginate(
            request,
            deliveries.select_related("endpoint")
            .prefetch_related("attempts")
            .order_by("-created_at", "-pk"),
            params,
        )
        return Response({"meta": meta, "items": [delivery_data(request, d) for d in page]})
