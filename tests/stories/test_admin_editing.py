"""The editor's experience in the Wagtail admin, driven through the real admin views as the
newsroom's Journalists and Editors (group members, never superusers)."""

from django.contrib.auth.models import Group, User
from django.urls import reverse

import pytest

from home.roles import EDITORS
from stories.models import Contributor, Territory, Theme
from tests import factories

pytestmark = pytest.mark.django_db


def member(name: str, role: str) -> User:
    maker = factories.make_journalist if role == "journalist" else factories.make_editor
    return maker(name)


@pytest.fixture
def journalist():
    return member("journaliste", "journalist")


@pytest.fixture
def editor():
    return member("editrice", "editor")


# --- 5. Snippet choosers search in one locale ----------------------------------------------


def chooser_results(client, model, **params):
    url = reverse(model.snippet_viewset.chooser_viewset.get_url_name("choose_results"))
    return client.get(url, params)


def test_territory_chooser_searches_within_the_chosen_locale(client, journalist):
    factories.make_territory("Bergerac")
    factories.make_territory("Bergerac", code="en", slug="bergerac-en")
    factories.make_territory("Sarlat")
    client.force_login(journalist)

    response = chooser_results(client, Territory, q="Berg", locale="fr")

    assert response.status_code == 200
    found = list(response.context["results"])
    assert [(t.name, t.locale.language_code) for t in found] == [("Bergerac", "fr")]


@pytest.mark.parametrize(
    ("model", "make"),
    [
        (Theme, factories.make_theme),
        (Contributor, factories.make_contributor),
        ("series.Partner", factories.make_partner),
    ],
)
def test_every_translatable_snippet_chooser_has_a_search_in_one_locale(
    client, journalist, model, make
):
    if isinstance(model, str):
        from django.apps import apps

        model = apps.get_model(model)
    make("Agriculture paysanne")
    make("Peasant agriculture", code="en")
    make("Coastline", code="en")
    client.force_login(journalist)

    response = chooser_results(client, model, q="agri", locale="en")

    assert response.status_code == 200
    assert [str(obj) for obj in response.context["results"]] == ["Peasant agriculture"]


# --- 6. Wagtail's admin API sees the admin user; API v1 stays anonymous --------------------


def restricted_collection_image():
    from wagtail.models import Collection, CollectionViewRestriction

    private = Collection.get_first_root_node().add_child(name="Sources protégées")
    restriction = CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name=EDITORS)])
    return factories.make_image("Terril public")


@pytest.mark.parametrize("role", ["editor", "journalist"])
def test_admin_image_api_answers_with_a_group_restricted_collection(client, role):
    """The translation editor loads its images from here; it 500ed (request.user was None)."""
    image = restricted_collection_image()
    client.force_login(member("membre", role))

    detail = client.get(f"/admin/api/main/images/{image.pk}/")
    listing = client.get("/admin/api/main/images/")

    assert detail.status_code == 200
    assert detail.json()["title"] == "Terril public"
    assert listing.status_code == 200


def test_api_v1_ignores_the_admin_session_and_never_asks_for_csrf(editor):
    from django.test import Client

    factories.make_story("Un récit public")
    anonymous = Client()
    logged_in = Client(enforce_csrf_checks=True)
    logged_in.force_login(editor)

    public = anonymous.get("/api/v1/stories/")
    as_editor = logged_in.get("/api/v1/stories/")
    # A session without CSRF token: refused as a method (405), not as a forged request (403).
    post = logged_in.post("/api/v1/stories/", {})

    assert as_editor.status_code == public.status_code == 200
    assert as_editor.json() == public.json()
    assert post.status_code == 405
    assert "CSRF" not in post.content.decode()


# --- 14. Themes and partners: the page's language only, as checkboxes ---------------------


def test_story_form_offers_themes_and_partners_of_its_language_as_checkboxes(client, journalist):
    from django.forms import CheckboxSelectMultiple

    farming_fr = factories.make_theme("Agriculture")
    factories.make_theme("Agriculture", code="en", slug="farming")
    radio_fr = factories.make_partner("Radio Exemple", kind="media")
    factories.make_partner("Radio Exemple", kind="media", code="en", slug="radio-exemple-en")
    story = factories.make_story("Un récit", themes=[farming_fr])
    client.force_login(journalist)

    response = client.get(reverse("wagtailadmin_pages:edit", args=(story.pk,)))

    assert response.status_code == 200
    form = response.context["form"]
    assert list(form.fields["themes"].queryset) == [farming_fr]
    assert list(form.fields["syndication_partners"].queryset) == [radio_fr]
    for name in ("themes", "syndication_partners"):
        assert isinstance(form.fields[name].widget, CheckboxSelectMultiple)
    html = response.content.decode()
    assert html.count('type="checkbox" name="themes"') == 1
    assert html.count('type="checkbox" name="syndication_partners"') == 1


def test_new_english_story_offers_english_themes_only(client, journalist):
    factories.make_theme("Agriculture")
    farming_en = factories.make_theme("Farming", code="en")
    client.force_login(journalist)
    parent = factories.story_index("en")

    response = client.get(
        reverse("wagtailadmin_pages:add", args=("stories", "storypage", parent.pk))
    )

    assert response.status_code == 200
    assert list(response.context["form"].fields["themes"].queryset) == [farming_en]


# --- 17. The internal-link chooser opens next to the page being written --------------------


def test_rich_text_link_chooser_is_ours():
    from wagtail.rich_text import features

    url = features.get_editor_plugin("draftail", "link").data["chooserUrls"]["pageChooser"]
    assert str(url) == reverse("stories_link_page_chooser")


def test_link_chooser_opens_among_the_story_siblings_in_its_language(client, journalist):
    series = factories.make_series("Les terrils")
    sibling = factories.make_story("Épisode 1", parent=series)
    story = factories.make_story("Épisode 2", parent=series)
    factories.translate_page(series, "en")
    client.force_login(journalist)
    editing = reverse("wagtailadmin_pages:edit", args=(story.pk,))

    response = client.get(
        reverse("stories_link_page_chooser"),
        {"page_type": "wagtailcore.page", "allow_external_link": "true"},
        HTTP_REFERER=f"http://testserver{editing}",
    )

    assert response.status_code == 200
    assert response.json()["step"] == "browse"
    assert response.json()["parent_page_id"] == series.pk
    listed = {page.pk for page in response.context["pagination_page"]}
    assert {sibling.pk, story.pk} <= listed
    assert {page.locale.language_code for page in response.context["pagination_page"]} == {"fr"}


def test_link_chooser_for_a_new_page_opens_at_its_parent(client, journalist):
    parent = factories.story_index("en")
    client.force_login(journalist)
    adding = reverse("wagtailadmin_pages:add", args=("stories", "storypage", parent.pk))

    response = client.get(reverse("stories_link_page_chooser"), HTTP_REFERER=adding)

    assert response.json()["parent_page_id"] == parent.pk


def test_link_chooser_reopens_an_existing_link_where_it_points(client, journalist):
    series = factories.make_series("Les terrils")
    client.force_login(journalist)

    response = client.get(reverse("stories_link_page_chooser") + f"{series.pk}/")

    assert response.json()["parent_page_id"] == series.pk
