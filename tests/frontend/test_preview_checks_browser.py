"""The admin's checks panel for a page previewed on the reader site, in headless Chromium.

Wagtail's "Checks" panel (word count, reading time, accessibility) is filled by messages from
Wagtail's userbar running inside the preview iframe; headless, that iframe shows the reader
site. Here the whole chain runs for real: the CMS is pytest-django's live server, the reader
site a uvicorn server in a thread talking to it over HTTP, both on 127.0.0.1 and stopped here,
and the browser is Debian's Chromium (never `playwright install`).
"""

import re
from urllib.parse import urlsplit

from django.test import Client

import pytest

from frontend.config import ReaderConfig
from tests import factories
from tests.chromium import headless_chromium

pytestmark = [
    pytest.mark.browser,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def reader_url(live_server, serve_reader, settings):
    """The reader site, and the CMS told where it is (as FRONTEND_BASE_URL does in production)."""
    url = serve_reader(ReaderConfig(api_base_url=f"{live_server.url}/api/v1", cache_ttl=0))
    settings.FRONTEND_BASE_URL = url
    settings.WAGTAIL_HEADLESS_PREVIEW = {
        **settings.WAGTAIL_HEADLESS_PREVIEW,
        "CLIENT_URLS": {"default": f"{url}/preview"},
    }
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    return url


def test_the_checks_panel_counts_the_words_of_a_story_previewed_on_the_reader_site(
    live_server, reader_url
):
    series = factories.make_series("Après la mine")
    words = " ".join(["mot"] * 447)  # + title, standfirst and heading: a 3-minute read
    story = factories.make_story(
        "Le terril",
        parent=series,
        subtitle="Un chapeau.",
        body=[
            ("heading", {"text": "Trente ans", "level": "h2"}),
            ("paragraph", factories.RichText(f"<p>{words}</p>")),
        ],
    )
    client = Client()
    client.force_login(factories.make_editor())
    session = client.cookies["sessionid"].value

    with headless_chromium() as browser:
        context = browser.new_context(locale="fr-FR", viewport={"width": 1366, "height": 900})
        context.add_cookies([{"name": "sessionid", "value": session, "url": live_server.url}])
        page = context.new_page()
        errors = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{live_server.url}/admin/pages/{story.pk}/edit/")
        page.locator('[data-side-panel-toggle="checks"]').click()

        count = page.locator("[data-content-word-count]")
        page.wait_for_function(
            "() => /\\d/.test(document.querySelector('[data-content-word-count]').textContent)",
            timeout=30_000,
        )
        reading_time = page.locator("[data-content-reading-time]").inner_text()
        shown_in = page.locator("#w-preview-iframe").get_attribute("src") or ""
        reader_frame = next(f for f in page.frames if f.url.startswith(reader_url))
        frame_url = reader_frame.url
        text = reader_frame.locator("main").inner_text()
        word_total = int(count.inner_text())
        # axe-core ran across the frame too: the panel's issue count is set (it says "0" or more)
        issue_count = page.locator(
            '[data-side-panel="checks"] [data-content-checker-count]'
        ).inner_text()
        context.close()

    # the admin's panel loads its preview URL, which sends it to the reader site's /preview
    assert urlsplit(shown_in).path == f"/admin/pages/{story.pk}/edit/preview/"
    assert urlsplit(frame_url).path == "/preview"
    assert "in_preview_panel=true" in frame_url
    # Wagtail counts the words of the reader site's <main>: the story and what surrounds it
    assert 447 < word_total < 447 + len(re.findall(r"\w+", text)) + 1
    assert re.fullmatch(r"\d+ mins?", reading_time), reading_time
    assert issue_count.isdigit()
    # No script blocked by the reader site's CSP, no failure; Wagtail itself logs what axe-core
    # finds ("axe.run results") as an error, which is the checker's report, not a failure.
    assert [e for e in errors if not e.startswith("axe.run results")] == [], errors
