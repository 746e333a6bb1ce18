"""Periodic work the worker runs for the page trees."""

import io

from django_tasks import task

from django.core.management import call_command


@task()
def publish_scheduled_pages() -> str:
    """Make go_live_at and expire_at take effect: Wagtail only applies them in this command."""
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue()
