"""The admin screens a newsroom uses every day, rendered for an Editor and a Journalist in French:
none of the project's own English labels, help texts, block names or menu items shows."""

import html
import re

from django.urls import reverse
from django.utils import translation

import pytest

from stories.models import Territory
from tests import factories
from tests.media_site import test_admin_catalogue as catalogue

pytestmark = pytest.mark.django_db


def english_phrases() -> set[str]:
    """Our English strings that French changes, long enough not to be a part of another word."""
    phrases = set()
    strings = [
        text
        for collect in (catalogue.model_strings, catalogue.form_strings, catalogue.admin_labels)
        for _where, text in collect()
        if text
    ]
    strings += [
        message
        for _path, _line, message, _context in catalogue.source_messages()
        if isinstance(message, str)
    ]
    for text in strings:
        english = catalogue.in_language(text, "en")
        if catalogue.in_language(text, "fr") == english or not english.isascii():
            continue
        # A phrase, or a capitalised label ("Newsroom", "Gallery"), not a lower-case word that
        # also occurs in URLs and class names ("story", "partners").
        if " " in english or english[:1].isupper():
            phrases.add(english.split("%(")[0].strip())
    return {phrase for phrase in phrases if len(phrase) >= 4}


def text_of(content: bytes) -> str:
    """The page as a reader of its HTML and of its JSON (block definitions) sees it."""
    page = html.unescape(content.decode())
    return re.sub(r"\\u([0-9a-fA-F]{4})", lambda match: chr(int(match[1], 16)), page)


def english_found(content: bytes) -> list[str]:
    page = text_of(content)
    return sorted(
        phrase
        for phrase in english_phrases()
        if re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", page)
    )


@pytest.fixture
def editor(client):
    user = factories.make_editor()
    client.force_login(user)
    return user


def get(client, url):
    with translation.override("fr"):
        response = client.get(url)
    assert response.status_code == 200, url
    return response


def test_the_phrase_list_is_the_project_s_own_english():
    phrases = english_phrases()
    assert {"Newsroom", "Fact box", "Two or three sentences under the title."} <= phrases
    assert len(phrases) > 150


def test_the_story_editor_is_french(client, editor):
    index = factories.story_index()
    url = reverse("wagtailadmin_pages:add", args=("stories", "storypage", index.pk))
    content = get(client, url).content

    assert english_found(content) == []
    page = text_of(content)
    for french in ("Chapô", "Deux ou trois phrases sous le titre.", "Encadré", "Intertitre",
                   "Rédaction", "Accès partenaires", "Auteur·rices", "Rectificatifs"):  # fmt: skip
        assert french in page, french


def test_the_territory_list_is_french(client, editor):
    factories.make_territory("Bergerac", kind="commune", code="fr")
    url = reverse(Territory.snippet_viewset.get_url_name("list"))
    content = get(client, url).content

    assert english_found(content) == []
    page = text_of(content)
    assert "Territoires" in page and "Langue" in page and "Régions" not in page


def test_the_image_upload_is_french_for_a_journalist(client):
    client.force_login(factories.make_journalist())
    content = get(client, reverse("wagtailimages:add")).content

    assert english_found(content) == []
    assert "Texte alternatif" in text_of(content)


def test_the_partner_key_screens_are_french(client, editor):
    key, _clear = factories.make_partner_key()
    for url in (
        reverse("partner_api_keys:index"),
        reverse("partner_api_keys:add"),
        reverse("partner_api_keys:report", args=[key.pk]),
        reverse("partner_api_usage"),
        reverse("webhook_endpoints:add"),
    ):
        content = get(client, url).content
        assert english_found(content) == [], url
