"""An editor translates a story or a series into English: its own page, linked by its key."""

from wagtail_localize.operations import translate_object, translate_page_subtree

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_translating_a_story_creates_a_linked_english_page(run_on_commit):
    theme = factories.make_theme("Transition énergétique")
    english_theme = theme.copy_for_translation(factories.locale("en"))
    english_theme.name = "Energy transition"
    english_theme.save()
    story = factories.make_story("Le soleil des terrils")
    story.themes.add(theme)
    story.save_revision().publish()

    run_on_commit(translate_object, story, [factories.locale("en")])

    english = story.get_translation(factories.locale("en"))
    assert english.pk != story.pk
    assert english.translation_key == story.translation_key
    # A draft, reviewed and published like any page (WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE).
    assert not english.live
    assert english.get_parent().specific == factories.story_index("en")
    assert english.url_path.startswith("/home/stories/")
    # Themes follow the page into English when the theme has an English row.
    assert list(english.specific.themes.all()) == [english_theme]
    assert list(story.themes.all()) == [theme]


def test_translated_page_keeps_its_own_slug(run_on_commit):
    story = factories.make_story("Les jardins partagés")
    run_on_commit(translate_object, story, [factories.locale("en")])
    english = story.get_translation(factories.locale("en"))
    english.slug = "shared-gardens"
    english.title = "Shared gardens"
    english.save_revision().publish()
    english.refresh_from_db()
    story.refresh_from_db()
    assert (story.slug, english.slug) == ("les-jardins-partages", "shared-gardens")
    assert english.url == "/en/stories/shared-gardens/"


def test_translating_a_series_translates_its_episodes_under_the_english_series(run_on_commit):
    series = factories.make_series("Audacieux")
    factories.make_story("Épisode 1", parent=series)
    locales = [factories.locale("en")]
    run_on_commit(translate_object, series, locales)
    run_on_commit(translate_page_subtree, series.pk, locales, None, None)
    english = series.get_translation(factories.locale("en"))
    assert english.get_parent().specific == factories.series_index("en")
    assert english.get_children().count() == 1


def test_a_story_whose_blocks_lack_an_optional_field_can_be_translated(run_on_commit):
    """Blocks stored before a field existed (a quote without `role`) read "" there, not None,
    which wagtail-localize could not extract: "Translate this page" answered 500."""
    story = factories.make_story(
        "Paroles de serre",
        body=[
            {"type": "quote", "value": {"text": "On sème.", "attribution": "Samia"}},
            {"type": "document", "value": {"document": None}},
        ],
    )
    quote = story.body[0].value
    assert quote["role"] == ""

    run_on_commit(translate_object, story, [factories.locale("en")])

    english = story.get_translation(factories.locale("en")).specific
    assert english.body[0].value["text"] == "On sème."


def test_a_translation_takes_its_slug_from_its_translated_title_until_published(run_on_commit):
    story = factories.make_story("Les jardins partagés")
    run_on_commit(translate_object, story, [factories.locale("en")])
    english = story.get_translation(factories.locale("en"))
    assert english.slug == story.slug  # as wagtail-localize makes it

    english.title = "Shared gardens"
    english.save_revision().publish()
    english.refresh_from_db()
    assert english.slug == "shared-gardens"
    assert english.url == "/en/stories/shared-gardens/"

    # Once published, the address stays: a new title does not move it.
    english.title = "The shared gardens"
    english.save_revision().publish()
    english.refresh_from_db()
    assert english.slug == "shared-gardens"


def test_a_slug_the_translator_chose_is_kept(run_on_commit):
    story = factories.make_story("Les jardins partagés")
    run_on_commit(translate_object, story, [factories.locale("en")])
    english = story.get_translation(factories.locale("en"))
    english.title, english.slug = "Shared gardens", "gardens-we-share"
    english.save_revision().publish()
    english.refresh_from_db()
    assert english.slug == "gardens-we-share"
