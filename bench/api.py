"""API v1 against Wagtail's generic API v2 and a bare-Django ceiling, on the same enlarged data.

    .venv/bin/python bench/api.py [--seconds 5] [--rounds 3] [--concurrency 4] [--keep DIR]
        [--uncached] [--database-url postgres://postgres@127.0.0.1:5432/bench]

The ceiling is a view on the same gunicorn, behind the project's middleware, answering a
constant body as long as the endpoint it stands beside: "v1 / ceiling" says how much of what
Django itself allows the endpoint reaches. `--uncached` turns the server-side response cache
off (API_RESPONSE_CACHE_SECONDS=0): every request is a miss.

Builds a SQLite copy of its own (migrate, seed_demo, stories copied up to 220+), serves it with
gunicorn (2 workers, 127.0.0.1 only), loads each URL for a fixed time with wrk if installed
(else a small httpx loop), prints requests/s and the ratios, and stops everything it started.
"""

import argparse
import os
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
V2_LIST = "v2 pages list (StoryPage, fields=*, limit=20)"


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


def prepare(env) -> None:
    print("preparing the data (migrate, seed_demo, enlarge)…", flush=True)
    manage(env, "migrate", "--no-input")
    manage(env, "seed_demo")
    out = manage(
        env,
        "shell",
        "-c",
        "from bench.enlarge import enlarge, make_renditions;"
        "print('STORIES', enlarge(), 'IMAGES', make_renditions())",
    )
    print("  published French stories:", re.search(r"STORIES (\d+)", out).group(1), flush=True)


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
    stop = time.monotonic() + seconds

    def worker(i):
        with httpx.Client(timeout=30, headers=headers or {}) as client:
            while time.monotonic() < stop:
                response = client.get(url)
                if response.status_code != 200:
                    raise SystemExit(f"{url} answered {response.status_code}")
                done[i] += 1

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(concurrency)]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.monotonic() - started)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="per URL and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--keep", help="reuse/keep the prepared data in this folder")
    parser.add_argument("--uncached", action="store_true", help="response cache off")
    parser.add_argument(
        "--database-url", help="an empty PostgreSQL database to use instead of SQLite"
    )
    args = parser.parse_args()

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="terrain-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATABASE_URL": args.database_url or f"sqlite:///{workdir / 'bench.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "FRONTEND_BASE_URL": "http://127.0.0.1:3000",
        "PYTHONPATH": str(ROOT),
        # Persistent database connections, as in production, for both APIs alike.
        "DATABASE_CONN_MAX_AGE": "60",
    }
    if args.uncached:
        env["API_RESPONSE_CACHE_SECONDS"] = "0"
    prepared = workdir / ("prepared-pg" if args.database_url else "bench.sqlite3")
    if not prepared.exists():
        prepare(env)
        prepared.touch()
    else:
        manage(env, "migrate", "--no-input")  # a kept database may predate newer migrations
    key = manage(
        env,
        "shell",
        "-c",
        "from series.models import Partner, PartnerAPIKey;"
        "partner = Partner.objects.filter(locale__language_code='fr').first();"
        "print('KEY', PartnerAPIKey.objects.create_key(partner=partner, name='bench',"
        " tier='premium')[1])",
    )
    partner = {"Authorization": "Api-Key " + re.search(r"KEY (\S+)", key).group(1)}

    load = load_with_wrk if shutil.which("wrk") else load_with_httpx
    print(
        f"load generator: {'wrk' if load is load_with_wrk else 'httpx threads'}, "
        f"{args.concurrency} connections, {args.seconds}s per URL",
        flush=True,
    )
    server = subprocess.Popen(
        [
            GUNICORN,
            "-w",
            "2",
            "-b",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
            "media_site.wsgi:application",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server)
        stories = httpx.get(base + "/api/v1/stories/?limit=100", timeout=120).json()["items"]
        episode = next(s for s in stories if s["series"])
        series_path = urlsplit(episode["series"]["url"]).path
        urls = {
            "v1 stories list (limit=20)": "/api/v1/stories/?limit=20",
            "v1 story detail": f"/api/v1/stories/{episode['id']}/",
            "v1 series detail": f"/api/v1/series/{episode['series']['id']}/",
            "v1 home": "/api/v1/home/?locale=fr",
            "v1 resolve (a series)": f"/api/v1/resolve/?path={series_path}",
            "v1 search": "/api/v1/search/?q=terril&locale=fr",
            "ninjs items (limit=100)": "/api/v1/syndication/items/?limit=100",
            "partner feed (RSS)": "/api/v1/syndication/feeds/rss.xml",
            V2_LIST: "/api/v2/pages/?type=stories.StoryPage&fields=*&limit=20",
            "v2 page detail": f"/api/v2/pages/{episode['id']}/",
        }
        headers = {name: partner if "ninjs" in name or "partner" in name else {} for name in urls}
        ceilings = {}
        for name, path in urls.items():
            for _ in range(3):  # warm both workers (renditions, caches, imports)
                response = httpx.get(base + path, headers=headers[name], timeout=120)
                response.raise_for_status()
            if name.startswith(("v1", "ninjs", "partner")):
                ceilings[name] = f"/bench/ceiling/{len(response.content)}/"
        # Rounds alternate the endpoints and their ceilings so that a change in the machine's
        # load hits every side; each figure is the median of its rounds.
        samples = {name: [] for name in urls}
        ceiling_samples = {name: [] for name in ceilings}
        for round_number in range(1, args.rounds + 1):
            for name, path in urls.items():
                samples[name].append(
                    load(base + path, args.seconds, args.concurrency, headers[name])
                )
                if name in ceilings:
                    ceiling_samples[name].append(
                        load(base + ceilings[name], args.seconds, args.concurrency)
                    )
            print(f"  round {round_number}/{args.rounds} done", flush=True)
        results = {name: statistics.median(values) for name, values in samples.items()}
        ceiling = {name: statistics.median(values) for name, values in ceiling_samples.items()}
        print(f"\n  {'endpoint':34s} {'req/s':>8s} {'ceiling':>8s} {'ratio':>6s}")
        for name, value in results.items():
            spread = ", ".join(f"{v:.1f}" for v in samples[name])
            if name in ceiling:
                print(
                    f"  {name:34s} {value:8.1f} {ceiling[name]:8.1f} "
                    f"{value / ceiling[name]:6.1%}   (rounds: {spread})",
                    flush=True,
                )
            else:
                print(f"  {name:34s} {value:8.1f}   (rounds: {spread})", flush=True)
        v2_list = results[V2_LIST]
        v2_detail = results["v2 page detail"]
        print()
        v1_list = results["v1 stories list (limit=20)"]
        print(f"stories list, v1 / v2 list:    {v1_list / v2_list:5.1f}×")
        print(f"story detail, v1 / v2 detail:  {results['v1 story detail'] / v2_detail:5.1f}×")
        print(f"series detail, v1 / v2 list:   {results['v1 series detail'] / v2_list:5.1f}×")
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
