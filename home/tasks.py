"""Periodic work the worker runs for the page trees."""

import io

from django.core.management import call_command
from django.db import DatabaseError, connection

from django_tasks import task


@task()
def publish_scheduled_pages() -> str:
    """Make go_live_at and expire_at take effect: Wagtail only applies them in this command."""
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue()


# Tables whose size decides the public lists' plans: statistics are refreshed when one of them
# has grown or shrunk by a quarter since they were taken.
PLANNED_TABLES = ("wagtailcore_page", "stories_storypage", "api_publisheddocument")


@task()
def refresh_planner_statistics() -> bool:
    """SQLite keeps no planner statistics by itself (PostgreSQL's autovacuum does). Without
    them it guesses that a language matches a few pages, and sorts every story of it to
    list 20 (8 ms at 5,000 stories) instead of walking the date index. ANALYZE: 0.1 s at
    5,000 stories, run when statistics are missing or a table's size moved."""
    if connection.vendor != "sqlite" or not statistics_stale():
        return False
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return True


def statistics_stale() -> bool:
    with connection.cursor() as cursor:
        for table in PLANNED_TABLES:
            cursor.execute(f'SELECT COUNT(*) FROM "{table}"')  # noqa: S608 (our constant)
            rows = cursor.fetchone()[0]
            try:
                cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = %s", [table])
            except DatabaseError:  # never analyzed: no statistics table yet
                return rows > 0
            # Each index's first figure is how many rows it had (a partial index: fewer).
            analyzed = max((int(stat.split()[0]) for (stat,) in cursor.fetchall()), default=0)
            if abs(rows - analyzed) * 4 > max(analyzed, 1):
                return True
    return False
