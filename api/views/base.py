"""What every API v1 view shares: parameter whitelist, problem+json errors, HTTP caching."""

from types import SimpleNamespace

from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.permissions import AllowAny
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from .. import caching
from ..errors import exception_handler, not_found, problem_response
from ..links import locale_id
from ..pagination import meta
from ..params import ParamSpec
from ..read_model.lists import counted_rows
from ..read_model.store import documents, first_row, response
from ..serializers.common import ProblemSerializer
from ..visibility import publication_state, visible_at

PROBLEM = "application/problem+json"


def problems(*statuses: int) -> dict:
    descriptions = {
        400: "A parameter is unknown, malformed or out of range.",
        401: "The partner key is missing, malformed, revoked or expired.",
        403: "The preview token is not valid or has expired.",
        404: "Nothing public at this address.",
        409: "The object is not in a state that allows this (a disabled webhook endpoint).",
        429: "Too many requests for this key or address: wait for Retry-After seconds.",
        501: "This format is not implemented (oEmbed answers JSON only).",
    }
    return {
        (status, PROBLEM): OpenApiResponse(ProblemSerializer, description=descriptions[status])
        for status in statuses
    }


def documented(
    spec: ParamSpec,
    response,
    *,
    operation_id: str,
    summary: str,
    path_params=(),
    not_found_too=True,
    codes=(),
):
    """extend_schema for a GET: its whitelisted query parameters, its 200 and its problems."""
    codes = ((400, 404) if not_found_too else (400,)) + tuple(codes)
    return extend_schema(
        operation_id=operation_id,
        summary=summary,
        parameters=[*path_params, *spec.openapi()],
        responses={200: response, **problems(*codes)},
    )


def page_by_id(*, model, now, hidden, pk):
    """The visible page of `model` with this id (a builder for prepared queries)."""
    return visible_at(model, now, hidden).filter(pk=pk)


class ApiView(APIView):
    renderer_classes = [JSONRenderer]
    # Public, stateless reads: no admin session (hence never CSRF), whatever the global
    # REST_FRAMEWORK defaults Wagtail's admin API needs.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    spec = ParamSpec()
    cache_policy = "public"

    def get_exception_handler(self):
        return exception_handler

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        self.params = self.spec.parse(request.query_params)
        self.locale_id = locale_id(self.params["locale"]) if self.params.get("locale") else None

    def filters(self) -> dict:
        """The parsed parameters that select objects (not the page, not the language)."""
        return {k: v for k, v in self.params.items() if k not in {"locale", "limit", "offset"}}

    def prepared_list(self, request, build, kind: str, /, **inputs):
        """A page of build(**inputs) as stored summaries, in the list envelope; its SQL
        prepared once per shape."""
        limit, offset = self.params["limit"], self.params["offset"]
        state = publication_state(request)
        rows, total = counted_rows(build, offset, limit, kind, "summary", (), state, **inputs)
        return response(
            request,
            {
                "meta": meta(request, total, limit, offset),
                "items": documents(kind, "summary", rows),
            },
        )

    def prepared_detail(self, build, kind: str, /, **inputs):
        """The stored detail of the one object of build(**inputs) (404 if there is none),
        its SQL prepared once per shape."""
        row = first_row(build, kind, "detail", ("locale_id",), **inputs)
        if row is None:
            raise not_found()
        self.check_locale(SimpleNamespace(locale_id=row["locale_id"]))
        found = documents(kind, "detail", [row])
        if not found:
            raise not_found()
        return found[0]

    def check_locale(self, obj):
        """For objects addressed by id: a `locale` given must be theirs."""
        if self.locale_id is not None and obj.locale_id != self.locale_id:
            raise not_found(f"This object is not in “{self.params['locale']}”.")

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        return caching.apply(request, response, self.cache_policy)


def not_found_view(request, *args, **kwargs):
    return problem_response(404, "Nothing is published at this address.", kind="not-found")
