from django.core.management.base import BaseCommand

from api.webhook_delivery import resume_deliveries


class Command(BaseCommand):
    help = (
        "Queue every webhook delivery that is due and held by no live worker (retries, and "
        "deliveries whose worker stopped mid-way). The scheduler should run it every minute."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--now",
            action="store_true",
            help="Sweep in this process, not in the worker.",
        )

    def handle(self, *args, now: bool, **options):
        if now:
            self.stdout.write(f"queued {resume_deliveries.call()} deliveries")
        else:
            result = resume_deliveries.enqueue()
            self.stdout.write(f"queued resume_deliveries ({result.id})")
