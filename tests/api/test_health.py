"""/healthz (the process answers) and /readyz (database, cache and storage reachable)."""

import socket

from django.db import OperationalError
from django.test import override_settings

import pytest

from tests.aws_servers import MotoEndpoint, s3_storage_settings

pytestmark = pytest.mark.django_db


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_answers_without_touching_the_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_readyz_reports_each_dependency(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["failing"] == []
    assert {name: check["status"] for name, check in body["checks"].items()} == {
        "database": "ok",
        "cache": "ok",
        "storage": "ok",
    }


def test_readyz_is_ready_with_s3_and_redis_up(client):
    endpoint = MotoEndpoint()
    endpoint.start()
    try:
        endpoint.client("s3").create_bucket(
            Bucket="terrain-ready", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
        )
        caches = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": "redis://127.0.0.1:6379/13",
            }
        }
        with override_settings(
            STORAGES=s3_storage_settings(endpoint, "terrain-ready"), CACHES=caches
        ):
            response = client.get("/readyz")
    finally:
        endpoint.stop()
    assert response.status_code == 200, response.content
    assert response.json()["failing"] == []


def test_readyz_answers_503_naming_storage_when_the_s3_endpoint_stops(client):
    endpoint = MotoEndpoint()
    endpoint.start()
    endpoint.client("s3").create_bucket(
        Bucket="terrain-media", CreateBucketConfiguration={"LocationConstraint": "eu-west-3"}
    )
    with override_settings(STORAGES=s3_storage_settings(endpoint, "terrain-media")):
        try:
            assert client.get("/readyz").status_code == 200
        finally:
            endpoint.stop()

        response = client.get("/readyz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "error"
    assert body["failing"] == ["storage"]
    assert body["checks"]["storage"]["status"] == "error"
    assert body["checks"]["database"]["status"] == "ok"
    # The endpoint's address and credentials are not shown to whoever asks.
    assert endpoint.url not in response.content.decode()


def test_readyz_answers_503_naming_the_cache_when_redis_is_unreachable(client):
    caches = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    with override_settings(CACHES=caches):
        response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["failing"] == ["cache"]


def test_readyz_answers_503_naming_the_database_when_it_fails(client, monkeypatch):
    def broken_cursor():
        raise OperationalError("connection refused")

    monkeypatch.setattr("api.health.connection.cursor", broken_cursor)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert body["checks"]["database"]["error"] == "OperationalError"
