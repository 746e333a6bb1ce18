"""Fuzzing API v1 from its own OpenAPI schema (Schemathesis, in-process WSGI) with every check
Schemathesis has (`--checks all`): no 5xx, status codes, content types, headers and bodies as
documented, invalid input refused, valid input accepted, unsupported methods answered 405 with
`Allow`, and partner endpoints refusing a request without its key."""

from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import CHECKS

from tests import factories as f

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
SCHEMA = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGI)
public = SCHEMA.include(
    operation_id_regex=(
        r"^(stories|story|series|territory|theme|contributor|partner|home|resolve|search"
        r"|preview|sitemap|oembed)"
    )
)
syndication = SCHEMA.include(operation_id_regex=r"^syndication_")
ALL_CHECKS = CHECKS.get_all()


FUZZ = settings(
    max_examples=12, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck)
)


@pytest.fixture(scope="module")
def partner_key(world, module_db):
    _api_key, key = f.make_partner_key(name="Clé de fuzz")
    return key


@public.parametrize()
@FUZZ
def test_api_v1_conforms_to_its_schema(case, world, db, keep_connection):
    case.call_and_validate(checks=ALL_CHECKS)


@syndication.parametrize()
@FUZZ
def test_partner_endpoints_conform_to_their_schema(case, world, partner_key, db, keep_connection):
    # A cursor is an opaque value the API gives in `next`, never one a client makes up (a made-up
    # one is a 400, tested in test_syndication_items): generated ones are left out. `offset`
    # and `since` exclude each other (documented; OpenAPI cannot say it): `offset` goes.
    if case.query:
        case.query.pop("cursor", None)
        if "since" in case.query:
            case.query.pop("offset", None)
    case.call_and_validate(headers={"Authorization": f"Api-Key {partner_key}"}, checks=ALL_CHECKS)
