"""Per-client limits count the client's real address: X-Forwarded-For is believed only as far
as TRUSTED_PROXY_COUNT says (issue 10, item 7)."""

from django.test import RequestFactory

import pytest

from api.client_address import client_address, client_key
from tests import factories as f

from .syndication_helpers import auth

ITEMS = "/api/v1/syndication/items/"
PARTNER = "198.51.100.20"
ATTACKER = "203.0.113.9"
PROXY = "10.0.0.2"


def bad_key(n: int) -> dict:
    return {"HTTP_AUTHORIZATION": f"Api-Key abcdefg{n}.{'z' * 32}"}


def meta(remote_addr: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote_addr}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_by_default_no_proxy_is_trusted_and_the_header_is_ignored(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_address(meta(ATTACKER, PARTNER)) == ATTACKER


def test_behind_n_proxies_only_their_entries_are_believed(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    # The client wrote "1.2.3.4"; our proxy appended the address it saw.
    assert client_address(meta(PROXY, f"1.2.3.4, {PARTNER}")) == PARTNER
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_address(meta(PROXY, f"1.2.3.4, {PARTNER}, 10.0.0.1")) == PARTNER
    # Not an address where our proxy writes one: the peer, never a guess.
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_address(meta(PROXY, "1.2.3.4, not-an-ip")) == PROXY
    assert client_address(meta(PROXY)) == PROXY


def test_ipv6_clients_are_counted_per_64(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    first = client_key(meta("2001:db8:1:2::1"))
    assert first == client_key(meta("2001:db8:1:2:ffff::9")) == "2001:db8:1:2::/64"
    assert client_key(meta("::ffff:192.0.2.1")) == "192.0.2.1"


@pytest.mark.django_db
def test_rotating_x_forwarded_for_does_not_escape_the_refused_key_limit(client, settings):
    settings.PARTNER_AUTH_FAILURES_PER_MINUTE = 3
    settings.TRUSTED_PROXY_COUNT = 0
    for n in range(3):
        response = client.get(
            ITEMS, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}", **bad_key(n)
        )
        assert response.status_code == 401
    refused = client.get(
        ITEMS, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR="192.0.2.99", **bad_key(99)
    )
    assert refused.status_code == 429
    assert refused["Content-Type"] == "application/problem+json"


@pytest.mark.django_db
def test_forging_a_partners_address_does_not_lock_the_partner_out(client, settings):
    settings.PARTNER_AUTH_FAILURES_PER_MINUTE = 3
    settings.TRUSTED_PROXY_COUNT = 0
    _, key = f.make_partner_key()
    for n in range(5):
        client.get(ITEMS, REMOTE_ADDR=ATTACKER, HTTP_X_FORWARDED_FOR=PARTNER, **bad_key(n))
    assert client.get(ITEMS, REMOTE_ADDR=PARTNER, **auth(key)).status_code == 200
    assert client.get(ITEMS, REMOTE_ADDR=ATTACKER, **auth(key)).status_code == 429


@pytest.mark.django_db
def test_behind_a_trusted_proxy_the_forged_left_part_is_ignored(client, settings):
    settings.PARTNER_AUTH_FAILURES_PER_MINUTE = 3
    settings.TRUSTED_PROXY_COUNT = 1
    _, key = f.make_partner_key()
    for n in range(3):
        forged = f"192.0.2.{n}, {ATTACKER}"  # what our proxy sends for the attacker
        response = client.get(ITEMS, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forged, **bad_key(n))
        assert response.status_code == 401
    attacker = client.get(
        ITEMS, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"{PARTNER}, {ATTACKER}", **auth(key)
    )
    assert attacker.status_code == 429
    # The partner, through the same proxy, is unaffected.
    partner = client.get(ITEMS, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=PARTNER, **auth(key))
    assert partner.status_code == 200
