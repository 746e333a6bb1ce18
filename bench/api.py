"""API v1 against Wagtail's generic API v2 and a bare-Django ceiling, on the same enlarged data,
and the read model's figures of issue 11 (newsroom mix, corpus size, freshness, storage).

    .venv/bin/python bench/api.py [--seconds 5] [--rounds 3] [--concurrency 4] [--keep DIR]
        [--database-url postgres://postgres@127.0.0.1:5432/bench]
        [--newsroom] [--freshness [PUBLISHES]] [--stories N]

    # everything the issue asks for, on SQLite then on an empty PostgreSQL database:
    .venv/bin/python bench/api.py --newsroom --freshness --stories 5000
    .venv/bin/python bench/api.py --newsroom --freshness --stories 5000 \\
        --database-url postgres://postgres@127.0.0.1:5432/bench_a

Builds the data (migrate, seed_demo, stories copied up to 220+, renditions), works off the
queue those writes left (the search and reference indexes, renditions; the read model's own
tasks are dropped: `rebuild_documents` renders everything next, and is timed), then serves it
with gunicorn (2 workers, 127.0.0.1 only) beside the task worker, as `make run` starts it.

- The ceiling table: every v1 endpoint on a miss beside a view on the same gunicorn, behind the
  project's middleware, answering a constant body as long as the endpoint's. There is no
  server-side response cache: every request is a miss, served from the stored documents.
- `--newsroom`: list and detail quiet, then while `bench/newsroom.py mix` saves a draft every
  second and publishes an edit every 10 s; quiet and busy rounds alternate.
- `--freshness`: publishes edits (bench/newsroom.py freshness) and times when the story's own
  detail, the stories list and a dependent document (the next episode's `previous`) show it.
- `--stories N`: list and detail at 220, then the corpus enlarged to N stories in bulk
  (bench/enlarge.py), `rebuild_documents` timed, and list and detail again.
- Always: bytes per story of the stored documents, and the load average at start and end.

Loads each URL for a fixed time with wrk if installed (else a small httpx loop); each figure is
the median of its rounds. Stops everything it started.
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench import harness  # noqa: E402
from bench.harness import PYTHON, ROOT, percentile  # noqa: E402

V2_LIST = "v2 pages list (StoryPage, fields=*, limit=20)"
LIST = "v1 stories list (limit=20)"
DETAIL = "v1 story detail"
STORIES = "StoryPage.objects.visible().filter(locale__language_code='fr').count()"


def loadavg() -> str:
    return " ".join(f"{value:.2f}" for value in os.getloadavg())


def prepare(env) -> None:
    print("preparing the data (migrate, seed_demo, enlarge)…", flush=True)
    harness.manage(env, "migrate", "--no-input")
    harness.manage(env, "seed_demo")
    out = harness.shell(
        env,
        "from bench.enlarge import enlarge, make_renditions;"
        "print('STORIES', enlarge(), 'IMAGES', make_renditions())",
    )
    print("  published French stories:", re.search(r"STORIES (\d+)", out).group(1), flush=True)
    # A deployed site's queue is worked off; the read model's tasks are superseded by
    # rebuild_documents, which renders every document next.
    harness.shell(
        env,
        "from django_tasks_db.models import DBTaskResult;"
        "DBTaskResult.objects.filter(task_path='api.read_model.changes.render_dependents')"
        ".delete()",
    )
    _, seconds = harness.timed_manage(
        env, "db_worker", "--queue-name", "*", "--batch", "--no-startup-delay", "--no-reload"
    )
    print(f"  queue worked off (search and reference indexes, renditions) in {seconds:.0f} s")


ANALYZE = """
from django.db import connection
if connection.vendor == 'postgresql':
    connection.cursor().execute('ANALYZE')
    print('ANALYZED')
else:
    from home.tasks import refresh_planner_statistics
    print('ANALYZED' if refresh_planner_statistics.call() else '')
"""


def analyze(env) -> None:
    """Planner statistics, as a deployment keeps them: autovacuum on PostgreSQL (this bench's
    server may run without it: a bulk-enlarged table would be planned as empty), the
    scheduler's refresh_planner_statistics on SQLite."""
    if "ANALYZED" in harness.shell(env, ANALYZE):
        print("  ANALYZE (planner statistics) done", flush=True)


def rebuild(env) -> None:
    out, seconds = harness.timed_manage(env, "rebuild_documents")
    done = ", ".join(re.findall(r"^(\w+: \d+) rendered", out, re.M))
    print(f"  manage.py rebuild_documents: {seconds:.1f} s ({done})", flush=True)


class Bench:
    def __init__(self, args, env, base):
        self.args, self.env, self.base = args, env, base
        self.load = harness.load_generator()
        self.headers = {}

    def get(self, path: str, name: str = ""):
        response = httpx.get(self.base + path, headers=self.headers.get(name, {}), timeout=120)
        response.raise_for_status()
        return response

    def measure(self, name: str, path: str) -> float:
        return self.load(
            self.base + path, self.args.seconds, self.args.concurrency, self.headers.get(name)
        )

    def rounds(self, urls: dict, label: str = "") -> dict:
        """Median requests/s of each URL over the rounds, the URLs alternating in each."""
        for name, path in urls.items():
            for _ in range(3):  # warm both workers (renditions, documents, imports)
                self.get(path, name)
        samples = {name: [] for name in urls}
        for number in range(1, self.args.rounds + 1):
            for name, path in urls.items():
                samples[name].append(self.measure(name, path))
            print(f"  {label}round {number}/{self.args.rounds} done", flush=True)
        return {name: (statistics.median(values), values) for name, values in samples.items()}


def spread(values) -> str:
    return ", ".join(f"{v:.1f}" for v in values)


def ceiling_table(bench: Bench, urls: dict) -> dict:
    mode = "miss: no server-side response cache, every request reads the stored documents"
    ceilings = {}
    for name, path in urls.items():
        if name.startswith(("v1", "ninjs", "partner")):
            size = len(bench.get(path, name).content)
            ceilings[name + " — ceiling"] = f"/bench/ceiling/{size}/"
    plan = {}
    for name, path in urls.items():  # each endpoint, then its ceiling
        plan[name] = path
        if name + " — ceiling" in ceilings:
            plan[name + " — ceiling"] = ceilings[name + " — ceiling"]
    print(f"\n== ceiling ratios ({mode}) ==", flush=True)
    results = bench.rounds(plan)
    print(f"\n  {'endpoint (miss)':34s} {'req/s':>8s} {'ceiling':>8s} {'ratio':>6s}")
    for name in urls:
        value, values = results[name]
        if name + " — ceiling" in results:
            top = results[name + " — ceiling"][0]
            print(
                f"  {name:34s} {value:8.1f} {top:8.1f} {value / top:6.1%}   (rounds: "
                f"{spread(values)})"
            )
        else:
            print(f"  {name:34s} {value:8.1f}   (rounds: {spread(values)})")
    figures = {name: value for name, (value, _) in results.items()}
    v2_list, v2_detail = figures[V2_LIST], figures["v2 page detail"]
    print()
    print(f"stories list, v1 / v2 list:    {figures[LIST] / v2_list:5.1f}×   (target ≥ 10×)")
    print(f"story detail, v1 / v2 detail:  {figures[DETAIL] / v2_detail:5.1f}×")
    print(f"series detail, v1 / v2 list:   {figures['v1 series detail'] / v2_list:5.1f}×")
    return figures


def newsroom(bench: Bench, urls: dict, workdir: Path) -> None:
    control = workdir / "newsroom-control"
    control.write_text("pause")
    pair = {name: urls[name] for name in (LIST, DETAIL)}
    for name, path in pair.items():
        bench.get(path, name)
    mix = harness.start(
        bench.env, PYTHON, "-m", "bench.newsroom", "mix", str(control), stdout=subprocess.PIPE
    )
    if mix.stdout.readline().strip() != "READY":  # Django loaded: it costs no CPU from here
        sys.exit("the newsroom process did not start")
    quiet = {name: [] for name in pair}
    busy = {name: [] for name in pair}
    print("\n== newsroom mix (a draft saved every 1 s, an edit published every 10 s) ==")
    try:
        for number in range(1, bench.args.rounds + 1):
            control.write_text("pause")
            time.sleep(2)  # the worker finishes what the last publish queued
            for name, path in pair.items():
                quiet[name].append(bench.measure(name, path))
            control.write_text("run")
            time.sleep(1)
            for name, path in pair.items():
                busy[name].append(bench.measure(name, path))
            print(f"  round {number}/{bench.args.rounds} done", flush=True)
        control.write_text("stop")
        out, _ = mix.communicate(timeout=30)
    finally:
        harness.stop(mix)
    done = json.loads(re.search(r"^MIX (.*)$", out, re.M).group(1))
    print(f"\n  {'endpoint':34s} {'quiet':>8s} {'newsroom':>8s} {'ratio':>6s}   (target ≥ 80%)")
    for name in pair:
        q, b = statistics.median(quiet[name]), statistics.median(busy[name])
        print(
            f"  {name:34s} {q:8.1f} {b:8.1f} {b / q:6.1%}   "
            f"(quiet: {spread(quiet[name])}; newsroom: {spread(busy[name])})"
        )
    drafts, publishes = done["draft_s"], done["publish_s"]
    print(
        f"  the newsroom: {done['drafts']} drafts (median {statistics.median(drafts or [0]):.3f} s"
        f" each), {done['publishes']} publishes (median "
        f"{statistics.median(publishes or [0]):.3f} s), {done['errors']} errors"
    )


def freshness(bench: Bench, publishes: int) -> None:
    print(f"\n== freshness ({publishes} publishes, the worker running) ==", flush=True)
    out = subprocess.run(
        [PYTHON, "-m", "bench.newsroom", "freshness", bench.base, "--publishes", str(publishes)],
        cwd=ROOT,
        env=bench.env,
        capture_output=True,
        text=True,
        check=False,
    )
    if out.returncode:
        sys.exit(f"freshness failed:\n{out.stdout}\n{out.stderr}")
    found = json.loads(re.search(r"^FRESH (.*)$", out.stdout, re.M).group(1))
    print(f"  publish call: median {statistics.median(found['publish_s']):.3f} s")
    print("  seconds from Publish returning until the exit shows the new title:")
    for key, label in (
        ("own", "the story's own detail"),
        ("list", "the stories list"),
        ("dependent", "a dependent (next episode's previous)"),
    ):
        values = found[f"{key}_s"]
        if values:
            print(
                f"  {label:40s} p50 {percentile(values, 0.5):6.3f}  p95 "
                f"{percentile(values, 0.95):6.3f}  max {max(values):6.3f}  "
                f"(at the first request: {found[f'{key}_first']}/{publishes})"
            )
    print(
        f"  timeouts (> 30 s): {found['timeouts']}   (target: own and list immediate, "
        "dependents p95 ≤ 5 s)"
    )


STORAGE = """
import json
from collections import Counter
from api.models import PublishedDocument
from stories.models import StoryPage
size, count = Counter(), Counter()
rows = PublishedDocument.objects.values_list('kind', 'variant', 'body')
for kind, variant, body in rows.iterator():
    size[kind] += len(body.encode()); count[kind, variant] += 1
print('STORAGE', json.dumps({
    'stories': StoryPage.objects.visible().count(),
    'with_documents': count['story', 'detail'],
    'bytes': dict(size),
}))
"""
# The kinds stored once per story: what a story costs in the store.
STORY_KINDS = ("story", "ninjs", "feed")


def storage(bench: Bench, title: str = "storage") -> None:
    out = harness.shell(bench.env, STORAGE)
    found = json.loads(out.split("STORAGE", 1)[1])
    stories, size = found["stories"], found["bytes"]
    per_story = {kind: size.get(kind, 0) / stories for kind in STORY_KINDS}
    parts = " + ".join(f"{kind} {value:,.0f}" for kind, value in per_story.items())
    print(
        f"\n== {title} ==\n  stored bytes per story: {sum(per_story.values()):,.0f} ({parts}; "
        f"{stories} public stories, {found['with_documents']} with documents); all documents: "
        f"{sum(size.values()) / 1e6:.1f} MB"
    )


def corpus(bench: Bench, urls: dict, target: int) -> None:
    pair = {name: urls[name] for name in (LIST, DETAIL)}
    before = int(harness.shell(bench.env, f"print({STORIES})").split()[-1])
    print(f"\n== corpus size: {before} → {target} French stories ==", flush=True)
    small = bench.rounds(pair, f"{before} stories, ")
    started = time.perf_counter()
    after = harness.shell(
        bench.env, f"from bench.enlarge import enlarge_bulk; print(enlarge_bulk({target}))"
    )
    print(f"  enlarged in bulk to {after.split()[-1]} in {time.perf_counter() - started:.1f} s")
    analyze(bench.env)
    rebuild(bench.env)
    storage(bench, f"storage at {target}")
    large = bench.rounds(pair, f"{target} stories, ")
    print(f"\n  {'endpoint':34s} {before:>8d} {target:>8d} {'ratio':>6s}   (target ≥ 80%)")
    for name in pair:
        s, s_values = small[name]
        b, b_values = large[name]
        print(
            f"  {name:34s} {s:8.1f} {b:8.1f} {b / s:6.1%}   "
            f"({before}: {spread(s_values)}; {target}: {spread(b_values)})"
        )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=5, help="per URL and round")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--concurrency", type=int, default=4)
    parser.add_argument("--keep", help="reuse/keep the prepared data in this folder")
    parser.add_argument(
        "--database-url", help="an empty PostgreSQL database to use instead of SQLite"
    )
    parser.add_argument("--newsroom", action="store_true", help="drafts and publishes meanwhile")
    parser.add_argument("--freshness", type=int, nargs="?", const=20, help="publishes to time")
    parser.add_argument("--stories", type=int, help="then enlarge to this many and compare")
    args = parser.parse_args()
    print(f"load average at start: {loadavg()}  ({os.cpu_count()} cores)", flush=True)

    workdir = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="terrain-bench-"))
    workdir.mkdir(parents=True, exist_ok=True)
    port = harness.free_port()
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
    print(f"database: {'PostgreSQL' if args.database_url else 'SQLite'}", flush=True)
    prepared = workdir / ("prepared-pg" if args.database_url else "bench.sqlite3")
    if not prepared.exists():
        prepare(env)
        prepared.touch()
    else:
        harness.manage(env, "migrate", "--no-input")  # a kept database may predate migrations
    analyze(env)
    rebuild(env)
    key = harness.shell(
        env,
        "from series.models import Partner, PartnerAPIKey;"
        "partner = Partner.objects.filter(locale__language_code='fr').first();"
        "print('KEY', PartnerAPIKey.objects.create_key(partner=partner, name='bench',"
        " tier='premium')[1])",
    )
    partner = {"Authorization": "Api-Key " + re.search(r"KEY (\S+)", key).group(1)}

    base = f"http://127.0.0.1:{port}"
    server = harness.gunicorn(env, port)
    worker = harness.worker(env, workdir / "worker.log")
    try:
        harness.wait_until_up(base, server)
        bench = Bench(args, env, base)
        print(
            f"load generator: {'wrk' if shutil.which('wrk') else 'httpx threads'}, "
            f"{args.concurrency} connections, {args.seconds}s per URL, {args.rounds} rounds; "
            "gunicorn 2 workers + the task worker",
            flush=True,
        )
        stories = bench.get("/api/v1/stories/?limit=100").json()["items"]
        episode = next(s for s in stories if s["series"])
        series_path = urlsplit(episode["series"]["url"]).path
        urls = {
            LIST: "/api/v1/stories/?limit=20",
            DETAIL: f"/api/v1/stories/{episode['id']}/",
            "v1 series detail": f"/api/v1/series/{episode['series']['id']}/",
            "v1 home": "/api/v1/home/?locale=fr",
            "v1 resolve (a series)": f"/api/v1/resolve/?path={series_path}",
            "v1 search": "/api/v1/search/?q=terril&locale=fr",
            "ninjs items (limit=100)": "/api/v1/syndication/items/?limit=100",
            "partner feed (RSS)": "/api/v1/syndication/feeds/rss.xml",
            V2_LIST: "/api/v2/pages/?type=stories.StoryPage&fields=*&limit=20",
            "v2 page detail": f"/api/v2/pages/{episode['id']}/",
        }
        bench.headers = {
            name: partner if "ninjs" in name or "partner" in name else {} for name in urls
        }
        ceiling_table(bench, urls)
        storage(bench)
        if args.newsroom:
            newsroom(bench, urls, workdir)
        if args.freshness:
            freshness(bench, args.freshness)
        if args.stories:
            corpus(bench, urls, args.stories)
    finally:
        harness.stop(worker)
        harness.stop(server)
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    print(f"\nload average at end: {loadavg()}", flush=True)


if __name__ == "__main__":
    main()
