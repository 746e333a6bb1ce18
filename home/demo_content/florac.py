"""Series 2: a mountain PETR's residency around Florac-Trois-Rivières, in the Causses and
the Cévennes. Ongoing. The host PETR, the people and the figures are fictional."""

import datetime

from .body import (
    audio,
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

FLORAC_SERIES = {
    "key": "florac",
    "slug": T("hautes-terres-residence-causses-cevennes", "high-ground-residency-causses-cevennes"),
    "title": T(
        "Hautes terres, une résidence en Causses et Cévennes",
        "High Ground: a Residency in the Causses and the Cévennes",
    ),
    "strapline": T(
        "Un an à Florac-Trois-Rivières, avec celles et ceux qui font vivre la montagne.",
        "A year in Florac-Trois-Rivières, with the people who keep the mountain alive.",
    ),
    "intro": T(
        "<p>Un journaliste et une réalisatrice sonore s'installent un an à "
        "Florac-Trois-Rivières, porte d'entrée des Causses et des Cévennes, à l'invitation d'un "
        "pôle d'équilibre territorial et rural de montagne — fictif dans cette démonstration.</p>",
        "<p>A journalist and a sound producer settle for a year in Florac-Trois-Rivières, "
        "gateway to the Causses and the Cévennes, at the invitation of a mountain rural "
        "territorial cooperation body (PETR) — fictional in this demo.</p>",
    ),
    "cover_image": "florac-causse",
    "kind": "residency",
    "territory": "florac-trois-rivieres",
    "started_on": datetime.date(2026, 3, 2),
    "ended_on": datetime.date(2027, 2, 26),
    "methodology": T(
        f"<p><b>{DEMO_NOTICE.fr}</b></p>"
        "<p>Le PETR hôte a proposé la résidence ; la rédaction a choisi le journaliste, les "
        "sujets et le calendrier. Aucun partenaire ne relit les épisodes avant publication. Les "
        "épisodes sonores sont enregistrés sur place, avec l'accord des personnes.</p>",
        f"<p><b>{DEMO_NOTICE.en}</b></p>"
        "<p>The host PETR proposed the residency; the newsroom chose the journalist, the "
        "subjects and the schedule. No partner reads the episodes before publication. Audio "
        "episodes are recorded on site, with the consent of the people heard.</p>",
    ),
    "themes": ["eau-biodiversite", "alimentation-agriculture", "jeunesse", "mobilite"],
    "journalists": ["bastien-fictif", "nour-demo"],
    "partners": [
        (
            "petr-des-hautes-terres-demo",
            "host-territory",
            T(
                "Montant fictif (démo) : logement du journaliste pendant douze mois et 20 000 € "
                "de frais de reportage.",
                "Fictional amount (demo): the journalist's housing for twelve months and "
                "€20,000 of reporting costs.",
            ),
        ),
        (
            "fondation-exemple-pour-les-territoires",
            "funder",
            T(
                "Montant fictif (démo) : 12 000 € pour la production des épisodes sonores.",
                "Fictional amount (demo): €12,000 to produce the audio episodes.",
            ),
        ),
        (
            "laboratoire-fictif-des-transitions",
            "research-partner",
            T(
                "Partage ses données de terrain ; aucune contribution financière (démo).",
                "Shares its field data; no financial contribution (demo).",
            ),
        ),
    ],
}

FLORAC_EPISODES = [
    {
        "key": "florac-1",
        "slug": T("arriver-a-florac", "arriving-in-florac"),
        "title": T(
            "Arriver à Florac, porte des Causses et des Cévennes",
            "Arriving in Florac, gateway to the Causses and the Cévennes",
        ),
        "subtitle": T(
            "Premier épisode. Pourquoi une résidence de journaliste en montagne, et ce qu'un "
            "PETR vient faire dans l'histoire.",
            "Episode one. Why a journalist's residency in the mountains, and what a PETR has to "
            "do with it.",
        ),
        "published_at": morning(2026, 3, 16),
        "lead_image": "florac-bourg",
        "territory": "florac-trois-rivieres",
        "themes": ["mobilite", "democratie-action-publique"],
        "tags": [T("montagne", "mountains"), T("résidence", "residency")],
        "authors": [("bastien-fictif", "text"), ("bastien-fictif", "photo")],
        "licence": "cc-by-nc-nd-4.0",
        "syndication": "all",
        "body": [
            paragraph(
                "La route monte, tourne, redescend. Au bout, Florac-Trois-Rivières, porte "
                "d'entrée des Causses et des Cévennes, en Lozère. C'est ici que notre "
                "journaliste, Bastien Fictif (personnage de démonstration), posera son sac pour "
                "un an.",
                "The road climbs, winds, drops again. At the end lies Florac-Trois-Rivières, "
                "gateway to the Causses and the Cévennes, in the Lozère. This is where our "
                "journalist, Bastien Fictif (a demo character), will put down his bag for a "
                "year.",
            ),
            map_point("44.32", "3.59", T("Florac-Trois-Rivières", "Florac-Trois-Rivières")),
            fact_box(
                T("Qu'est-ce qu'un PETR ?", "What is a PETR?"),
                T(
                    "<p>Un <b>pôle d'équilibre territorial et rural</b> regroupe plusieurs "
                    "intercommunalités pour porter ensemble des projets : mobilité, "
                    "alimentation, tourisme, transition.</p><p>Un PETR de montagne des Causses "
                    "et Cévennes a participé à une cohorte nationale d'accompagnement en "
                    "« ingénierie de montagne ». Le PETR hôte de cette série, lui, est "
                    "fictif.</p>",
                    "<p>A <b>PETR</b> (pôle d'équilibre territorial et rural) groups several "
                    "intercommunalities to carry projects together: mobility, food, tourism, "
                    "transition.</p><p>A mountain PETR of the Causses and Cévennes took part in "
                    "a national “mountain engineering” support cohort. The PETR hosting this "
                    "series, however, is fictional.</p>",
                ),
            ),
            image("florac-bourg"),
            quote(
                T(
                    "Ici, on ne vient pas par hasard. Il faut le vouloir, la route.",
                    "Nobody ends up here by chance. You have to want that road.",
                ),
                T("Élodie (personnage fictif)", "Élodie (fictional character)"),
                T("tient une chambre d'hôtes (démo)", "runs a guesthouse (demo)"),
            ),
        ],
    },
    {
        "key": "florac-2",
        "slug": T("podcast-l-eau-des-hautes-terres", "podcast-water-on-the-high-ground"),
        "title": T("Podcast — L'eau des hautes terres", "Podcast — Water on the high ground"),
        "subtitle": T(
            "Premier épisode sonore de la résidence. Sur les causses, l'eau s'infiltre dans le "
            "calcaire et disparaît : qui la suit, qui la partage ?",
            "The residency's first audio episode. On the causses, water seeps into the "
            "limestone and vanishes: who follows it, who shares it?",
        ),
        "published_at": morning(2026, 5, 11),
        "lead_image": "florac-riviere",
        "territory": "florac-trois-rivieres",
        "themes": ["eau-biodiversite", "alimentation-agriculture"],
        "tags": [T("podcast", "podcast"), T("eau", "water")],
        "authors": [("nour-demo", "sound"), ("bastien-fictif", "text")],
        "licence": "cc-by-nc-nd-4.0",
        "syndication": "selected",
        "syndication_partners": ["radio-exemple"],
        "body": [
            paragraph(
                "Pour ce premier épisode sonore, Nour Démo (personnage fictif) a suivi un éleveur "
                "de brebis, imaginé pour la démonstration, de source en abreuvoir.",
                "For this first audio episode, Nour Démo (a fictional character) followed a "
                "sheep farmer, imagined for the demo, from spring to water trough.",
            ),
            audio(
                "podcast-water",
                T("Hautes terres, épisode 1 : l'eau", "High Ground, episode 1: water"),
                "0:01",
                T(
                    "<p><em>Extrait de démonstration : le fichier son est une simple tonalité "
                    "d'une seconde.</em></p><p>— Sur le causse, l'eau ne reste pas en surface. "
                    "Elle file dans le calcaire, et il faut aller la chercher en bas. (voix "
                    "fictive)</p>",
                    "<p><em>Demo excerpt: the sound file is a plain one-second tone.</em></p>"
                    "<p>— On the causse, water doesn't stay on the surface. It slips into the "
                    "limestone, and you have to go down and fetch it. (fictional voice)</p>",
                ),
            ),
            person(
                "Joseph",
                T("éleveur de brebis (démo)", "sheep farmer (demo)"),
                T(
                    "Installé sur le causse depuis vingt ans, il a creusé une citerne de plus à "
                    "chaque été sec.",
                    "Settled on the causse twenty years ago, he has dug one more cistern with "
                    "every dry summer.",
                ),
                portrait="portrait-b",
            ),
            heading("Partager ce qui manque", "Sharing what is scarce"),
            paragraph(
                "Dans l'épisode, éleveurs, habitants et élus (tous fictifs) discutent d'un "
                "partage de l'eau pendant les étés secs.",
                "In the episode, farmers, residents and councillors (all fictional) discuss how "
                "to share water during dry summers.",
            ),
        ],
    },
    {
        "key": "florac-3",
        "slug": T(
            "rester-ou-partir-avoir-vingt-ans-dans-les-vallees",
            "stay-or-leave-being-twenty-in-the-valleys",
        ),
        "title": T(
            "Rester ou partir : avoir vingt ans dans les vallées",
            "Stay or leave: being twenty in the valleys",
        ),
        "subtitle": T(
            "Études, travail, logement : les jeunes des hautes terres pèsent le pour et le "
            "contre. Portraits fictifs, questions bien réelles.",
            "Studies, work, housing: young people on the high ground weigh up the pros and "
            "cons. Fictional portraits, real questions.",
        ),
        "published_at": morning(2026, 7, 6),
        "lead_image": "florac-riviere",
        "territory": "florac-trois-rivieres",
        "themes": ["jeunesse", "mobilite", "logement"],
        "tags": [T("jeunesse", "youth"), T("logement", "housing")],
        "authors": [("bastien-fictif", "text"), ("aicha-prototype", "illustration")],
        "licence": "cc-by-nc-nd-4.0",
        "syndication": "all",
        "body": [
            paragraph(
                "Partir étudier, c'est souvent partir tout court. Dans cet épisode, trois jeunes "
                "inventés pour la démonstration racontent ce qui les retient et ce qui les "
                "pousse.",
                "Leaving to study often means leaving for good. In this episode, three young "
                "people invented for the demo say what keeps them here and what pushes them "
                "away.",
            ),
            person(
                "Inès",
                T("apprentie menuisière, 19 ans (démo)", "apprentice carpenter, 19 (demo)"),
                T(
                    "Elle a choisi un apprentissage au bourg plutôt qu'une école en ville, et "
                    "cherche un logement à moins de vingt minutes de l'atelier.",
                    "She chose an apprenticeship in town rather than a college in the city, and "
                    "is looking for a home less than twenty minutes from the workshop.",
                ),
                portrait="portrait-c",
            ),
            quote(
                T(
                    "Je veux bien rester. Mais il me faut un toit et un bus.",
                    "I'm happy to stay. But I need a roof and a bus.",
                ),
                T("Inès (personnage fictif)", "Inès (fictional character)"),
                T("apprentie (démo)", "apprentice (demo)"),
            ),
            image("florac-riviere", layout="inline"),
            paragraph(
                "La question du bus reviendra dans un prochain épisode.",
                "The bus question will come back in a later episode.",
            ),
        ],
    },
    {
        "key": "florac-4",
        "slug": T("l-ete-des-estives", "summer-on-the-high-pastures"),
        "title": T("L'été des estives", "Summer on the high pastures"),
        "subtitle": T(
            "Tout l'été, les troupeaux montent sur les hauteurs. Carnet d'images d'une saison, "
            "en illustrations.",
            "All summer the flocks go up to the heights. A picture diary of one season, in "
            "illustrations.",
        ),
        "published_at": morning(2026, 9, 7),
        "lead_image": "florac-estive",
        "territory": "florac-trois-rivieres",
        "themes": ["alimentation-agriculture", "eau-biodiversite"],
        "tags": [T("pastoralisme", "pastoralism")],
        "authors": [("aicha-prototype", "illustration"), ("bastien-fictif", "text")],
        "licence": "cc-by-nc-nd-4.0",
        "syndication": "all",
        "body": [
            heading("Une saison en haut", "A season up high"),
            paragraph(
                "De juin à septembre, la vie se déplace vers les pâturages d'altitude. Ces "
                "images sont des illustrations générées pour la démonstration.",
                "From June to September, life moves up to the high pastures. These pictures "
                "are illustrations generated for the demo.",
            ),
            gallery(
                T("Carnet d'estive", "Summer pasture diary"),
                [
                    ("florac-estive", T("Les pâturages d'été.", "Summer pastures.")),
                    ("florac-causse", T("Le rebord du causse.", "The edge of the causse.")),
                    ("florac-riviere", T("Retour dans la vallée.", "Back down in the valley.")),
                ],
            ),
            quote(
                T(
                    "Là-haut, on n'a pas de réseau. On a le temps.",
                    "Up there, there's no signal. There's time.",
                ),
                T("Joseph (personnage fictif)", "Joseph (fictional character)"),
                T("éleveur (démo)", "farmer (demo)"),
            ),
            related(T("Écouter aussi", "Listen too"), ["florac-2"]),
        ],
    },
    {
        "key": "florac-5",
        "slug": T("un-bus-a-la-demande-pour-les-hameaux", "an-on-demand-bus-for-the-hamlets"),
        "title": T("Un bus à la demande pour les hameaux", "An on-demand bus for the hamlets"),
        "subtitle": T(
            "Trois jours par semaine, un minibus passe chercher qui l'a appelé la veille. Un "
            "service imaginé pour la démonstration, des questions de mobilité bien réelles.",
            "Three days a week, a minibus picks up anyone who called the day before. A "
            "service imagined for the demo, real mobility questions.",
        ),
        "published_at": morning(2026, 11, 9),
        "lead_image": "florac-bourg",
        "territory": "florac-trois-rivieres",
        "themes": ["mobilite", "democratie-action-publique"],
        "tags": [T("transport", "transport"), T("jeunesse", "youth")],
        "authors": [("bastien-fictif", "text"), ("paul-modele", "editing")],
        "licence": "cc-by-nc-nd-4.0",
        "syndication": "all",
        "body": [
            paragraph(
                "Le minibus blanc s'arrête devant la dernière maison du hameau. Dans cette "
                "démonstration, le service est porté par le PETR fictif qui accueille la "
                "résidence.",
                "The white minibus stops in front of the last house in the hamlet. In this "
                "demo, the service is run by the fictional PETR hosting the residency.",
            ),
            key_figures(
                T("Le service en chiffres (fictifs)", "The service in (fictional) figures"),
                [
                    ("12", T("hameaux desservis", "hamlets served")),
                    ("3", T("jours par semaine", "days a week")),
                    (T("2 €", "€2"), T("le trajet", "per journey")),
                ],
            ),
            quote(
                T(
                    "Avant, pour aller chez le médecin, je demandais à la voisine. Maintenant, "
                    "j'appelle le bus.",
                    "I used to ask my neighbour to take me to the doctor. Now I call the bus.",
                ),
                T("Yvette (personnage fictif)", "Yvette (fictional character)"),
                T("habitante d'un hameau (démo)", "hamlet resident (demo)"),
            ),
            paragraph(
                "Reste à savoir si le service tiendra après sa phase d'essai. Nous y "
                "reviendrons avant la fin de la résidence.",
                "It remains to be seen whether the service will last beyond its trial period. "
                "We will come back to it before the residency ends.",
            ),
            related(T("Dans la même série", "In the same series"), ["florac-1", "florac-3"]),
        ],
    },
]
