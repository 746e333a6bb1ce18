"""What a journalist may not do, tried in the admin: publish, put a translation online, manage
partner keys, open documents kept for editors. Each attempt is refused, nothing changes."""

import re

import pytest

from series.models import PartnerAPIKey
from stories.models import StoryPage
from tests import factories as f

from .editing import localize, wait_for_path

pytestmark = [
    pytest.mark.browser,
    pytest.mark.live,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def refused(admin, url: str) -> bool:
    """Wagtail refuses an admin page by a 403/404 or by sending the person back to the
    dashboard with an error; either way the page asked for is not shown."""
    response = admin.page.goto(url)
    return response.status in (403, 404) or not admin.page.url.endswith(url)


def test_a_journalist_cannot_publish_translate_online_manage_keys_or_see_editors_documents(
    open_admin, journalist
):
    series = f.make_series("Après la mine")
    localize(series)
    draft = f.make_story("Un brouillon", parent=series, publish=False)
    live = f.make_story("Déjà en ligne", parent=series)
    partner = f.make_partner("Radio Exemple")
    key, _ = f.make_partner_key(partner, name="Clé de Radio Exemple")
    restricted = f.make_document("Contrat de résidence", name="contrat.pdf")  # root collection

    admin = open_admin("journalist").sign_in(journalist)
    page = admin.page

    # Publish: the editor offers no publish action, only submission for review.
    page.goto(f"/admin/pages/{draft.pk}/edit/")
    assert page.locator("footer button[name=action-submit]").count() == 1
    assert page.locator("footer button[name=action-publish]").count() == 0
    assert page.locator(f"a[href*='/admin/pages/{draft.pk}/unpublish/']").count() == 0

    # Translate a live story: the English page is a draft waiting for review, not online.
    english = f.locale("en")
    page.goto(f"/admin/localize/submit/page/{live.pk}/")
    page.locator(f"input[name=locales][value='{english.pk}']").check()
    page.locator("form:has(input[name=locales]) [type=submit]").first.click()
    wait_for_path(page, r"/admin/pages/\d+/edit/")
    translated = StoryPage.objects.get(translation_key=live.translation_key, locale=english)
    assert not translated.live
    assert translated.get_parent().specific.locale == english
    assert page.locator("footer button[name=action-publish]").count() == 0
    admin.shot("journalist-translation-draft")

    # Partner keys: no menu entry, and the address refuses her.
    page.goto("/admin/")
    assert page.locator("a[href*='partner_api_keys']").count() == 0
    admin.expect_refusal(403, r"/admin/partner_api_keys/")
    admin.expect_refusal(404, r"/admin/partner_api_keys/")
    assert refused(admin, "/admin/partner_api_keys/")
    assert refused(admin, f"/admin/partner_api_keys/edit/{key.pk}/")
    admin.expect_refusal(404, r"/admin/reports/partner-api-usage/")
    admin.expect_refusal(403, r"/admin/reports/partner-api-usage/")
    assert refused(admin, "/admin/reports/partner-api-usage/")
    assert PartnerAPIKey.objects.get(pk=key.pk).revoked is False

    # Documents kept for editors: not listed, not editable by address.
    page.goto("/admin/documents/")
    assert restricted.title not in page.locator("main").inner_text()
    admin.expect_refusal(403, rf"/admin/documents/edit/{restricted.pk}/")
    admin.expect_refusal(404, rf"/admin/documents/edit/{restricted.pk}/")
    assert refused(admin, f"/admin/documents/edit/{restricted.pk}/")
    assert not re.search(r"contrat\.pdf", page.content())
    admin.shot("journalist-document-refused")

    admin.assert_clean()
