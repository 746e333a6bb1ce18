"""Fuzzing API v1 from its own OpenAPI schema (Schemathesis, in-process WSGI): every answer is
not a 5xx and conforms to the schema (status code, content type, body)."""

from django.core.wsgi import get_wsgi_application

import schemathesis
from hypothesis import HealthCheck, settings

WSGI = get_wsgi_application()


# Loaded once, at collection: generating the schema touches no database.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGI).include(
    # Only the public content API: partner syndication needs keys and is fuzzed by its owners.
    operation_id_regex=(
        r"^(stories|story|series|territory|theme|contributor|partner|home|resolve|search"
        r"|preview|sitemap)"
    )
)


@schema.parametrize()
@settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_v1_conforms_to_its_schema(case, world, db):
    case.call_and_validate()
