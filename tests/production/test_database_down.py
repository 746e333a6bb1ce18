"""The database goes away under a running CMS (gunicorn, production settings, PostgreSQL
reached through a relay the test cuts): the API answers 503 problems with Retry-After, the
admin a 503 page saying nothing was lost, /readyz names the database; when the database is
back, the same processes answer again without a restart."""

import subprocess
import sys
import time

import httpx
import pytest

from .tcp_proxy import TcpRelay
from .test_two_processes import (  # noqa: F401 (fixtures)
    ROOT,
    SETUP,
    AdminSession,
    Gunicorn,
    manage,
    postgres_database,
    production_env,
)

pytestmark = pytest.mark.live


@pytest.fixture
def relay():
    relay = TcpRelay("127.0.0.1", 5432).start()
    yield relay
    relay.cut()


@pytest.fixture
def relayed_env(production_env, relay):  # noqa: F811 (the imported fixture)
    env = dict(production_env)
    env["DATABASE_URL"] = env["DATABASE_URL"].replace(":5432/", f":{relay.port}/")
    assert str(relay.port) in env["DATABASE_URL"]
    return env


def test_the_database_going_away_gives_503s_and_coming_back_heals(relayed_env, relay, tmp_path):
    collecting = subprocess.Popen(  # noqa: S603 (our interpreter, fixed arguments)
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=relayed_env,
    )
    try:
        manage(relayed_env, "manage.py", "migrate", "--no-input", "-v", "0")
    finally:
        assert collecting.wait(timeout=300) == 0
    manage(relayed_env, input_code=SETUP)
    server = Gunicorn(relayed_env, tmp_path / "gunicorn.log")
    try:
        server.wait_until_up()
        assert httpx.get(f"{server.url}/api/v1/stories/", timeout=10).status_code == 200
        editor = AdminSession(server.url)
        editor.log_in("chief", "a-long-passphrase")
        assert editor.request("GET", "/admin/").status_code == 200

        relay.cut()
        # A request the response cache has never seen: it must reach the database.
        api = httpx.get(f"{server.url}/api/v1/stories/?limit=3", timeout=10)
        assert api.status_code == 503, api.text
        assert api.headers["Content-Type"] == "application/problem+json"
        assert api.headers["Retry-After"] == "5"
        assert api.json()["type"] == "urn:terrain:problem:database-unavailable"
        # The editor's next click needs her session, kept in the database.
        admin = editor.request("GET", "/admin/pages/")
        assert admin.status_code == 503, admin.text[:500]
        assert admin.headers["Retry-After"] == "5"
        assert "La base de données ne répond pas" in admin.text
        ready = httpx.get(f"{server.url}/readyz", timeout=10)
        assert ready.status_code == 503 and "database" in ready.text

        relay.start()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline:
            back = httpx.get(f"{server.url}/api/v1/stories/?limit=4", timeout=10)
            if back.status_code == 200:
                break
            time.sleep(0.5)
        assert back.status_code == 200, back.text
        assert editor.request("GET", "/admin/pages/").status_code == 200
        assert "Internal Server Error" not in (tmp_path / "gunicorn.log").read_text()
    finally:
        server.stop()
