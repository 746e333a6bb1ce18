"""RFC 9457 problem details: the one shape every API error takes, whoever raises it."""

from http import HTTPStatus

from django.http import JsonResponse
from django.views import csrf, defaults
from rest_framework import exceptions
from rest_framework.response import Response

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_TYPE_PREFIX = "urn:terrain:problem:"
API_PREFIX = "/api/"


class Problem(exceptions.APIException):
    """Raised anywhere in the API; the exception handler turns it into problem+json."""

    def __init__(
        self, status: int, detail: str, *, parameter: str | None = None, kind: str | None = None
    ):
        self.status_code = status
        self.parameter = parameter
        self.kind = kind
        super().__init__(detail=detail)


class RateLimited(exceptions.Throttled):
    """429 in the API's own words: DRF's Throttled adds a sentence of its own, translated to
    the client's language, to a detail that is not."""

    def __init__(self, wait: int, detail: str):
        self.wait = wait
        exceptions.APIException.__init__(self, detail=f"{detail} Try again in {wait} s.")


def invalid_parameter(parameter: str, detail: str) -> Problem:
    return Problem(400, detail, parameter=parameter, kind="invalid-parameter")


def not_found(detail: str = "Nothing is published at this address.") -> Problem:
    return Problem(404, detail, kind="not-found")


def problem_body(
    status: int, detail: str, *, parameter: str | None = None, kind: str | None = None
) -> dict:
    body = {
        "type": PROBLEM_TYPE_PREFIX + kind if kind else "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if parameter is not None:
        body["parameter"] = parameter
    return body


def problem_response(
    status: int, detail: str, *, parameter: str | None = None, kind: str | None = None
) -> JsonResponse:
    """A plain Django response, for code outside DRF views (handlers, middleware)."""
    response = JsonResponse(
        problem_body(status, detail, parameter=parameter, kind=kind),
        status=status,
        content_type=PROBLEM_CONTENT_TYPE,
        json_dumps_params={"ensure_ascii": False},
    )
    response["Cache-Control"] = "no-store"
    return response


def exception_handler(exc, context):
    """DRF EXCEPTION_HANDLER: every exception a view raises becomes problem+json."""
    if isinstance(exc, RateLimited):
        body = problem_body(429, str(exc.detail), kind="rate-limited")
    elif isinstance(exc, Problem):
        body = problem_body(
            exc.status_code, str(exc.detail), parameter=exc.parameter, kind=exc.kind
        )
    elif isinstance(exc, exceptions.APIException):
        detail = exc.detail if isinstance(exc.detail, str) else "The request is not valid."
        body = problem_body(exc.status_code, str(detail))
    else:
        return None  # a real bug: let Django log it and answer through handler500
    response = Response(body, status=body["status"], content_type=PROBLEM_CONTENT_TYPE)
    response["Cache-Control"] = "no-store"
    if isinstance(exc, exceptions.MethodNotAllowed):
        view = (context or {}).get("view")
        allowed = getattr(view, "allowed_methods", None) or ["GET", "HEAD", "OPTIONS"]
        response["Allow"] = ", ".join(allowed)
    return response


def is_api_request(request) -> bool:
    return request.path.startswith(API_PREFIX)


def handler404(request, exception=None):
    """Project-wide 404: problem+json under /api/, Django's page elsewhere."""
    if is_api_request(request):
        return problem_response(404, "Nothing is published at this address.", kind="not-found")
    return defaults.page_not_found(request, exception)


def handler400(request, exception=None):
    """A request Django refuses before any view (a disallowed Host, a malformed cookie…)."""
    if is_api_request(request):
        return problem_response(400, "This request is malformed.")
    return defaults.bad_request(request, exception)


def handler403(request, exception=None):
    if is_api_request(request):
        return problem_response(403, "This is not allowed here.")
    return defaults.permission_denied(request, exception)


def csrf_failure(request, reason=""):
    """The API reads without sessions, so a CSRF refusal there is a write it doesn't take."""
    if is_api_request(request):
        return problem_response(403, "The API is read-only: nothing is written here.")
    return csrf.csrf_failure(request, reason)


def handler500(request):
    if is_api_request(request):
        return problem_response(500, "The server failed to answer; this is a bug.")
    return defaults.server_error(request)
