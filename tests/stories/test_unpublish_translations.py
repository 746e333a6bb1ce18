"""An editor who takes a French story down takes its English translation down with it
(issue 9.10), and the admin says so before it happens."""

from django.urls import reverse

import pytest

from series.models import WebhookDelivery, WebhookEndpoint
from stories.models import StoryPage
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def story_in_two_languages():
    story = f.make_story("Le procès des terrils")
    english = f.translate_page(story, "en", title="The slag heap trial", slug="slag-heap-trial")
    assert english.live
    return story, english


def test_an_editor_unpublishing_the_french_story_unpublishes_its_translation(
    client, story_in_two_languages
):
    story, english = story_in_two_languages
    partner = f.make_partner("Réseau")
    endpoint = WebhookEndpoint.objects.create(
        partner=partner,
        name="Réseau",
        url="https://partner.example/hook",
        events=["story.unpublished"],
    )
    client.force_login(f.make_editor())
    url = reverse("wagtailadmin_pages:unpublish", args=[story.pk])

    confirm = client.get(url)
    assert confirm.status_code == 200
    text = confirm.content.decode()
    assert "The slag heap trial" in text  # the editor sees which translation goes too
    assert 'lang="en"' in text

    response = client.post(url)
    assert response.status_code == 302
    assert not StoryPage.objects.get(pk=story.pk).live
    assert not StoryPage.objects.get(pk=english.pk).live
    withdrawn = {
        delivery.payload["data"]["id"]
        for delivery in WebhookDelivery.objects.filter(endpoint=endpoint, event="story.unpublished")
    }
    assert withdrawn == {story.pk, english.pk}


def test_unpublishing_only_the_translation_leaves_the_source_online(client, story_in_two_languages):
    story, english = story_in_two_languages
    client.force_login(f.make_editor())
    url = reverse("wagtailadmin_pages:unpublish", args=[english.pk])
    assert "Le procès des terrils" not in client.get(url).content.decode()

    assert client.post(url).status_code == 302
    assert not StoryPage.objects.get(pk=english.pk).live
    assert StoryPage.objects.get(pk=story.pk).live


def test_a_journalist_cannot_unpublish_either(client, story_in_two_languages):
    story, english = story_in_two_languages
    client.force_login(f.make_journalist())
    url = reverse("wagtailadmin_pages:unpublish", args=[story.pk])
    response = client.post(url)
    assert response.status_code in (302, 403)
    assert StoryPage.objects.get(pk=story.pk).live
    assert StoryPage.objects.get(pk=english.pk).live


def test_deleting_the_french_story_takes_its_translation_along(client, story_in_two_languages):
    story, english = story_in_two_languages
    client.force_login(f.make_superuser())  # deleting live pages is not an editor's right
    url = reverse("wagtailadmin_pages:delete", args=[story.pk])
    assert client.post(url).status_code == 302
    assert not StoryPage.objects.filter(pk__in=[story.pk, english.pk]).exists()
