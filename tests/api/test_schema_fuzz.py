"""Fuzzing API v1 from its own OpenAPI schema (Schemathesis, in-process WSGI): every answer is
not a 5xx and conforms to the schema (status code, content type, body)."""

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

WSGI = get_wsgi_application()


@pytest.fixture
def keep_connection():
    """Django's test client keeps the test's database connection open across requests; a
    bare WSGI call would close it at the end of each request (fatal on PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


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
def test_api_v1_conforms_to_its_schema(case, world, db, keep_connection):
    case.call_and_validate()
