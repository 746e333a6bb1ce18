"""An announced (upcoming) podcast series without episodes yet, and the stand-alone stories
that live under the story index: a network's assembly, the newsroom's charter, a glossary."""

import datetime

from .body import (
    document,
    fact_box,
    heading,
    image,
    key_figures,
    paragraph,
    person,
    quote,
    related,
)
from .catalogue import DEMO_NOTICE
from .references import T, morning

NETWORK_SERIES = {
    "key": "network",
    "slug": T("pionniers-en-reseau", "pioneers-networked"),
    "title": T("Pionniers en réseau", "Pioneers, Networked"),
    "strapline": T(
        "Bientôt : un podcast sur les villes qui partagent leurs méthodes de transition.",
        "Coming soon: a podcast about towns that share their transition methods.",
    ),
    "intro": T(
        "<p>Des villes pionnières de la transition apprennent les unes des autres : "
        "codéveloppement entre pairs, implication des habitants, approche systémique, récit du "
        "territoire. Ce podcast suivra leurs échanges. Premier épisode annoncé au démarrage "
        "de la série.</p>",
        "<p>Pioneer towns of the transition learn from one another: co-development between "
        "peers, citizen involvement, a systemic approach, telling the territory's story. This "
        "podcast will follow their exchanges. First episode announced when the series "
        "starts.</p>",
    ),
    "cover_image": "network-assembly",
    "kind": "podcast",
    "territory": None,
    # Always in the future when the demo is seeded, so the demo shows every series status.
    "starts_in_days": 60,
    "ended_on": None,
    "methodology": T(
        f"<p><b>{DEMO_NOTICE.fr}</b></p>"
        "<p>Le réseau partenaire relaie les épisodes mais n'en choisit ni les invités ni les "
        "sujets.</p>",
        f"<p><b>{DEMO_NOTICE.en}</b></p>"
        "<p>The partner network relays the episodes but chooses neither the guests nor the "
        "subjects.</p>",
    ),
    "themes": ["democratie-action-publique", "participation-citoyenne"],
    "journalists": ["nour-demo", "paul-modele"],
    "partners": [
        (
            "fondation-exemple-pour-les-territoires",
            "funder",
            T(
                "Montant fictif (démo) : 8 000 € pour six épisodes.",
                "Fictional amount (demo): €8,000 for six episodes.",
            ),
        ),
        (
            "reseau-demo-des-territoires-pionniers",
            "media-partner",
            T(
                "Relaie les épisodes auprès de ses membres ; aucune contribution financière "
                "(démo).",
                "Relays the episodes to its members; no financial contribution (demo).",
            ),
        ),
    ],
}

STANDALONE_STORIES = [
    {
        "key": "charter",
        "slug": T("notre-charte-du-journalisme-embarque", "our-embedded-journalism-charter"),
        "title": T("Notre charte du journalisme embarqué", "Our embedded journalism charter"),
        "subtitle": T(
            "Qui décide des sujets, qui paie quoi, qui relit quoi : les quatre engagements de "
            "la rédaction (rédaction et charte de démonstration).",
            "Who decides the subjects, who pays for what, who reads what: the newsroom's four "
            "commitments (demo newsroom and charter).",
        ),
        "published_at": morning(2025, 1, 6),
        "lead_image": "newsroom-notebook",
        "territory": None,
        "themes": ["democratie-action-publique"],
        "tags": [T("méthode", "method"), T("charte", "charter")],
        "authors": [("paul-modele", "text"), ("lucie-exemple", "editing")],
        "licence": "all-rights-reserved",
        "syndication": "none",
        "body": [
            paragraph(DEMO_NOTICE.fr, DEMO_NOTICE.en),
            heading("Quatre engagements", "Four commitments"),
            paragraph(
                "<ol><li>La rédaction décide seule des sujets, des angles et des dates.</li>"
                "<li>Chaque financement est public, avec son montant et son objet.</li>"
                "<li>Les personnes rencontrées relisent leurs propos cités, jamais l'article."
                "</li><li>Une erreur est corrigée publiquement, datée, en tête de l'article."
                "</li></ol>",
                "<ol><li>The newsroom alone decides subjects, angles and dates.</li>"
                "<li>Every source of funding is public, with its amount and purpose.</li>"
                "<li>People we meet check their quoted words, never the article.</li>"
                "<li>An error is corrected publicly, with a date, at the top of the article."
                "</li></ol>",
            ),
            fact_box(
                T("Qui finance quoi ?", "Who funds what?"),
                T(
                    "<p>Chaque série publie ses partenaires, leur rôle et ce qu'ils ont "
                    "financé. Dans cette démonstration, les partenaires et les montants sont "
                    "fictifs.</p>",
                    "<p>Each series lists its partners, their role and what they funded. In "
                    "this demo, partners and amounts are fictional.</p>",
                ),
            ),
            document(
                "newsroom-charter",
                T("La charte en PDF", "The charter as a PDF"),
                T(
                    "Une page, à télécharger (document de démonstration).",
                    "One page, to download (demo document).",
                ),
            ),
        ],
    },
    {
        "key": "assembly",
        "slug": T(
            "180-allies-de-la-transition-reunis-a-paris", "180-transition-allies-meet-in-paris"
        ),
        "title": T(
            "180 alliés de la transition réunis à Paris", "180 transition allies meet in Paris"
        ),
        "subtitle": T(
            "Chaque année en décembre, un réseau de territoires pionniers de la transition "
            "réunit ses alliés pendant deux jours. Ce qu'on y partage, et pourquoi.",
            "Every December, a network of pioneer territories of the transition gathers its "
            "allies for two days. What is shared there, and why.",
        ),
        "published_at": morning(2025, 12, 15),
        "lead_image": "network-assembly",
        "territory": None,
        "themes": ["democratie-action-publique", "participation-citoyenne"],
        "tags": [T("réseau", "network"), T("méthode", "method")],
        "authors": [("paul-modele", "text"), ("nour-demo", "sound")],
        "licence": "cc-by-4.0",
        "syndication": "all",
        "body": [
            paragraph(
                "L'assemblée annuelle des alliés d'un réseau de territoires pionniers de la "
                "transition a réuni environ 180 participants pendant deux jours de décembre, "
                "dans un tiers-lieu parisien : collectivités, structures d'accompagnement, "
                "institutions nationales.",
                "The yearly assembly of allies of a network of pioneer territories of the "
                "transition gathered about 180 participants over two days in December, in a "
                "Paris third-place: local authorities, support organisations, national "
                "institutions.",
            ),
            key_figures(
                T("L'assemblée", "The assembly"),
                [
                    ("180", T("participants environ", "participants, approximately")),
                    ("2", T("jours d'échanges", "days of exchanges")),
                ],
            ),
            heading("Quatre méthodes en partage", "Four methods, shared"),
            paragraph(
                "<ul><li>Le codéveloppement entre pairs.</li><li>L'implication des habitants."
                "</li><li>L'approche systémique.</li><li>Le récit du territoire.</li></ul>",
                "<ul><li>Co-development between peers.</li><li>Citizen involvement.</li>"
                "<li>A systemic approach.</li><li>Telling the territory's story.</li></ul>",
            ),
            image("network-assembly"),
            person(
                "Rachid",
                T("élu d'une commune imaginaire (démo)", "councillor of an imaginary town (demo)"),
                T(
                    "Venu pour la première fois, il est reparti avec trois numéros de téléphone "
                    "de maires qui avaient déjà affronté ses problèmes.",
                    "At his first assembly, he left with the phone numbers of three mayors who "
                    "had already faced his problems.",
                ),
                portrait="portrait-a",
            ),
            quote(
                T(
                    "On gagne des années quand quelqu'un vous raconte ses erreurs.",
                    "You save years when someone tells you about their mistakes.",
                ),
                T("Rachid (personnage fictif)", "Rachid (fictional character)"),
                T("élu local (démo)", "local councillor (demo)"),
            ),
            related(T("Pour aller plus loin", "Further reading"), ["loos-5"]),
        ],
    },
    {
        "key": "glossary",
        "slug": T("petit-lexique-des-territoires", "a-short-glossary-of-french-territories"),
        "title": T("Petit lexique des territoires", "A short glossary of French territories"),
        "subtitle": T(
            "Commune, département, région, intercommunalité, PETR : qui fait quoi, pour "
            "s'y retrouver dans nos séries.",
            "Commune, department, region, intercommunality, PETR: who does what, to find your "
            "way around our series.",
        ),
        "published_at": morning(2026, 2, 2),
        "lead_image": "newsroom-notebook",
        "territory": None,
        "themes": ["democratie-action-publique"],
        "tags": [T("lexique", "glossary")],
        "authors": [("paul-modele", "text"), ("aicha-prototype", "illustration")],
        "licence": "cc-by-sa-4.0",
        "syndication": "all",
        "corrections": [
            (
                datetime.date(2026, 2, 9),
                T(
                    "Une version précédente de ce lexique attribuait à Bergerac le code INSEE "
                    "de Florac-Trois-Rivières. Bergerac a le code 24037.",
                    "An earlier version of this glossary gave Bergerac the INSEE code of "
                    "Florac-Trois-Rivières. Bergerac's code is 24037.",
                ),
            )
        ],
        "body": [
            paragraph(
                "Nos séries se passent dans des communes, qui appartiennent à des "
                "départements, eux-mêmes dans des régions. Petit rappel.",
                "Our series take place in communes, which belong to departments, which lie in "
                "regions. A quick reminder.",
            ),
            fact_box(
                T("Commune, département, région", "Commune, department, region"),
                T(
                    "<p>La commune est l'échelon le plus proche des habitants. Chaque commune a "
                    "un code officiel de l'INSEE : 62528 pour Loos-en-Gohelle (Pas-de-Calais, "
                    "Hauts-de-France), 48061 pour Florac-Trois-Rivières (Lozère, Occitanie), "
                    "24037 pour Bergerac (Dordogne, Nouvelle-Aquitaine).</p>",
                    "<p>The commune is the level closest to residents. Each commune has an "
                    "official INSEE code: 62528 for Loos-en-Gohelle (Pas-de-Calais, "
                    "Hauts-de-France), 48061 for Florac-Trois-Rivières (Lozère, Occitanie), "
                    "24037 for Bergerac (Dordogne, Nouvelle-Aquitaine).</p>",
                ),
            ),
            fact_box(
                T("Intercommunalité et PETR", "Intercommunality and PETR"),
                T(
                    "<p>Les communes se regroupent en intercommunalités. Un PETR (pôle "
                    "d'équilibre territorial et rural) regroupe à son tour des "
                    "intercommunalités, souvent à l'échelle d'un bassin de vie rural.</p>",
                    "<p>Communes group together into intercommunalities. A PETR (pôle "
                    "d'équilibre territorial et rural) in turn groups intercommunalities, "
                    "often across a rural catchment area.</p>",
                ),
            ),
            heading("Et dans nos séries ?", "And in our series?"),
            paragraph(
                "Chaque récit indique son territoire le plus précis ; l'API et le site "
                "remontent ensuite au département et à la région.",
                "Each story names its most precise territory; the API and the site then work "
                "up to the department and the region.",
            ),
            related(T("Voir sur le terrain", "See it on the ground"), ["florac-1", "bergerac-1"]),
        ],
    },
]
