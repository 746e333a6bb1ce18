"""The partner's quick start in docs/syndication.md, played as a partner would: its Python
blocks run in order against a live server, so the documentation cannot rot."""

import re
from pathlib import Path

from django.conf import settings
from django.db import transaction

import pytest

from series.models import WebhookEndpoint
from tests import factories as f

from .syndication_helpers import assert_valid_ninjs, isolated  # noqa: F401

GUIDE = Path(settings.BASE_DIR) / "docs" / "syndication.md"
QUICK_START = GUIDE.read_text().split("## For partners: reference")[0]
BLOCKS = re.findall(r"```python\n(.*?)```", QUICK_START, re.DOTALL)


def test_the_quick_start_has_its_five_steps():
    assert len(BLOCKS) == 5
    assert [heading for heading in re.findall(r"^### (\d)\. ", QUICK_START, re.M)] == list("12345")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_partner_follows_the_quick_start_from_key_to_attribution(
    live_server, monkeypatch, capsys
):
    region = f.make_partner("Région Hauts-de-France (démo)")
    series = f.make_series(
        "Après la mine",
        partners=[(region, "funder", "Bourse de résidence de 12 000 €.")],
        methodology="<p>Aucun financeur n'a relu les récits.</p>",
    )
    first = f.make_story("Le premier hiver", parent=series)
    second = f.make_story("Les jardins du terril", parent=series)
    partner = f.make_partner("Le Quotidien du Nord (démo)")
    _, key = f.make_partner_key(partner)
    # Where a partner's developer would first point it: their own machine. Refused by the
    # SSRF rules, as in production; the log still carries the signed message.
    endpoint = WebhookEndpoint.objects.create(
        partner=partner, name="Poste du développeur", url="http://127.0.0.1:9/terrain",
        events=["story.published"],
    )  # fmt: skip
    monkeypatch.setenv("TERRAIN_API", live_server.url + "/api/v1")
    monkeypatch.setenv("TERRAIN_API_KEY", key)
    monkeypatch.setenv("TERRAIN_WEBHOOK_SECRET", endpoint.secret)
    partner_code: dict = {}

    def run(step: int):
        code = compile(BLOCKS[step - 1], f"docs/syndication.md step {step}", "exec")
        exec(code, partner_code)  # noqa: S102 - the documentation is the code under test

    # 1. the key; 2. the first sync
    run(1)
    run(2)
    stored = partner_code["stored"]
    assert set(stored) == {
        f"urn:terrain:story:{page.translation_key}:fr" for page in (first, second)
    }
    for document in stored.values():
        assert_valid_ninjs(document)

    # 3. incremental sync: nothing new yet, then a correction and a withdrawal
    run(3)
    cursor = partner_code["cursor"]
    assert cursor
    with transaction.atomic():
        second.title = "Les jardins du terril (corrigé)"
        second.save_revision().publish()
        first.unpublish()
    partner_code["cursor"] = partner_code["poll"](cursor)
    stored = partner_code["stored"]
    assert [d["title"] for d in stored.values()] == ["Les jardins du terril (corrigé)"]

    # 4. the webhook test: refused target, verified signature from the log
    run(4)
    assert partner_code["event"]["type"] == "ping"
    [attempt] = partner_code["delivery"]["attempts"]
    assert attempt["error"].startswith("Refused")

    # 5. render with the attribution, funding disclosure included
    run(5)
    html = partner_code["html"]
    assert "Les jardins du terril (corrigé)" in html
    assert "Bourse de résidence de 12 000 €." in html
    assert "Région Hauts-de-France (démo)" in html
    assert 'href="http://reader.test/fr/series/apres-la-mine/"' in html
    printed = capsys.readouterr().out
    assert "requests left this window:" in printed and "ping verified" in printed
