"""The newsroom's side of bench/api.py: a process of its own with the bench's settings and
DATABASE_URL, writing through Wagtail as the admin does.

    python -m bench.newsroom mix CONTROL_FILE
        While CONTROL_FILE says "run": saves a draft of a story every second
        (`save_revision()`) and publishes an edit of another every 10 s
        (`save_revision().publish()`); "pause" idles, "stop" (or SIGTERM) prints
        `MIX {json}` (what it did) and exits.

    python -m bench.newsroom freshness BASE_URL [--publishes 20]
        Publishes an edit of a story's title N times; after each publish returns, times how
        long until the story's own detail, the stories list and a dependent document (the
        next episode's `previous`, rendered by the worker) show the new title.
        Prints `FRESH {json}`.
"""

import argparse
import json
import os
import random
import signal
import sys
import time
from pathlib import Path

import django

DRAFT_EVERY = 1.0
PUBLISH_EVERY = 10


def stories():
    from stories.models import StoryPage

    return list(
        StoryPage.objects.visible()
        .filter(locale__language_code="fr")
        .order_by("pk")
        .values_list("pk", flat=True)
    )


def publish_title(pk: int, title: str) -> float:
    """Publish an edit, as the admin's "Publish" does; returns how long the call took."""
    from stories.models import StoryPage

    page = StoryPage.objects.get(pk=pk)
    page.title = title
    started = time.perf_counter()
    page.save_revision().publish()
    return time.perf_counter() - started


def mix(control: Path) -> None:
    from django.db import OperationalError

    from stories.models import StoryPage

    ids = stories()
    rng = random.Random(11)
    done = {"drafts": 0, "publishes": 0, "errors": 0, "draft_s": [], "publish_s": []}
    stopping = []
    signal.signal(signal.SIGTERM, lambda *_: stopping.append(True))
    tick = 0
    print("READY", flush=True)
    while not stopping:
        state = control.read_text().strip() if control.exists() else "run"
        if state == "stop":
            break
        if state != "run":
            time.sleep(0.2)
            continue
        started = time.monotonic()
        tick += 1
        try:
            page = StoryPage.objects.get(pk=rng.choice(ids))
            page.subtitle = f"{page.subtitle.split(' ⟨', 1)[0]} ⟨brouillon {tick}⟩"
            page.save_revision()
            done["drafts"] += 1
            done["draft_s"].append(time.monotonic() - started)
            if tick % PUBLISH_EVERY == 0:
                page = StoryPage.objects.get(pk=rng.choice(ids))
                title = f"{page.title.split(' ⟨', 1)[0]} ⟨édition {tick}⟩"
                done["publish_s"].append(publish_title(page.pk, title))
                done["publishes"] += 1
        except OperationalError as error:  # SQLite: "database is locked"
            done["errors"] += 1
            print(f"newsroom: {error}", file=sys.stderr, flush=True)
        time.sleep(max(0.0, DRAFT_EVERY - (time.monotonic() - started)))
    print("MIX " + json.dumps(done), flush=True)


def own_title(data) -> list[str]:
    return [data["title"]]


def listed_titles(data) -> list[str]:
    return [item["title"] for item in data["items"]]


def previous_title(data) -> list[str]:
    return [data["previous"]["title"]] if data["previous"] else []


def freshness(base: str, publishes: int) -> None:
    import httpx

    http = httpx.Client(base_url=base, timeout=30)
    listed = http.get("/api/v1/stories/?limit=20").json()["items"]
    pairs = []  # (story, the next episode, whose detail shows the story as `previous`)
    for item in listed:
        if item["series"]:
            detail = http.get(f"/api/v1/stories/{item['id']}/").json()
            if detail["next"]:
                pairs.append((item, detail["next"]["id"]))
    if not pairs:
        sys.exit("freshness: no episode with a next one among the latest stories")
    results = {"publish_s": [], "timeouts": 0}
    for key in ("own", "list", "dependent"):
        results[f"{key}_s"], results[f"{key}_first"] = [], 0

    def seen_after(returned: float, path: str, shown, title: str) -> tuple[float | None, bool]:
        """Seconds from `returned` until `shown(answer of path)` is the title, and whether
        the first request already showed it."""
        first = True
        while time.perf_counter() - returned < 30:
            if title in shown(http.get(path).json()):
                return time.perf_counter() - returned, first
            first = False
            time.sleep(0.05)
        return None, False

    for n in range(1, publishes + 1):
        story, dependent = pairs[n % len(pairs)]
        title = f"{story['title'].split(' ⟨', 1)[0]} ⟨fraîcheur {n}⟩"
        results["publish_s"].append(publish_title(story["id"], title))
        returned = time.perf_counter()
        own = seen_after(returned, f"/api/v1/stories/{story['id']}/", own_title, title)
        in_list = seen_after(returned, "/api/v1/stories/?limit=20", listed_titles, title)
        shown = seen_after(returned, f"/api/v1/stories/{dependent}/", previous_title, title)
        for key, (value, first) in (("own", own), ("list", in_list), ("dependent", shown)):
            if value is None:
                results["timeouts"] += 1
            else:
                results[f"{key}_s"].append(value)
                results[f"{key}_first"] += first
    print("FRESH " + json.dumps(results), flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("mix").add_argument("control", type=Path)
    fresh = commands.add_parser("freshness")
    fresh.add_argument("base")
    fresh.add_argument("--publishes", type=int, default=20)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")
    django.setup()
    if args.command == "mix":
        mix(args.control)
    else:
        freshness(args.base, args.publishes)


if __name__ == "__main__":
    main()
