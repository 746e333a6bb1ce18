"""What the demo stories are made of: illustrations, files, territories, themes, contributors
and partners. Places and their public facts are real (see DEMO-FACTS); people, partners and
amounts are invented, and every one of them says so."""

from .references import T

DEMO_NOTICE = T(
    "Contenu de démonstration : les personnes, les citations, les partenaires et les montants "
    "sont fictifs. Les lieux et les faits publics qui les concernent sont réels.",
    "Demo content: people, quotes, partners and amounts are fictional. Places and the public "
    "facts about them are real.",
)

COLLECTION_NAME = "Démo — contenus fictifs"

PALETTES = {
    "north": {
        "sky": ((246, 176, 120), (132, 150, 190)),
        "sun": (255, 226, 160),
        "accent": (72, 60, 62),
        "ground": [(96, 116, 86), (64, 84, 60), (42, 56, 44)],
    },
    "limestone": {
        "sky": ((150, 196, 230), (236, 226, 200)),
        "sun": (255, 246, 200),
        "accent": (214, 204, 178),
        "ground": [(120, 140, 96), (84, 112, 78), (52, 78, 58)],
    },
    "vineyard": {
        "sky": ((250, 200, 140), (214, 130, 120)),
        "sun": (255, 236, 180),
        "accent": (112, 40, 70),
        "ground": [(150, 150, 90), (110, 122, 70), (70, 86, 52)],
    },
    "city": {
        "sky": ((40, 56, 96), (140, 110, 150)),
        "sun": (240, 236, 220),
        "accent": (230, 190, 120),
        "ground": [(70, 70, 90), (48, 48, 64)],
    },
    "portrait": {
        "sky": ((220, 214, 200), (160, 178, 190)),
        "sun": (250, 240, 220),
        "accent": (120, 92, 80),
        "ground": [(70, 90, 110)],
    },
}


def _image(title, label, motif, palette, alt_fr, alt_en, caption_fr, caption_en, licence):
    return {
        "title": title,
        "label": label,
        "motif": motif,
        "palette": palette,
        "alt": T(alt_fr, alt_en),
        "caption": T(caption_fr, caption_en),
        "licence": licence,
    }


# The image model is not translatable: alt text and caption are stored in French, and English
# pages carry the English caption on their blocks and lead image.
IMAGES = {
    "loos-terrils": _image(
        "Démo — Loos-en-Gohelle, les terrils jumeaux",
        "Loos-en-Gohelle — les terrils jumeaux",
        "terrils",
        "north",
        "Illustration : deux terrils coniques se découpent sur un ciel orangé, derrière des "
        "collines vertes.",
        "Illustration: two cone-shaped slag heaps against an orange sky, behind green hills.",
        "Les terrils jumeaux de la base 11/19, repères de tout le bassin minier.",
        "The twin slag heaps of the 11/19 pit, landmarks of the whole mining basin.",
        "cc-by-4.0",
    ),
    "loos-cite": _image(
        "Démo — Loos-en-Gohelle, une cité minière",
        "Loos-en-Gohelle — la cité",
        "town",
        "north",
        "Illustration : une rangée de maisons de mineurs aux fenêtres éclairées, au crépuscule.",
        "Illustration: a row of miners' houses with lit windows, at dusk.",
        "Une rue de cité minière au crépuscule.",
        "A street of miners' houses at dusk.",
        "cc-by-4.0",
    ),
    "loos-jardins": _image(
        "Démo — Loos-en-Gohelle, jardins au pied du terril",
        "Loos-en-Gohelle — les jardins",
        "hills",
        "north",
        "Illustration : des collines verdoyantes en pente douce sous un soleil bas.",
        "Illustration: gently sloping green hills under a low sun.",
        "Les parcelles cultivées au pied du terril.",
        "Plots under cultivation at the foot of the slag heap.",
        "cc-by-4.0",
    ),
    "loos-reunion": _image(
        "Démo — Loos-en-Gohelle, une réunion publique",
        "Loos-en-Gohelle — réunion publique",
        "gathering",
        "north",
        "Illustration : une foule de silhouettes rassemblées en plein air devant des collines.",
        "Illustration: a crowd of silhouettes gathered outdoors in front of hills.",
        "Une réunion publique en plein air (scène fictive).",
        "An open-air public meeting (fictional scene).",
        "cc-by-4.0",
    ),
    "florac-causse": _image(
        "Démo — Florac-Trois-Rivières, le causse",
        "Causses et Cévennes — le plateau",
        "causse",
        "limestone",
        "Illustration : un plateau calcaire clair entaillé par une gorge, sous un ciel bleu.",
        "Illustration: a pale limestone plateau cut by a gorge, under a blue sky.",
        "Le rebord du causse au-dessus de la vallée.",
        "The edge of the causse above the valley.",
        "cc-by-nc-nd-4.0",
    ),
    "florac-riviere": _image(
        "Démo — Florac-Trois-Rivières, la rivière",
        "Florac-Trois-Rivières — la rivière",
        "river",
        "limestone",
        "Illustration : une rivière aux reflets clairs serpente au pied de collines boisées.",
        "Illustration: a bright river winds at the foot of wooded hills.",
        "La rivière en contrebas du bourg.",
        "The river below the town.",
        "cc-by-nc-nd-4.0",
    ),
    "florac-bourg": _image(
        "Démo — Florac-Trois-Rivières, le bourg",
        "Florac-Trois-Rivières — le bourg",
        "town",
        "limestone",
        "Illustration : des maisons de pierre aux toits pentus alignées sous un ciel clair.",
        "Illustration: stone houses with steep roofs lined up under a clear sky.",
        "Les maisons du bourg, porte des Causses et des Cévennes.",
        "Houses of the town, gateway to the Causses and the Cévennes.",
        "cc-by-nc-nd-4.0",
    ),
    "florac-estive": _image(
        "Démo — Causses et Cévennes, l'estive",
        "Causses et Cévennes — l'estive",
        "hills",
        "limestone",
        "Illustration : des pâturages d'altitude ondulent jusqu'à l'horizon.",
        "Illustration: high pastures roll to the horizon.",
        "Les pâturages d'été sur les hauteurs.",
        "Summer pastures on the heights.",
        "cc-by-nc-nd-4.0",
    ),
    "bergerac-vignes": _image(
        "Démo — Bergerac, les rangs de vigne",
        "Vignoble de Bergerac — les rangs",
        "vines",
        "vineyard",
        "Illustration : des rangs de vigne convergent vers l'horizon sous un ciel rose.",
        "Illustration: rows of vines converge towards the horizon under a pink sky.",
        "Les rangs de vigne à la fin de l'été.",
        "Rows of vines at the end of summer.",
        "all-rights-reserved",
    ),
    "bergerac-chai": _image(
        "Démo — Bergerac, le chai coopératif",
        "Bergerac — le chai",
        "town",
        "vineyard",
        "Illustration : des bâtiments aux fenêtres éclairées sous un ciel de fin de journée.",
        "Illustration: buildings with lit windows under an evening sky.",
        "Le chai d'une coopérative fictive, à la tombée du jour.",
        "The cellar of a fictional cooperative, at nightfall.",
        "all-rights-reserved",
    ),
    "bergerac-vendanges": _image(
        "Démo — Bergerac, les vendanges",
        "Vignoble de Bergerac — vendanges",
        "gathering",
        "vineyard",
        "Illustration : des silhouettes de vendangeurs dispersées dans une vigne.",
        "Illustration: silhouettes of grape pickers scattered across a vineyard.",
        "Les vendanges collectives (scène fictive).",
        "The shared grape harvest (fictional scene).",
        "all-rights-reserved",
    ),
    "bergerac-dordogne": _image(
        "Démo — Bergerac, la Dordogne",
        "Bergerac — la Dordogne",
        "river",
        "vineyard",
        "Illustration : une large rivière aux reflets violets au pied de coteaux.",
        "Illustration: a wide river with purple reflections at the foot of slopes.",
        "La Dordogne au pied des coteaux.",
        "The Dordogne river below the slopes.",
        "all-rights-reserved",
    ),
    "network-assembly": _image(
        "Démo — Assemblée des alliés, Paris",
        "Paris — l'assemblée des alliés",
        "gathering",
        "city",
        "Illustration : une assemblée de silhouettes sous un ciel de soirée d'hiver.",
        "Illustration: an assembly of silhouettes under a winter evening sky.",
        "Une assemblée en décembre, dans un tiers-lieu parisien (illustration).",
        "An assembly in December, in a Paris third-place (illustration).",
        "cc-by-4.0",
    ),
    "newsroom-notebook": _image(
        "Démo — Carnet de terrain",
        "Terrain — carnet de route",
        "hills",
        "portrait",
        "Illustration : des collines bleutées sous un ciel pâle, style carnet de croquis.",
        "Illustration: bluish hills under a pale sky, in a sketchbook style.",
        "Le carnet de terrain de la rédaction (illustration).",
        "The newsroom's field notebook (illustration).",
        "cc-by-sa-4.0",
    ),
    "portrait-a": _image(
        "Démo — Portrait fictif A",
        "Portrait fictif",
        "portrait",
        "portrait",
        "Illustration : silhouette stylisée d'une personne, tête et épaules, sur fond clair.",
        "Illustration: stylised silhouette of a person, head and shoulders, on a light background.",
        "Portrait d'un personnage fictif de démonstration.",
        "Portrait of a fictional demo character.",
        "cc-by-4.0",
    ),
    "portrait-b": _image(
        "Démo — Portrait fictif B",
        "Portrait fictif",
        "portrait",
        "north",
        "Illustration : silhouette stylisée d'une personne devant un ciel orangé.",
        "Illustration: stylised silhouette of a person against an orange sky.",
        "Portrait d'un personnage fictif de démonstration.",
        "Portrait of a fictional demo character.",
        "cc-by-4.0",
    ),
    "portrait-c": _image(
        "Démo — Portrait fictif C",
        "Portrait fictif",
        "portrait",
        "vineyard",
        "Illustration : silhouette stylisée d'une personne devant un ciel rose.",
        "Illustration: stylised silhouette of a person against a pink sky.",
        "Portrait d'un personnage fictif de démonstration.",
        "Portrait of a fictional demo character.",
        "cc-by-4.0",
    ),
    **{
        f"contributor-{slug}": _image(
            f"Démo — Portrait fictif, {name}",
            f"{name} — portrait fictif",
            "portrait",
            palette,
            "Illustration : silhouette stylisée d'une personne, tête et épaules.",
            "Illustration: stylised silhouette of a person, head and shoulders.",
            f"{name}, personnage fictif de démonstration.",
            f"{name}, fictional demo contributor.",
            "cc-by-4.0",
        )
        for slug, name, palette in (
            ("lucie-exemple", "Lucie Exemple", "limestone"),
            ("bastien-fictif", "Bastien Fictif", "city"),
            ("jeanne-essai", "Jeanne Essai", "north"),
        )
    },
}

# Documents are not translatable either: one file per language where the words differ.
DOCUMENTS = {
    "methodology-note": {
        "fr": {
            "title": "Note méthodologique de la série (démo)",
            "filename": "note-methodologique-demo.pdf",
            "kind": "pdf",
            "paragraphs": [
                DEMO_NOTICE.fr,
                "Une journaliste s'installe plusieurs mois sur un territoire, en accord avec ses "
                "acteurs. Elle choisit seule ses sujets ; aucun partenaire ne relit les textes "
                "avant publication.",
                "Les financements sont publiés sur la page de chaque série. Les montants de "
                "cette démonstration sont inventés.",
            ],
        },
        "en": {
            "title": "Series methodology note (demo)",
            "filename": "methodology-note-demo.pdf",
            "kind": "pdf",
            "paragraphs": [
                DEMO_NOTICE.en,
                "A journalist settles in a territory for several months, in agreement with its "
                "local actors. She alone chooses her subjects; no partner reads the stories "
                "before publication.",
                "Funding is disclosed on each series page. The amounts in this demo are invented.",
            ],
        },
    },
    "newsroom-charter": {
        "fr": {
            "title": "Charte du journalisme embarqué (démo)",
            "filename": "charte-journalisme-embarque-demo.pdf",
            "kind": "pdf",
            "paragraphs": [
                DEMO_NOTICE.fr,
                "1. La rédaction décide seule des sujets, des angles et des dates de publication.",
                "2. Chaque financement est rendu public, avec son montant et son objet.",
                "3. Les personnes rencontrées peuvent relire leurs propos cités, jamais l'article.",
                "4. Une erreur est corrigée publiquement, datée, en tête de l'article.",
            ],
        },
        "en": {
            "title": "Embedded journalism charter (demo)",
            "filename": "embedded-journalism-charter-demo.pdf",
            "kind": "pdf",
            "paragraphs": [
                DEMO_NOTICE.en,
                "1. The newsroom alone decides subjects, angles and publication dates.",
                "2. Every source of funding is made public, with its amount and purpose.",
                "3. People we meet may check their quoted words, never the article.",
                "4. An error is corrected publicly, with a date, at the top of the article.",
            ],
        },
    },
    "podcast-water": {
        "fr": {
            "title": "Hautes terres, épisode sonore 1 (extrait de démonstration)",
            "filename": "hautes-terres-episode-1-demo.wav",
            "kind": "wav",
        },
    },
}

# Parents come before children. Codes are INSEE; only the public facts of DEMO-FACTS.
TERRITORIES = [
    {
        "slug": "hauts-de-france",
        "kind": "region",
        "code": "32",
        "name": T("Hauts-de-France", "Hauts-de-France"),
        "description": T(
            "<p>Région du nord de la France.</p>", "<p>Region of northern France.</p>"
        ),
    },
    {
        "slug": "pas-de-calais",
        "kind": "department",
        "code": "62",
        "parent": "hauts-de-france",
        "name": T("Pas-de-Calais", "Pas-de-Calais"),
        "description": T(
            "<p>Département de l'ancien bassin minier du charbon.</p>",
            "<p>Department of the former coal-mining basin.</p>",
        ),
    },
    {
        "slug": "loos-en-gohelle",
        "kind": "commune",
        "code": "62528",
        "parent": "pas-de-calais",
        "population": 6500,
        "lat": "50.46",
        "lon": "2.79",
        "name": T("Loos-en-Gohelle", "Loos-en-Gohelle"),
        "description": T(
            "<p>Environ 6 500 habitants. En trente ans, cette ancienne ville minière a bâti un "
            "modèle de développement durable fondé sur l'implication des habitants, le récit du "
            "territoire et une approche systémique ; une référence pour la transition "
            "énergétique, reconnue « territoire de confiance » en octobre 2018.</p>",
            "<p>About 6,500 inhabitants. Over thirty years this former mining town built a model "
            "of sustainable development on citizen involvement, storytelling of the territory "
            "and a systemic approach; a reference for energy transition, recognised as a "
            "“territory of trust” in October 2018.</p>",
        ),
    },
    {
        "slug": "nouvelle-aquitaine",
        "kind": "region",
        "code": "75",
        "name": T("Nouvelle-Aquitaine", "Nouvelle-Aquitaine"),
        "description": T(
            "<p>Région du sud-ouest de la France.</p>", "<p>Region of south-western France.</p>"
        ),
    },
    {
        "slug": "dordogne",
        "kind": "department",
        "code": "24",
        "parent": "nouvelle-aquitaine",
        "name": T("Dordogne", "Dordogne"),
        "description": T("<p>Département du Périgord.</p>", "<p>Department of the Périgord.</p>"),
    },
    {
        "slug": "bergerac",
        "kind": "commune",
        "code": "24037",
        "parent": "dordogne",
        "lat": "44.85",
        "lon": "0.48",
        "name": T("Bergerac", "Bergerac"),
        "description": T(
            "<p>Au cœur du vignoble de Bergerac, sur la Dordogne.</p>",
            "<p>At the heart of the Bergerac wine country, on the Dordogne river.</p>",
        ),
    },
    {
        "slug": "occitanie",
        "kind": "region",
        "code": "76",
        "name": T("Occitanie", "Occitanie"),
        "description": T("<p>Région du sud de la France.</p>", "<p>Region of southern France.</p>"),
    },
    {
        "slug": "lozere",
        "kind": "department",
        "code": "48",
        "parent": "occitanie",
        "name": T("Lozère", "Lozère"),
        "description": T(
            "<p>Département de montagne, entre Aubrac, Margeride, Causses et Cévennes.</p>",
            "<p>A mountain department, between Aubrac, Margeride, the Causses and the "
            "Cévennes.</p>",
        ),
    },
    {
        "slug": "florac-trois-rivieres",
        "kind": "commune",
        "code": "48061",
        "parent": "lozere",
        "lat": "44.32",
        "lon": "3.59",
        "name": T("Florac-Trois-Rivières", "Florac-Trois-Rivières"),
        "description": T(
            "<p>Porte d'entrée des Causses et des Cévennes.</p>",
            "<p>Gateway to the Causses and the Cévennes.</p>",
        ),
    },
]

THEMES = [
    (
        "transition-energetique",
        "energy-transition",
        T("Transition énergétique", "Energy transition"),
    ),
    (
        "participation-citoyenne",
        "citizen-participation",
        T("Participation citoyenne", "Citizen participation"),
    ),
    (
        "alimentation-agriculture",
        "food-and-farming",
        T("Alimentation et agriculture", "Food and farming"),
    ),
    ("mobilite", "mobility", T("Mobilité", "Mobility")),
    ("logement", "housing", T("Logement", "Housing")),
    (
        "economie-locale-cooperatives",
        "local-economy-and-cooperatives",
        T("Économie locale et coopératives", "Local economy and cooperatives"),
    ),
    (
        "eau-biodiversite",
        "water-and-biodiversity",
        T("Eau et biodiversité", "Water and biodiversity"),
    ),
    (
        "culture-patrimoine",
        "culture-and-heritage",
        T("Culture et patrimoine", "Culture and heritage"),
    ),
    ("jeunesse", "youth", T("Jeunesse", "Youth")),
    (
        "democratie-action-publique",
        "democracy-and-public-action",
        T("Démocratie et action publique", "Democracy and public action"),
    ),
]

_FICTIONAL = T(
    "<p><em>Personnage fictif de démonstration.</em></p>",
    "<p><em>Fictional demo contributor.</em></p>",
)


def _contributor(slug, name, role, bio, photo=None):
    return {
        "slug": slug,
        "name": name,
        "role": role,
        "bio": T(f"<p>{bio.fr}</p>{_FICTIONAL.fr}", f"<p>{bio.en}</p>{_FICTIONAL.en}"),
        "photo": photo,
        "links": [(T("Portfolio (démo)", "Portfolio (demo)"), f"https://{slug}.example.org/")],
    }


CONTRIBUTORS = [
    _contributor(
        "lucie-exemple",
        "Lucie Exemple",
        T("journaliste embarquée", "embedded journalist"),
        T(
            "A vécu neuf mois à Loos-en-Gohelle pour la série « Trente ans de transition ».",
            "Lived nine months in Loos-en-Gohelle for the series “Thirty Years of Transition”.",
        ),
        "contributor-lucie-exemple",
    ),
    _contributor(
        "bastien-fictif",
        "Bastien Fictif",
        T("journaliste et photographe", "journalist and photographer"),
        T(
            "En résidence à Florac-Trois-Rivières, il raconte les hautes terres.",
            "In residence in Florac-Trois-Rivières, he tells the story of the high ground.",
        ),
        "contributor-bastien-fictif",
    ),
    _contributor(
        "nour-demo",
        "Nour Démo",
        T("réalisatrice sonore", "sound producer"),
        T(
            "Enregistre les voix des territoires et réalise les épisodes audio.",
            "Records the voices of the territories and produces the audio episodes.",
        ),
    ),
    _contributor(
        "jeanne-essai",
        "Jeanne Essai",
        T("journaliste embarquée", "embedded journalist"),
        T(
            "S'est installée dans le Bergeracois à l'automne 2026.",
            "Settled in the Bergerac area in autumn 2026.",
        ),
        "contributor-jeanne-essai",
    ),
    _contributor(
        "aicha-prototype",
        "Aïcha Prototype",
        T("photographe et illustratrice", "photographer and illustrator"),
        T(
            "Dessine et photographie les séries de la rédaction.",
            "Draws and photographs the newsroom's series.",
        ),
    ),
    _contributor(
        "paul-modele",
        "Paul Modèle",
        T("éditeur", "editor"),
        T(
            "Relit, vérifie et édite les récits avant publication.",
            "Reads, checks and edits the stories before publication.",
        ),
    ),
]

_FICTIONAL_PARTNER = T("Partenaire fictif de démonstration.", "Fictional demo partner.")


def _partner(slug, kind, name, website, description):
    return {
        "slug": slug,
        "kind": kind,
        "name": name,
        "website": website,
        "description": T(
            f"{description.fr} {_FICTIONAL_PARTNER.fr}", f"{description.en} {_FICTIONAL_PARTNER.en}"
        ),
    }


PARTNERS = [
    _partner(
        T("agglomeration-de-demonstration", "demonstration-conurbation"),
        "local-authority",
        T("Agglomération de démonstration", "Demonstration Conurbation"),
        "https://agglomeration.example.org/",
        T(
            "Une intercommunalité imaginaire qui accueille une résidence de journaliste.",
            "An imaginary group of municipalities hosting a journalist's residency.",
        ),
    ),
    _partner(
        T("fondation-exemple-pour-les-territoires", "example-foundation-for-territories"),
        "foundation",
        T("Fondation Exemple pour les territoires", "Example Foundation for Territories"),
        "https://fondation.example.org/",
        T(
            "Une fondation imaginaire qui soutient le journalisme de long cours.",
            "An imaginary foundation supporting long-form journalism.",
        ),
    ),
    _partner(
        T("petr-des-hautes-terres-demo", "demonstration-high-ground-petr"),
        "local-authority",
        T("PETR de démonstration des hautes terres", "Demonstration High Ground PETR"),
        "https://hautes-terres.example.org/",
        T(
            "Un pôle d'équilibre territorial et rural imaginaire, en montagne.",
            "An imaginary rural territorial cooperation body, in the mountains.",
        ),
    ),
    _partner(
        T("pole-cooperatif-du-bergeracois-demo", "bergerac-area-demonstration-cooperative-cluster"),
        "company",
        T(
            "Pôle coopératif de démonstration du Bergeracois (PTCE)",
            "Bergerac Area Demonstration Cooperative Cluster (PTCE)",
        ),
        "https://ptce-bergeracois.example.org/",
        T(
            "Un pôle territorial de coopération économique imaginaire : vignerons, "
            "entreprises de l'économie sociale et collectivités.",
            "An imaginary territorial economic cooperation cluster: winegrowers, social "
            "economy enterprises and local authorities.",
        ),
    ),
    _partner(
        T("radio-exemple", "radio-exemple"),
        "media",
        T("Radio Exemple", "Radio Exemple"),
        "https://radio.example.org/",
        T(
            "Une radio associative imaginaire qui diffuse nos épisodes sonores.",
            "An imaginary community radio station broadcasting our audio episodes.",
        ),
    ),
    _partner(
        T("laboratoire-fictif-des-transitions", "fictional-rural-transitions-lab"),
        "research",
        T("Laboratoire fictif des transitions rurales", "Fictional Rural Transitions Lab"),
        "https://labo.example.org/",
        T(
            "Un laboratoire de recherche imaginaire qui partage ses données de terrain.",
            "An imaginary research lab sharing its field data.",
        ),
    ),
    _partner(
        T("reseau-demo-des-territoires-pionniers", "demo-network-of-pioneer-territories"),
        "network",
        T(
            "Réseau de démonstration des territoires pionniers",
            "Demo Network of Pioneer Territories",
        ),
        "https://pionniers.example.org/",
        T(
            "Un réseau imaginaire de villes qui partagent leurs méthodes de transition.",
            "An imaginary network of towns sharing their transition methods.",
        ),
    ),
]

HOME_INTRO = T(
    "<p><b>Terrain</b> publie du journalisme embarqué : des journalistes vivent des mois dans "
    "un territoire et racontent comment il change.</p>"
    f"<p><em>Ceci est une démonstration. {DEMO_NOTICE.fr}</em></p>",
    "<p><b>Terrain</b> publishes embedded journalism: journalists live for months in a "
    "territory and tell how it changes.</p>"
    f"<p><em>This is a demo. {DEMO_NOTICE.en}</em></p>",
)

SERIES_INDEX_INTRO = T(
    f"<p>Nos résidences au long cours, territoire par territoire. <em>{DEMO_NOTICE.fr}</em></p>",
    f"<p>Our long-term residencies, territory by territory. <em>{DEMO_NOTICE.en}</em></p>",
)

STORY_INDEX_INTRO = T(
    f"<p>Récits hors série : enquêtes, explications, coulisses. <em>{DEMO_NOTICE.fr}</em></p>",
    f"<p>Stand-alone stories: investigations, explainers, behind the scenes. "
    f"<em>{DEMO_NOTICE.en}</em></p>",
)
