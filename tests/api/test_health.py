"""/healthz (the process answers) and /readyz (database, cache and storage reachable)."""

import datetime
import socket
import threading
import time

from django.db import OperationalError
from django.test import override_settings
from django.utils import timezone

import pytest

from api import health
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
            # As an orchestrator does, ask again while the first probe makes its clients.
            for _ in range(20):
                response = client.get("/readyz")
                if response.status_code == 200:
                    break
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


def test_readyz_stays_ready_and_says_degraded_when_redis_is_unreachable(client):
    # The cache is an accelerator: a process without it still serves, so a load balancer
    # must not take every process out because Redis went away.
    caches = {
        "default": {
            "BACKEND": "media_site.cache.FailOpenRedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        }
    }
    with override_settings(CACHES=caches):
        response = client.get("/readyz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["failing"] == []
    assert body["degraded"] == ["cache"]


def test_readyz_answers_503_naming_the_database_when_it_fails(client, monkeypatch):
    def broken_database():
        raise OperationalError("connection refused")

    monkeypatch.setitem(health.CHECKS, "database", broken_database)
    response = client.get("/readyz")
    assert response.status_code == 503
    body = response.json()
    assert body["failing"] == ["database"]
    assert body["checks"]["database"]["error"] == "OperationalError"


def test_readyz_answers_within_a_second_when_a_dependency_hangs(client, monkeypatch):
    release = threading.Event()

    def hanging_storage():
        release.wait(30)

    monkeypatch.setitem(health.CHECKS, "storage", hanging_storage)
    started = time.monotonic()
    try:
        response = client.get("/readyz")
    finally:
        release.set()
    assert time.monotonic() - started < 1.5
    assert response.status_code == 503
    assert response.json()["checks"]["storage"] == {"status": "error", "error": "Timeout"}


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_background_check_reports_a_worker_that_takes_no_task_and_a_silent_scheduler(client):
    from django_tasks_db.models import DBTaskResult

    from home.tasks import publish_scheduled_pages

    assert client.get("/readyz/background").json()["checks"]["scheduler"]["status"] == "stale"

    publish_scheduled_pages.enqueue()  # a scheduler tick, not yet taken by a worker
    response = client.get("/readyz/background")
    assert response.status_code == 200, response.content
    assert response.json()["status"] == "ok"

    # Four minutes later nobody has taken it, and the scheduler has not ticked again.
    later = timezone.now() + datetime.timedelta(minutes=4)
    report = health.background_report(now=later)
    assert report["worker"]["status"] == "stale"
    assert report["scheduler"]["status"] == "stale"

    DBTaskResult.objects.update(status="SUCCESSFUL")
    assert health.background_report(now=later)["worker"]["status"] == "ok"
