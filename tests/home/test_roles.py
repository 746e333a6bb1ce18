"""What each role may do in the admin, as docs/editors.md says: journalists write stories and
their own bylines; curated pages (home, indexes, series with their partners and funding
disclosure) are edited by those who publish them (home/wagtail_hooks.py)."""

from django.urls import reverse

from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest

from stories.models import Contributor
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return factories.make_series("Après la mine")


def edit_url(page) -> str:
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def add_url(app_label: str, model: str, parent) -> str:
    return reverse("wagtailadmin_pages:add", args=[app_label, model, parent.pk])


def refused(response) -> bool:
    """Wagtail refuses by a 403, or by a redirect to the dashboard with an error message."""
    return response.status_code == 403 or (
        response.status_code == 302 and response.url.rstrip("/").endswith("/admin")
    )


def test_a_journalist_cannot_open_curated_pages(client, series):
    client.force_login(factories.make_journalist())
    for page in (series, series.get_parent(), series.get_parent().get_parent()):
        assert refused(client.get(edit_url(page))), page
        assert refused(client.post(edit_url(page), {"title": "Changé"})), page
    assert refused(client.get(add_url("series", "seriespage", series.get_parent())))
    series.refresh_from_db()
    assert series.title == "Après la mine"


def test_a_journalist_writes_a_story_in_a_series(client, series):
    client.force_login(factories.make_journalist())
    assert client.get(add_url("stories", "storypage", series)).status_code == 200
    story = factories.make_story("Un brouillon", parent=series, publish=False)
    assert client.get(edit_url(story)).status_code == 200


def test_an_editor_edits_curated_pages(client, series):
    client.force_login(factories.make_editor())
    for page in (series, series.get_parent(), series.get_parent().get_parent()):
        assert client.get(edit_url(page)).status_code == 200, page
    assert client.get(add_url("series", "seriespage", series.get_parent())).status_code == 200


def test_a_journalist_adds_her_own_contributor_profile(client):
    client.force_login(factories.make_journalist())
    add = reverse("wagtailsnippets_stories_contributor:add")
    assert client.get(add).status_code == 200
    response = client.post(
        add,
        nested_form_data(
            {
                "name": "Julie Reporter",
                "slug": "julie-reporter",
                "role": "reporter",
                "locale": "fr",
                "links": streamfield([]),
            }
        ),
    )
    assert response.status_code in (200, 302)
    assert Contributor.objects.filter(slug="julie-reporter").exists(), response.content[:2000]


def test_a_journalist_cannot_manage_partner_keys(client):
    client.force_login(factories.make_journalist())
    for url in ("/admin/partner_api_keys/", "/admin/reports/partner-api-usage/"):
        response = client.get(url)
        assert response.status_code in (403, 404) or refused(response), url


def test_a_journalist_cannot_open_or_move_a_document_kept_for_editors(client):
    """Document rights only in "Rédaction": a grant on the root collection would cascade into
    restricted collections, and `change` would let a journalist move a document out of one."""
    from wagtail.documents import get_document_model
    from wagtail.models import Collection

    restricted = factories.make_document("Contrat de résidence", name="contrat.pdf")
    assert restricted.collection == Collection.get_first_root_node()
    client.force_login(factories.make_journalist())
    edit = reverse("wagtaildocs:edit", args=[restricted.pk])
    assert refused(client.get(edit))
    newsroom = Collection.objects.get(name="Rédaction")
    client.post(edit, {"title": "Contrat", "collection": newsroom.pk})
    document = get_document_model().objects.get(pk=restricted.pk)
    assert (document.title, document.collection) == ("Contrat de résidence", restricted.collection)
    assert "contrat.pdf" not in client.get(reverse("wagtaildocs:index")).content.decode()
