"""A journalist translates a live French story into English as a draft, in wagtail-localize's
translation editor (its images shown), and submits it; an editor publishes it; the two pages
link to each other and the English one to English people and stories. Then the French is
corrected, synced, and the English editor shows what changed."""

import httpx
import pytest

from stories.models import StoryPage
from tests import factories as f

from .editing import footer_action, localize, wait_for_path

pytestmark = [
    pytest.mark.browser,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

EDITOR_DUMP = "translation-editor.html"


def api(live_server, path: str):
    response = httpx.get(f"{live_server.url}/api/v1/{path}", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def test_translate_review_publish_then_sync(open_admin, journalist, editor, live_server):
    from .conftest import OUTPUT

    series = f.make_series("Après la mine")
    localize(series)
    reporter = f.make_contributor("Jeanne Martin", role="reporter")
    localize(reporter)
    first = f.make_story("Épisode 1 : la mine", parent=series)
    first_en = localize(first)
    photo = f.make_image("Serre", alt_text="Une serre sur une friche")
    f.make_renditions(photo)
    story = f.make_story(
        "Épisode 2 : la serre",
        parent=series,
        authors=[(reporter, "text")],
        body=[
            {
                "type": "paragraph",
                "value": f'<p>Suite de <a linktype="page" id="{first.pk}">la mine</a>.</p>',
            },
            {"type": "image", "value": {"image": photo.pk, "caption": "La serre", "credit": ""}},
            {"type": "quote", "value": {"text": "On sème.", "attribution": "Samia"}},
        ],
    )
    english = f.locale("en")

    # --- the journalist translates --------------------------------------------------------------
    admin = open_admin("journalist").sign_in(journalist)
    page = admin.page
    page.goto(f"/admin/localize/submit/page/{story.pk}/")
    page.locator(f"input[name=locales][value='{english.pk}']").check()
    page.locator("form:has(input[name=locales]) [type=submit]").first.click()
    wait_for_path(page, r"/admin/pages/\d+/edit/")
    story_en = StoryPage.objects.get(translation_key=story.translation_key, locale=english)
    assert not story_en.live, "a translation is a draft until reviewed"
    page.wait_for_load_state("networkidle")
    OUTPUT.mkdir(parents=True, exist_ok=True)
    (OUTPUT / EDITOR_DUMP).write_text(page.content())
    admin.shot("journalist-translation-editor")
    axe_editor = admin.axe()

    # The story's photo is shown in the editor (read through Wagtail's admin image API).
    image = page.locator("img.show-transparency, .preview-image img, img[src*='/media/']").first
    image.wait_for(state="visible")
    assert page.evaluate("(img) => img.naturalWidth > 0", image.element_handle())

    # Translate every text segment.
    translations = {
        "Épisode 2 : la serre": "Episode 2: the greenhouse",
        "On sème.": "We sow.",
    }
    for source, target in translations.items():
        segment = page.locator(f"li:has(> p:text-is({source!r}))")
        segment.locator("button").first.click()
        segment.locator("textarea").fill(target)
        segment.locator("button").last.click()
    admin.shot("journalist-translation-done")
    # The translation editor's own "Submit for review" (home/templatetags/newsroom_review.py).
    page.locator("form[action*='/terrain/translations/'] button[type=submit]").click()
    page.wait_for_load_state()
    story_en.refresh_from_db()
    assert not story_en.live
    assert story_en.current_workflow_state is not None
    admin.assert_clean()

    # --- the editor publishes --------------------------------------------------------------
    chief = open_admin("editor").sign_in(editor)
    # A translation opens in the translation editor, whose "Publish" ends the review.
    chief.page.goto(f"/admin/pages/{story_en.pk}/edit/")
    with chief.page.expect_navigation():
        chief.page.locator("footer button[name=action][value=publish]").click()
    story_en.refresh_from_db()
    assert story_en.live and story_en.title == "Episode 2: the greenhouse"
    assert story_en.slug == "episode-2-the-greenhouse", "English readers get an English address"

    french = api(live_server, f"stories/{story.pk}/")
    translated = api(live_server, f"stories/{story_en.pk}/")
    assert {t["locale"]: t["id"] for t in french["translations"]}.get("en") == story_en.pk
    assert {t["locale"]: t["id"] for t in translated["translations"]}.get("fr") == story.pk
    author = translated["authors"][0]
    assert "/en/contributors/" in author["url"] and "locale=en" in author["api_url"]
    assert first_en.url_path.rstrip("/").split("/")[-1] in translated["body"][0]["value"]["html"]
    assert "/en/" in translated["body"][0]["value"]["html"]
    chief.assert_clean()

    # --- the French is corrected and synced; the English editor shows the change ----------
    chief.page.goto(f"/admin/pages/{story.pk}/edit/")
    chief.page.fill("input[name=title]", "Épisode 2 : la grande serre")
    footer_action(chief.page, "action-publish")
    wait_for_path(chief.page, r"/admin/pages/\d+/")
    # The English editor says the French changed, and leads to the sync.
    chief.page.goto(f"/admin/pages/{story_en.pk}/edit/")
    notice = chief.page.locator("[data-translation-outdated]")
    assert notice.is_visible()
    chief.shot("editor-translation-outdated")
    notice.locator("a").click()
    wait_for_path(chief.page, r"/admin/localize/update/\d+/")
    chief.shot("editor-sync")
    chief.page.locator("main form[method=POST] input[type=submit]").click()
    wait_for_path(chief.page, r"/admin/pages/\d+/")
    chief.page.goto(f"/admin/pages/{story_en.pk}/edit/")
    chief.page.wait_for_load_state("networkidle")
    assert "Épisode 2 : la grande serre" in chief.page.locator("body").inner_text()
    assert chief.page.locator("[data-translation-outdated]").count() == 0
    chief.shot("editor-translation-after-sync")
    chief.assert_clean()
    assert axe_editor == [], axe_editor
