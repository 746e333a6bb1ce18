import logging
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils.module_loading import import_string

from home.management.commands.db_worker import close_all_connections

logger = logging.getLogger(__name__)

LONGEST_PAUSE_SECONDS = 30.0


class Command(BaseCommand):
    help = (
        "Every minute, queue the periodic jobs (settings.SCHEDULED_TASKS: scheduled publishing, "
        "webhook retries) for the worker, so they happen without anyone typing a command. "
        "Survives database restarts: a tick that fails is retried, never fatal."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs.")
        parser.add_argument("--once", action="store_true", help="Queue the jobs once and exit.")

    def handle(self, *args, interval: float, once: bool, **options):
        # Dotted paths, so this app needn't import the apps whose jobs it schedules.
        tasks = [import_string(path) for path in settings.SCHEDULED_TASKS]
        failures = 0
        while True:
            try:
                self.tick(tasks)
            except DatabaseError as error:
                if once:
                    raise
                failures += 1
                pause = min(LONGEST_PAUSE_SECONDS, interval, 2.0 ** (failures - 1))
                logger.warning(
                    "Database unavailable (%s); the scheduler retries in %.1f s",
                    type(error).__name__,
                    pause,
                )
                # A connection the server closed stays broken until it is dropped.
                close_all_connections()
                time.sleep(pause)
                continue
            failures = 0
            if once:
                return
            time.sleep(interval)

    def tick(self, tasks) -> None:
        close_old_connections()
        for task in tasks:
            result = task.enqueue()
            self.stdout.write(f"queued {task.name} ({result.id})")
