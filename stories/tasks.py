"""Background work on images: the renditions every exit uses, made before anyone asks for them."""

import logging

from django_tasks import task

from .models import RENDITION_SPECS, TerrainImage

logger = logging.getLogger(__name__)


def generate_renditions_now(image: TerrainImage) -> int:
    """Create the missing RENDITION_SPECS renditions of one image; returns how many it has."""
    # get_renditions opens the original once for all missing specs and skips existing ones,
    # so running it again (a re-publish, a retried task) costs one query and no file read.
    renditions = image.get_renditions(*RENDITION_SPECS.values())
    return len(renditions)


@task()
def generate_renditions(image_ids: list[int]) -> dict[str, int]:
    """Make every rendition the API, feeds and reader site need, off the request path."""
    done = failed = 0
    for image in TerrainImage.objects.filter(pk__in=image_ids).prefetch_related("renditions"):
        try:
            generate_renditions_now(image)
        except Exception:
            # One unreadable original must not stop the others; it stays visible in the log
            # and `manage.py regenerate_renditions` retries it.
            logger.exception("Could not generate renditions for image %s", image.pk)
            failed += 1
        else:
            done += 1
    return {"done": done, "failed": failed}
