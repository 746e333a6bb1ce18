"""OpenAPI generation: only API v1 is documented (Wagtail's admin DRF views are internal)."""

from drf_spectacular.views import SpectacularAPIView

from .errors import problem_response

PUBLIC_PREFIX = "/api/v1/"


def only_public_api(endpoints):
    """drf-spectacular PREPROCESSING_HOOKS entry."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PUBLIC_PREFIX)]


class SchemaView(SpectacularAPIView):
    """The schema, whose refusals are problems like every API answer (DRF would render a 405
    with the OpenAPI renderer)."""

    def http_method_not_allowed(self, request, *args, **kwargs):
        return problem_response(405, "The schema is read with GET.")  # DRF adds Allow
