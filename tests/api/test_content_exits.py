"""What a story's body may carry out of the CMS: embeds only as http(s) players of known
platforms (issue 10.10), documents only when their collection is public (issue 10.15); checked
on the API, in ninjs and in partner feeds."""

from django.core.exceptions import ValidationError

from wagtail.models import Collection, CollectionViewRestriction
from wagtail.rich_text import RichText

import pytest

from stories.blocks import EmbedBlock, embed_provider
from tests import factories as f

from .syndication_helpers import auth, isolated  # noqa: F401

pytestmark = pytest.mark.django_db

HOSTILE_EMBEDS = [
    "javascript:alert(document.cookie)",
    "javascript://www.youtube.com/%0Aalert(1)",
    "JaVaScRiPt://vimeo.com/%0Aalert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "ftp://www.youtube.com/watch?v=abcdefgh",
    "https://evil.example\\@www.youtube.com/watch?v=abcdefgh",
    " javascript:alert(1)",
    "https://user:pw@www.youtube.com/watch?v=abcdefgh",
]
SAFE_EMBED = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def exits(client, story) -> dict[str, str]:
    """The story as the API, ninjs and a partner's JSON Feed give it, as text."""
    _, key = f.make_partner_key()
    detail = client.get(f"/api/v1/stories/{story.pk}/")
    item = client.get(f"/api/v1/syndication/items/{story.pk}/", **auth(key))
    feed = client.get("/api/v1/syndication/feeds/feed.json", **auth(key))
    assert detail.status_code == item.status_code == feed.status_code == 200
    return {
        "api": detail.content.decode(),
        "ninjs": item.content.decode(),
        "feed": feed.content.decode(),
    }


# --- embeds -----------------------------------------------------------------------------------


@pytest.mark.parametrize("url", HOSTILE_EMBEDS)
def test_the_embed_rule_accepts_only_http_players_of_known_platforms(url):
    assert embed_provider(url) is None
    assert embed_provider(SAFE_EMBED) == "YouTube"


@pytest.mark.parametrize("url", ["ftp://www.youtube.com/watch?v=abcdefgh", "javascript:alert(1)"])
def test_an_embed_block_refuses_other_schemes_at_save(url):
    with pytest.raises(ValidationError):
        EmbedBlock().clean({"url": url, "title": "", "caption": ""})
    assert EmbedBlock().clean({"url": SAFE_EMBED, "title": "", "caption": ""})["url"]


def test_a_stored_hostile_embed_never_leaves_the_cms(client):
    # As a translation override or an old row would store it: no form ever checked it.
    body = [("embed", {"url": url, "title": "Vidéo", "caption": ""}) for url in HOSTILE_EMBEDS]
    body.append(("embed", {"url": SAFE_EMBED, "title": "Bonne vidéo", "caption": ""}))
    story = f.make_story("Embeds", body=body)

    detail = client.get(f"/api/v1/stories/{story.pk}/").json()
    assert [block["value"]["url"] for block in detail["body"]] == [SAFE_EMBED]
    for where, text in exits(client, story).items():
        lowered = text.lower()
        assert "javascript" not in lowered, where
        assert "data:text" not in lowered, where
        assert "ftp://" not in lowered, where
        assert "evil.example" not in lowered, where
        assert "youtube.com/watch?v=dqw4w9wgxcq" in lowered, where


# --- documents of restricted collections ------------------------------------------------------


@pytest.fixture
def documents():
    legal = Collection.get_first_root_node().add_child(name="Juridique")
    CollectionViewRestriction.objects.create(
        collection=legal, restriction_type="password", password="x"
    )
    inner = legal.add_child(name="Plaintes")
    public = f.make_document("Rapport public", "rapport-public.pdf")
    secret = f.make_document("Mémo de l'avocat", "memo-avocat.pdf")
    secret.collection = inner  # restricted by its parent collection
    secret.save()
    sound = f.make_document("Entretien confidentiel", "entretien-source.mp3", b"ID3")
    sound.collection = legal
    sound.save()
    return public, secret, sound


def test_documents_of_restricted_collections_are_never_shown(client, documents):
    public, secret, sound = documents
    story = f.make_story(
        "Documents",
        body=[
            (
                "paragraph",
                RichText(
                    f'<p>Voir <a linktype="document" id="{secret.pk}">le mémo</a> et '
                    f'<a linktype="document" id="{public.pk}">le rapport</a>.</p>'
                ),
            ),
            ("document", {"document": secret, "title": "", "description": "Confidentiel"}),
            ("document", {"document": public, "title": "", "description": ""}),
            ("audio", {"file": sound, "title": "Entretien", "duration": "", "transcript": ""}),
        ],
    )

    detail = client.get(f"/api/v1/stories/{story.pk}/").json()
    assert [block["type"] for block in detail["body"]] == ["paragraph", "document"]
    assert detail["body"][1]["value"]["document"]["id"] == public.pk
    paragraph = detail["body"][0]["value"]["html"]
    assert "<a>le mémo</a>" in paragraph  # keeps its words, loses its target
    assert "rapport-public" in paragraph

    for where, text in exits(client, story).items():
        for leak in ("memo-avocat", "Mémo de l'avocat", "entretien-source", "Confidentiel"):
            assert leak not in text, (where, leak)
        assert "rapport-public" in text, where
