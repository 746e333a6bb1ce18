"""An editor adds a correction, then unpublishes a French story with its English translation,
both gone from the API. (The scheduling journey, not passing yet, is in commit eb121df.)"""

import json
import time

from django.utils import timezone

import httpx
import pytest

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
