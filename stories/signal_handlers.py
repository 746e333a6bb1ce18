"""Queue renditions when an image is uploaded or a page that shows images is published."""

from django.db import transaction

from wagtail.blocks import StreamValue
from wagtail.blocks.list_block import ListValue
from wagtail.images.models import AbstractImage
from wagtail.models import Page

from .models import TerrainImage


def images_of_page(page: Page) -> set[int]:
    """Ids of every image a page shows: image foreign keys and images anywhere in its StreamFields.

    Generic on purpose: series, home and story pages all go through it without stories
    knowing their models.
    """
    page = page.specific
    found: set[int] = set()
    for field in page._meta.concrete_fields:
        if field.is_relation and field.related_model is TerrainImage:
            image_id = getattr(page, field.attname)
            if image_id:
                found.add(image_id)
        elif hasattr(field, "stream_block"):
            _collect_images(getattr(page, field.attname), found)
    return found


def _collect_images(value, found: set[int]) -> None:
    if isinstance(value, AbstractImage):
        found.add(value.pk)
    elif isinstance(value, dict):  # StructValue
        for item in value.values():
            _collect_images(item, found)
    elif isinstance(value, StreamValue):
        for child in value:
            _collect_images(child.value, found)
    elif isinstance(value, ListValue | list | tuple):
        for item in value:
            _collect_images(item, found)


def enqueue_renditions(image_ids) -> None:
    from .tasks import generate_renditions

    image_ids = sorted(set(image_ids))
    if image_ids:
        # After commit: a worker in another process must be able to read the new rows.
        transaction.on_commit(lambda: generate_renditions.enqueue(image_ids))


def image_saved(sender, instance, created, raw=False, **kwargs):
    # Every save with a file (new upload or replaced file) may lack renditions; an existing
    # image with renditions already made costs the worker one query.
    if not raw and instance.file:
        enqueue_renditions([instance.pk])


def page_published(sender, instance, **kwargs):
    enqueue_renditions(images_of_page(instance))
