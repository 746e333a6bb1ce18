"""django_tasks_db's worker, made to outlive its database.

The stock worker re-raises any OperationalError but a lock, so a database restart or a
dropped network connection ends the process and background work (renditions, purges,
webhooks, search indexing, scheduled publishing) silently stops. This command has the same
name and options (it shadows the stock one: `home` comes first in INSTALLED_APPS) and keeps
polling through such errors, reconnecting with a growing, jittered pause.
"""

import contextlib
import logging
import random
import time

from django.db import DatabaseError, connections

from django_tasks_db.management.commands import db_worker

logger = logging.getLogger("django_tasks_db")

FIRST_PAUSE_SECONDS = 0.5
LONGEST_PAUSE_SECONDS = 30.0


def close_all_connections() -> None:
    for connection in connections.all(initialized_only=True):
        # A connection to a dead server can fail even to close; it is dropped anyway.
        with contextlib.suppress(DatabaseError):
            connection.close()


class ResilientWorker(db_worker.Worker):
    def run(self) -> None:
        failures = 0
        while self.running:
            try:
                return super().run()
            except DatabaseError as error:
                failures += 1
                pause = min(LONGEST_PAUSE_SECONDS, FIRST_PAUSE_SECONDS * 2 ** (failures - 1))
                pause *= random.uniform(0.5, 1.0)  # noqa: S311 - spreads reconnecting workers
                logger.warning(
                    "Database unavailable (%s: %s); worker %s retries in %.1f s",
                    type(error).__name__,
                    str(error).strip()[:200],
                    self.worker_id,
                    pause,
                )
                close_all_connections()
                time.sleep(pause)


class Command(db_worker.Command):
    help = db_worker.Command.help + " (reconnects when the database goes away)"

    def handle(self, *args, **options):
        # The stock command builds its worker from this module-level name.
        db_worker.Worker = ResilientWorker
        return super().handle(*args, **options)
