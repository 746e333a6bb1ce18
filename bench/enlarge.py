"""Copy the demo's published French stories until there are at least TARGET of them
(run inside `manage.py shell`, see bench/api.py)."""

import itertools

from stories.models import RENDITION_SPECS, StoryPage, TerrainImage

TARGET = 220


def enlarge(target: int = TARGET) -> int:
    originals = list(StoryPage.objects.visible().filter(locale__language_code="fr"))
    if not originals:
        raise SystemExit("no published demo stories: did seed_demo run?")
    count = len(originals)
    for n, original in zip(itertools.count(1), itertools.cycle(originals)):
        if count >= target:
            break
        original.copy(
            update_attrs={"slug": f"{original.slug}-copie-{n}", "title": f"{original.title} ({n})"},
            keep_live=True,
            log_action=None,
        )
        count += 1
    return count


def make_renditions() -> int:
    """Renditions are made ahead of time in production, never inside an API request."""
    images = list(TerrainImage.objects.all())
    for image in images:
        image.get_renditions(*RENDITION_SPECS.values())
    return len(images)
