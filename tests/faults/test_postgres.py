"""PostgreSQL stopped for 10 s under a running CMS: the API answers only 503 problems (or an
answer it had cached), never 500; the worker and the scheduler stay alive; within 2 s of the
database's return the API answers 200 again, and background work goes on, without a restart."""

import time

import httpx
import pytest

from .conftest import Process

pytestmark = [pytest.mark.live, pytest.mark.faults]

CHECK_TASKS = """
import django
django.setup()
from django_tasks_db.models import DBTaskResult
done = DBTaskResult.objects.filter(status="SUCCESSFUL", enqueued_at__gte="{since}").count()
print(done)
"""


def successful_tasks_since(stack, since: str) -> int:
    from tests.production.test_two_processes import manage

    return int(manage(stack["env"], input_code=CHECK_TASKS.format(since=since)).split()[-1])


def test_postgres_stopped_ten_seconds_gives_503s_then_heals(stack, postgres, tmp_path):
    env = stack["env"]
    worker = Process(
        ["manage.py", "db_worker", "--queue-name", "*", "--no-reload"], env, tmp_path / "w.log"
    )
    scheduler = Process(["manage.py", "run_scheduler", "--interval", "1"], env, tmp_path / "s.log")
    stack["processes"] += [worker, scheduler]
    client = httpx.Client(base_url=stack["url"], timeout=10)
    search = "/api/v1/search/?q=terril&locale=fr"
    assert client.get(search).status_code == 200

    postgres.stop()
    stopped_at = time.monotonic()
    statuses: dict[str, set[int]] = {"api": set(), "partner": set(), "readyz": set()}
    slowest = 0.0
    headers = {"Authorization": f"Api-Key {stack['key']}"}
    while time.monotonic() - stopped_at < 10:
        for kind, path, extra in (
            ("api", search, {}),
            ("partner", "/api/v1/syndication/items/", headers),
            ("readyz", "/readyz", {}),
        ):
            started = time.monotonic()
            response = client.get(path, headers=extra)
            slowest = max(slowest, time.monotonic() - started)
            statuses[kind].add(response.status_code)
            if response.status_code == 503 and kind != "readyz":
                assert response.headers["content-type"] == "application/problem+json"
                assert response.headers["retry-after"]
        time.sleep(0.3)
    assert statuses["api"] == {503}, statuses
    assert statuses["partner"] <= {503}, statuses
    assert statuses["readyz"] == {503}, statuses
    assert slowest < 2.0, slowest
    assert worker.alive, worker.log()
    assert scheduler.alive, scheduler.log()

    postgres.start()
    back_at = time.monotonic()
    since = time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime())
    while client.get(search).status_code != 200:
        assert time.monotonic() - back_at < 2.0, "the API did not heal within 2 s"
        time.sleep(0.05)
    assert client.get("/api/v1/syndication/items/", headers=headers).status_code == 200
    # Background work resumes: the scheduler queues its jobs and the worker runs them.
    deadline = time.monotonic() + 30
    while successful_tasks_since(stack, since) < 2:
        assert worker.alive and scheduler.alive, worker.log() + scheduler.log()
        assert time.monotonic() < deadline, worker.log() + scheduler.log()
        time.sleep(1)
    client.close()
