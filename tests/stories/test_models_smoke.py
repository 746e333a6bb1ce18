import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_story_under_story_index_is_live_with_reading_time_and_date():
    story = factories.make_story("Trente ans de transition")
    assert story.live
    assert story.url_path.endswith("/recits/trente-ans-de-transition/")
    assert story.reading_time == 1
    assert story.published_at is not None
