"""OpenAPI generation: only API v1 is documented (Wagtail's admin DRF views are internal)."""

PUBLIC_PREFIX = "/api/v1/"


def only_public_api(endpoints):
    """drf-spectacular PREPROCESSING_HOOKS entry."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PUBLIC_PREFIX)]
