"""Renditions are made ahead of time: on upload and on publish, by a background task, so no
API request ever opens an original image."""

from unittest import mock

from django.core.files.storage import FileSystemStorage
from django.test import override_settings

from wagtail.images.models import AbstractImage

import pytest

from stories.models import RENDITION_SPECS
from stories.signal_handlers import images_of_page
from tests import factories

pytestmark = pytest.mark.django_db

ALL_SPECS = set(RENDITION_SPECS.values())


def specs_of(image) -> set[str]:
    return set(image.renditions.values_list("filter_spec", flat=True))


@pytest.fixture
def originals_opened():
    """Records every opening of an original image file (storage read or Willow load)."""
    calls = []
    real_open_file = AbstractImage.open_file
    real_storage_open = FileSystemStorage._open

    def open_file(image):
        calls.append(("open_file", image.file.name))
        return real_open_file(image)

    def storage_open(storage, name, mode="rb"):
        if name.startswith("original_images/"):
            calls.append(("storage", name))
        return real_storage_open(storage, name, mode)

    with (
        mock.patch.object(AbstractImage, "open_file", open_file),
        mock.patch.object(FileSystemStorage, "_open", storage_open),
    ):
        yield calls


def test_an_uploaded_image_gets_every_rendition_once_committed(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        image = factories.make_image("Terril")
    assert specs_of(image) == set()  # nothing made inside the upload's transaction

    for callback in callbacks:
        callback()

    assert specs_of(image) == ALL_SPECS


def test_publishing_a_page_makes_the_renditions_of_every_image_it_shows(run_on_commit):
    lead, inline, first, second = (factories.make_image(f"Photo {n}") for n in range(4))
    story = factories.make_story("Le terril", publish=False, lead_image=lead)
    story.body = [
        ("image", {"image": inline, "caption": "", "credit": "", "layout": "wide"}),
        (
            "gallery",
            {"title": "", "images": [{"image": first, "caption": ""}, {"image": second}]},
        ),
    ]
    revision = story.save_revision()
    assert images_of_page(story) == {lead.pk, inline.pk, first.pk, second.pk}
    assert all(specs_of(image) == set() for image in (lead, inline, first, second))

    run_on_commit(revision.publish)

    assert all(specs_of(image) == ALL_SPECS for image in (lead, inline, first, second))


def test_publishing_a_series_makes_its_cover_renditions(run_on_commit):
    cover = factories.make_image("Couverture")
    run_on_commit(factories.make_series, "Vallée", cover_image=cover)
    assert specs_of(cover) == ALL_SPECS


def test_with_the_database_queue_the_work_is_enqueued_not_done_in_the_request(run_on_commit):
    from django_tasks_db.models import DBTaskResult

    image = factories.make_image("En file")
    story = factories.make_story("En attente", publish=False, lead_image=image)
    with override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}):
        run_on_commit(story.save_revision().publish)

    assert specs_of(image) == set()  # the worker (manage.py db_worker) makes them
    queued = DBTaskResult.objects.filter(task_path="stories.tasks.generate_renditions")
    assert [job.args_kwargs["args"] for job in queued] == [[[image.pk]]]


def test_the_task_skips_an_unreadable_original_and_does_the_others(run_on_commit):
    from stories.tasks import generate_renditions

    good = factories.make_image("Lisible")
    broken = factories.make_image("Illisible")
    broken.file.storage.delete(broken.file.name)

    result = generate_renditions.enqueue([good.pk, broken.pk])

    assert result.return_value == {"done": 1, "failed": 1}
    assert specs_of(good) == ALL_SPECS


def test_an_api_request_after_publish_never_opens_the_original(
    client, run_on_commit, originals_opened
):
    image = factories.make_image("Chevalement")
    story = factories.make_story("Le chevalement", publish=False, lead_image=image)
    run_on_commit(story.save_revision().publish)
    originals_opened.clear()

    response = client.get(f"/api/v1/stories/{story.pk}/")

    assert response.status_code == 200
    assert set(response.json()["lead_image"]["renditions"]) == set(RENDITION_SPECS)
    assert originals_opened == []


def test_the_probe_sees_an_api_request_that_would_make_a_rendition(client, originals_opened):
    """The check above can fail: without renditions made ahead, the request opens the file."""
    image = factories.make_image("Sans rendu")  # on_commit never runs: no renditions
    story = factories.make_story("Sans rendu", lead_image=image)

    client.get(f"/api/v1/stories/{story.pk}/")

    assert ("open_file", image.file.name) in originals_opened
