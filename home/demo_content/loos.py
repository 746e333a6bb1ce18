"""Series 1: a former mining town's thirty-year transition (Loos-en-Gohelle). Concluded.

The town and its public facts are real; every person, association, cooperative and figure
met in the episodes is invented for the demo, and the text says so.
"""

import datetime

from .body import (
    document,
    embed,
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

LOOS_SERIES = {
    "key": "loos",
    "slug": T(
        "loos-en-gohelle-trente-ans-de-transition", "loos-en-gohelle-thirty-years-of-transition"
    ),
    "title": T(
        "Loos-en-Gohelle, trente ans de transition", "Loos-en-Gohelle: Thirty Years of Transition"
    ),
    "strapline": T(
        "Comment une ancienne ville minière du Pas-de-Calais a fait de la transition son récit "
        "commun.",
        "How a former mining town in the Pas-de-Calais made transition its shared story.",
    ),
    "intro": T(
        "<p>Pendant neuf mois, notre journaliste a vécu à Loos-en-Gohelle, au pied des terrils "
        "jumeaux. En trente ans, la commune a bâti un modèle de développement durable fondé sur "
        "l'implication des habitants, le récit du territoire et une approche systémique.</p>",
        "<p>For nine months our journalist lived in Loos-en-Gohelle, at the foot of the twin "
        "slag heaps. Over thirty years the town built a model of sustainable development on "
        "citizen involvement, storytelling of the territory and a systemic approach.</p>",
    ),
    "cover_image": "loos-terrils",
    "kind": "territory-portrait",
    "territory": "loos-en-gohelle",
    "started_on": datetime.date(2025, 1, 13),
    "ended_on": datetime.date(2025, 10, 31),
    "methodology": T(
        f"<p><b>{DEMO_NOTICE.fr}</b></p>"
        "<p>La résidence a été accueillie par une agglomération et soutenue par une fondation, "
        "toutes deux fictives. La rédaction a choisi seule la journaliste, les sujets et le "
        "calendrier ; aucun partenaire n'a relu les épisodes avant leur publication.</p>"
        "<ul><li>Neuf mois sur place, de janvier à octobre 2025.</li>"
        "<li>Les personnes citées ont pu relire leurs propos, jamais les articles.</li></ul>",
        f"<p><b>{DEMO_NOTICE.en}</b></p>"
        "<p>The residency was hosted by a conurbation and supported by a foundation, both "
        "fictional. The newsroom alone chose the journalist, the subjects and the schedule; no "
        "partner read the episodes before publication.</p>"
        "<ul><li>Nine months on the ground, from January to October 2025.</li>"
        "<li>People quoted could check their own words, never the articles.</li></ul>",
    ),
    "themes": ["transition-energetique", "participation-citoyenne", "culture-patrimoine"],
    "journalists": ["lucie-exemple"],
    "partners": [
        (
            "agglomeration-de-demonstration",
            "host-territory",
            T(
                "Montant fictif (démo) : 24 000 € pour neuf mois de résidence (logement, "
                "déplacements et frais de reportage).",
                "Fictional amount (demo): €24,000 for a nine-month residency (housing, travel "
                "and reporting costs).",
            ),
        ),
        (
            "fondation-exemple-pour-les-territoires",
            "funder",
            T(
                "Montant fictif (démo) : 15 000 € pour la photographie et l'édition.",
                "Fictional amount (demo): €15,000 for photography and editing.",
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

LOOS_EPISODES = [
    {
        "key": "loos-1",
        "slug": T("au-pied-des-terrils-une-ville-change-de-recit", "at-the-foot-of-the-slag-heaps"),
        "title": T(
            "Au pied des terrils, une ville change de récit",
            "At the foot of the slag heaps, a town rewrites its story",
        ),
        "subtitle": T(
            "Premier épisode. Ancienne cité du charbon, Loos-en-Gohelle s'est réinventée en "
            "trente ans. Notre journaliste s'y installe pour neuf mois.",
            "Episode one. A former coal town, Loos-en-Gohelle has reinvented itself over thirty "
            "years. Our journalist moves in for nine months.",
        ),
        "published_at": morning(2025, 2, 10),
        "lead_image": "loos-terrils",
        "territory": "loos-en-gohelle",
        "themes": ["transition-energetique", "culture-patrimoine"],
        "tags": [T("terrils", "slag heaps"), T("bassin minier", "mining basin")],
        "authors": [("lucie-exemple", "text"), ("aicha-prototype", "illustration")],
        "licence": "cc-by-4.0",
        "syndication": "all",
        "body": [
            paragraph(
                "Quand on arrive par la route, on voit d'abord les terrils jumeaux. Ils disent "
                "l'histoire de la ville mieux qu'un panneau : pendant des générations, on a "
                "extrait ici le charbon du bassin minier du Pas-de-Calais.",
                "Coming in by road, the first thing you see is the twin slag heaps. They tell "
                "the town's history better than any sign: for generations, coal was mined here, "
                "in the mining basin of the Pas-de-Calais.",
            ),
            paragraph(
                "Depuis trente ans, cette commune d'environ 6 500 habitants s'est donné un autre "
                "récit : la transition. Un modèle de développement durable bâti sur "
                "l'implication des habitants, le récit du territoire et une approche systémique, "
                "devenu une référence pour la transition énergétique.",
                "For thirty years this town of about 6,500 people has given itself another "
                "story: transition. A model of sustainable development built on citizen "
                "involvement, storytelling of the territory and a systemic approach, which has "
                "become a reference for energy transition.",
            ),
            key_figures(
                T("Loos-en-Gohelle en chiffres", "Loos-en-Gohelle in figures"),
                [
                    (T("6 500", "6,500"), T("habitants environ", "inhabitants, approximately")),
                    ("30", T("ans de transition", "years of transition")),
                    (
                        "2018",
                        T(
                            "reconnue « territoire de confiance » en octobre",
                            "recognised as a “territory of trust” in October",
                        ),
                    ),
                ],
            ),
            map_point("50.46", "2.79", T("Loos-en-Gohelle", "Loos-en-Gohelle")),
            heading("Neuf mois sur place", "Nine months on the ground"),
            paragraph(
                "Notre journaliste, Lucie Exemple (personnage fictif de cette démonstration), "
                "loue une chambre dans une cité minière. Elle publiera un épisode toutes les six "
                "à huit semaines, jusqu'à l'automne.",
                "Our journalist, Lucie Exemple (a fictional character in this demo), rents a "
                "room in a miners' estate. She will publish an episode every six to eight weeks "
                "until the autumn.",
            ),
            quote(
                T(
                    "Les terrils, c'était la honte de nos parents. Aujourd'hui, c'est là qu'on "
                    "emmène les visiteurs.",
                    "The slag heaps were our parents' shame. Today that's where we take our "
                    "visitors.",
                ),
                T("Martine (personnage fictif)", "Martine (fictional character)"),
                T(
                    "fille et petite-fille de mineurs (démo)",
                    "daughter and granddaughter of miners (demo)",
                ),
            ),
            fact_box(
                T("Le journalisme embarqué, c'est quoi ?", "What is embedded journalism?"),
                T(
                    "<p>Un ou une journaliste s'installe plusieurs mois dans un territoire, en "
                    "accord avec ses acteurs locaux, et publie une série : reportages, portraits, "
                    "podcasts, vidéos. Le financement est rendu public ; l'indépendance "
                    "éditoriale est garantie par une charte.</p>",
                    "<p>A journalist settles in a territory for several months, in agreement "
                    "with its local actors, and publishes a series: reportage, portraits, "
                    "podcasts, videos. Funding is made public; editorial independence is "
                    "guaranteed by a charter.</p>",
                ),
            ),
        ],
    },
    {
        "key": "loos-2",
        "slug": T("du-soleil-sur-les-toits-de-la-cite", "sunshine-on-the-miners-rooftops"),
        "title": T(
            "Du soleil sur les toits de la cité", "Sunshine on the rooftops of the miners' estate"
        ),
        "subtitle": T(
            "Dans une cité minière rénovée, des habitants ont monté une coopérative d'énergie. "
            "Récit d'une idée devenue chantier (coopérative et personnages fictifs).",
            "On a renovated miners' estate, residents set up an energy cooperative. How an idea "
            "became a building site (cooperative and characters are fictional).",
        ),
        "published_at": morning(2025, 3, 24),
        "lead_image": "loos-cite",
        "territory": "loos-en-gohelle",
        "themes": ["transition-energetique", "logement"],
        "tags": [T("énergie solaire", "solar power"), T("coopérative", "cooperative")],
        "authors": [
            ("lucie-exemple", "text"),
            ("aicha-prototype", "photo"),
            ("paul-modele", "editing"),
        ],
        "licence": "cc-by-4.0",
        "syndication": "selected",
        "syndication_partners": ["radio-exemple"],
        "corrections": [
            (
                datetime.date(2025, 4, 14),
                T(
                    "Une version précédente de cet épisode indiquait 210 panneaux sur les toits "
                    "de la coopérative ; il y en a 120 (chiffres fictifs de démonstration).",
                    "An earlier version of this episode said the cooperative had 210 panels on "
                    "its roofs; it has 120 (fictional demo figures).",
                ),
            )
        ],
        "body": [
            paragraph(
                "Sur les toits de la rue, des panneaux solaires brillent au-dessus des briques. "
                "Ils appartiennent à une coopérative d'habitants, « Les Toits de la cité », "
                "inventée pour cette démonstration.",
                "On the roofs of the street, solar panels shine above the brickwork. They belong "
                "to a residents' cooperative, “Les Toits de la cité”, invented for this demo.",
            ),
            person(
                "Karim",
                T(
                    "président de la coopérative Les Toits de la cité (fictive)",
                    "chair of the Les Toits de la cité cooperative (fictional)",
                ),
                T(
                    "Ancien électricien, il a frappé à toutes les portes pendant un hiver pour "
                    "convaincre ses voisins d'investir 100 euros chacun (montant fictif).",
                    "A former electrician, he knocked on every door for a whole winter to "
                    "persuade his neighbours to invest 100 euros each (fictional amount).",
                ),
                portrait="portrait-b",
            ),
            quote(
                T(
                    "On ne voulait pas qu'on nous installe la transition. On voulait la faire "
                    "nous-mêmes.",
                    "We didn't want transition to be installed for us. We wanted to do it "
                    "ourselves.",
                ),
                T("Karim (personnage fictif)", "Karim (fictional character)"),
                T("président de coopérative (démo)", "cooperative chair (demo)"),
            ),
            image("loos-cite"),
            heading("Ce que rapportent les toits", "What the roofs bring in"),
            paragraph(
                "La coopérative revend l'électricité et réinvestit ses bénéfices dans "
                "l'isolation des logements. Les chiffres de cet épisode sont inventés pour la "
                "démonstration : 120 panneaux, 38 foyers sociétaires.",
                "The cooperative sells the electricity and reinvests its profits in insulating "
                "homes. The figures in this episode are invented for the demo: 120 panels, 38 "
                "member households.",
            ),
            embed(
                "https://vimeo.com/76979871",
                T("Vidéo de démonstration", "Demo video"),
                T(
                    "Lecteur de démonstration : la vidéo intégrée est un exemple public de la "
                    "plateforme, sans rapport avec ce récit.",
                    "Demo player: the embedded video is a public sample from the platform, "
                    "unrelated to this story.",
                ),
            ),
        ],
    },
    {
        "key": "loos-3",
        "slug": T(
            "raconter-le-territoire-pour-le-transformer", "telling-the-territory-to-change-it"
        ),
        "title": T(
            "Raconter le territoire pour le transformer",
            "Telling the territory's story to change it",
        ),
        "subtitle": T(
            "Le récit du territoire est l'un des piliers du modèle de Loos-en-Gohelle. Une soirée "
            "imaginée pour cette démonstration montre comment une histoire commune se fabrique.",
            "Storytelling of the territory is one of the pillars of the Loos-en-Gohelle model. "
            "An evening imagined for this demo shows how a shared story is made.",
        ),
        "published_at": morning(2025, 5, 19),
        "lead_image": "loos-reunion",
        "territory": "loos-en-gohelle",
        "themes": ["participation-citoyenne", "culture-patrimoine"],
        "tags": [T("récit", "storytelling"), T("participation", "participation")],
        "authors": [("lucie-exemple", "text"), ("aicha-prototype", "photo")],
        "licence": "cc-by-sa-4.0",
        "syndication": "all",
        "body": [
            paragraph(
                "Avec l'implication des habitants et l'approche systémique, le récit du "
                "territoire est l'un des trois piliers du modèle de Loos-en-Gohelle. Pour le "
                "raconter, cette démonstration imagine une association, « Mémoires de fosse », "
                "et l'une de ses soirées.",
                "Together with citizen involvement and a systemic approach, storytelling of the "
                "territory is one of the three pillars of the Loos-en-Gohelle model. To tell it, "
                "this demo imagines an association, “Mémoires de fosse”, and one of its evenings.",
            ),
            gallery(
                T(
                    "Une soirée de récits (scènes fictives)",
                    "An evening of stories (fictional scenes)",
                ),
                [
                    ("loos-reunion", T("Les habitants arrivent.", "Residents arrive.")),
                    ("loos-cite", T("La cité, à la nuit tombée.", "The estate, at nightfall.")),
                    (
                        "loos-terrils",
                        T("Les terrils, toile de fond.", "The slag heaps as a backdrop."),
                    ),
                ],
            ),
            person(
                "Odile",
                T(
                    "animatrice de l'association Mémoires de fosse (fictive)",
                    "organiser at the Mémoires de fosse association (fictional)",
                ),
                T(
                    "Depuis dix ans, elle recueille les souvenirs des anciens mineurs et de leurs "
                    "familles, et les lit à voix haute les soirs de fête.",
                    "For ten years she has been collecting the memories of former miners and "
                    "their families, and reading them aloud on festival nights.",
                ),
                portrait="portrait-a",
            ),
            quote(
                T(
                    "Tant qu'on racontait la mine comme une fin, on ne pouvait rien commencer.",
                    "As long as we told the story of the mine as an ending, we couldn't start "
                    "anything.",
                ),
                T("Odile (personnage fictif)", "Odile (fictional character)"),
                T("animatrice associative (démo)", "community organiser (demo)"),
            ),
            paragraph(
                "Ce soir-là, on lit, on chante, on montre des photos de famille. Et l'on parle "
                "déjà de la prochaine fête, celle où les enfants raconteront à leur tour.",
                "That evening people read, sing, pass round family photos. And they are already "
                "talking about the next party, when the children will tell the stories in turn.",
            ),
        ],
    },
    {
        "key": "loos-4",
        "slug": T(
            "jardins-partages-au-pied-du-terril", "shared-gardens-at-the-foot-of-the-slag-heap"
        ),
        "title": T(
            "Jardins partagés au pied du terril", "Shared gardens at the foot of the slag heap"
        ),
        "subtitle": T(
            "Sur une ancienne friche, des familles cultivent leurs légumes et réapprennent à "
            "partager l'eau. Une parcelle imaginée pour la démonstration.",
            "On a former wasteland, families grow their vegetables and learn again to share "
            "water. A plot imagined for the demo.",
        ),
        "published_at": morning(2025, 7, 7),
        "lead_image": "loos-jardins",
        "territory": "loos-en-gohelle",
        "themes": ["alimentation-agriculture", "eau-biodiversite"],
        "tags": [T("jardins", "gardens"), T("alimentation", "food")],
        "authors": [("lucie-exemple", "text"), ("aicha-prototype", "photo")],
        "licence": "cc-by-4.0",
        "syndication": "all",
        "body": [
            heading("Des parcelles sur une ancienne friche", "Plots on a former wasteland"),
            paragraph(
                "Quarante parcelles, un cabanon, deux récupérateurs d'eau de pluie : le jardin "
                "de cet épisode est fictif, comme les personnes qui le cultivent. Il ressemble "
                "à ceux que l'on trouve dans tout le bassin minier.",
                "Forty plots, a shed, two rainwater butts: the garden in this episode is "
                "fictional, like the people who tend it. It looks like the gardens found all "
                "over the mining basin.",
            ),
            image(
                "loos-jardins",
                T(
                    "Les parcelles au pied du terril (illustration).",
                    "The plots at the foot of the slag heap (illustration).",
                ),
                layout="full",
            ),
            person(
                "Sandrine",
                T("maraîchère amatrice (démo)", "amateur market gardener (demo)"),
                T(
                    "Elle tient la parcelle numéro 12 depuis trois ans et distribue ses surplus "
                    "de tomates à toute la rue.",
                    "She has worked plot number 12 for three years and hands her surplus "
                    "tomatoes out to the whole street.",
                ),
            ),
            quote(
                T(
                    "Mon grand-père descendait au fond. Moi, je mets les mains dans la terre du "
                    "dessus.",
                    "My grandfather went down the pit. I put my hands in the soil on top.",
                ),
                T("Sandrine (personnage fictif)", "Sandrine (fictional character)"),
                T("jardinière (démo)", "gardener (demo)"),
            ),
            related(T("Dans la même série", "In the same series"), ["loos-1", "loos-2"]),
        ],
    },
    {
        "key": "loos-5",
        "slug": T("ce-que-loos-en-gohelle-nous-a-appris", "what-loos-en-gohelle-taught-us"),
        "title": T("Ce que Loos-en-Gohelle nous a appris", "What Loos-en-Gohelle taught us"),
        "subtitle": T(
            "Dernier épisode. Neuf mois plus tard, notre journaliste rend sa chambre et tire "
            "trois leçons de sa résidence.",
            "Final episode. Nine months on, our journalist gives back her room and draws three "
            "lessons from her residency.",
        ),
        "published_at": morning(2025, 10, 27),
        "lead_image": "loos-terrils",
        "territory": "loos-en-gohelle",
        "themes": ["democratie-action-publique", "participation-citoyenne"],
        "tags": [T("méthode", "method"), T("bilan", "review")],
        "authors": [("lucie-exemple", "text"), ("paul-modele", "editing")],
        "licence": "cc-by-4.0",
        "syndication": "all",
        "body": [
            paragraph(
                "Neuf mois, cinq épisodes, des dizaines de rencontres — toutes fictives dans "
                "cette démonstration. Voici ce que la résidence nous a appris.",
                "Nine months, five episodes, dozens of encounters — all fictional in this demo. "
                "Here is what the residency taught us.",
            ),
            heading("Trois leçons", "Three lessons"),
            paragraph(
                "<ul><li>La transition se raconte autant qu'elle se fait.</li>"
                "<li>Les habitants ne sont pas un public : ce sont des acteurs.</li>"
                "<li>Tout se tient : l'énergie, le logement, l'alimentation, la mémoire.</li></ul>",
                "<ul><li>Transition is told as much as it is done.</li>"
                "<li>Residents are not an audience: they are actors.</li>"
                "<li>Everything is connected: energy, housing, food, memory.</li></ul>",
            ),
            quote(
                T(
                    "Je suis venue chercher un modèle. J'ai trouvé une conversation qui dure "
                    "depuis trente ans.",
                    "I came looking for a model. I found a conversation that has been going on "
                    "for thirty years.",
                ),
                T("Lucie Exemple (personnage fictif)", "Lucie Exemple (fictional character)"),
                T("journaliste embarquée (démo)", "embedded journalist (demo)"),
            ),
            document(
                "methodology-note",
                T("Note méthodologique de la série", "Methodology note for the series"),
                T(
                    "PDF d'une page : comment la série a été faite (document de démonstration).",
                    "One-page PDF: how the series was made (demo document).",
                ),
            ),
            related(T("Relire la série", "Read the series again"), ["loos-1", "loos-3", "loos-4"]),
        ],
    },
]
