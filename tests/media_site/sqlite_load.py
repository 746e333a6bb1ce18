"""A small newsroom's morning on the embedded default: a real `manage.py db_worker` and N
writer processes saving and publishing stories (with new images, so the worker makes
renditions and indexes pages at the same time) against one SQLite file.

Used by test_sqlite_concurrency.py; also a command, to compare with the old journal:

    .venv/bin/python -m tests.media_site.sqlite_load            # settings as shipped
    .venv/bin/python -m tests.media_site.sqlite_load --legacy   # rollback journal, DEFERRED
"""

import argparse
import json
import os
import secrets
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
MODULE = "tests.media_site.sqlite_load"  # run as `-m`, where __name__ is "__main__"
EMBEDDED_SETTINGS = "media_site.settings.dev"
# What the settings were before issue 9 (item 4): rollback journal, deferred transactions,
# only a busy timeout. Kept here to measure the difference, never used by the product.
LEGACY_SETTINGS = """\
from media_site.settings.dev import *  # noqa: F403

DATABASES["default"]["OPTIONS"] = {  # noqa: F405
    "timeout": 20,
    "init_command": "PRAGMA journal_mode=DELETE",
}
"""
# Variables of the machine or of the test run that must not reach the child processes.
SCRUBBED = ("DATABASE_URL", "REDIS_URL", "AWS_STORAGE_BUCKET_NAME", "DJANGO_SETTINGS_MODULE")


def environment(workdir: Path, settings_module: str) -> dict:
    env = {key: value for key, value in os.environ.items() if key not in SCRUBBED}
    env.update(
        DJANGO_SETTINGS_MODULE=settings_module,
        DATABASE_URL=f"sqlite:///{workdir / 'db.sqlite3'}",
        MEDIA_ROOT=str(workdir / "media"),
        SECRET_KEY=secrets.token_urlsafe(50),
        PYTHONPATH=os.pathsep.join([str(workdir), str(ROOT)]),
        READER_WEBHOOK_URL="",
    )
    return env


def python(*args, env, **kwargs):
    return subprocess.run(  # noqa: S603 (our own interpreter and scripts)
        [sys.executable, *args], cwd=ROOT, env=env, check=True, **kwargs
    )


def setup_stories(count: int) -> list[int]:
    from tests import factories

    return [factories.make_story(f"Récit sous charge {n}").pk for n in range(count)]


def write(story_id: int, start_at: float, seconds: float) -> dict:
    """One journalist: save a revision, publish every other one, a new image every third."""
    from stories.models import StoryPage
    from tests import factories

    revisions, failures, errors, publishes, slowest = [], 0, [], 0, 0.0
    time.sleep(max(0.0, start_at - time.time()))
    deadline = time.monotonic() + seconds
    n = 0
    while time.monotonic() < deadline:
        n += 1
        began = time.monotonic()
        try:
            page = StoryPage.objects.get(pk=story_id)
            page.title = f"Récit {story_id}, version {n}"
            if n % 3 == 1:
                page.lead_image = factories.make_image(f"Photo {story_id}-{n}")
            revision = page.save_revision()
            revisions.append(revision.pk)
            if n % 2 == 0:
                revision.publish()
                publishes += 1
        except Exception as error:
            failures += 1
            if len(errors) < 5:
                errors.append("".join(traceback.format_exception_only(error)).strip())
        slowest = max(slowest, time.monotonic() - began)
    return {
        "revisions": revisions,
        "publishes": publishes,
        "failures": failures,
        "errors": errors,
        "slowest": round(slowest, 2),
    }


def run_load(workdir: Path, *, legacy: bool = False, writers: int = 8, seconds: float = 20):
    workdir.mkdir(parents=True, exist_ok=True)
    settings_module = EMBEDDED_SETTINGS
    if legacy:
        (workdir / "legacy_settings.py").write_text(LEGACY_SETTINGS)
        settings_module = "legacy_settings"
    env = environment(workdir, settings_module)
    python("manage.py", "migrate", "--no-input", env=env, stdout=subprocess.DEVNULL)
    setup = python("-m", MODULE, "setup", str(writers), env=env, capture_output=True, text=True)
    story_ids = json.loads(setup.stdout.strip().splitlines()[-1])

    worker_log = (workdir / "worker.log").open("w")
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--queue-name", "*", "--no-reload"],
        cwd=ROOT,
        env=env,
        stdout=worker_log,
        stderr=subprocess.STDOUT,
    )
    start_at = time.time() + 8  # every writer has imported Django by then
    procs = []
    try:
        for story_id in story_ids:
            out = workdir / f"writer-{story_id}.json"
            procs.append(
                (
                    out,
                    subprocess.Popen(  # noqa: S603
                        [sys.executable, "-m", MODULE, "write", str(story_id)]
                        + [str(start_at), str(seconds), str(out)],
                        cwd=ROOT,
                        env=env,
                    ),
                )
            )
        # A writer finishes the save it began at the deadline: generous, on a loaded machine.
        deadline = time.monotonic() + seconds + 240
        for _, proc in procs:
            try:
                proc.wait(timeout=max(1.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                proc.kill()
        time.sleep(3)  # the worker catches up on the last renditions
        worker_alive = worker.poll() is None
    finally:
        for _, proc in procs:
            if proc.poll() is None:
                proc.kill()
        worker.terminate()
        worker.wait(timeout=30)
        worker_log.close()

    stuck = [out.name for out, _ in procs if not out.exists()]
    results = [json.loads(out.read_text()) for out, _ in procs if out.exists()]
    revision_ids = [pk for result in results for pk in result["revisions"]]
    with sqlite3.connect(workdir / "db.sqlite3") as db:
        stored = {row[0] for row in db.execute("SELECT id FROM wagtailcore_revision")}
        failed_tasks = db.execute(
            "SELECT count(*) FROM django_tasks_database_dbtaskresult WHERE status = 'FAILED'"
        ).fetchone()[0]
        tasks = db.execute("SELECT count(*) FROM django_tasks_database_dbtaskresult").fetchone()[0]
        journal = db.execute("PRAGMA journal_mode").fetchone()[0]
    return {
        "legacy": legacy,
        "journal_mode": journal,
        "writers": writers,
        "seconds": seconds,
        "saves": len(revision_ids) + sum(r["failures"] for r in results),
        "revisions": len(revision_ids),
        "publishes": sum(r["publishes"] for r in results),
        "failures": sum(r["failures"] for r in results),
        "missing_revisions": sorted(set(revision_ids) - stored),
        "stuck_writers": stuck,
        "slowest_save_seconds": max((r["slowest"] for r in results), default=0),
        "errors": [error for r in results for error in r["errors"]][:5],
        "worker_alive": worker_alive,
        "worker_tasks": tasks,
        "worker_failed_tasks": failed_tasks,
        "worker_log_locked": (workdir / "worker.log").read_text().count("database is locked"),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("command", nargs="?", default="load", choices=["load", "setup", "write"])
    parser.add_argument("args", nargs="*")
    parser.add_argument("--legacy", action="store_true")
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--keep", help="work in this folder and keep it (logs, database)")
    options = parser.parse_args(argv)
    if options.command == "load":
        kwargs = {"legacy": options.legacy, "writers": options.writers, "seconds": options.seconds}
        if options.keep:
            figures = run_load(Path(options.keep), **kwargs)
        else:
            with tempfile.TemporaryDirectory(prefix="terrain-sqlite-load-") as workdir:
                figures = run_load(Path(workdir), **kwargs)
        print(json.dumps(figures, indent=2, ensure_ascii=False))
        return
    import django

    django.setup()
    if options.command == "setup":
        print(json.dumps(setup_stories(int(options.args[0]))))
    else:
        story_id, start_at, seconds, out = options.args
        result = write(int(story_id), float(start_at), float(seconds))
        Path(out).write_text(json.dumps(result))


if __name__ == "__main__":
    main()
