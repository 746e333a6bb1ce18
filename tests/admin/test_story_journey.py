"""A journalist writes a story in a series in the admin (with a photo she uploads), is refused
an image without alternative text, saves a draft and submits it; an editor sees the task,
approves it, and the reader site shows the story."""

from pathlib import Path

import pytest
from starlette.testclient import TestClient

from frontend.app import create_app
from frontend.config import ReaderConfig
from stories.models import StoryPage, TerrainImage
from tests import factories as f

from .editing import (
    add_block,
    choose_image,
    errors_text,
    footer_action,
    save_draft,
    type_rich_text,
    wait_for_path,
    workflow_action,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Les jardins du terril"


def upload_image(admin, tmp_path: Path, title: str, alt_text: str) -> TerrainImage:
    """Through the admin's upload form, as the signed-in person."""
    page = admin.page
    page.goto("/admin/images/add/")
    upload = tmp_path / "jardins.png"
    upload.write_bytes(f.png_bytes(800, 500, (60, 140, 70)))
    page.set_input_files("input[name=file]", str(upload))
    page.fill("input[name=title]", title)
    page.fill("input[name=alt_text]", alt_text)
    page.fill("input[name=credit]", "Photo : Julie Reporter")
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    wait_for_path(page, r"/admin/images/(\?|$|\d+/)")
    return TerrainImage.objects.get(title=title)


def reader_html(live_server, story: StoryPage) -> tuple[int, str]:
    """The story's page on the reader site, which reads the live CMS over HTTP."""
    import httpx

    detail = httpx.get(f"{live_server.url}/api/v1/stories/{story.pk}/", timeout=10)
    assert detail.status_code == 200, detail.text
    path = "/" + detail.json()["url"].split("/", 3)[3]
    config = ReaderConfig(api_base_url=f"{live_server.url}/api/v1", cache_ttl=0)
    with TestClient(create_app(config), base_url=config.site_url, follow_redirects=False) as reader:
        response = reader.get(path)
    return response.status_code, response.text


def test_a_journalist_writes_and_submits_an_editor_approves_and_readers_see_it(
    open_admin, journalist, editor, live_server, tmp_path
):
    series = f.make_series("Après la mine")
    no_alt = f.make_image("Photo sans texte", alt_text="")
    axe = {}

    # --- the journalist -----------------------------------------------------------------------
    admin = open_admin("journalist").log_in(journalist)
    page = admin.page
    axe["dashboard"] = admin.axe()
    admin.shot("journalist-dashboard")

    page.goto("/admin/images/add/")
    axe["image upload"] = admin.axe()
    admin.shot("journalist-image-upload")
    photo = upload_image(admin, tmp_path, "Les jardins partagés", "Des jardins au pied du terril")
    assert photo.alt_text == "Des jardins au pied du terril"
    assert photo.uploaded_by_user == journalist

    page.goto(f"/admin/pages/add/stories/storypage/{series.pk}/")
    page.fill("input[name=title]", TITLE)
    page.fill("textarea[name=subtitle]", "Sur l'ancien carreau, on cultive.")
    paragraph = add_block(page, "paragraph")
    type_rich_text(page, paragraph, "Au pied du terril, vingt parcelles ont été défrichées.")
    heading = add_block(page, "heading")
    page.fill(f"input[name={heading}-value-text]", "Une terre à reconquérir")
    image = add_block(page, "image")
    choose_image(page, f"{image}-value-image", no_alt)
    quote = add_block(page, "quote")
    page.fill(f"textarea[name={quote}-value-text]", "On a tout appris en plantant.")
    page.fill(f"input[name={quote}-value-attribution]", "Maryse, jardinière")
    axe["page editor (new story)"] = admin.axe()
    admin.shot("journalist-new-story")

    # An image without alternative text is refused at submission, with a message naming it.
    footer_action(page, "action-submit")
    page.wait_for_load_state()
    assert no_alt.title in errors_text(page)
    admin.shot("journalist-alt-text-refused")
    assert not StoryPage.objects.filter(title=TITLE, live=True).exists()
    assert not any(story.current_workflow_state for story in StoryPage.objects.filter(title=TITLE))

    # She picks her own photo instead, saves a draft, then submits it.
    choose_image(page, page.locator("[id$=-value-image]").first.get_attribute("id"), photo)
    save_draft(page)
    wait_for_path(page, r"/admin/pages/\d+/edit/")
    story = StoryPage.objects.get(title=TITLE)
    assert not story.live and story.get_parent().pk == series.pk
    draft = story.get_latest_revision_as_object()
    assert [block.block_type for block in draft.body] == ["paragraph", "heading", "image", "quote"]
    assert draft.body[2].value["image"] == photo
    assert story.latest_revision.user == journalist
    axe["page editor (draft)"] = admin.axe()

    footer_action(page, "action-submit")
    page.wait_for_load_state()
    story.refresh_from_db()
    assert story.current_workflow_state is not None
    assert story.current_workflow_state.status == "in_progress"
    assert not story.live
    admin.shot("journalist-submitted")
    admin.assert_clean()

    # --- the editor -----------------------------------------------------------------------------
    chief = open_admin("editor").log_in(editor)
    page = chief.page
    task_link = page.locator(f"a[href*='/admin/pages/{story.pk}/edit/']").first
    assert task_link.is_visible(), "the editor's dashboard lists the story awaiting review"
    chief.shot("editor-dashboard-task")
    axe["dashboard (editor)"] = chief.axe()
    task_link.click()
    wait_for_path(page, rf"/admin/pages/{story.pk}/edit/")
    workflow_action(page, "approve")
    page.wait_for_load_state()
    page.wait_for_function(
        "() => !location.pathname.endsWith('/edit/') || document.querySelector('.messages')"
    )
    story.refresh_from_db()
    assert story.live, "approving the only task publishes the story"
    assert story.current_workflow_state is None
    chief.shot("editor-approved")
    chief.assert_clean()

    status, html = reader_html(live_server, story)
    assert status == 200
    assert TITLE in html and "Une terre à reconquérir" in html
    assert 'alt="Des jardins au pied du terril"' in html

    assert {screen: found for screen, found in axe.items() if found} == {}
