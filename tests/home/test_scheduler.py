"""Scheduled publishing happens without anyone typing a command: the scheduler queues the job
every minute and the worker runs it."""

from types import SimpleNamespace

from django.core.management import call_command
from django.db import connection

import pytest
from django_tasks import default_task_backend

from home.tasks import publish_scheduled_pages, refresh_planner_statistics, statistics_stale
from stories.models import StoryPage
from tests import factories

pytestmark = pytest.mark.django_db


def schedule(story, **dates):
    """Set dates as the admin does: a scheduled revision for go_live_at, expire_at on the page."""
    for name, value in dates.items():
        setattr(story, name, value)
    return story.save_revision()


def test_periodic_job_publishes_a_due_page_and_unpublishes_an_expired_one():
    due = factories.make_story("Programmé", publish=False)
    revision = schedule(due, go_live_at=factories.days(1))
    revision.publish()  # scheduling in the future: Wagtail keeps it offline and waits
    due.refresh_from_db()
    assert not due.live
    # The moment comes: move the schedule into the past rather than waiting for it.
    moment = factories.days(-1)
    StoryPage.objects.filter(pk=due.pk).update(go_live_at=moment)
    revision.refresh_from_db()
    revision.content["go_live_at"] = moment.isoformat()
    revision.approved_go_live_at = moment
    revision.save()

    expired = factories.make_story("Expiré")
    StoryPage.objects.filter(pk=expired.pk).update(expire_at=factories.days(-1))
    assert StoryPage.objects.get(pk=expired.pk).live  # nothing ran yet: still flagged live

    publish_scheduled_pages.call()

    assert StoryPage.objects.get(pk=due.pk).live
    expired_now = StoryPage.objects.get(pk=expired.pk)
    assert not expired_now.live
    assert expired_now.expired


def test_scheduler_queues_every_periodic_job_on_the_task_backend(monkeypatch):
    queued = []

    def enqueue(task, args, kwargs):
        queued.append(task.name)
        return SimpleNamespace(id="queued-1")

    monkeypatch.setattr(default_task_backend, "enqueue", enqueue)
    call_command("run_scheduler", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert queued == [
        "publish_scheduled_pages",
        "resume_deliveries",
        "refresh_planner_statistics",
    ]


def test_sqlite_planner_statistics_are_taken_when_missing_or_when_a_table_moved():
    for n in range(4):
        factories.make_story(f"Statistique {n}")
    if connection.vendor != "sqlite":
        # PostgreSQL's autovacuum keeps them: the job does nothing there.
        assert refresh_planner_statistics.call() is False
        return
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE IF EXISTS sqlite_stat1")
    assert statistics_stale()
    assert refresh_planner_statistics.call() is True
    assert not statistics_stale()
    assert refresh_planner_statistics.call() is False  # nothing moved: no ANALYZE
    for n in range(4):
        factories.make_story(f"Croissance {n}")  # the stories table grows by more than 25%
    assert statistics_stale()
    assert refresh_planner_statistics.call() is True
