import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string


class Command(BaseCommand):
    help = (
        "Every minute, queue the periodic jobs (settings.SCHEDULED_TASKS: scheduled publishing, "
        "webhook retries) for the worker, so they happen without anyone typing a command."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs.")
        parser.add_argument("--once", action="store_true", help="Queue the jobs once and exit.")

    def handle(self, *args, interval: float, once: bool, **options):
        # Dotted paths, so this app needn't import the apps whose jobs it schedules.
        tasks = [import_string(path) for path in settings.SCHEDULED_TASKS]
        while True:
            for task in tasks:
                result = task.enqueue()
                self.stdout.write(f"queued {task.name} ({result.id})")
            if once:
                return
            time.sleep(interval)
