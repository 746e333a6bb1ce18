"""The worker and the scheduler outlive a database that goes away (restart, network error):
they log, pause, reconnect and carry on, instead of exiting and leaving background work
(renditions, purges, webhooks, scheduled publishing) stopped until someone notices."""

from types import SimpleNamespace

from django.core.management import call_command
from django.db import OperationalError
from django.test import override_settings

import pytest
from django_tasks import default_task_backend
from django_tasks_db.management.commands import db_worker as stock_db_worker

from home.management.commands import db_worker

pytestmark = pytest.mark.django_db


class StopLoop(Exception):
    """Ends an endless command loop from a test."""


def sleeps_then_stop(monkeypatch, module, allowed: int) -> list[float]:
    pauses: list[float] = []

    def sleep(seconds):
        pauses.append(seconds)
        if len(pauses) > allowed:
            raise StopLoop

    monkeypatch.setattr(module.time, "sleep", sleep)
    return pauses


def test_scheduler_keeps_ticking_through_a_database_outage(monkeypatch):
    from home.management.commands import run_scheduler

    attempts = []

    def enqueue(task, args, kwargs):
        attempts.append(task.name)
        if len(attempts) <= 3:  # the database is down for the first three calls
            raise OperationalError("server closed the connection unexpectedly")
        return SimpleNamespace(id="queued")

    monkeypatch.setattr(default_task_backend, "enqueue", enqueue)
    pauses = sleeps_then_stop(monkeypatch, run_scheduler, allowed=4)
    with pytest.raises(StopLoop):
        call_command("run_scheduler", "--interval", "60", stdout=open("/dev/null", "w"))  # noqa: SIM115

    # Three failed ticks, each followed by a short growing pause, then normal minute ticks.
    assert pauses[:3] == [1.0, 2.0, 4.0]
    assert pauses[3:] == [60.0, 60.0]
    assert attempts.count("publish_scheduled_pages") >= 3
    assert attempts.count("resume_deliveries") >= 2


def test_scheduler_once_still_reports_a_failure(monkeypatch):
    def enqueue(task, args, kwargs):
        raise OperationalError("connection refused")

    monkeypatch.setattr(default_task_backend, "enqueue", enqueue)
    with pytest.raises(OperationalError):
        call_command("run_scheduler", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115


@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_worker_reconnects_after_a_database_error_instead_of_exiting(monkeypatch):
    polls = []

    def stock_run(worker):
        polls.append(worker.worker_id)
        if len(polls) <= 2:
            raise OperationalError("terminating connection due to administrator command")
        return None  # the stock loop returns when its batch is done

    monkeypatch.setattr(stock_db_worker.Worker, "run", stock_run)
    pauses = sleeps_then_stop(monkeypatch, db_worker, allowed=10)
    closed = []
    monkeypatch.setattr(db_worker, "close_all_connections", lambda: closed.append(True))

    call_command(
        "db_worker",
        "--batch",
        "--no-reload",
        "--worker-id",
        "w1",
        stdout=open("/dev/null", "w"),  # noqa: SIM115
    )

    assert polls == ["w1", "w1", "w1"]
    assert len(pauses) == 2 and pauses[0] < pauses[1] <= db_worker.LONGEST_PAUSE_SECONDS
    assert closed == [True, True]


def test_the_project_worker_shadows_the_stock_one():
    from django.core.management import get_commands

    assert get_commands()["db_worker"] == "home"
