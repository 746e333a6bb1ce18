"""What a republisher must show travels in every ninjs document: the series and the episode,
who funded the work and how, the independence statement, a ready-to-paste attribution, the
translations, and each image's own rights; versions change exactly when the document does."""

import datetime
import re

from django.utils import timezone

import pytest

from api.ninjs import version_of
from home.tasks import publish_scheduled_pages
from series.models import StoryFeedState
from stories.models import StoryPage, TerrainImage
from tests import factories as f

from .syndication_helpers import assert_valid_ninjs, auth, isolated  # noqa: F401

ITEMS = "/api/v1/syndication/items/"
pytestmark = pytest.mark.django_db


def uri(page, code="fr"):
    return f"urn:terrain:story:{page.translation_key}:{code}"


def by_uri(response):
    assert response.status_code == 200, response.content
    return {item["uri"]: item for item in response.json()["items"]}


def described(item, role):
    return [d["value"] for d in item.get("descriptions", []) if d.get("role") == role]


@pytest.fixture
def residency():
    """A series funded by a region and hosted by a town, two episodes, the second translated."""
    region = f.make_partner(
        "Région Hauts-de-France", kind="public", website="https://region.example/"
    )
    town = f.make_partner("Ville de Loos-en-Gohelle", kind="public")
    series = f.make_series(
        "Après la mine",
        partners=[
            (region, "funder", "Bourse de résidence de 12 000 €."),
            (town, "host-territory", "Logement de la journaliste pendant six mois."),
        ],
        methodology="<p>La Région n'a relu aucun récit avant publication.</p>",
    )
    first = f.make_story("Premier épisode", parent=series)
    second = f.make_story("Les jardins du terril", parent=series)
    f.translate_snippet(region, name="Hauts-de-France Region")
    f.translate_snippet(town, name="Town of Loos-en-Gohelle")
    en_series = f.translate_page(series, title="After the mine")
    en_series.methodology = "<p>The Region read no story before publication.</p>"
    en_series.save_revision().publish()
    english = f.translate_page(second, title="The slag-heap gardens")
    return series, first, second, english


def test_a_document_carries_its_series_episode_funding_and_attribution(client, residency):
    series, first, second, english = residency
    _, key = f.make_partner_key()
    items = by_uri(client.get(ITEMS, **auth(key)))

    french = items[uri(second)]
    assert_valid_ninjs(french)
    [association] = [a for a in french["associations"] if a["rel"] == "series"]
    assert association["title"] == "Après la mine"
    assert association["uri"] == f"urn:terrain:series:{series.translation_key}:fr"
    assert association["renditions"][0]["href"] == "http://reader.test/fr/series/apres-la-mine/"
    assert {"role": "episode-number", "value": "2"} in french["altIds"]
    assert {"role": "episode-count", "value": "2"} in french["altIds"]
    assert [(o["name"], o["rel"]) for o in french["organisations"]] == [
        ("Région Hauts-de-France", "funder"),
        ("Ville de Loos-en-Gohelle", "host-territory"),
    ]
    assert french["organisations"][0]["uri"] == "https://region.example/"
    funding = described(french, "funding-disclosure")
    assert len(funding) == 2 and "12 000 €" in funding[0]
    assert described(french, "independence") == [
        "La Région n'a relu aucun récit avant publication."
    ]
    [attribution] = described(french, "attribution")
    assert '<a href="http://reader.test/fr/series/apres-la-mine/">Après la mine</a>' in attribution
    assert "Bourse de résidence de 12 000 €." in attribution
    assert "Région Hauts-de-France" in attribution
    assert attribution.startswith("<p>") and "<script" not in attribution
    # The translation is linked, by its own uri.
    [translation] = [a for a in french["associations"] if a["rel"] == "translation"]
    assert translation["uri"] == uri(english, "en") and translation["language"] == "en"

    # The English document names everything in English.
    english_doc = items[uri(english, "en")]
    assert_valid_ninjs(english_doc)
    [association] = [a for a in english_doc["associations"] if a["rel"] == "series"]
    assert association["title"] == "After the mine"
    assert [o["name"] for o in english_doc["organisations"]] == [
        "Hauts-de-France Region",
        "Town of Loos-en-Gohelle",
    ]
    assert described(english_doc, "independence") == [
        "The Region read no story before publication."
    ]
    [attribution] = described(english_doc, "attribution")
    assert "First published by" in attribution and "(funder)" in attribution
    assert "After the mine" in attribution

    # A story outside any series carries no series and no funding, and stays valid.
    alone = f.make_story("Hors série")
    item = by_uri(client.get(ITEMS, **auth(key)))[uri(alone)]
    assert_valid_ninjs(item)
    assert "organisations" not in item
    assert not [a for a in item.get("associations", []) if a["rel"] == "series"]
    assert described(item, "attribution")


def test_the_item_detail_and_the_change_log_carry_the_same_document(client, residency):
    _series, _first, second, _english = residency
    _, key = f.make_partner_key()
    listed = by_uri(client.get(ITEMS, **auth(key)))[uri(second)]
    detail = client.get(f"{ITEMS}{uri(second)}/", **auth(key)).json()
    changes = by_uri(client.get(ITEMS, {"since": "2000-01-01T00:00:00Z"}, **auth(key)))
    assert detail == listed
    assert changes[uri(second)] == listed


def test_images_carry_their_own_rights_alt_text_in_the_language_and_originals_on_request(
    client,
):
    photo = f.make_image(
        "IMG_2031",
        alt_text="Des parcelles au pied du terril",
        credit="Photo : Lina Morel (démo)",
        licence="cc-by-4.0",
    )
    photo.alt_text_translations = {"en": "Garden plots at the foot of the slag heap"}
    photo.save()
    story = f.make_story(
        "Les parcelles",
        lead_image=photo,
        licence="all-rights-reserved",
        body=[("image", {"image": f.make_image("Second"), "caption": "Un puits", "credit": ""})],
    )
    english = f.translate_page(story, title="The plots")
    _, key = f.make_partner_key()
    _, print_key = f.make_partner_key(original_images=True)

    items = by_uri(client.get(ITEMS, **auth(key)))
    french = items[uri(story)]
    lead = next(a for a in french["associations"] if a["rel"] == "featureimage")
    assert lead["copyrightHolder"] == "Photo : Lina Morel (démo)"
    assert lead["rightsInfo"] == {"linkedRights": "https://creativecommons.org/licenses/by/4.0/"}
    assert "CC BY 4.0" in lead["usageTerms"] and lead["usageTerms"] != french["usageTerms"]
    assert lead["people"] == [{"name": "Photo : Lina Morel (démo)", "rel": "photographer"}]
    assert described(lead, "alt") == ["Des parcelles au pied du terril"]
    assert "IMG_2031" not in str(lead)  # the file's internal title is not a headline
    body_image = next(a for a in french["associations"] if a["rel"] == "image")
    assert described(body_image, "caption") == ["Un puits"]
    assert "rightsInfo" not in body_image  # all rights reserved: no licence link
    assert all(r["contentType"] == "image/webp" for r in lead["renditions"])

    english_lead = next(
        a for a in items[uri(english, "en")]["associations"] if a["rel"] == "featureimage"
    )
    assert described(english_lead, "alt") == ["Garden plots at the foot of the slag heap"]

    printed = by_uri(client.get(ITEMS, **auth(print_key)))[uri(story)]
    assert_valid_ninjs(printed)
    lead = next(a for a in printed["associations"] if a["rel"] == "featureimage")
    [original] = [r for r in lead["renditions"] if r["name"] == "original"]
    assert original["contentType"] == "image/png"
    assert (original["width"], original["height"]) == (photo.width, photo.height)
    assert original["href"].startswith("http://testserver/")
    assert original["href"].endswith(photo.file.name.rsplit("/", 1)[-1])


def test_the_version_changes_when_the_embargo_lifts_and_is_never_in_the_future(client):
    _, key = f.make_partner_key(embargo_access=True)
    story = f.make_story("Programmé", publish=False)
    story.go_live_at = timezone.now() + datetime.timedelta(days=1)
    revision = story.save_revision()
    revision.publish()

    before = client.get(f"{ITEMS}{uri(story)}/", **auth(key)).json()
    assert before["embargoedUntil"]
    assert datetime.datetime.fromisoformat(before["versionCreated"]) <= timezone.now()

    moment = timezone.now() - datetime.timedelta(minutes=1)
    StoryPage.objects.filter(pk=story.pk).update(go_live_at=moment)
    revision.refresh_from_db()
    revision.content["go_live_at"] = moment.isoformat()
    revision.approved_go_live_at = moment
    revision.save()
    publish_scheduled_pages.call()

    after = client.get(f"{ITEMS}{uri(story)}/", **auth(key)).json()
    assert "embargoedUntil" not in after
    assert after["version"] != before["version"]
    assert after["versionCreated"] > before["versionCreated"]
    state = StoryFeedState.objects.get(page_id=story.pk)
    assert after["version"] == version_of(state.changed_at)
    # The same in the full list.
    listed = by_uri(client.get(ITEMS, **auth(key)))[uri(story)]
    assert (listed["version"], listed["versionCreated"]) == (
        after["version"],
        after["versionCreated"],
    )


def test_a_new_translation_changes_the_original_document(client):
    story = f.make_story("À traduire")
    _, key = f.make_partner_key()
    before = by_uri(client.get(ITEMS, **auth(key)))[uri(story)]
    f.translate_page(story, title="To translate")
    after = by_uri(client.get(ITEMS, **auth(key)))[uri(story)]
    assert after["version"] != before["version"]
    assert [a["language"] for a in after["associations"] if a["rel"] == "translation"] == ["en"]


def test_an_editor_gives_the_english_alt_text_in_the_image_form(client):
    image = f.make_image("Terril", alt_text="Un terril")
    client.force_login(f.make_editor())
    form = client.get(f"/admin/images/{image.pk}/")
    assert 'name="alt_text_en"' in form.content.decode()
    response = client.post(
        f"/admin/images/{image.pk}/",
        {
            "title": "Terril",
            "alt_text": "Un terril",
            "alt_text_en": "A slag heap",
            "caption": "",
            "credit": "",
            "licence": "cc-by-4.0",
            "collection": image.collection_id,
            "tags": "",
            "focal_point_x": "",
            "focal_point_y": "",
            "focal_point_width": "",
            "focal_point_height": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    image = TerrainImage.objects.get(pk=image.pk)
    assert image.alt_text_translations == {"en": "A slag heap"}
    assert image.alt_text_in("en") == "A slag heap"
    assert image.alt_text_in("fr") == "Un terril"


def documented_body_html() -> dict[str, set[str]]:
    """The elements and attributes docs/syndication.md promises, read from the guide itself."""
    from django.conf import settings

    guide = (settings.BASE_DIR / "docs" / "syndication.md").read_text()
    paragraph = guide.split("**Body HTML.**")[1].split("\n\n")[0]
    allowed = {}
    for tag, attributes in re.findall(r"`<(\w+)>`(?: \(([^)]*)\))?", paragraph):
        allowed[tag] = set(re.findall(r"`(\w+)`", attributes or ""))
    return allowed


def test_body_and_attribution_use_only_the_documented_html(client):
    from html.parser import HTMLParser

    from wagtail.rich_text import RichText

    series = f.make_series("Série", partners=[(f.make_partner("Fonds"), "funder", "5 000 €")])
    story = f.make_story(
        "Tout le corps",
        parent=series,
        body=[
            ("heading", {"text": "Titre", "level": "h2"}),
            ("paragraph", RichText('<p><b>Gras</b> <i>it</i> <a href="https://e.org/">l</a></p>')),
            ("quote", {"text": "Citation", "attribution": "Une voix", "role": "élue"}),
            ("image", {"image": f.make_image(), "caption": "Légende", "credit": "Photo"}),
            ("key_figures", {"title": "Chiffres", "figures": [{"figure": "3", "label": "x"}]}),
            ("fact_box", {"title": "Repère", "body": RichText("<ul><li>Un</li></ul>")}),
            ("person", {"name": "Marie", "role": "", "portrait": None, "text": "Ici."}),
            ("embed", {"url": "https://www.youtube.com/watch?v=abc", "title": "Vidéo"}),
        ],
    )
    _, key = f.make_partner_key()
    document = by_uri(client.get(ITEMS, **auth(key)))[uri(story)]
    allowed = documented_body_html()
    assert {"p", "a", "img", "figure", "aside", "blockquote", "footer"} <= set(allowed)

    found: dict[str, set[str]] = {}

    class Collect(HTMLParser):
        def handle_starttag(self, tag, attrs):
            found.setdefault(tag, set()).update(name for name, _value in attrs)

    Collect().feed(document["bodies"][0]["value"] + described(document, "attribution")[0])
    assert set(found) <= set(allowed), set(found) - set(allowed)
    for tag, attributes in found.items():
        assert attributes <= allowed[tag], (tag, attributes - allowed[tag])
