"""An editor schedules a story, which goes live alone when the scheduler runs and reaches a
partner as `story.published`; adds a correction; unpublishes a French story with its English
translation, both gone from the API."""

import datetime
import json
import time

from django.utils import timezone

import httpx
import pytest

from home.tasks import publish_scheduled_pages
from series.models import WebhookEndpoint
from stories.models import StoryPage
from tests import factories as f
from tests.api.webhook_receiver import start_receiver, stop_receiver

from .editing import footer_action, localize, wait_for_path

pytestmark = [
    pytest.mark.browser,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def receiver(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True  # the partner's receiver is on loopback
    receiver = start_receiver()
    yield receiver
    stop_receiver(receiver)


def api_status(live_server, story) -> int:
    return httpx.get(f"{live_server.url}/api/v1/stories/{story.pk}/", timeout=10).status_code


def events(receiver) -> list[tuple[str, str]]:
    return [
        (body["type"], body["data"]["title"])
        for body in (json.loads(request.body) for request in receiver.requests)
    ]


def wait_for(condition, seconds: float = 15):
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.1)
    return condition()


def test_a_scheduled_story_goes_live_alone_and_partners_hear_it_published(
    open_admin, editor, live_server, receiver
):
    series = f.make_series("Après la mine")
    partner = f.make_partner("Radio Exemple")
    f.make_partner_key(partner, locales=["fr"])
    WebhookEndpoint.objects.create(
        partner=partner, name="Radio Exemple", url=receiver.url, events=["story.published"]
    )
    story = f.make_story("Le marché du samedi", parent=series, publish=False)

    admin = open_admin("editor").sign_in(editor)
    page = admin.page
    page.goto(f"/admin/pages/{story.pk}/edit/")
    # The schedule is set in the status side panel's dialog, saved, then published.
    page.locator("[data-side-panel-toggle=status]").click()
    page.locator("[data-a11y-dialog-show=schedule-publishing-dialog]:visible").first.click()
    dialog = page.locator("#schedule-publishing-dialog")
    # The widget counts in minutes, in the newsroom's time zone.
    go_live = timezone.localtime() + datetime.timedelta(minutes=2)
    dialog.locator("input[name=go_live_at]").fill(go_live.strftime("%Y-%m-%d %H:%M"))
    # The date picker stays open over the dialog's button: saved from the keyboard.
    with page.expect_navigation():
        dialog.locator("button.action-save").press("Enter")
    admin.shot("editor-schedule-saved")
    footer_action(page, "action-publish")
    wait_for_path(page, r"/admin/pages/\d+/")
    admin.shot("editor-scheduled")

    story.refresh_from_db()
    scheduled = story.scheduled_revision
    assert not story.live and scheduled is not None
    assert scheduled.approved_go_live_at.replace(second=0) == go_live.replace(
        second=0, microsecond=0
    )
    assert api_status(live_server, story) == 404
    assert events(receiver) == []  # scheduling announces nothing

    # The moment comes (moved into the past rather than waited for); the scheduler runs.
    moment = timezone.now() - datetime.timedelta(seconds=1)
    StoryPage.objects.filter(pk=story.pk).update(go_live_at=moment)
    scheduled.approved_go_live_at = moment
    scheduled.content["go_live_at"] = moment.isoformat()
    scheduled.save()
    publish_scheduled_pages.call()

    story.refresh_from_db()
    assert story.live
    assert api_status(live_server, story) == 200
    assert wait_for(lambda: events(receiver)), "the partner heard nothing at go-live"
    assert events(receiver) == [("story.published", "Le marché du samedi")]
    admin.assert_clean()


def test_an_editor_corrects_then_unpublishes_a_story_with_its_translation(
    open_admin, editor, live_server
):
    series = f.make_series("Après la mine")
    localize(series)
    story = f.make_story("La serre", parent=series)
    english = localize(story)
    assert english.live and api_status(live_server, english) == 200

    admin = open_admin("editor").sign_in(editor)
    page = admin.page
    page.goto(f"/admin/pages/{story.pk}/edit/")
    page.locator("#id_corrections-ADD").click()
    page.fill("input[name=corrections-0-corrected_on]", timezone.localdate().isoformat())
    page.fill(
        "textarea[name=corrections-0-text]",
        "Une version précédente situait la serre à Lens.",
    )
    footer_action(page, "action-publish")
    wait_for_path(page, r"/admin/pages/\d+/")
    detail = httpx.get(f"{live_server.url}/api/v1/stories/{story.pk}/", timeout=10).json()
    assert "Une version précédente situait la serre à Lens." in json.dumps(
        detail["corrections"], ensure_ascii=False
    )
    admin.shot("editor-correction-published")

    page.goto(f"/admin/pages/{story.pk}/unpublish/")
    admin.shot("editor-unpublish-confirm")
    for checkbox in page.locator("form input[type=checkbox][name*=translation]").all():
        checkbox.check()
    page.locator(
        "form[method=post] button[type=submit], form[method=post] input[type=submit]"
    ).last.click()
    wait_for_path(page, r"/admin/pages/\d+/")

    story.refresh_from_db()
    english.refresh_from_db()
    assert not story.live
    assert not english.live, "the English translation is withdrawn with its source"
    assert api_status(live_server, story) == 404
    assert api_status(live_server, english) == 404
    admin.assert_clean()
