"""The change log is backfilled for stories published before it existed."""

import importlib

from django.apps import apps

import pytest

from series.models import StoryFeedState
from tests import factories as f

pytestmark = pytest.mark.django_db
migration = importlib.import_module("series.migrations.0007_backfill_story_feed_state")


def test_backfill_adds_a_row_per_live_story_and_keeps_existing_rows():
    published = f.make_story("Ancien")
    closed = f.make_story("Fermé", syndication="none")
    f.make_story("Brouillon", publish=False)
    kept = StoryFeedState.objects.get(page_id=published.pk)
    StoryFeedState.objects.filter(page_id=closed.pk).delete()

    migration.backfill(apps, None)

    rows = {row.page_id: row for row in StoryFeedState.objects.all()}
    assert set(rows) == {published.pk, closed.pk}
    assert rows[published.pk].changed_at == kept.changed_at
    assert rows[closed.pk].changed_at == closed.last_published_at
    assert rows[closed.pk].path == closed.path and not rows[closed.pk].ever_syndicable
