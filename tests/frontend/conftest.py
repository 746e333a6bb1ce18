import socket
import threading
import time

import httpx
import pytest
import uvicorn
from starlette.testclient import TestClient

from frontend.app import create_app
from frontend.config import ReaderConfig

from .fake_api import API, READER, FakeApi

WEBHOOK_SECRET = "whsec_" + "dGVycmFpbi1yZWFkZXItdGVzdC1zZWNyZXQ="


@pytest.fixture(scope="session", autouse=True)
def _compiled_catalogues():
    """Compile the .po catalogues first, as `make locale` does, so the tests read the .mo files
    the reader site uses in production (the in-memory fallback has its own test)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    from frontend.i18n import LANGUAGES, LOCALE_DIR

    for language in LANGUAGES:
        po = LOCALE_DIR / language / "LC_MESSAGES" / "messages.po"
        with po.open("rb") as handle:
            catalog = read_po(handle, locale=language)
        with po.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog)


@pytest.fixture
def fake_api():
    return FakeApi()


@pytest.fixture
def reader_app(fake_api):
    config = ReaderConfig(
        api_base_url=API, site_url=READER, webhook_secret=WEBHOOK_SECRET, cache_ttl=0
    )
    return create_app(config, transport=httpx.MockTransport(fake_api.handler))


@pytest.fixture
def reader(reader_app):
    with TestClient(
        reader_app, base_url=READER, raise_server_exceptions=True, follow_redirects=False
    ) as client:
        yield client


@pytest.fixture
def live_cms(live_server):
    """A real CMS (pytest-django's live server) with the live test content."""
    from .live_content import build

    return build()


@pytest.fixture
def live_reader(live_server, live_cms):
    """The reader site talking over real HTTP to the live CMS."""
    config = ReaderConfig(
        api_base_url=f"{live_server.url}/api/v1",
        site_url=READER,
        webhook_secret=WEBHOOK_SECRET,
        cache_ttl=0,
    )
    with TestClient(create_app(config), base_url=READER, follow_redirects=False) as client:
        yield client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def serve_reader():
    """Start the reader site with uvicorn on 127.0.0.1 in a thread; stopped after the test."""
    servers = []

    def start(config: ReaderConfig) -> str:
        port = free_port()
        server = uvicorn.Server(
            uvicorn.Config(create_app(config), host="127.0.0.1", port=port, log_level="warning")
        )
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        servers.append((server, thread))
        deadline = time.monotonic() + 10
        while not server.started:
            assert thread.is_alive() and time.monotonic() < deadline, "reader did not start"
            time.sleep(0.05)
        return f"http://127.0.0.1:{port}"

    yield start
    for server, thread in servers:
        server.should_exit = True
        thread.join(timeout=10)
