"""The editor's experience in the Wagtail admin, driven through the real admin views as the
newsroom's Journalists and Editors (group members, never superusers)."""

from django.contrib.auth.models import Group, User
from django.urls import reverse

import pytest

from stories.models import Contributor, Territory, Theme
from tests import factories

pytestmark = pytest.mark.django_db


def member(name: str, group: str) -> User:
    maker = getattr(factories, "make_journalist" if group == "Journalists" else "make_editor", None)
    if maker is not None:
        return maker(name)
    user = User.objects.create_user(name, f"{name}@example.test", "pass-for-tests")
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def journalist():
    return member("journaliste", "Journalists")


@pytest.fixture
def editor():
    return member("editrice", "Editors")


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
