"""A reader in headless Chromium: the journey, console errors, axe-core, screenshots.

Debian's chromium driven by Playwright (never `playwright install`); the CMS is pytest-django's
live server, the reader site a uvicorn server in a thread, both on 127.0.0.1 and stopped here.
"""

from pathlib import Path

from django.conf import settings

import pytest

from frontend.config import ReaderConfig
from tests.chromium import AXE, headless_chromium

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "browser"
WIDTHS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 900}}

pytestmark = [
    pytest.mark.browser,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def reader_url(live_server, live_cms, serve_reader):
    return serve_reader(ReaderConfig(api_base_url=f"{live_server.url}/api/v1", cache_ttl=0))


@pytest.fixture
def browser(reader_url):
    with headless_chromium() as browser:
        yield browser


class Reader:
    """One browser page with its console watched and CMS media served from MEDIA_ROOT."""

    def __init__(self, browser, live_server, viewport):
        self.page = browser.new_page(viewport=viewport, locale="fr-FR")
        self.errors: list[str] = []
        self.page.on("console", lambda m: self.errors.append(m.text) if m.type == "error" else None)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        # pytest-django's live server does not serve media; a CDN would.
        self.page.route(f"{live_server.url}/media/**", self.serve_media)

    @staticmethod
    def serve_media(route):
        relative = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        path = Path(settings.MEDIA_ROOT) / relative
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404, body="missing")

    def axe_violations(self) -> list[str]:
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            """() => axe.run(document, {runOnly: {type: "tag",
                values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}})"""
        )
        return [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in result["violations"]
            if v["impact"] in ("serious", "critical")
        ]


def test_a_reader_journey_without_console_error_or_serious_axe_violation(
    browser, live_server, reader_url, live_cms
):
    reader = Reader(browser, live_server, WIDTHS["desktop"])
    page = reader.page
    checked = {}

    page.goto(f"{reader_url}/")
    assert page.url == f"{reader_url}/fr/"
    checked["home"] = reader.axe_violations()

    page.get_by_role("link", name="Après la mine").first.click()
    page.wait_for_url("**/fr/series/apres-la-mine/")
    assert page.locator("h1").inner_text() == "Après la mine"
    assert "Fondation du Bassin" in page.locator("#partners + ul, .partners").first.inner_text()
    checked["series"] = reader.axe_violations()

    page.locator(".episodes").get_by_role("link", name="Épisode 1 : la mine").click()
    page.wait_for_url("**/episode-1-la-mine/")
    assert "Épisode 1 sur 3" in page.locator(".story-header").text_content()
    checked["story"] = reader.axe_violations()

    page.locator("a[rel=next]").click()
    page.wait_for_url("**/episode-2-la-mine/")
    assert "Épisode 2 sur 3" in page.locator(".story-header").text_content()

    page.locator(".story-facts").get_by_role("link", name="Loos-en-Gohelle").click()
    page.wait_for_url("**/fr/territoires/loos-en-gohelle/")
    assert page.locator("h1").inner_text() == "Loos-en-Gohelle"
    assert page.locator(".territory-map svg circle").count() >= 2
    checked["territory"] = reader.axe_violations()

    page.locator(".language-switch a").click()
    page.wait_for_url("**/en/territories/loos-en-gohelle/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.locator("h1").inner_text() == "Loos-en-Gohelle"

    assert reader.errors == []
    assert {name: found for name, found in checked.items() if found} == {}


def test_screenshots_at_phone_and_desktop_widths(browser, live_server, reader_url, live_cms):
    OUTPUT.mkdir(parents=True, exist_ok=True)
    pages = {
        "home": "/fr/",
        "series": "/fr/series/apres-la-mine/",
        "story": "/fr/series/apres-la-mine/episode-1-la-mine/",
        "territory": "/fr/territoires/loos-en-gohelle/",
    }
    for width_name, viewport in WIDTHS.items():
        reader = Reader(browser, live_server, viewport)
        for name, path in pages.items():
            response = reader.page.goto(reader_url + path)
            assert response.status == 200
            # nothing wider than the screen: a phone reader never scrolls sideways
            overflow = reader.page.evaluate(
                "() => document.documentElement.scrollWidth - window.innerWidth"
            )
            assert overflow <= 0, f"{name} overflows by {overflow}px at {width_name} width"
            target = OUTPUT / f"{name}-{width_name}.png"
            reader.page.screenshot(path=str(target), full_page=True)
            assert target.stat().st_size > 10_000
        assert reader.errors == []
        reader.page.close()


def test_pages_read_without_css_or_javascript(browser, live_server, reader_url, live_cms):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.route("**/*.css", lambda route: route.abort())
    page.goto(f"{reader_url}/fr/series/apres-la-mine/episode-1-la-mine/")
    text = page.locator("body").inner_text()
    assert "Épisode 1 : la mine" in text and "Trente ans de transition" in text
    assert "Épisode 2 : la mine" in text  # navigation to the next episode is plain links
    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/series/after-the-mine/episode-1/")
    context.close()


def test_the_axe_check_does_report_a_serious_violation(browser, live_server):
    """Guards the guard: an image without alt text on a page must fail the check above."""
    reader = Reader(browser, live_server, WIDTHS["phone"])
    reader.page.set_content('<html lang="fr"><title>t</title><main><img src="data:,"></main>')
    assert any(found.startswith("image-alt") for found in reader.axe_violations())
