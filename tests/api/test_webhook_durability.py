"""Nothing is lost if the worker stops mid-way: a real `db_worker` process, killed while it
delivers, then started again, with the database task queue (django-tasks-db)."""

import signal
import sqlite3
import time
import uuid

from django.db import connection

from wagtail.models import Locale

import pytest

from series.models import Partner, WebhookDelivery, WebhookEndpoint

from .server_processes import database_url_for_subprocesses, process_env, run, start, stop
from .webhook_receiver import start_receiver, stop_receiver

DELIVERIES = 6


def wait_for(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out waiting for {what}")


def delivery_statuses(database_url: str) -> list[str]:
    if connection.vendor == "sqlite":
        with sqlite3.connect(database_url.removeprefix("sqlite:///")) as db:
            rows = db.execute("SELECT status FROM series_webhookdelivery ORDER BY id").fetchall()
        return [row[0] for row in rows]
    return list(WebhookDelivery.objects.order_by("pk").values_list("status", flat=True))


@pytest.mark.live
@pytest.mark.faults
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_nothing_is_lost_when_the_worker_is_killed_mid_way(tmp_path):
    receiver = start_receiver(delay=0.4)
    try:
        endpoint = WebhookEndpoint.objects.create(
            partner=Partner.objects.create(
                name="Partenaire", slug="partenaire", kind="media", locale=Locale.get_default()
            ),
            name="Partenaire",
            url=receiver.url,
            events=["story.updated"],
        )
        ids = set()
        for n in range(DELIVERIES):
            delivery = WebhookDelivery.objects.create(
                endpoint=endpoint,
                message_id=f"msg_{uuid.uuid4().hex}",
                event="story.updated",
                payload={"type": "story.updated", "data": {"id": n}},
            )
            ids.add(delivery.message_id)
        database_url = database_url_for_subprocesses(tmp_path)
        env = process_env(
            database_url,
            WEBHOOKS_ALLOW_PRIVATE_TARGETS="1",
            WEBHOOK_TIMEOUT_SECONDS="1",
            WEBHOOK_RETRY_BASE_SECONDS="1",
        )
        log = tmp_path / "worker.log"
        worker_args = ["manage.py", "db_worker", "--no-reload", "--interval", "0.2"]

        run(["manage.py", "resume_webhooks"], env, log)  # queues the sweep, as the scheduler does
        worker = start(worker_args, env, log)
        try:
            wait_for(lambda: len(receiver.requests) >= 2, 60, "the first deliveries")
            worker.send_signal(signal.SIGKILL)  # no clean shutdown: the worst case
            worker.wait(timeout=10)
        finally:
            stop(worker)
        received_before_restart = {r.headers["webhook-id"] for r in receiver.requests}
        assert received_before_restart < ids, "the worker was not stopped mid-way"

        worker = start(worker_args, env, log)
        try:
            # A delivery the dead worker held comes back once its lease (timeout + 5 s) ends.
            time.sleep(6.5)
            run(["manage.py", "resume_webhooks"], env, log)
            wait_for(
                lambda: {r.headers["webhook-id"] for r in receiver.requests} >= ids,
                60,
                "every delivery",
            )
            wait_for(
                lambda: delivery_statuses(database_url) == ["succeeded"] * DELIVERIES,
                30,
                "every delivery marked as delivered",
            )
        finally:
            stop(worker)
    finally:
        stop_receiver(receiver)

    received = [r.headers["webhook-id"] for r in receiver.requests]
    assert set(received) == ids
    # At least once: the one interrupted mid-request may arrive twice, nothing more.
    assert len(received) - len(ids) <= 1
