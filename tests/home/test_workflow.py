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
