import time

from django.core.management.base import BaseCommand

from home.tasks import publish_scheduled_pages


class Command(BaseCommand):
    help = (
        "Every minute, queue the scheduled-publishing job for the worker, so pages go live and "
        "expire on time without anyone typing a command."
    )

    def add_arguments(self, parser):
        parser.add_argument("--interval", type=float, default=60.0, help="Seconds between runs.")
        parser.add_argument("--once", action="store_true", help="Queue the job once and exit.")

    def handle(self, *args, interval: float, once: bool, **options):
        while True:
            result = publish_scheduled_pages.enqueue()
            self.stdout.write(f"queued publish_scheduled_pages ({result.id})")
            if once:
                return
            time.sleep(interval)
