"""A story's licence is named in the story's language: the French reader page said
"Licence — All rights reserved" because the API named it in English whatever the locale."""

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def licence(client, story, code):
    response = client.get(f"/api/v1/stories/{story.pk}/", {"locale": code})
    assert response.status_code == 200
    return response.json()["licence"]


def test_the_licence_is_named_in_the_language_of_the_story(client):
    french = factories.make_story("Les terrils", licence="all-rights-reserved")
    english = factories.translate_page(french, "en", title="The slag heaps")

    assert licence(client, french, "fr") == {
        "code": "all-rights-reserved",
        "name": "Tous droits réservés",
        "url": None,
    }
    assert licence(client, english, "en")["name"] == "All rights reserved"


def test_a_creative_commons_licence_keeps_its_name_and_link(client):
    story = factories.make_story("Sous licence libre", licence="cc-by-sa-4.0")

    assert licence(client, story, "fr") == {
        "code": "cc-by-sa-4.0",
        "name": "CC BY-SA 4.0",
        "url": "https://creativecommons.org/licenses/by-sa/4.0/",
    }
