"""What bench/api.py drives: manage.py commands, the processes it starts (gunicorn, the
worker, the newsroom) and stops by their process group, and the load generators."""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env, *args, stdin: str | None = None) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def timed_manage(env, *args) -> tuple[str, float]:
    started = time.perf_counter()
    out = manage(env, *args)
    return out, time.perf_counter() - started


def shell(env, code: str) -> str:
    return manage(env, "shell", "-c", code)


def start(env, *command: str, stdout=None, stderr=None) -> subprocess.Popen:
    """A process in a session of its own, so that stopping it stops its children too."""
    return subprocess.Popen(
        list(command),
        cwd=ROOT,
        env=env,
        start_new_session=True,
        stdout=stdout,
        stderr=stderr,
        text=True,
    )


def stop(process: subprocess.Popen | None) -> None:
    if process is None or process.poll() is not None:
        return
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def gunicorn(env, port: int) -> subprocess.Popen:
    return start(
        env,
        GUNICORN,
        *("-w", "2", "-b", f"127.0.0.1:{port}", "--log-level", "warning"),
        "media_site.wsgi:application",
    )


def worker(env, log: Path) -> subprocess.Popen:
    """As `make run` starts it (Procfile.dev): every queue but the reader site's purges.
    What it says of each task goes to `log`."""
    with log.open("a") as out:
        return start(
            env,
            PYTHON,
            *("manage.py", "db_worker", "--queue-name", "*", "--exclude-queues", "reader"),
            "--no-reload",
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def wait_until_up(base: str, process) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit("gunicorn exited early")
        try:
            httpx.get(base + "/api/v1/", timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    sys.exit("gunicorn did not start")


def load_with_wrk(url: str, seconds: int, concurrency: int, headers=None) -> float:
    options = [arg for name, value in (headers or {}).items() for arg in ("-H", f"{name}: {value}")]
    out = subprocess.run(
        ["wrk", "-t2", f"-c{concurrency}", f"-d{seconds}s", *options, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in out:
        sys.exit(f"non-2xx answers from {url}:\n{out}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))


def load_with_httpx(url: str, seconds: int, concurrency: int, headers=None) -> float:
    done = [0] * concurrency
    stop_at = time.monotonic() + seconds

    def client(i):
        with httpx.Client(timeout=30, headers=headers or {}) as http:
            while time.monotonic() < stop_at:
                response = http.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
                done[i] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def load_generator():
    return load_with_wrk if shutil.which("wrk") else load_with_httpx


def percentile(values, fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]
