"""Partners' body HTML is written from the canonical JSON, one entry per body block."""

from api.body_html import HTML, html_of
from stories.blocks import StoryBodyBlock


def test_every_body_block_says_what_partners_receive():
    assert set(HTML) == set(StoryBodyBlock().child_blocks)


IMAGE = {
    "alt": "Un terril <au soleil>",
    "renditions": {"w1200": {"url": "https://cms.example/r/1.webp", "width": 1200, "height": 800}},
}


def test_html_is_written_from_the_canonical_json_and_escaped():
    body = [
        {"type": "heading", "value": {"text": "Trente ans & plus", "level": "h3"}},
        {"type": "paragraph", "value": {"html": "<p>Déjà <b>nettoyé</b></p>"}},
        {
            "type": "image",
            "value": {"image": IMAGE, "caption": "Le 11/19", "credit": "Photo", "layout": "wide"},
        },
        {"type": "quote", "value": {"text": "On <reste>", "attribution": "Une voix", "role": ""}},
        {"type": "map", "value": {"lat": 50.4, "lon": 2.8, "label": "Loos"}},
        {"type": "related", "value": {"title": "", "stories": [{"id": 1}]}},
    ]
    html = html_of(body)
    assert html.split("\n") == [
        "<h3>Trente ans &amp; plus</h3>",
        "<p>Déjà <b>nettoyé</b></p>",
        '<figure><img src="https://cms.example/r/1.webp" alt="Un terril &lt;au soleil&gt;" '
        'width="1200" height="800"><figcaption>Le 11/19 — Photo</figcaption></figure>',
        "<blockquote><p>On &lt;reste&gt;</p><footer>Une voix</footer></blockquote>",
    ]
