"""Periodic work the worker runs for the page trees."""

import io

from django.core.management import call_command

from django_tasks import task


@task()
def publish_scheduled_pages() -> str:
    """Make go_live_at and expire_at take effect: Wagtail only applies them in this command."""
    output = io.StringIO()
    call_command("publish_scheduled", stdout=output)
    return output.getvalue()
