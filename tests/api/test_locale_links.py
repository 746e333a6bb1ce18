"""English readers are sent to English pages and people (issue 9.9): every internal link and
reference of a document is resolved in the document's language when a public translation
exists there, else it points at the original."""

from wagtail.rich_text import RichText

import pytest

from tests import factories as f

from .syndication_helpers import auth, isolated  # noqa: F401

pytestmark = pytest.mark.django_db
READER = "http://reader.test"


@pytest.fixture
def english_story():
    """An English story whose references were all made to French objects (as copying, or an
    editor picking in the wrong tree, leaves them)."""
    contributor = f.make_contributor("Jeanne Martin", slug="jeanne-martin")
    f.translate_snippet(contributor, "en", slug="jeanne-martin-en")
    territory = f.make_territory("Bassin minier", slug="bassin-minier")
    f.translate_snippet(territory, "en", name="Mining basin", slug="mining-basin")
    theme = f.make_theme("Énergie", slug="energie")
    f.translate_snippet(theme, "en", name="Energy", slug="energy")

    target = f.make_story("Les terrils", slug="les-terrils")
    english_target = f.translate_page(target, "en", title="Slag heaps", slug="slag-heaps")
    only_french = f.make_story("Seulement en français", slug="seulement-en-francais")
    hidden = f.make_story("Traduction retirée", slug="traduction-retiree")
    f.translate_page(hidden, "en", title="Withdrawn translation", slug="withdrawn").unpublish()

    story = f.make_story(
        "Energy in the north",
        parent=f.story_index("en"),
        slug="energy-in-the-north",
        authors=[(contributor, "text")],
        territory=territory,
        body=[
            (
                "paragraph",
                RichText(
                    f'<p><a linktype="page" id="{target.pk}">heaps</a>, '
                    f'<a linktype="page" id="{only_french.pk}">french only</a>, '
                    f'<a linktype="page" id="{hidden.pk}">withdrawn</a>.</p>'
                ),
            ),
            ("related", {"title": "More", "stories": [target, only_french]}),
        ],
    )
    story.themes.add(theme)
    story.save_revision().publish()
    story.refresh_from_db()
    return story, english_target, only_french


def test_api_detail_resolves_links_and_references_in_english(client, english_story):
    story, english_target, only_french = english_story
    data = client.get(f"/api/v1/stories/{story.pk}/").json()

    html = data["body"][0]["value"]["html"]
    assert f'href="{READER}/en/stories/slag-heaps/"' in html
    assert f'href="{READER}/fr/recits/seulement-en-francais/"' in html  # no English version
    # Its English version is offline: the French original, which is public, is linked.
    assert f'href="{READER}/fr/recits/traduction-retiree/"' in html
    assert "/en/stories/withdrawn/" not in html

    related = data["body"][1]["value"]["stories"]
    assert [(s["id"], s["locale"]) for s in related] == [
        (english_target.pk, "en"),
        (only_french.pk, "fr"),
    ]
    assert related[0]["url"] == f"{READER}/en/stories/slag-heaps/"

    assert [a["slug"] for a in data["authors"]] == ["jeanne-martin-en"]
    assert data["authors"][0]["url"] == f"{READER}/en/contributors/jeanne-martin-en/"
    assert data["territory"]["slug"] == "mining-basin"
    assert [t["name"] for t in data["themes"]] == ["Energy"]

    listed = client.get("/api/v1/stories/", {"locale": "en"}).json()["items"]
    summary = next(item for item in listed if item["id"] == story.pk)
    assert summary["authors"][0]["slug"] == "jeanne-martin-en"
    assert summary["territory"]["name"] == "Mining basin"
    assert [t["slug"] for t in summary["themes"]] == ["energy"]


def test_ninjs_and_partner_feeds_resolve_links_in_english(client, english_story):
    story, _english_target, _only_french = english_story
    _, key = f.make_partner_key()

    item = client.get(f"/api/v1/syndication/items/{story.pk}/", **auth(key)).json()
    body = item["bodies"][0]["value"]
    assert f'href="{READER}/en/stories/slag-heaps/"' in body
    assert "/fr/recits/les-terrils/" not in body
    assert [p["literal"] for p in item["people"]] == ["jeanne-martin-en"]
    assert item["by"] == "Jeanne Martin"
    assert [s["name"] for s in item["subjects"] if s["rel"] == "theme"] == ["Energy"]
    assert item["located"] == "Mining basin"

    feed = client.get("/api/v1/syndication/feeds/feed.json", {"locale": "en"}, **auth(key))
    entry = next(i for i in feed.json()["items"] if "energy-in-the-north" in i["url"])
    assert f'href="{READER}/en/stories/slag-heaps/"' in entry["content_html"]


def test_a_french_story_keeps_french_links(client, english_story):
    _story, _english_target, _only_french = english_story
    target = f.make_story("Cible", slug="cible")
    f.translate_page(target, "en", title="Target", slug="target")
    french = f.make_story(
        "Récit français",
        body=[("paragraph", RichText(f'<p><a linktype="page" id="{target.pk}">cible</a></p>'))],
    )
    html = client.get(f"/api/v1/stories/{french.pk}/").json()["body"][0]["value"]["html"]
    assert f'href="{READER}/fr/recits/cible/"' in html
