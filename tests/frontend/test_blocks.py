"""Every StreamField block type of a story body, rendered from the API's representation."""

import pytest

from .fake_api import RICH_BODY, STORY

BLOCK_TYPES = {
    "paragraph",
    "heading",
    "image",
    "gallery",
    "quote",
    "embed",
    "audio",
    "key_figures",
    "fact_box",
    "map",
    "document",
    "person",
    "related",
}


def test_the_fixture_covers_every_block_type_of_the_content_model():
    assert {block["type"] for block in RICH_BODY} == BLOCK_TYPES


@pytest.fixture
def body(reader):
    html = reader.get("/fr/series/apres-la-mine/episode-2/").text
    return html.split('class="wrap story-body"')[1].split('class="wrap story-footer"')[0]


def block(body: str, css: str) -> str:
    start = body.index(f"block-{css}")
    return body[start : start + 4000]


def test_paragraph_keeps_the_sanitised_rich_text(body):
    assert "<p>Au pied des <b>terrils</b>, une ville a changé de récit.</p>" in block(
        body, "paragraph"
    )


def test_heading_level(body):
    assert '<h2 class="block block-heading" id="h-b2">Trente ans de transition</h2>' in body


def test_image_with_alt_caption_credit_dimensions_and_lazy_loading(body):
    html = block(body, "image")
    assert "layout-wide" in html
    assert 'alt="Le terril 11/19 vu du ciel"' in html
    assert "Le terril 11/19</span>" in html and "Photo : Paul Durand" in html
    assert 'srcset="http://cms.test/media/images/terril.width-480.webp 480w' in html
    assert 'sizes="(min-width: 72rem) 68rem, 100vw"' in html
    assert 'width="800" height="533"' in html and 'loading="lazy"' in html


def test_gallery(body):
    html = block(body, "gallery")
    assert "Sur le terrain" in html
    assert 'alt="Une serre sur une friche"' in html and 'alt="Des panneaux solaires"' in html
    assert "La serre" in html and "Les panneaux" in html


def test_quote(body):
    html = block(body, "quote")
    assert (
        "<blockquote><p>Ici, la transition, on la raconte autant qu&#39;on la fait.</p>"
        "</blockquote>" in html
    )
    assert (
        "<cite>Marie Lefèvre</cite>" in html and "membre d&#39;une association de quartier" in html
    )


def test_embed_is_a_link_to_the_platform_never_a_third_party_frame(body):
    html = block(body, "embed")
    assert '<a href="https://vimeo.com/76979871" rel="noopener external">' in html
    assert "Vidéo de la fête du terril" in html and "Regarder ou écouter sur Vimeo" in html
    assert "Tournée en 2024" in html
    assert "<iframe" not in body and "<script" not in body


def test_audio_player_download_and_transcript(body):
    html = block(body, "audio")
    assert '<audio controls preload="none" src="http://cms.test/documents/7/entretien.mp3">' in html
    assert "Entretien avec le maire" in html and "(24:30)" in html
    assert "<summary>Transcription</summary>" in html
    assert "Transcription intégrale de l'entretien." in html


def test_key_figures(body):
    html = block(body, "key-figures")
    assert "<div><dt>6 500</dt><dd>habitants</dd></div>" in html
    assert "<dt>30 %</dt>" in html


def test_fact_box(body):
    html = block(body, "fact-box")
    assert "Qu&#39;est-ce qu&#39;un PETR ?" in html
    assert "<p>Un pôle d'équilibre territorial et rural.</p>" in html


def test_map_is_a_local_svg(body):
    html = block(body, "map")
    assert "<svg" in html and 'role="img"' in html
    assert "Carte : Base 11/19" in html
    assert "50.46000, 2.79000" in html and 'href="geo:50.46000,2.79000"' in html


def test_document(body):
    html = block(body, "document")
    assert (
        '<a href="http://cms.test/documents/8/rapport.pdf" download>Rapport sur la transition</a>'
        in html
    )
    assert "PDF" in html and "Le rapport de 2023" in html


def test_person(body):
    html = block(body, "person")
    assert "<strong>Samia Benali</strong>" in html and "maraîchère" in html
    assert 'alt="Samia Benali dans sa serre"' in html
    assert "Installée depuis 2019 sur une ancienne friche." in html


def test_related(body):
    html = block(body, "related")
    assert "À lire aussi" in html
    assert '<a href="/fr/recits/le-recit-voisin/">Le récit voisin</a>' in html


def test_blocks_render_in_the_order_the_api_gave(body):
    markers = [f"block-{t.replace('_', '-')}" for t in (b["type"] for b in RICH_BODY)]
    positions = [body.index(m) for m in markers]
    assert positions == sorted(positions)


def test_missing_optional_values_do_not_break_a_block(reader, fake_api):
    sparse = [
        {"type": "image", "id": "s1", "value": {"image": None, "layout": "inline"}},
        {"type": "quote", "id": "s2", "value": {"text": "Seul."}},
        {"type": "audio", "id": "s3", "value": {"title": "Sans fichier"}},
        {"type": "document", "id": "s4", "value": {"document": None, "title": "Retiré"}},
        {"type": "related", "id": "s5", "value": {"stories": [None]}},
        {"type": "person", "id": "s6", "value": {"name": "Anonyme", "text": "…"}},
    ]
    fake_api.resolve["/fr/series/apres-la-mine/episode-2/"] = dict(STORY, body=sparse)
    response = reader.get("/fr/series/apres-la-mine/episode-2/")
    assert response.status_code == 200
    assert "Seul." in response.text and "Anonyme" in response.text
