from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.models import PageViewRestriction
from wagtail.rich_text import RichText

import pytest

from stories.models import StoryPage
from tests import factories

pytestmark = pytest.mark.django_db


def test_reading_time_is_computed_from_the_text():
    words = " ".join(["mot"] * 1000)
    story = factories.make_story(body=[("paragraph", RichText(f"<p>{words}</p>"))])
    assert story.reading_time == 6  # 1000 words of body + title and standfirst, at 200 a minute


def test_published_at_is_set_on_first_publication_and_kept_after():
    story = factories.make_story("Premier jet", publish=False)
    assert story.published_at is None
    story.save_revision().publish()
    story.refresh_from_db()
    first = story.published_at
    assert first is not None
    story.title = "Premier jet, corrigé"
    story.save_revision().publish()
    story.refresh_from_db()
    assert story.published_at == first


def test_lead_image_without_alt_text_is_refused():
    story = StoryPage(
        title="Sans alt", slug="sans-alt", lead_image=factories.make_image(alt_text="")
    )
    with pytest.raises(ValidationError) as error:
        story.full_clean()
    assert "lead_image" in error.value.message_dict


def test_territory_cannot_lie_inside_itself():
    region = factories.make_territory("Hauts-de-France", kind="region")
    department = factories.make_territory("Pas-de-Calais", kind="department", parent=region)
    region.parent = department
    with pytest.raises(ValidationError):
        region.full_clean()


def test_territory_descendants_cover_every_depth():
    region = factories.make_territory("Occitanie", kind="region")
    department = factories.make_territory("Lozère", kind="department", parent=region)
    commune = factories.make_territory("Florac-Trois-Rivières", parent=department)
    factories.make_territory("Ailleurs")
    assert region.descendant_ids() == {region.pk, department.pk, commune.pk}


class TestVisibleNow:
    """The one queryset every exit uses: each hidden kind is excluded, each for its own reason."""

    def test_only_public_live_current_pages_are_visible(self):
        visible = factories.make_story("Visible")
        draft = factories.make_story("Brouillon", publish=False)
        unpublished = factories.make_story("Dépublié")
        unpublished.unpublish()
        future = factories.make_story("Embargo")
        StoryPage.objects.filter(pk=future.pk).update(go_live_at=factories.days(2))
        expired = factories.make_story("Périmé")
        StoryPage.objects.filter(pk=expired.pk).update(expire_at=factories.days(-1))
        private = factories.make_story("Privé")
        PageViewRestriction.objects.create(page=private, restriction_type="login")

        hidden_series = factories.make_series("Série retirée")
        episode = factories.make_story("Épisode d'une série retirée", parent=hidden_series)
        hidden_series.unpublish()

        found = set(StoryPage.objects.visible())
        assert visible in found
        for page in (draft, unpublished, future, expired, private, episode):
            assert page not in found, page.title

    def test_expired_page_disappears_at_its_expiry_even_without_the_scheduler(self):
        story = factories.make_story("Bientôt périmé")
        moment = factories.days(1)
        StoryPage.objects.filter(pk=story.pk).update(expire_at=moment)
        assert story in StoryPage.objects.visible(at=timezone.now())
        assert story not in StoryPage.objects.visible(at=moment)
