"""Requests per second that one CMS origin serves, by gunicorn worker count, with the
production settings on PostgreSQL + Redis (both on loopback) and the demo content.

    .venv/bin/python bench/origin_throughput.py [--workers 1 2] [--requests 200]

Creates a PostgreSQL database of its own and drops it at the end; every server it starts
listens on 127.0.0.1 and is stopped. The load generator runs on the same machine, so the
figures are for comparing worker counts and releases, not absolute capacity.
"""

import argparse
import os
import secrets
import socket
import subprocess
import sys
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
POSTGRES = os.environ.get("BENCH_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432")
PATHS = ["/healthz", "/api/v1/stories/?locale=fr", "/api/v1/series/?locale=fr"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def load(base: str, path: str, requests: int, concurrency: int) -> float:
    def client(_):
        with httpx.Client(timeout=60) as http:
            for _ in range(requests // concurrency):
                http.get(base + path).raise_for_status()

    with ThreadPoolExecutor(concurrency) as pool:
        list(pool.map(client, range(concurrency)))  # warm-up
        started = time.perf_counter()
        list(pool.map(client, range(concurrency)))
    return requests // concurrency * concurrency / (time.perf_counter() - started)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--requests", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=8)
    args = parser.parse_args()

    database = f"terrain_bench_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{database}"')
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "media_site.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"postgres://{POSTGRES.split('://', 1)[1]}/{database}",
        "REDIS_URL": "redis://127.0.0.1:6379/11",
        "WAGTAILADMIN_BASE_URL": "http://127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "MEDIA_ROOT": str(ROOT / ".run" / "bench-media"),
        "LOG_LEVEL": "WARNING",
    }
    manage = [sys.executable, "manage.py"]
    try:
        for command in (["migrate", "--no-input"], ["seed_demo"], ["regenerate_renditions"]):
            subprocess.run([*manage, *command], cwd=ROOT, env=env, check=True)  # noqa: S603
        print("| gunicorn workers | " + " | ".join(f"`{p}` req/s" for p in PATHS) + " |")
        print("|---|" + "---|" * len(PATHS))
        for workers in args.workers:
            port = free_port()
            server = subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "gunicorn", "media_site.wsgi", "--bind",
                 f"127.0.0.1:{port}", "--workers", str(workers)],
                cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )  # fmt: skip
            try:
                base = f"http://127.0.0.1:{port}"
                for _ in range(100):
                    try:
                        httpx.get(base + "/healthz", timeout=2)
                        break
                    except httpx.TransportError:
                        time.sleep(0.2)
                rates = [load(base, path, args.requests, args.concurrency) for path in PATHS]
                print(f"| {workers} | " + " | ".join(f"{rate:.0f}" for rate in rates) + " |")
            finally:
                server.terminate()
                server.wait(timeout=60)
    finally:
        with psycopg.connect(f"{POSTGRES}/postgres", autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{database}" WITH (FORCE)')


if __name__ == "__main__":
    main()
