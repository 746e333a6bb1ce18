"""The production Procfile names the processes, and its lines start as written."""

import os
import secrets
import socket
import subprocess
import time
from pathlib import Path

from django.core.management import get_commands

import httpx
import pytest
from honcho.environ import parse_procfile

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = parse_procfile((ROOT / "Procfile").read_text()).processes


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_the_procfile_names_the_five_production_processes():
    assert list(PROCESSES) == ["web", "reader", "worker", "purger", "scheduler"]
    assert PROCESSES["web"].startswith("gunicorn media_site.wsgi ")
    assert PROCESSES["reader"].startswith("uvicorn frontend.app:app ")
    assert "manage.py db_worker" in PROCESSES["worker"]
    # The reader site's purges are worked by the purger alone: never behind partner deliveries.
    assert "--exclude-queues reader" in PROCESSES["worker"]
    assert "manage.py db_worker --queue-name reader" in PROCESSES["purger"]
    assert "manage.py run_scheduler" in PROCESSES["scheduler"]
    assert {"db_worker", "run_scheduler"} <= set(get_commands())


@pytest.mark.live
@pytest.mark.parametrize(
    ("process", "port_variable", "path"),
    [("web", "PORT", "/healthz"), ("reader", "READER_PORT", "/")],
)
def test_a_procfile_line_starts_a_server_as_written(process, port_variable, path, tmp_path):
    port = free_port()
    env = {
        **os.environ,
        "PATH": f"{ROOT / '.venv' / 'bin'}{os.pathsep}{os.environ['PATH']}",
        "HOST": "127.0.0.1",
        port_variable: str(port),
        "DJANGO_SETTINGS_MODULE": "media_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "API_BASE_URL": f"http://127.0.0.1:{free_port()}/api/v1",  # no CMS needed for this
        "SITE_URL": f"http://127.0.0.1:{port}",  # the reader's public origin, required here
    }
    log = (tmp_path / "server.log").open("w")
    server = subprocess.Popen(  # noqa: S603
        ["/bin/sh", "-c", f"exec {PROCESSES[process]}"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 90  # a loaded CI machine starts Django slowly
        while True:
            assert server.poll() is None, (tmp_path / "server.log").read_text()[-2000:]
            try:
                response = httpx.get(f"http://127.0.0.1:{port}{path}", timeout=5)
                break
            except httpx.TransportError:
                assert time.monotonic() < deadline, (tmp_path / "server.log").read_text()
                time.sleep(0.2)
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()
    if process == "web":
        assert response.status_code == 200
        assert response.json() == {"status": "ok"}
    else:  # the reader site answers (its home sends readers to their language)
        assert response.headers["server"] == "uvicorn"
        assert response.status_code in {200, 302, 307}


DEV_PROCESSES = parse_procfile((ROOT / "Procfile.dev").read_text()).processes


def manage_py_children_of(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True)  # noqa: S603, S607
    children = []
    for child in map(int, found.stdout.split()):
        try:
            if b"manage.py" in Path(f"/proc/{child}/cmdline").read_bytes():
                children.append(child)
        except OSError:
            pass  # it ended between the listing and the look
    return children


@pytest.mark.live
@pytest.mark.parametrize("process", ["worker", "scheduler"])
def test_make_run_restarts_the_worker_and_the_scheduler_if_they_die(process, tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "media_site.settings.dev",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
    }
    line = DEV_PROCESSES[process]
    # As honcho runs it: a shell of its own session, killed as a group on Ctrl-C.
    shell = subprocess.Popen(  # noqa: S603
        ["/bin/sh", "-c", line],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not (first := manage_py_children_of(shell.pid)):
            assert time.monotonic() < deadline
            time.sleep(0.2)
        os.kill(first[0], 9)
        while not [pid for pid in manage_py_children_of(shell.pid) if pid not in first]:
            assert time.monotonic() < deadline, "the process was not started again"
            time.sleep(0.2)
        assert shell.poll() is None
    finally:
        os.killpg(shell.pid, 15)
        shell.wait(timeout=20)
