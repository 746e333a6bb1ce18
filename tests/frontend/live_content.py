"""Content for the live tests: a series with three episodes (the first uses every body block
type), its English translation, a territory with its department, a theme, people and a funder.

Tests may use the CMS to build content; the reader site itself never imports it.
"""

import datetime
from dataclasses import dataclass, field

from home.models import HomeFeaturedSeries
from tests import factories

BLOCK_TYPES = (
    "paragraph", "heading", "image", "gallery", "quote", "embed", "audio",
    "key_figures", "fact_box", "map", "document", "person", "related",
)  # fmt: skip


@dataclass
class LiveContent:
    series: object
    episodes: list
    series_en: object
    episodes_en: list
    territory: object
    department: object
    theme: object
    reporter: object
    funder: object
    texts: dict = field(default_factory=dict)


def body_with_every_block(lead, gallery, portrait, report, recording, related_story) -> list:
    def item(value):
        return value  # ListBlock's plain form; the API reads both forms

    return [
        {"type": "paragraph", "value": "<p>Au pied des <b>terrils</b>, une ville a changé.</p>"},
        {"type": "heading", "value": {"text": "Trente ans de transition", "level": "h2"}},
        {
            "type": "image",
            "value": {
                "image": lead.pk,
                "caption": "Le terril 11/19",
                "credit": "Photo : Paul Durand",
                "layout": "wide",
            },
        },
        {
            "type": "gallery",
            "value": {
                "title": "Sur le terrain",
                "images": [
                    item({"image": gallery[0].pk, "caption": "La serre"}),
                    item({"image": gallery[1].pk, "caption": "Les panneaux"}),
                ],
            },
        },
        {
            "type": "quote",
            "value": {
                "text": "On raconte la transition autant qu'on la fait.",
                "attribution": "Marie Lefèvre",
                "role": "habitante",
            },
        },
        {
            "type": "embed",
            "value": {
                "url": "https://vimeo.com/76979871",
                "title": "La fête du terril",
                "caption": "Tournée en 2024",
            },
        },
        {
            "type": "audio",
            "value": {
                "file": recording.pk,
                "title": "Entretien avec le maire",
                "duration": "24:30",
                "transcript": "<p>Transcription intégrale de l'entretien.</p>",
            },
        },
        {
            "type": "key_figures",
            "value": {
                "title": "En chiffres",
                "figures": [
                    item({"figure": "6 500", "label": "habitants"}),
                    item({"figure": "30 %", "label": "d'énergie renouvelable"}),
                ],
            },
        },
        {
            "type": "fact_box",
            "value": {"title": "Qu'est-ce qu'un PETR ?", "body": "<p>Un pôle d'équilibre.</p>"},
        },
        {"type": "map", "value": {"lat": "50.46000", "lon": "2.79000", "label": "Base 11/19"}},
        {
            "type": "document",
            "value": {
                "document": report.pk,
                "title": "Rapport sur la transition",
                "description": "Le rapport de 2023",
            },
        },
        {
            "type": "person",
            "value": {
                "name": "Samia Benali",
                "role": "maraîchère",
                "portrait": portrait.pk,
                "text": "Installée depuis 2019 sur une ancienne friche.",
            },
        },
        {
            "type": "related",
            "value": {"title": "À lire aussi", "stories": [item(related_story.pk)]},
        },
    ]


def build() -> LiveContent:
    # The factory's `code` is the locale: the INSEE code is set afterwards.
    department = factories.make_territory(
        "Pas-de-Calais", kind="department", lat="50.50000", lon="2.30000"
    )
    territory = factories.make_territory(
        "Loos-en-Gohelle",
        parent=department,
        population=6500,
        lat="50.45740",
        lon="2.79190",
        description="<p>Une commune du bassin minier.</p>",
    )
    territory.code = "62528"
    territory.save()
    theme = factories.make_theme("Énergie", slug="energie", description="L'énergie qui change.")
    reporter = factories.make_contributor("Jeanne Martin", role="reporter")
    photographer = factories.make_contributor("Paul Durand", role="photographe")
    funder = factories.make_partner("Fondation du Bassin", website="https://fondation.example")
    cover = factories.make_image(
        "Couverture", alt_text="Les deux terrils jumeaux", credit="Photo : J. M."
    )
    lead = factories.make_image(
        "Terril", alt_text="Le terril vu du ciel", credit="Photo : Paul Durand"
    )
    gallery = [
        factories.make_image("Serre", alt_text="Une serre sur une friche"),
        factories.make_image("Panneaux", alt_text="Des panneaux solaires"),
    ]
    portrait = factories.make_image("Samia", alt_text="Samia Benali dans sa serre")
    factories.make_renditions(cover, lead, portrait, *gallery)
    report = factories.make_document("Rapport", "rapport.pdf")
    recording = factories.make_document("Entretien", "entretien.mp3", b"ID3\x03\x00\x00\x00")

    disclosure = "A financé la résidence à hauteur de 12 000 euros, sans droit de regard."
    series = factories.make_series(
        "Après la mine",
        strapline="Un an en résidence à Loos-en-Gohelle",
        intro="<p>Comment une ville minière se réinvente.</p>",
        methodology="<p>Aucun partenaire ne relit les textes avant publication.</p>",
        cover_image=cover,
        territory=territory,
        started_on=datetime.date(2025, 3, 1),
        partners=[(funder, "funder", disclosure)],
    )
    series.themes.add(theme)
    series.journalists.create(contributor=reporter)
    series.save_revision().publish()

    episodes = []
    for number in (1, 2, 3):
        episodes.append(
            factories.make_story(
                f"Épisode {number} : la mine",
                parent=series,
                subtitle=f"Chapeau de l'épisode {number}.",
                territory=territory,
                lead_image=lead,
                lead_image_credit="Photo : Paul Durand / Terrain",
                published_at=datetime.datetime(2025, 3, number * 5, 9, tzinfo=datetime.UTC),
                authors=[(reporter, "text"), (photographer, "photo")],
            )
        )
    first = episodes[0]
    first.body = body_with_every_block(lead, gallery, portrait, report, recording, episodes[2])
    first.themes.add(theme)
    first.tags.add("friches")
    first.corrections.create(
        corrected_on=datetime.date(2025, 3, 20), text="Une version précédente se trompait de date."
    )
    first.save_revision().publish()
    first.refresh_from_db()

    series_en = factories.translate_page(
        series, "en", title="After the mine", slug="after-the-mine"
    )
    episodes_en = [
        factories.translate_page(
            episodes[number - 1],
            "en",
            title=f"Episode {number}: the mine",
            slug=f"episode-{number}",
        )
        for number in (1, 2)
    ]
    factories.translate_snippet(territory, "en")
    home = factories.home("fr")
    home.featured_series.add(HomeFeaturedSeries(series=series))
    home.save_revision().publish()
    return LiveContent(
        series=series,
        episodes=episodes,
        series_en=series_en,
        episodes_en=episodes_en,
        territory=territory,
        department=department,
        theme=theme,
        reporter=reporter,
        funder=funder,
        texts={"disclosure": disclosure},
    )
