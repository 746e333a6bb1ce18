"""Partner keys in the Wagtail admin: created and shown once, stored hashed, revoked, reported."""

from html import unescape as html_unescape

from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

import pytest

from series.models import APIKeyUsage, PartnerAPIKey
from tests import factories as f

from .syndication_helpers import auth, isolated  # noqa: F401

ITEMS = "/api/v1/syndication/items/"
pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    user = get_user_model().objects.create_superuser("editor", "editor@example.org", "pw")
    client.force_login(user)
    return client


def test_an_editor_creates_a_key_and_sees_it_once(admin_client, client):
    partner = f.make_partner("Communauté urbaine")
    series = f.make_series("Bassin minier")
    f.make_story("Dans la série", parent=series)
    f.make_story("Hors série")

    response = admin_client.post(
        reverse("partner_api_keys:add"),
        {
            "partner": partner.pk,
            "name": "Site de la CU",
            "series": [series.pk],
            "tier": "basic",
            "expiry_date": "",
        },
    )

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    api_key = PartnerAPIKey.objects.get()
    html = response.content.decode()
    clear = html.split('id="clear-key" type="text" readonly value="')[1].split('"')[0]
    assert clear.startswith(api_key.prefix + ".")
    assert api_key.hashed_key != clear.split(".")[1]
    assert clear not in str(PartnerAPIKey.objects.values().get())
    assert api_key.partner == partner and not api_key.all_series and api_key.tier == "basic"

    listed = client.get(ITEMS, **auth(clear)).json()["items"]
    assert [item["headlines"][0]["value"] for item in listed] == ["Dans la série"]

    edit = admin_client.get(reverse("partner_api_keys:edit", args=[api_key.pk]))
    assert edit.status_code == 200
    assert clear not in edit.content.decode()
    index = admin_client.get(reverse("partner_api_keys:index"))
    assert api_key.prefix in index.content.decode()
    assert clear not in index.content.decode()


def test_an_editor_revokes_a_key(admin_client, client):
    api_key, key = f.make_partner_key()
    assert client.get(ITEMS, **auth(key)).status_code == 200

    confirm = admin_client.get(reverse("partner_api_keys:revoke", args=[api_key.pk]))
    assert confirm.status_code == 200
    response = admin_client.post(reverse("partner_api_keys:revoke", args=[api_key.pk]))

    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked
    assert client.get(ITEMS, **auth(key)).status_code == 401


def test_usage_report_shows_requests_per_day_with_a_chart(admin_client, client):
    api_key, key = f.make_partner_key()
    for _ in range(4):
        client.get(ITEMS, **auth(key))
    yesterday = timezone.now().date() - timezone.timedelta(days=1)
    APIKeyUsage.objects.create(key=api_key, day=yesterday, requests=10, throttled=2)

    response = admin_client.get(reverse("partner_api_keys:report", args=[api_key.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert '<strong class="total-requests">14</strong>' in html
    assert html.count("<rect ") == 3  # today, yesterday, yesterday's refused requests
    assert f"<td>{yesterday.isoformat()}</td><td>10</td><td>2</td>" in html


def test_people_without_admin_access_cannot_see_keys(client):
    api_key, _ = f.make_partner_key()
    for name in ("index", "add"):
        assert client.get(reverse(f"partner_api_keys:{name}")).status_code == 302
    response = client.get(reverse("partner_api_keys:report", args=[api_key.pk]))
    assert response.status_code == 302


def test_the_editors_group_may_manage_keys_and_webhooks():
    from django.contrib.auth.models import Group

    from home.roles import EDITORS

    editors = Group.objects.get(name=EDITORS)
    codenames = set(editors.permissions.values_list("codename", flat=True))
    assert {"add_partnerapikey", "change_partnerapikey", "add_webhookendpoint"} <= codenames
    assert "change_webhookdelivery" in codenames


def test_an_editor_of_the_editors_group_manages_keys_and_webhooks(client):
    editor = f.make_editor("claire")
    client.force_login(editor)
    partner = f.make_partner("Parc naturel")

    for name in ("partner_api_keys:add", "webhook_endpoints:add", "webhook_deliveries:index"):
        assert client.get(reverse(name)).status_code == 200, name
    response = client.post(
        reverse("partner_api_keys:add"),
        {"partner": partner.pk, "name": "Site du parc", "all_series": "on", "tier": "standard"},
    )
    assert response.status_code == 200
    assert PartnerAPIKey.objects.filter(partner=partner).exists()


def test_the_usage_report_covers_every_key(admin_client, client):
    first, first_key = f.make_partner_key(name="Clé A")
    second, _ = f.make_partner_key(name="Clé B")
    for _ in range(2):
        client.get(ITEMS, **auth(first_key))
    APIKeyUsage.objects.create(key=second, day=timezone.now().date(), requests=5, throttled=1)

    response = admin_client.get(reverse("partner_api_usage"))

    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('<tr class="key-usage">') == 2
    assert "<td>2</td><td>0</td>" in html and "<td>5</td><td>1</td>" in html
    assert html.count("<rect ") == 2  # today's requests and today's refusals, all keys summed
    # Listed under Reports in the admin menu.
    menu = html_unescape(admin_client.get(reverse("wagtailadmin_home")).content.decode())
    assert "Utilisation de l'API par les partenaires" in menu  # "Partner API usage", in French


def test_the_usage_report_is_for_editors_only(client):
    user = get_user_model().objects.create_user("lecteur", "l@example.org", "pw")
    from django.contrib.auth.models import Permission

    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    client.force_login(user)
    assert client.get(reverse("partner_api_usage")).status_code == 404


def test_a_key_form_offers_each_partner_once_and_refuses_a_past_expiry(admin_client):
    partner = f.make_partner("Radio Exemple")
    f.translate_snippet(partner)  # its English profile: the same organisation
    form = admin_client.get(reverse("partner_api_keys:add")).context["form"]
    assert list(form.fields["partner"].queryset) == [partner]

    response = admin_client.post(
        reverse("partner_api_keys:add"),
        {"partner": partner.pk, "name": "Déjà périmée", "tier": "basic", "all_series": "on",
         "expiry_date": "2020-01-01 00:00"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "expiry_date" in response.context["form"].errors
    assert not PartnerAPIKey.objects.exists()
