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


# --- 13. Alt text: a draft may wait, submitting and publishing may not ---------------------


def story_form(story, action: str, **fields) -> dict:
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = nested_form_data(
        {
            "title": story.title,
            "slug": story.slug,
            "subtitle": story.subtitle,
            "lead_image": fields.pop("lead_image", ""),
            "body": streamfield(fields.pop("body", [])),
            "authors": inline_formset([]),
            "corrections": inline_formset([]),
            "licence": "all-rights-reserved",
            "syndication": "all",
            **fields,
        }
    )
    if action:
        data[action] = "1"
    return data


def image_block(image) -> tuple:
    return ("image", {"image": image.pk, "caption": "", "credit": "", "layout": "inline"})


def test_a_draft_with_an_image_without_alt_text_is_saved_with_a_warning_and_a_link(
    client, journalist
):
    from django.contrib.messages import get_messages

    story = factories.make_story("Le carreau", publish=False)
    no_alt = factories.make_image("Photo sans texte", alt_text="")
    client.force_login(journalist)
    edit = reverse("wagtailadmin_pages:edit", args=(story.pk,))

    response = client.post(
        edit, story_form(story, "", lead_image=no_alt.pk, body=[image_block(no_alt)])
    )

    assert response.status_code == 302
    story.refresh_from_db()
    draft = story.get_latest_revision_as_object()
    assert draft.lead_image == no_alt and draft.body[0].value["image"] == no_alt
    warning = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "Photo sans texte" in warning
    assert reverse("wagtailimages:edit", args=(no_alt.pk,)) in warning


def test_the_warning_links_the_image_only_for_whoever_may_edit_it(client, journalist):
    from django.contrib.messages import get_messages

    from wagtail.models import GroupCollectionPermission

    # A newsroom where journalists add and choose images but do not edit others' images.
    GroupCollectionPermission.objects.filter(
        group__in=journalist.groups.all(), permission__codename="change_image"
    ).delete()
    story = factories.make_story("Le carreau", publish=False)
    no_alt = factories.make_image("Photo de l'agence", alt_text="")
    client.force_login(journalist)

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        story_form(story, "", lead_image=no_alt.pk),
    )

    assert response.status_code == 302
    warning = " ".join(str(m) for m in get_messages(response.wsgi_request))
    # The admin speaks French: "ask an editor to add it".
    assert "Photo de l" in warning and "Demandez à un·e éditeur·rice" in warning
    assert reverse("wagtailimages:edit", args=(no_alt.pk,)) not in warning


@pytest.mark.parametrize("action", ["action-submit", "action-publish"])
def test_submitting_or_publishing_without_alt_text_is_refused_saying_what_to_do(
    client, editor, action
):
    story = factories.make_story("Le carreau", publish=False)
    no_alt = factories.make_image("Photo sans texte", alt_text="")
    client.force_login(editor)

    response = client.post(
        reverse("wagtailadmin_pages:edit", args=(story.pk,)),
        story_form(story, action, body=[image_block(no_alt)]),
    )

    assert response.status_code == 200  # the form again, with the error
    story.refresh_from_db()
    assert not story.live and story.current_workflow_state is None
    assert "body" in response.context["form"].errors
    # The block's own error (sent to the editor's JavaScript) names the image and the remedy.
    assert "pas de texte alternatif" in response.content.decode()
    assert "choisissez une autre image" in response.content.decode()


def test_series_cover_without_alt_text_waits_for_submission(client, editor):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data

    series = factories.make_series("Les terrils", publish=False)
    no_alt = factories.make_image("Couverture sans texte", alt_text="")
    client.force_login(editor)

    def post(action):
        data = nested_form_data(
            {
                "title": series.title,
                "slug": series.slug,
                "cover_image": no_alt.pk,
                "kind": series.kind,
                "started_on": "2025-03-01",
                "journalists": inline_formset([]),
                "partners": inline_formset([]),
            }
        )
        if action:
            data[action] = "1"
        return client.post(reverse("wagtailadmin_pages:edit", args=(series.pk,)), data)

    assert post("").status_code == 302
    refused = post("action-publish")
    assert refused.status_code == 200
    assert "cover_image" in refused.context["form"].errors


def test_image_chooser_marks_images_without_alt_text(client, journalist):
    factories.make_image("Photo décrite")
    factories.make_image("Photo sans texte", alt_text="")
    client.force_login(journalist)

    response = client.get(reverse("wagtailimages_chooser:choose"))

    html = response.json()["html"]
    assert html.count("data-no-alt-text") == 1
    marker = html.index("data-no-alt-text")
    assert html.rfind("Photo sans texte", 0, marker) > html.rfind("Photo décrite", 0, marker)


def test_no_autosave_creates_a_page_or_stores_a_half_written_draft(client, journalist):
    """Autosave is off: a new story exists only once the journalist saves it, and a draft's
    revisions are the ones she saved (WAGTAIL_AUTOSAVE_INTERVAL in settings)."""
    series = factories.make_series("Après la mine")
    story = factories.make_story("Un brouillon", parent=series, publish=False)
    client.force_login(journalist)
    for url in (
        reverse("wagtailadmin_pages:add", args=["stories", "storypage", series.pk]),
        reverse("wagtailadmin_pages:edit", args=[story.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 200
        assert "data-w-autosave-interval-value" not in response.content.decode()
        assert "->w-autosave#save" not in response.content.decode()
