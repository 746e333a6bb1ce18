"""Journalists write and submit; editors publish. Both come from migrations, not from set-up."""

from django.contrib.auth.models import Group
from django.urls import reverse

from wagtail.models import Workflow, WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

from home import roles
from stories.models import StoryPage
from tests import factories

pytestmark = pytest.mark.django_db


def story_form(title: str, action: str) -> dict:
    data = nested_form_data(
        {
            "title": title,
            "slug": title.lower().replace(" ", "-"),
            "subtitle": "Un chapeau.",
            "body": streamfield([("paragraph", rich_text("<p>Texte.</p>"))]),
            "authors": inline_formset([]),
            "corrections": inline_formset([]),
            "licence": "all-rights-reserved",
            "syndication": "all",
        }
    )
    data[action] = "1"
    return data


def test_fresh_database_has_both_groups_and_the_workflow_on_both_trees():
    workflow = Workflow.objects.get(name=roles.EDITORIAL_WORKFLOW)
    assert workflow.active
    trees = sorted(link.page.locale.language_code for link in workflow.workflow_pages.all())
    assert trees == ["en", "fr"]
    task = workflow.tasks.get().specific
    assert list(task.groups.values_list("name", flat=True)) == [roles.EDITORS]
    assert factories.home("en").get_workflow() == workflow
    assert factories.make_series().get_workflow() == workflow
    assert task.name == roles.EDITORS_APPROVAL_TASK
    assert not Group.objects.filter(name="Moderators").exists()
    # The admin is French-first: the English names of 0003 are gone.
    assert not Group.objects.filter(name__in=["Journalists", "Editors"]).exists()


def test_journalist_submits_cannot_publish_and_an_editor_publishes(client):
    journalist = factories.make_journalist("journaliste")
    editor = factories.make_editor("editrice")
    parent = factories.story_index()
    add_url = reverse("wagtailadmin_pages:add", args=("stories", "storypage", parent.pk))

    client.force_login(journalist)
    response = client.post(add_url, story_form("Tentative de publication", "action-publish"))
    assert response.status_code in (200, 302)
    assert not StoryPage.objects.filter(title="Tentative de publication", live=True).exists()

    response = client.post(add_url, story_form("Soumis pour relecture", "action-submit"))
    assert response.status_code == 302, response.content[:2000]
    story = StoryPage.objects.get(title="Soumis pour relecture")
    assert not story.live
    state = WorkflowState.objects.get(object_id=str(story.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert not story.permissions_for_user(journalist).can_publish()
    assert story.permissions_for_user(editor).can_publish()

    task_state = state.current_task_state
    task_state.task.specific.on_action(task_state, editor, "approve")
    story.refresh_from_db()
    assert story.live
    assert story.published_at is not None


# --- Translation under review (issue 9.1) ---------------------------------------------------


@pytest.fixture
def receiver(settings):
    from tests.api.webhook_receiver import start_receiver, stop_receiver

    settings.WEBHOOKS_ALLOW_PRIVATE_TARGETS = True
    receiver = start_receiver()
    yield receiver
    stop_receiver(receiver)


def announced(receiver) -> list[tuple[str, str]]:
    import json

    payloads = [json.loads(request.body) for request in receiver.requests]
    return [(p["type"], p["data"].get("uri", "")) for p in payloads]


def translate_as(client, user, page, django_capture_on_commit_callbacks):
    """ "Translate this page" in the admin, into English."""
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
            {"locales": [factories.locale("en").pk]},
        )
    assert response.status_code == 302, response.content[:3000]
    return page.get_translation(factories.locale("en")).specific


def test_a_journalist_translating_a_live_story_makes_a_draft_nobody_hears_of(
    client, receiver, django_capture_on_commit_callbacks
):
    from series.models import WebhookEndpoint

    WebhookEndpoint.objects.create(
        name="Récepteur", url=receiver.url, events=["story.published", "story.updated"]
    )
    with django_capture_on_commit_callbacks(execute=True):
        story = factories.make_story("Le soleil des terrils")
    assert [kind for kind, _ in announced(receiver)] == ["story.published"]

    english = translate_as(
        client, factories.make_journalist(), story, django_capture_on_commit_callbacks
    )

    assert not english.live
    assert english.has_unpublished_changes
    assert not StoryPage.objects.live().filter(locale__language_code="en").exists()
    client.logout()
    assert client.get(f"/api/v1/stories/{english.pk}/").status_code == 404
    listing = client.get("/api/v1/stories/?locale=en").json()
    assert english.pk not in [item["id"] for item in listing["items"]]
    # Partners heard of the French story only: nothing about an English one.
    assert [kind for kind, _ in announced(receiver)] == ["story.published"]


def refused(response) -> bool:
    """Wagtail's admin answers a refusal with 403, or a redirect home with an error message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url == reverse("wagtailadmin_home")
    )


def test_a_journalist_cannot_publish_a_translation_by_any_path(
    client, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import TranslationSource

    story = factories.make_story("Les jardins partagés")
    journalist = factories.make_journalist()
    english = translate_as(client, journalist, story, django_capture_on_commit_callbacks)
    edit_url = reverse("wagtailadmin_pages:edit", args=[english.pk])

    # The translation editor opens, without its "Publish in English" button.
    response = client.get(edit_url)
    assert response.status_code == 200
    assert "&quot;canPublish&quot;: false" in response.content.decode()
    # Its publish action, posted anyway.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, {"action": "publish"})
    assert refused(response)
    # "Sync translated pages" with "Publish immediately".
    source = TranslationSource.objects.get(object_id=story.translation_key)
    sync_url = reverse("wagtail_localize:update_translations", args=[source.pk])
    form = client.get(sync_url)
    assert form.status_code == 200
    assert "publish_translations" not in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(sync_url, {"publish_translations": "on"})
    assert refused(response)
    # "Convert to alias page": an alias mirrors its live source.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtail_localize:convert_to_alias", args=[english.pk]))
    assert refused(response)
    # The page's own publish action.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url, {"action-publish": "1"})

    english.refresh_from_db()
    assert not english.live
    assert english.alias_of_id is None
    assert not english.revisions.exclude(approved_go_live_at=None).exists()


def test_a_journalist_syncing_a_translation_keeps_it_a_draft(
    client, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import TranslationSource

    story = factories.make_story("Le marché couvert")
    journalist = factories.make_journalist()
    english = translate_as(client, journalist, story, django_capture_on_commit_callbacks)
    story.title = "Le marché couvert rouvre"
    story.save_revision().publish()

    source = TranslationSource.objects.get(object_id=story.translation_key)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("wagtail_localize:update_translations", args=[source.pk]), {}
        )
    assert response.status_code == 302, response.content[:3000]
    english.refresh_from_db()
    assert not english.live


def test_a_translation_is_submitted_for_review_and_an_editor_publishes_it(
    client, django_capture_on_commit_callbacks
):
    story = factories.make_story("Les mineurs du dimanche")
    journalist, editor = factories.make_journalist(), factories.make_editor()
    english = translate_as(client, journalist, story, django_capture_on_commit_callbacks)

    # The translation editor offers "Submit for review" to the journalist.
    edit_url = reverse("wagtailadmin_pages:edit", args=[english.pk])
    submit_url = reverse("terrain_submit_translation", args=[english.pk])
    assert submit_url in client.get(edit_url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(submit_url)
    assert response.status_code == 302
    english.refresh_from_db()
    assert not english.live
    state = english.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == roles.EDITORIAL_WORKFLOW
    assert state.requested_by == journalist

    # An editor approves it from the review: the translation goes live.
    client.force_login(editor)
    task_state = state.current_task_state
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[english.pk, "approve", task_state.pk],
            ),
            {"comment": ""},
        )
    assert response.status_code in (200, 302), response.content[:2000]
    english.refresh_from_db()
    assert english.live
    assert english.live_revision.user in (editor, journalist)


def test_an_editor_publishes_a_translation_from_the_translation_editor(
    client, django_capture_on_commit_callbacks
):
    story = factories.make_story("La vigne au printemps")
    english = translate_as(
        client, factories.make_editor(), story, django_capture_on_commit_callbacks
    )
    assert not english.live  # editors too: a translation starts as a draft

    edit_url = reverse("wagtailadmin_pages:edit", args=[english.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(edit_url, {"action": "publish"})
    assert response.status_code == 302
    english.refresh_from_db()
    assert english.live


def test_a_correction_of_the_source_flags_the_translation_until_it_is_synced(
    client, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import TranslationSource

    story = factories.make_story("Les mineurs du dimanche")
    journalist = factories.make_journalist()
    english = translate_as(client, journalist, story, django_capture_on_commit_callbacks)
    edit_url = reverse("wagtailadmin_pages:edit", args=[english.pk])
    assert "data-translation-outdated" not in client.get(edit_url).content.decode()

    # The French is corrected and published: the English editor says so, with the way to sync.
    story.title = "Les mineurs du dimanche (corrigé)"
    story.save_revision().publish()
    source = TranslationSource.objects.get_for_instance(story)
    page = client.get(edit_url).content.decode()
    assert "data-translation-outdated" in page
    assert reverse("wagtail_localize:update_translations", args=[source.pk]) in page
    assert "a été corrigée depuis la dernière synchronisation" in page

    # Synced: the notice goes.
    with django_capture_on_commit_callbacks(execute=True):
        source.update_from_db()
    assert "data-translation-outdated" not in client.get(edit_url).content.decode()


def test_requested_changes_reach_the_journalist_as_requested_changes(
    client, mailoutbox, django_capture_on_commit_callbacks, settings
):
    """The editor clicked "Demander des modifications": the journalist's e-mail says so, in
    the admin's French, never "rejected" (text and, when enabled, HTML)."""
    settings.WAGTAILADMIN_NOTIFICATION_USE_HTML = True
    journalist = factories.make_journalist(email="julie@example.org")
    editor = factories.make_editor(first_name="Émile", last_name="Chef")
    story = factories.make_story("Les mineurs du dimanche", publish=False)
    workflow = Workflow.objects.get(name=roles.EDITORIAL_WORKFLOW)
    with django_capture_on_commit_callbacks(execute=True):
        state = workflow.start(story, journalist)
    mailoutbox.clear()

    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[story.pk, "reject", state.current_task_state.pk],
            ),
            {"comment": "Il manque la date de la réunion."},
        )
    assert response.status_code in (200, 302)
    mails = [mail for mail in mailoutbox if "julie@example.org" in mail.to]
    assert len(mails) == 1
    mail = mails[0]
    assert mail.subject == "Modifications demandées : « Les mineurs du dimanche »"
    assert "Émile Chef demande des modifications à « Les mineurs du dimanche »" in mail.body
    assert "Il manque la date de la réunion." in mail.body
    assert f"/admin/pages/{story.pk}/edit/" in mail.body
    html = mail.alternatives[0][0]
    assert "demande des modifications" in html
    assert "rejet" not in (mail.subject + mail.body + html).lower()
