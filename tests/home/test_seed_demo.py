"""`manage.py seed_demo`: bilingual, complete, honest about being a demo, and idempotent.

The demo is seeded once for the whole module (it takes seconds) inside a transaction that is
rolled back at the end; each test reads it inside its own savepoint.
"""

import io
import wave
from collections import Counter

from django.core.management import call_command
from django.db import transaction
from django.test import TestCase, override_settings

from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.documents import get_document_model
from wagtail.models import Locale, Page, PageLogEntry, ReferenceIndex, Revision
from wagtail.rich_text import RichText
from wagtail_localize.models import (
    StringSegment,
    StringTranslation,
    Translation,
    TranslationSource,
)
from wagtail_localize.operations import translate_object

import pytest
from PIL import Image as PILImage

from home.models import HomeFeaturedSeries, HomeFeaturedStory, HomePage
from series.models import Partner, SeriesIndexPage, SeriesPage, SeriesPartner, SeriesStatus
from stories.blocks import StoryBodyBlock, embed_provider
from stories.models import (
    Contributor,
    StoryAuthor,
    StoryCorrection,
    StoryIndexPage,
    StoryPage,
    StoryTag,
    TerrainImage,
    Territory,
    Theme,
)
from tests.factories import make_editor, make_journalist, make_story

pytestmark = pytest.mark.django_db

SNIPPETS = (Territory, Theme, Contributor, Partner)


@pytest.fixture(scope="module")
def seed_run(django_db_setup, django_db_blocker, tmp_path_factory):
    # Its own media folder: the shared test media folder is emptied by other test sessions.
    # Queued tasks (renditions, search index) are only recorded: they are other tests' subject
    # and would triple the time this module takes.
    isolated = override_settings(
        MEDIA_ROOT=str(tmp_path_factory.mktemp("seed-demo-media")),
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}},
    )
    with isolated, django_db_blocker.unblock(), transaction.atomic():
        output, errors = io.StringIO(), io.StringIO()
        # Run what waits for a commit (e.g. Wagtail's redirects after a slug change) as a real
        # run would, although this transaction is rolled back at the end.
        with TestCase.captureOnCommitCallbacks(execute=True):
            call_command("seed_demo", stdout=output, stderr=errors)
        yield output.getvalue(), errors.getvalue()
        transaction.set_rollback(True)


@pytest.fixture(scope="module")
def seed_output(seed_run):
    return seed_run[0]


def stories(code):
    return StoryPage.objects.filter(locale__language_code=code).specific()


def series(code):
    return SeriesPage.objects.filter(locale__language_code=code)


def test_it_reports_what_it_created(seed_run, seed_output):
    assert seed_run[1] == ""  # e.g. no English text that wagtail-localize could not place
    assert seed_output.startswith("Demo content seeded")
    assert len(seed_output.strip().splitlines()) == 1
    assert f"stories {StoryPage.objects.count()}" in seed_output
    assert f"series {SeriesPage.objects.count()}," in seed_output
    assert f"images {TerrainImage.objects.count()}," in seed_output


@pytest.mark.parametrize("code", ["fr", "en"])
def test_each_locale_has_series_and_stories_all_published(seed_output, code):
    assert series(code).count() >= 3
    assert stories(code).count() >= 15
    for model in (SeriesPage, StoryPage):
        pages = model.objects.filter(locale__language_code=code)
        assert not pages.filter(live=False).exists()
        assert not pages.filter(has_unpublished_changes=True).exists()
        assert model.objects.visible().filter(locale__language_code=code).count() == pages.count()


@pytest.mark.parametrize("code", ["fr", "en"])
def test_stories_together_use_every_body_block_type(seed_output, code):
    used = Counter(block.block_type for story in stories(code) for block in story.body)
    assert set(used) == set(StoryBodyBlock().child_blocks)


def test_every_story_passes_the_editors_validation(seed_output):
    for story in StoryPage.objects.specific():
        story.full_clean()
        story.body.stream_block.clean(story.body)
    for one in SeriesPage.objects.all():
        one.full_clean()
    for link in SeriesPartner.objects.all():
        link.full_clean()


def test_most_stories_are_episodes_and_a_few_stand_alone(seed_output):
    for code in ("fr", "en"):
        episodes = stories(code).filter(depth=5).count()  # root > home > index > series > story
        stand_alone = stories(code).filter(depth=4).count()
        assert episodes > stand_alone >= 2
        for one in series(code):
            children = list(StoryPage.objects.child_of(one))
            assert [c.published_at for c in children] == sorted(c.published_at for c in children)


def test_english_pages_are_linked_translations_with_their_own_text_and_slugs(seed_output):
    english = Locale.objects.get(language_code="en")
    english_home = HomePage.objects.get(locale=english)
    for model in (SeriesPage, StoryPage):
        for original in model.objects.filter(locale__language_code="fr"):
            translation = original.get_translation(english)
            assert translation.translation_key == original.translation_key
            assert translation.live
            assert translation.slug != original.slug
            assert translation.title != original.title
            assert translation.is_descendant_of(english_home)
            assert translation.get_parent().translation_key == original.get_parent().translation_key
    for original in series("fr"):
        translation = original.get_translation(english)
        assert (translation.started_on, translation.ended_on, translation.kind) == (
            original.started_on,
            original.ended_on,
            original.kind,
        )
    for original in stories("fr"):
        translation = original.get_translation(english).specific
        assert translation.published_at == original.published_at
        assert translation.subtitle != original.subtitle
        assert translation.body_text != original.body_text
        assert translation.lead_image_caption  # the image's own caption is French


def test_english_pages_point_to_english_snippets_and_pages(seed_output):
    for story in stories("en"):
        assert story.territory is None or story.territory.locale.language_code == "en"
        assert {theme.locale.language_code for theme in story.themes.all()} == {"en"}
        assert {a.contributor.locale.language_code for a in story.authors.all()} == {"en"}
        for block in story.body:
            if block.block_type == "related":
                assert {page.locale.language_code for page in block.value["stories"]} == {"en"}
    for one in series("en"):
        assert {p.partner.locale.language_code for p in one.partners.all()} == {"en"}
        assert {j.contributor.locale.language_code for j in one.journalists.all()} == {"en"}


@pytest.mark.parametrize("model", SNIPPETS)
def test_every_snippet_has_an_english_translation(seed_output, model):
    originals = model.objects.filter(locale__language_code="fr")
    assert originals.exists()
    for original in originals:
        translation = model.objects.get(
            translation_key=original.translation_key, locale__language_code="en"
        )
        assert translation.pk != original.pk
    assert Theme.objects.get(slug="energy-transition").name == "Energy transition"
    foundation = Partner.objects.get(slug="example-foundation-for-territories")
    assert foundation.get_translation(Locale.objects.get(language_code="fr")).slug == (
        "fondation-exemple-pour-les-territoires"
    )


@pytest.mark.parametrize("code", ["fr", "en"])
@pytest.mark.parametrize(
    "commune, chain",
    [
        ("loos-en-gohelle", [("62528", "commune"), ("62", "department"), ("32", "region")]),
        ("bergerac", [("24037", "commune"), ("24", "department"), ("75", "region")]),
        ("florac-trois-rivieres", [("48061", "commune"), ("48", "department"), ("76", "region")]),
    ],
)
def test_territories_nest_commune_department_region(seed_output, code, commune, chain):
    territory = Territory.objects.get(slug=commune, locale__language_code=code)
    found = []
    while territory is not None:
        assert territory.locale.language_code == code
        found.append((territory.code, territory.kind))
        territory = territory.parent
    assert found == chain


def test_territories_carry_the_public_facts(seed_output):
    loos = Territory.objects.get(slug="loos-en-gohelle", locale__language_code="fr")
    assert (loos.population, str(loos.lat), str(loos.lon)) == (6500, "50.46000", "2.79000")
    florac = Territory.objects.get(slug="florac-trois-rivieres", locale__language_code="en")
    assert (str(florac.lat), str(florac.lon)) == ("44.32000", "3.59000")


@pytest.mark.parametrize("code", ["fr", "en"])
def test_series_show_every_status_and_disclose_their_funding(seed_output, code):
    assert {one.status for one in series(code)} == set(SeriesStatus.values)
    for one in series(code):
        links = list(one.partners.all())
        assert links and one.journalists.exists()
        assert all(
            link.funding_disclosure for link in links if link.role in {"funder", "host-territory"}
        )
        assert any(link.role in {"funder", "host-territory"} for link in links)


def test_the_demo_says_it_is_a_demo(seed_output):
    for code, word in (("fr", "fictif"), ("en", "fictional")):
        assert word in HomePage.objects.get(locale__language_code=code).intro
        for one in series(code):
            assert word in one.methodology
        for partner in Partner.objects.filter(locale__language_code=code):
            assert word in partner.description.lower()
    for contributor in Contributor.objects.filter(locale__language_code="fr"):
        assert "Personnage fictif de démonstration" in contributor.bio
    for contributor in Contributor.objects.filter(locale__language_code="en"):
        assert "Fictional demo contributor" in contributor.bio


@pytest.mark.parametrize("code", ["fr", "en"])
def test_home_page_features_series_and_stories_of_its_own_locale(seed_output, code):
    home = HomePage.objects.get(locale__language_code=code)
    featured_series = HomeFeaturedSeries.objects.filter(page=home)
    featured_stories = HomeFeaturedStory.objects.filter(page=home)
    assert featured_series.count() >= 3 and featured_stories.count() >= 3
    assert {f.series.locale.language_code for f in featured_series} == {code}
    assert {f.story.locale.language_code for f in featured_stories} == {code}
    assert not home.has_unpublished_changes


def test_stories_vary_in_licence_syndication_authorship_and_dates(seed_output):
    french = stories("fr")
    assert len({story.licence for story in french}) >= 3
    assert french.filter(syndication="none").exists()
    assert french.filter(syndication="selected", syndication_partners__isnull=False).exists()
    assert StoryCorrection.objects.filter(page__locale__language_code="fr").exists()
    assert StoryCorrection.objects.filter(page__locale__language_code="en").exists()
    assert len(set(StoryAuthor.objects.values_list("role", flat=True))) >= 4
    assert {story.published_at.year for story in french} == {2025, 2026}
    assert StoryTag.objects.filter(content_object__locale__language_code="en").exists()
    for story in french:
        assert story.first_published_at == story.published_at


def test_generated_media_are_real_files_with_their_metadata(seed_output):
    images = TerrainImage.objects.all()
    assert images.count() >= 10
    for image in images:
        assert image.alt_text and image.caption
        assert image.credit == "Illustration générée — démo"
        with image.file.open("rb") as handle:
            assert PILImage.open(handle).format == "JPEG"
    documents = {doc.file_extension: doc for doc in get_document_model().objects.all()}
    with documents["pdf"].file.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    with documents["wav"].file.open("rb") as handle, wave.open(handle) as sound:
        assert sound.getnframes() > 0
    assert documents["wav"].file.size < 20_000


def test_embeds_use_a_supported_provider(seed_output):
    urls = [
        block.value["url"]
        for story in StoryPage.objects.specific()
        for block in story.body
        if block.block_type == "embed"
    ]
    assert urls and all(embed_provider(url) for url in urls)


def test_translating_left_no_redirects_behind(seed_output):
    assert not Redirect.objects.exists()


def snapshot():
    counted = (
        Page,
        Revision,
        PageLogEntry,
        ReferenceIndex,
        TerrainImage,
        get_document_model(),
        *SNIPPETS,
        Tag,
        StoryTag,
        StoryAuthor,
        StoryCorrection,
        SeriesPartner,
        HomeFeaturedSeries,
        HomeFeaturedStory,
        Redirect,
        TranslationSource,
        Translation,
        StringTranslation,
    )
    return {
        "counts": {model.__name__: model.objects.count() for model in counted},
        "pages": list(
            Page.objects.order_by("pk").values_list(
                "pk", "latest_revision_id", "live_revision_id", "last_published_at", "url_path"
            )
        ),
    }


def test_a_second_run_changes_nothing(seed_output):
    before = snapshot()
    output = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", stdout=output)
    assert output.getvalue().strip() == "Demo content already seeded: nothing to do."
    assert snapshot() == before


def test_a_missing_translation_is_recreated_and_nothing_else(seed_output):
    english = Locale.objects.get(language_code="en")
    original = StoryPage.objects.get(slug="petit-lexique-des-territoires")
    original.get_translation(english).delete()
    pages = Page.objects.count()
    output = io.StringIO()
    with TestCase.captureOnCommitCallbacks(execute=True):
        call_command("seed_demo", stdout=output)
    assert output.getvalue().strip().endswith(": stories 1.")
    assert Page.objects.count() == pages + 1
    translation = original.get_translation(english)
    assert (translation.slug, translation.live) == ("a-short-glossary-of-french-territories", True)
    localized = Translation.objects.get(
        source__object_id=original.translation_key, target_locale=english, enabled=True
    )
    assert localized.get_progress()[0] == localized.get_progress()[1] > 0


# The demo made through wagtail-localize ------------------------------------------------------

TRANSLATED = (Territory, Theme, Contributor, Partner, HomePage, SeriesIndexPage, StoryIndexPage)


def english_snippets():
    return {
        (model.__name__, row.pk): {
            field.attname: str(getattr(row, field.attname)) for field in model._meta.concrete_fields
        }
        for model in SNIPPETS
        for row in model.objects.filter(locale__language_code="en")
    }


@pytest.mark.parametrize("model", [*TRANSLATED, SeriesPage, StoryPage])
def test_every_english_row_is_a_wagtail_localize_translation_of_its_french_source(
    seed_output, model
):
    english = Locale.objects.get(language_code="en")
    originals = model.objects.filter(locale__language_code="fr")
    assert originals.exists()
    for original in originals:
        translation = Translation.objects.get(
            source__object_id=original.translation_key,
            source__locale__language_code="fr",
            target_locale=english,
            enabled=True,
        )
        target = translation.get_target_instance()
        assert target.locale == english and target.pk != original.pk
        # Every French string has its English translation: the editor shows it "up to date".
        total, translated = translation.get_progress()
        assert total == translated > 0, original
        if isinstance(target, Page):
            assert target.specific.live == original.live
            assert not target.has_unpublished_changes


def test_translating_another_story_leaves_english_snippets_alone(seed_output):
    """The regression: translating a story took the English "Bergerac" over, in French."""
    english = Locale.objects.get(language_code="en")
    territory = Territory.objects.get(slug="bergerac", locale__language_code="fr")
    contributor = Contributor.objects.get(slug="jeanne-essai", locale__language_code="fr")
    story = make_story(
        "Les vendanges de l'an prochain",
        parent=SeriesPage.objects.get(slug="bergerac-audacieux"),
        territory=territory,
        authors=[(contributor, "text")],
    )
    before = english_snippets()
    with TestCase.captureOnCommitCallbacks(execute=True):
        translate_object(story, [english], user=make_journalist())
    assert english_snippets() == before
    described = Territory.objects.get(slug="bergerac", locale=english).description
    assert described == "<p>At the heart of the Bergerac wine country, on the Dordogne river.</p>"
    assert story.get_translation(english).specific.territory.slug == "bergerac"
    assert story.get_translation(english).specific.territory.locale == english


def test_editing_the_french_and_syncing_updates_the_english_translation(seed_output, client):
    english = Locale.objects.get(language_code="en")
    original = StoryPage.objects.get(slug="une-serie-nee-d-une-conversation")
    before = original.get_translation(english).specific
    body = original.body
    body[0] = (
        "paragraph",
        RichText("<p>Tout a commencé autour d'une longue table.</p>"),
        body[0].id,
    )
    original.title = "Une série née d'une longue conversation"
    original.body = body
    original.save_revision().publish()

    # What the admin's "Sync translated pages" does.
    source = TranslationSource.objects.get_for_instance(original)
    source.update_from_db()
    translation = source.translations.get(target_locale=english)
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)

    after = original.get_translation(english).specific
    # The changed strings arrive in French, waiting for their translation …
    assert after.title == "Une série née d'une longue conversation"
    assert after.body[0].value.source == "<p>Tout a commencé autour d'une longue table.</p>"
    # … everything else keeps its English.
    assert (after.slug, after.subtitle) == (before.slug, before.subtitle)
    assert list(after.body.raw_data)[1:] == list(before.body.raw_data)[1:]
    assert after.body[1].value["title"] == "What is a PTCE?"
    assert (after.lead_image_caption, after.lead_image_credit) == (
        before.lead_image_caption,
        before.lead_image_credit,
    )
    assert after.territory == before.territory
    assert after.live and not after.has_unpublished_changes
    assert after.pk == before.pk

    # The translation editor shows what is left to translate: exactly the two edits.
    total, translated = translation.get_progress()
    assert total - translated == 2
    untranslated = {
        segment.string.data
        for segment in StringSegment.objects.filter(source=source)
        .annotate_translation(english)
        .filter(translation__isnull=True)
    }
    assert untranslated == {
        "Une série née d'une longue conversation",
        "Tout a commencé autour d'une longue table.",
    }
    client.force_login(make_editor())
    response = client.get(f"/admin/pages/{after.pk}/edit/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "longue table" in page and "What is a PTCE?" in page

    # Once translated, syncing again puts the English in place.
    title = StringSegment.objects.get(source=source, context__path="title")
    StringTranslation.objects.create(
        translation_of=title.string,
        locale=english,
        context=title.context,
        data="A series born from a long conversation",
        translation_type="manual",
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        translation.save_target(publish=True)
    assert original.get_translation(english).title == "A series born from a long conversation"
