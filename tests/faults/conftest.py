"""Servers of our own, on loopback, that a test may kill, freeze and restart without touching
the machine's shared PostgreSQL and Redis: a PostgreSQL cluster made with initdb and run with
pg_ctl, a redis-server, and the CMS's production processes (gunicorn, worker, scheduler)."""

import contextlib
import os
import pwd
import secrets
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path

import pytest

from tests.api.server_processes import start, stop
from tests.production.test_two_processes import SETUP, Gunicorn, free_port, manage

ROOT = Path(__file__).resolve().parents[2]
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"


def postgres_binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"))), None
    )
    if not found:
        pytest.fail(f"{name} not found: the faults suite needs PostgreSQL's server binaries")
    return str(found)


def as_postgres_user() -> list[str]:
    # initdb and postgres refuse to run as root: the cluster belongs to the postgres account.
    if os.geteuid() != 0:
        return []
    pwd.getpwnam("postgres")
    return ["runuser", "-u", "postgres", "--"]


class PrivatePostgres:
    def __init__(self, base: Path):
        self.base = base
        self.data = base / "data"
        self.port = free_port()
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/terrain"
        base.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(base, "postgres")
        subprocess.run(  # noqa: S603 - fixed arguments
            [*as_postgres_user(), postgres_binary("initdb"), "-D", str(self.data), "-A", "trust",
             "-U", "postgres", "--no-sync", "-E", "UTF8"],
            check=True, capture_output=True, timeout=120,
        )  # fmt: skip

    def pg_ctl(self, *args: str) -> None:
        subprocess.run(  # noqa: S603 - fixed arguments
            [*as_postgres_user(), postgres_binary("pg_ctl"), "-D", str(self.data), "-w", *args],
            check=True, capture_output=True, timeout=60,
        )  # fmt: skip

    def start(self) -> None:
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.base} "
            "-c fsync=off -c full_page_writes=off"
        )
        self.pg_ctl("-o", options, "-l", str(self.base / "server.log"), "start")

    def stop(self) -> None:
        self.pg_ctl("-m", "fast", "stop")

    def create_database(self) -> None:
        import psycopg

        with psycopg.connect(
            f"postgresql://postgres@127.0.0.1:{self.port}/postgres", autocommit=True
        ) as admin:
            admin.execute('CREATE DATABASE "terrain"')


class PrivateRedis:
    def __init__(self, base: Path):
        self.base = base
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(  # noqa: S603 - fixed arguments
            [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "",
             "--appendonly", "no", "--dir", str(self.base)],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 10
        import redis

        while time.monotonic() < deadline:
            try:
                if redis.Redis.from_url(self.url, socket_timeout=0.5).ping():
                    return
            except redis.RedisError:
                time.sleep(0.05)
        raise AssertionError("redis-server did not start")

    def kill(self) -> None:
        self.process.kill()
        self.process.wait(timeout=10)

    def freeze(self) -> None:
        self.process.send_signal(signal.SIGSTOP)

    def thaw(self) -> None:
        self.process.send_signal(signal.SIGCONT)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.thaw()
            self.process.kill()
            self.process.wait(timeout=10)


class Process:
    """One of the Procfile's processes, started as written there (our interpreter)."""

    def __init__(self, args: list[str], env: dict, log_path: Path):
        self.log_path = log_path
        self.process = start(args, env, log_path)

    @property
    def alive(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text()[-3000:]

    def stop(self) -> None:
        stop(self.process)


@pytest.fixture
def postgres():
    # Not under pytest's tmp_path: its parents are private to root, and the cluster runs as
    # the postgres account.
    base = Path(tempfile.mkdtemp(prefix="terrain-faults-pg-"))
    base.chmod(0o755)
    server = PrivatePostgres(base)
    server.start()
    try:
        server.create_database()
        yield server
    finally:
        with contextlib.suppress(subprocess.CalledProcessError):
            server.stop()  # unless the test left it stopped
        shutil.rmtree(base, ignore_errors=True)


@pytest.fixture
def redis_server(tmp_path):
    server = PrivateRedis(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def stack(postgres, redis_server, tmp_path):
    """The CMS in production settings on the private PostgreSQL and Redis: migrated, with a
    series, a draft story and a partner key (SETUP), and gunicorn serving it."""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "CLOUDFRONT"))},
        "DJANGO_SETTINGS_MODULE": "media_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": postgres.url,
        "REDIS_URL": redis_server.url,
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "STATIC_ROOT": str(tmp_path / "static"),
        "MEDIA_ROOT": str(tmp_path / "media"),
        "LOG_LEVEL": "WARNING",
    }
    manage(env, "manage.py", "migrate", "--no-input", "-v", "0")
    import json

    created = json.loads(manage(env, input_code=SETUP).strip().splitlines()[-1])
    manage(env, input_code=PUBLISH.format(story=created["story"]))
    web = Gunicorn(env, tmp_path / "gunicorn.log", workers=2)
    web.wait_until_up()
    started = [web]
    yield {
        "url": web.url,
        "web": web,
        "env": env,
        "key": created["key"],
        "processes": started,
        **created,
    }
    for process in started:
        process.stop()


PUBLISH = """
import django
django.setup()
from stories.models import StoryPage
StoryPage.objects.get(pk={story}).save_revision().publish()
"""
