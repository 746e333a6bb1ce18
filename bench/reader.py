"""The reader site's story page against the API detail call it makes, side by side.

    .venv/bin/python bench/reader.py [--seconds 8] [--concurrency 4] [--keep DIR]

Builds a SQLite copy of its own (migrate, seed_demo), serves the CMS with gunicorn (2 workers)
and the reader site with uvicorn (1 process, twice: API responses held fresh for 30 s, and
READER_CACHE_TTL=0 so every page revalidates with If-None-Match), all on 127.0.0.1. For one
episode page it prints requests/s under load and the median latency of sequential warm
requests, for the reader page and for the API call behind it (resolve/?path=), and the ratios.
Everything it started is stopped at the end.
"""

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.api import free_port, load_with_httpx, load_with_wrk, manage  # noqa: E402

BIN = ROOT / ".venv" / "bin"


def start(command: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)


def stop(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


def wait_for(url: str, process: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"the server for {url} exited early")
        try:
            httpx.get(url, timeout=2)
            return
        except httpx.HTTPError:
            time.sleep(0.3)
    sys.exit(f"{url} did not start")


def median_latency_ms(url: str, count: int) -> float:
    timings = []
    with httpx.Client(timeout=30) as client:
        for _ in range(count):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            if response.status_code != 200:
                sys.exit(f"{url} answered {response.status_code}")
    return statistics.median(timings)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--requests", type=int, default=200, help="sequential, for the median")
    parser.add_argument("--keep", help="reuse/keep the prepared data in this folder")
    args = parser.parse_args()

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="terrain-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    cms_port, fresh_port, revalidating_port = free_port(), free_port(), free_port()
    cms = f"http://127.0.0.1:{cms_port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": f"sqlite:///{workdir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "FRONTEND_BASE_URL": f"http://127.0.0.1:{fresh_port}",
        "PYTHONPATH": str(ROOT),
    }
    if not (workdir / "bench.sqlite3").exists():
        print("preparing the data (migrate, seed_demo)…", flush=True)
        manage(env, "migrate", "--no-input")
        manage(env, "seed_demo")

    reader_env = {**env, "API_BASE_URL": f"{cms}/api/v1", "LOG_LEVEL": "WARNING"}
    processes = []
    try:
        gunicorn = [str(BIN / "gunicorn"), "-w", "2", "-b", f"127.0.0.1:{cms_port}"]
        processes.append(
            start([*gunicorn, "--log-level", "warning", "media_site.wsgi:application"], env)
        )
        wait_for(f"{cms}/api/v1/", processes[-1])
        readers = {}
        for name, port, ttl in (
            ("fresh", fresh_port, "30"),
            ("revalidating", revalidating_port, "0"),
        ):
            uvicorn = [str(BIN / "uvicorn"), "frontend.app:app", "--host", "127.0.0.1"]
            command = [*uvicorn, "--port", str(port), "--log-level", "warning", "--no-access-log"]
            processes.append(start(command, {**reader_env, "READER_CACHE_TTL": ttl}))
            readers[name] = f"http://127.0.0.1:{port}"
            wait_for(readers[name] + "/robots.txt", processes[-1])

        stories = httpx.get(f"{cms}/api/v1/stories/", params={"limit": 100}, timeout=60).json()
        episode = next(s for s in stories["items"] if s["series"])
        path = urlsplit(episode["url"]).path
        urls = {
            "API resolve/?path= (the call the page makes)": (
                f"{cms}/api/v1/resolve/?{urlencode({'path': path})}"
            ),
            "reader story page, cache fresh (TTL 30 s)": readers["fresh"] + path,
            "reader story page, revalidating (TTL 0, 304s)": readers["revalidating"] + path,
        }
        load = load_with_wrk if shutil.which("wrk") else load_with_httpx
        print(
            f"story: {path}\nload generator: {'wrk' if load is load_with_wrk else 'httpx'}, "
            f"{args.concurrency} connections, {args.seconds}s per URL; "
            f"median of {args.requests} sequential warm requests",
            flush=True,
        )
        results = {}
        for name, url in urls.items():
            for _ in range(5):  # warm: imports, templates, the reader's cache, renditions
                httpx.get(url, timeout=60).raise_for_status()
            throughput = load(url, args.seconds, args.concurrency)
            latency = median_latency_ms(url, args.requests)
            results[name] = (throughput, latency)
            print(f"  {name:48s} {throughput:8.1f} req/s  median {latency:6.2f} ms", flush=True)
        api_rps, api_ms = results[next(iter(urls))]
        print()
        for name in list(urls)[1:]:
            rps, ms = results[name]
            print(
                f"{name}: {rps / api_rps:5.2f}× the API's req/s, "
                f"{ms / api_ms:5.2f}× its median latency"
            )
    finally:
        for process in reversed(processes):
            stop(process)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
