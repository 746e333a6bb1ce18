"""Series 3: an embedded residency in the Bergerac wine country (Dordogne), born from a
conversation between a cooperative cluster (PTCE) and the newsroom. Ongoing, no end date.
The PTCE, the winegrowers and the figures are fictional."""

import datetime

from .body import (
    fact_box,
    gallery,
    heading,
    image,
    key_figures,
    map_point,
    paragraph,
    person,
    quote,
    related,
)
from .catalogue import DEMO_NOTICE
from .references import T, morning

BERGERAC_SERIES = {
    "key": "bergerac",
    "slug": T("bergerac-audacieux", "bold-bergerac"),
    "title": T("Bergerac Audacieux", "Bold Bergerac"),
    "strapline": T(
        "Dans le vignoble de Bergerac, une résidence au plus près de celles et ceux qui coopèrent.",
        "In the Bergerac wine country, a residency alongside the people who cooperate.",
    ),
    "intro": T(
        "<p>La série est née d'une conversation entre un pôle territorial de coopération "
        "économique (PTCE) du Bergeracois et l'un des cofondateurs de la rédaction. Dans cette "
        "démonstration, le PTCE est fictif.</p>",
        "<p>The series was born from a conversation between a territorial economic "
        "cooperation cluster (PTCE) of the Bergerac area and one of the newsroom's "
        "co-founders. In this demo, the PTCE is fictional.</p>",
    ),
    "cover_image": "bergerac-vignes",
    "kind": "residency",
    "territory": "bergerac",
    "started_on": datetime.date(2026, 9, 14),
    "ended_on": None,
    "methodology": T(
        f"<p><b>{DEMO_NOTICE.fr}</b></p>"
        "<p>La journaliste est hébergée par le PTCE hôte, qui n'a aucun droit de regard sur "
        "les sujets ni sur les textes. La série se poursuit tant que la rédaction a des "
        "histoires à raconter.</p>",
        f"<p><b>{DEMO_NOTICE.en}</b></p>"
        "<p>The journalist is housed by the host PTCE, which has no say over subjects or "
        "texts. The series goes on as long as the newsroom has stories to tell.</p>",
    ),
    "themes": ["economie-locale-cooperatives", "alimentation-agriculture", "culture-patrimoine"],
    "journalists": ["jeanne-essai"],
    "partners": [
        (
            "pole-cooperatif-du-bergeracois-demo",
            "host-territory",
            T(
                "Montant fictif (démo) : hébergement de la journaliste pendant quatre mois et "
                "9 000 € de frais de reportage.",
                "Fictional amount (demo): the journalist's housing for four months and €9,000 "
                "of reporting costs.",
            ),
        ),
        (
            "fondation-exemple-pour-les-territoires",
            "funder",
            T(
                "Montant fictif (démo) : 6 000 € pour les photographies et la vidéo.",
                "Fictional amount (demo): €6,000 for photography and video.",
            ),
        ),
        (
            "radio-exemple",
            "media-partner",
            T(
                "Diffuse les épisodes ; aucune contribution financière (démo).",
                "Broadcasts the episodes; no financial contribution (demo).",
            ),
        ),
    ],
}

BERGERAC_EPISODES = [
    {
        "key": "bergerac-1",
        "slug": T("une-serie-nee-d-une-conversation", "a-series-born-from-a-conversation"),
        "title": T("Une série née d'une conversation", "A series born from a conversation"),
        "subtitle": T(
            "Premier épisode. Comment un pôle de coopération du vignoble et une rédaction ont "
            "imaginé une résidence de journaliste (récit de démonstration).",
            "Episode one. How a wine-country cooperation cluster and a newsroom came up with a "
            "journalist's residency (demo story).",
        ),
        "published_at": morning(2026, 9, 21),
        "lead_image": "bergerac-dordogne",
        "territory": "bergerac",
        "themes": ["economie-locale-cooperatives"],
        "tags": [T("coopérative", "cooperative"), T("vigne", "vineyards")],
        "authors": [("jeanne-essai", "text")],
        "licence": "all-rights-reserved",
        "syndication": "all",
        "body": [
            paragraph(
                "Tout a commencé autour d'une table, entre des coopérateurs du vignoble et la "
                "rédaction : et si une journaliste venait vivre ici le temps d'une saison ? Les "
                "coopérateurs de ce récit sont fictifs.",
                "It all began around a table, between cooperative members from the vineyards "
                "and the newsroom: what if a journalist came to live here for a season? The "
                "cooperative members in this story are fictional.",
            ),
            fact_box(
                T("Qu'est-ce qu'un PTCE ?", "What is a PTCE?"),
                T(
                    "<p>Un <b>pôle territorial de coopération économique</b> rassemble, sur un "
                    "même territoire, des entreprises de l'économie sociale et solidaire, "
                    "d'autres entreprises, des collectivités et parfois des chercheurs, autour "
                    "d'un projet commun. La loi du 31 juillet 2014 sur l'économie sociale et "
                    "solidaire les reconnaît.</p>",
                    "<p>A <b>PTCE</b> (pôle territorial de coopération économique) brings "
                    "together, in one territory, social and solidarity economy enterprises, "
                    "other businesses, local authorities and sometimes researchers around a "
                    "shared project. The French law of 31 July 2014 on the social and "
                    "solidarity economy recognises them.</p>",
                ),
            ),
            map_point("44.85", "0.48", T("Bergerac", "Bergerac")),
            quote(
                T(
                    "On voulait que quelqu'un raconte ce qu'on fait ensemble, pas seulement ce "
                    "qu'on vend.",
                    "We wanted someone to tell what we do together, not just what we sell.",
                ),
                T("Hélène (personnage fictif)", "Hélène (fictional character)"),
                T("coordinatrice du PTCE (fictif)", "coordinator of the (fictional) PTCE"),
            ),
            image("bergerac-dordogne"),
        ],
    },
    {
        "key": "bergerac-2",
        "slug": T("vendanges-en-commun", "harvesting-together"),
        "title": T("Vendanges en commun", "Harvesting together"),
        "subtitle": T(
            "Quatre domaines voisins ont mis en commun leurs vendangeurs et leurs machines. "
            "Une semaine dans les rangs (domaines et personnages fictifs).",
            "Four neighbouring estates pooled their pickers and their machines. A week in the "
            "rows (estates and characters are fictional).",
        ),
        "published_at": morning(2026, 10, 5),
        "lead_image": "bergerac-vendanges",
        "territory": "bergerac",
        "themes": ["economie-locale-cooperatives", "alimentation-agriculture"],
        "tags": [T("vendanges", "grape harvest"), T("coopérative", "cooperative")],
        "authors": [("jeanne-essai", "text"), ("aicha-prototype", "photo")],
        "licence": "all-rights-reserved",
        "syndication": "all",
        "body": [
            gallery(
                T("Une semaine de vendanges", "A week of harvest"),
                [
                    ("bergerac-vendanges", T("Dans les rangs.", "In the rows.")),
                    ("bergerac-vignes", T("Les vignes au petit matin.", "Vines at dawn.")),
                    ("bergerac-chai", T("Le soir, au chai.", "Evening at the cellar.")),
                ],
            ),
            paragraph(
                "Mutualiser les vendanges, c'est partager les machines, les équipes et les "
                "risques. Dans cet épisode, quatre domaines imaginaires tentent l'expérience.",
                "Pooling the harvest means sharing machines, crews and risks. In this episode, "
                "four imaginary estates give it a try.",
            ),
            person(
                "Mathieu",
                T("vigneron (démo)", "winegrower (demo)"),
                T(
                    "Il a repris le domaine familial il y a cinq ans et a été le premier à "
                    "proposer de vendanger ensemble.",
                    "He took over the family estate five years ago and was the first to suggest "
                    "harvesting together.",
                ),
                portrait="portrait-b",
            ),
            quote(
                T(
                    "Seul, j'aurais attendu la machine une semaine de trop.",
                    "On my own, I would have waited for the harvester one week too long.",
                ),
                T("Mathieu (personnage fictif)", "Mathieu (fictional character)"),
                T("vigneron (démo)", "winegrower (demo)"),
            ),
        ],
    },
    {
        "key": "bergerac-3",
        "slug": T("le-chai-qui-ouvre-ses-portes", "the-cellar-that-opened-its-doors"),
        "title": T("Le chai qui ouvre ses portes", "The cellar that opened its doors"),
        "subtitle": T(
            "Un chai partagé accueille désormais les cuves de plusieurs domaines. Visite d'un "
            "lieu imaginé pour la démonstration.",
            "A shared cellar now houses the vats of several estates. A visit to a place "
            "imagined for the demo.",
        ),
        "published_at": morning(2026, 10, 26),
        "lead_image": "bergerac-chai",
        "territory": "bergerac",
        "themes": ["economie-locale-cooperatives"],
        "tags": [T("chai", "wine cellar"), T("investissement", "investment")],
        "authors": [("jeanne-essai", "text"), ("paul-modele", "editing")],
        "licence": "all-rights-reserved",
        "syndication": "all",
        "body": [
            image("bergerac-chai", layout="full"),
            paragraph(
                "Derrière la grande porte, des cuves en inox alignées, une étiqueteuse "
                "partagée, un planning au tableau blanc. Le chai de cet épisode est fictif.",
                "Behind the big door: stainless-steel vats in a row, a shared labelling "
                "machine, a schedule on the whiteboard. The cellar in this episode is fictional.",
            ),
            key_figures(
                T("Le chai partagé (chiffres fictifs)", "The shared cellar (fictional figures)"),
                [
                    ("14", T("domaines associés", "member estates")),
                    (
                        T("40 000 €", "€40,000"),
                        T(
                            "investis dans le chai (montant fictif)",
                            "invested in the cellar (fictional amount)",
                        ),
                    ),
                    ("3", T("emplois créés", "jobs created")),
                ],
            ),
            paragraph(
                "Le pari : qu'un outil commun permette aux petits domaines de rester indépendants.",
                "The bet: that a shared tool will let small estates stay independent.",
            ),
        ],
    },
    {
        "key": "bergerac-4",
        "slug": T("jeunes-vignerons-nouveaux-statuts", "young-winegrowers-new-structures"),
        "title": T("Jeunes vignerons, nouveaux statuts", "Young winegrowers, new structures"),
        "subtitle": T(
            "Société coopérative, groupement, fermage partagé : la nouvelle génération invente "
            "ses façons de s'installer. Portraits fictifs.",
            "Cooperative company, producer group, shared tenancy: the new generation invents "
            "its own ways of getting started. Fictional portraits.",
        ),
        "published_at": morning(2026, 11, 16),
        "lead_image": "bergerac-vignes",
        "territory": "bergerac",
        "themes": ["economie-locale-cooperatives", "jeunesse"],
        "tags": [T("installation", "new farmers"), T("jeunesse", "youth")],
        "authors": [("jeanne-essai", "text"), ("aicha-prototype", "photo")],
        "licence": "all-rights-reserved",
        "syndication": "all",
        "body": [
            heading("S'installer sans hériter", "Starting out without inheriting"),
            paragraph(
                "Sans terres de famille, s'installer en viticulture coûte cher. Les jeunes "
                "vignerons rencontrés dans cet épisode, tous fictifs, partagent le foncier et le "
                "matériel.",
                "Without family land, starting out in winegrowing is expensive. The young "
                "winegrowers met in this episode, all fictional, share land and equipment.",
            ),
            person(
                "Léa",
                T("vigneronne installée en 2025 (démo)", "winegrower since 2025 (demo)"),
                T(
                    "Elle loue trois hectares avec deux associés et vend en direct au marché.",
                    "She rents three hectares with two partners and sells direct at the market.",
                ),
                portrait="portrait-c",
            ),
            quote(
                T(
                    "On n'a pas hérité de vignes. On a hérité d'une envie.",
                    "We didn't inherit vines. We inherited a wish.",
                ),
                T("Léa (personnage fictif)", "Léa (fictional character)"),
                T("vigneronne (démo)", "winegrower (demo)"),
            ),
            related(
                T("Toute la série", "The whole series"),
                ["bergerac-1", "bergerac-2", "bergerac-3"],
            ),
        ],
    },
]
