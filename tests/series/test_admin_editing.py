"""The series editor in the Wagtail admin, as the newsroom's editors use it."""

from django.forms import CheckboxSelectMultiple
from django.urls import reverse

import pytest

from tests import factories

pytestmark = pytest.mark.django_db


def test_series_form_offers_themes_of_its_language_as_checkboxes(client):
    landscape_en = factories.make_theme("Landscape", code="en")
    factories.make_theme("Paysage")
    series = factories.make_series("Série", publish=False)
    english = factories.translate_page(series, "en", publish=False)
    client.force_login(factories.make_editor())

    response = client.get(reverse("wagtailadmin_pages:edit", args=(english.pk,)))

    assert response.status_code == 200
    field = response.context["form"].fields["themes"]
    assert list(field.queryset) == [landscape_en]
    assert isinstance(field.widget, CheckboxSelectMultiple)
