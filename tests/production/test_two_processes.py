"""Several stateless processes, one truth: two gunicorn processes of the CMS, with the
production settings, on one PostgreSQL database (created and dropped here) and one Redis.
A publish through one is visible through the other at once, the partner throttle is shared,
and WhiteNoise serves the collected static files.

Needs PostgreSQL and Redis on loopback (always there on this machine and in CI)."""

import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import httpx
import psycopg
import pytest

from series.partner_access import RATE_LIMIT_TIERS

ROOT = Path(__file__).resolve().parents[2]
POSTGRES = os.environ.get("TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
REDIS_DB = 12  # a Redis database of its own, flushed by the test

pytestmark = pytest.mark.live

SETUP = """
import json, django
django.setup()
from django.contrib.auth import get_user_model
from tests import factories as f
get_user_model().objects.create_superuser("chief", "chief@example.org", "a-long-passphrase")
series = f.make_series("Bassin minier")
story = f.make_story("Le terril", parent=series, publish=False)
api_key, key = f.make_partner_key(tier="basic")
print(json.dumps({"story": story.pk, "series": series.pk, "key": key}))
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def postgres_database():
    name = f"terrain_twoproc_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgres://{POSTGRES.split('://', 1)[1]}/{name}"
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def production_env(postgres_database, tmp_path):
    import redis

    redis_url = f"redis://127.0.0.1:6379/{REDIS_DB}"
    redis.Redis.from_url(redis_url).flushdb()
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CLOUDFRONT"))},
        "DJANGO_SETTINGS_MODULE": "media_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": postgres_database,
        "REDIS_URL": redis_url,
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",  # plain HTTP on loopback; TLS ends at the proxy
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
    }
    yield env
    redis.Redis.from_url(redis_url).flushdb()


def manage(env, *args, input_code=None) -> str:
    command = [sys.executable, "-c", input_code] if input_code else [sys.executable, *args]
    result = subprocess.run(  # noqa: S603 (our interpreter, fixed arguments)
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-3000:]
    return result.stdout


class Gunicorn:
    def __init__(self, env, log_path: Path, workers: int = 1):
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        with log_path.open("w") as log:
            self.process = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "gunicorn", "media_site.wsgi", "--bind",
                 f"127.0.0.1:{self.port}", "--workers", str(workers)],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )  # fmt: skip

    def wait_until_up(self):
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise AssertionError(f"gunicorn exited: {self.log_path.read_text()[-2000:]}")
            try:
                if httpx.get(f"{self.url}/healthz", timeout=2).status_code == 200:
                    return
            except httpx.TransportError:
                time.sleep(0.2)
        raise AssertionError(f"gunicorn did not start: {self.log_path.read_text()[-2000:]}")

    def stop(self):
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


class AdminSession:
    """An editor's browser on plain HTTP. Production cookies are `Secure`, which HTTP cookie
    jars rightly refuse to send over http://, so this one carries them by hand."""

    def __init__(self, base_url: str):
        self.base_url = base_url
        self.cookies: dict[str, str] = {}
        self.http = httpx.Client(base_url=base_url, timeout=20)

    def request(self, method, path, **kwargs):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        response = self.http.request(method, path, headers=headers, **kwargs)
        for header in response.headers.get_list("set-cookie"):
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response

    def csrf_token(self, path) -> str:
        page = self.request("GET", path)
        assert page.status_code == 200, page.text[:500]
        return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)

    def log_in(self, username, password):
        token = self.csrf_token("/admin/login/")
        response = self.request(
            "POST",
            "/admin/login/",
            data={"username": username, "password": password, "csrfmiddlewaretoken": token},
        )
        assert response.status_code == 302, response.text[:500]

    def post_form(self, path, data=None):
        token = self.csrf_token(path)
        return self.request("POST", path, data={"csrfmiddlewaretoken": token, **(data or {})})


def story_titles(server: Gunicorn) -> list[str]:
    response = httpx.get(f"{server.url}/api/v1/stories/?locale=fr", timeout=10)
    assert response.status_code == 200, response.text[:500]
    return [item["title"] for item in response.json()["items"]]


def test_a_publish_through_one_process_is_seen_at_once_through_the_other(production_env, tmp_path):
    # collectstatic needs no database: run it while the migrations run.
    collecting = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v", "0"],
        cwd=ROOT,
        env=production_env,
    )
    try:
        manage(production_env, "manage.py", "migrate", "--no-input")
    finally:
        assert collecting.wait(timeout=300) == 0
    ids = json.loads(manage(production_env, input_code=SETUP).strip().splitlines()[-1])

    editor_side = Gunicorn(production_env, tmp_path / "a.log")
    reader_side = Gunicorn(production_env, tmp_path / "b.log")
    try:
        editor_side.wait_until_up()
        reader_side.wait_until_up()
        assert story_titles(reader_side) == []  # the draft is invisible, and B has answered

        editor = AdminSession(editor_side.url)
        editor.log_in("chief", "a-long-passphrase")
        published = editor.post_form(
            f"/admin/bulk/wagtailcore/page/publish/?id={ids['story']}&next=/admin/"
        )
        assert published.status_code == 302, published.text[:500]
        assert story_titles(reader_side) == ["Le terril"]
        detail = httpx.get(f"{reader_side.url}/api/v1/stories/{ids['story']}/", timeout=10)
        assert detail.status_code == 200

        unpublished = editor.post_form(f"/admin/pages/{ids['story']}/unpublish/")
        assert unpublished.status_code == 302, unpublished.text[:500]
        assert story_titles(reader_side) == []
        gone = httpx.get(f"{reader_side.url}/api/v1/stories/{ids['story']}/", timeout=10)
        assert gone.status_code == 404

        # The partner throttle counts in Redis: the basic tier's limit holds across both.
        limit = RATE_LIMIT_TIERS["basic"]["minute"]
        if time.time() % 60 > 50:  # stay inside one minute window
            time.sleep(61 - time.time() % 60)
        headers = {"Authorization": f"Api-Key {ids['key']}"}
        statuses = [
            httpx.get(
                f"{server.url}/api/v1/syndication/items/?limit=1", headers=headers, timeout=10
            ).status_code
            for n in range(limit + 4)
            for server in [(editor_side, reader_side)[n % 2]]
        ]
        assert statuses == [200] * limit + [429] * 4, statuses

        # WhiteNoise serves what collectstatic gathered, from either process.
        manifest = json.loads(
            (Path(production_env["STATIC_ROOT"]) / "staticfiles.json").read_text()
        )
        hashed = manifest["paths"]["wagtailadmin/css/core.css"]
        static = httpx.get(f"{reader_side.url}/static/{hashed}", timeout=10)
        assert static.status_code == 200
        assert "max-age=315360000" in static.headers["cache-control"]

        ready = httpx.get(f"{reader_side.url}/readyz", timeout=10)
        assert ready.status_code == 200, ready.text
    finally:
        editor_side.stop()
        reader_side.stop()
