"""The Wagtail admin in headless Chromium, driven as a Journalist and as an Editor.

Debian's chromium through Playwright (never `playwright install`), one browser for the whole
package; the CMS is pytest-django's live server on 127.0.0.1, the reader site is created
in-process against it over real HTTP. Every page watches its console and network log: a test
ends with `admin.assert_clean()`, which fails on any console error or 4xx/5xx answer the test
did not announce with `admin.expect_refusal(...)`.
"""

import os
import re
from pathlib import Path

from django.conf import settings

import pytest

from tests import factories
from tests.chromium import AXE, headless_chromium

OUTPUT = Path(__file__).resolve().parents[2] / "test-output" / "admin"
VIEWPORT = {"width": 1366, "height": 900}

# Known axe findings in Wagtail's own markup (not the project's), each with its reason.
# Keyed by rule id; a value is a substring of the offending node's selector.
WAGTAIL_AXE_EXCEPTIONS: dict[str, tuple[str, ...]] = {
    # Wagtail's tag field (jQuery UI tag-it) inserts its own text input, unlabelled, next to
    # the labelled hidden field: Wagtail's markup, not ours.
    # wagtail-localize's translation editor is a React app styled with styled-components
    # (class names "sc-…"): its teal segment headings fail contrast (#00b0b1 on white) and its
    # PO-file upload input has no label. Its markup, not ours.
    "color-contrast": (".sc-",),
    "label": (".ui-autocomplete-input", ".sc-"),
    # Draftail's contenteditable (class "notranslate") gets no accessible name when its
    # rich text block sits directly in a StreamField: Wagtail labels the block, not the editor.
    "aria-input-field-name": (".notranslate",),
}


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the package.

    While Playwright's sync API is alive, this thread has a running event loop, so Django
    (through asgiref) keeps its connections per async context and would hand the tests a new
    connection object: one without the serialized test database, whose flush at the end of a
    test recreates content types under new ids and breaks the next test that restores the
    database. The tests keep the thread's own connections. Django would also refuse ORM calls
    from the test: allowed for the package's lifetime only (the live server is not affected).
    """
    from django.db import connections

    own = {alias: connections[alias] for alias in connections}
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with headless_chromium() as browser:
            for alias, connection in own.items():
                connections[alias] = connection
            yield browser
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def journalist():
    return factories.make_journalist("julie", first_name="Julie", last_name="Reporter")


@pytest.fixture
def editor():
    return factories.make_editor("emile", first_name="Émile", last_name="Chef")


class Admin:
    """One signed-in person's browser context: console and network watched, media served from
    MEDIA_ROOT (pytest-django's live server serves static files, not media; a CDN would)."""

    def __init__(self, browser, live_server, name: str):
        self.name = name
        self.url = live_server.url
        self.context = browser.new_context(
            locale="fr-FR",
            viewport=VIEWPORT,
            base_url=live_server.url,
            # No transitions: axe measures colours, not a message bar halfway through fading in.
            reduced_motion="reduce",
        )
        self.context.set_default_timeout(30_000)  # a shared, busy CI machine
        self.page = self.context.new_page()
        self.console: list[str] = []
        self.failures: list[tuple[int, str, str]] = []
        self.expected: list[tuple[int, re.Pattern]] = []
        self.bodies: dict[tuple, str] = {}
        self.page.on("console", self._on_console)
        self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
        self.page.on("response", self._on_response)
        self.context.route(f"{live_server.url}/media/**", self._serve_media)

    def _on_console(self, message):
        if message.type == "error":
            self.console.append(f"{message.text} @ {message.location.get('url')}")

    def _on_response(self, response):
        if response.status >= 400:
            failure = (response.status, response.request.method, response.url)
            self.failures.append(failure)
            try:  # what the admin said, for the report of a failing test
                self.bodies[failure] = response.text()[:300]
            except Exception as error:  # noqa: BLE001 - a closed page has no body to show
                self.bodies[failure] = repr(error)

    @staticmethod
    def _serve_media(route):
        relative = route.request.url.split("/media/", 1)[1].split("?", 1)[0]
        path = Path(settings.MEDIA_ROOT) / relative
        if path.is_file():
            route.fulfill(path=str(path))
        else:
            route.fulfill(status=404, body="missing")

    # --- signing in -------------------------------------------------------------------------

    def log_in(self, user, password=factories.PASSWORD):
        """Through the login form, as a person does."""
        self.page.goto("/admin/login/")
        self.page.fill("input[name=username]", user.get_username())
        self.page.fill("input[name=password]", password)
        self.page.locator("form button[type=submit]").click()
        self.page.wait_for_url(re.compile(r"/admin/$"))
        return self

    def sign_in(self, user):
        """A session made on the server side, for journeys that don't test the login form."""
        from django.test import Client

        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        self.context.add_cookies(
            [{"name": settings.SESSION_COOKIE_NAME, "value": cookie.value, "url": self.url}]
        )
        return self

    # --- checks -----------------------------------------------------------------------------

    def expect_refusal(self, status: int, url_pattern: str):
        """Announce an answer that is part of the journey (a refused action)."""
        self.expected.append((status, re.compile(url_pattern)))

    def unexpected_failures(self):
        return [
            failure
            for failure in self.failures
            if not any(
                status == failure[0] and pattern.search(failure[2])
                for status, pattern in self.expected
            )
        ]

    def unexpected_console_errors(self):
        """Console errors, less the browser's own report of an announced refusal."""
        return [
            line
            for line in self.console
            if not (
                line.startswith("Failed to load resource")
                and any(pattern.search(line) for _, pattern in self.expected)
            )
        ]

    def assert_clean(self):
        console = self.unexpected_console_errors()
        assert console == [], f"console errors for {self.name}: {console}"
        unexpected = [(f, self.bodies.get(f)) for f in self.unexpected_failures()]
        assert unexpected == [], f"{self.name}: {unexpected}"

    def axe(self) -> list[str]:
        """Serious and critical WCAG 2 A/AA violations on the current page."""
        # Measure colours at rest, not a message bar halfway through fading in. A cancelled
        # animation rejects `finished` with an AbortError: it is at rest too.
        self.page.evaluate(
            "() => Promise.all(document.getAnimations()"
            ".map((animation) => animation.finished.catch(() => null)))"
        )
        self.page.evaluate(AXE.read_text())
        result = self.page.evaluate(
            """() => axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa"]}})"""
        )
        found = []
        for violation in result["violations"]:
            if violation["impact"] not in ("serious", "critical"):
                continue
            allowed = WAGTAIL_AXE_EXCEPTIONS.get(violation["id"], ())
            targets = [
                " ".join(map(str, node["target"]))
                + "".join(f" — {check['message']}" for check in node.get("any", [])[:1])
                for node in violation["nodes"]
                if not any(known in " ".join(map(str, node["target"])) for known in allowed)
            ]
            if targets:
                found.append(f"{violation['id']} ({violation['impact']}): {targets[:4]}")
        return found

    def shot(self, name: str):
        OUTPUT.mkdir(parents=True, exist_ok=True)
        target = OUTPUT / f"{name}.png"
        self.page.screenshot(path=str(target), full_page=True)
        return target

    def close(self):
        self.context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.call_failed = report.failed
    return report


@pytest.fixture
def open_admin(request, browser, live_server):
    """Opens a browser context per person; on failure, each one's last screen is kept."""
    opened = []

    def open_(name: str) -> Admin:
        admin = Admin(browser, live_server, name)
        opened.append(admin)
        return admin

    yield open_
    for admin in opened:
        if getattr(request.node, "call_failed", False):
            admin.shot(f"FAILED-{request.node.name}-{admin.name}")
            (OUTPUT / f"FAILED-{request.node.name}-{admin.name}.html").write_text(
                admin.page.content()
            )
        admin.close()
