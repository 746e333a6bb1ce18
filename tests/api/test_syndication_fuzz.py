"""Fuzzing the partner endpoints and oEmbed from the OpenAPI schema (Schemathesis, in-process
WSGI), with a valid key: whatever the parameters, never a 5xx."""

from django.core.wsgi import get_wsgi_application

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error

from tests import factories as f

from .syndication_helpers import isolated  # noqa: F401
from .test_schema_fuzz import keep_connection  # noqa: F401

WSGI = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", WSGI).include(
    operation_id_regex=r"^(syndication_|oembed)"
)


@pytest.fixture
def partner_key(db):
    series = f.make_series("Bassin minier")
    f.make_story("Au pied des terrils", parent=series, lead_image=f.make_image())
    f.make_story("Sous embargo", go_live_at=f.days(1))
    _, key = f.make_partner_key(tier="premium", embargo_access=True)
    return key


@schema.parametrize()
@settings(max_examples=15, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
def test_partner_endpoints_never_fail_with_a_5xx(case, partner_key, keep_connection):  # noqa: F811
    response = case.call(headers={"Authorization": f"Api-Key {partner_key}"})
    if case.path.endswith("/oembed/") and response.status_code == 501:
        # oEmbed's own answer to an unsupported format, by its specification
        assert (case.query or {}).get("format") not in (None, "", "json")
        return
    case.validate_response(response, checks=(not_a_server_error,))
