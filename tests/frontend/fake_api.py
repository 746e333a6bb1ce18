"""Canned API v1 responses, shaped as DESIGN.md §4 describes them, served by MockTransport.

Unit tests of the reader site run against this fake: fast, and no CMS code involved.
"""

import copy
import hashlib
import json
from urllib.parse import parse_qsl

import httpx

API = "http://api.test/api/v1"
READER = "http://reader.test"


def image(name: str, alt: str = "Un terril au soleil", credit: str = "Photo : Jeanne Martin"):
    renditions = {
        f"w{w}": {
            "url": f"http://cms.test/media/images/{name}.width-{w}.webp",
            "width": w,
            "height": w * 2 // 3,
        }
        for w in (480, 800, 1200, 1600)
    }
    renditions["thumbnail"] = {
        "url": f"http://cms.test/media/images/{name}.fill-600x400.webp",
        "width": 600,
        "height": 400,
    }
    return {
        "alt": alt,
        "caption": f"Légende de {name}",
        "credit": credit,
        "width": 1600,
        "height": 1066,
        "renditions": renditions,
        "srcset": ", ".join(
            f"{r['url']} {r['width']}w" for k, r in renditions.items() if k != "thumbnail"
        ),
    }


def translations(pairs):
    return [
        {"locale": loc, "id": i, "url": READER + path, "api_url": f"{API}/stories/{i}/"}
        for loc, i, path in pairs
    ]


TERRITORY_SUMMARY = {
    "id": 3,
    "type": "territory",
    "locale": "fr",
    "name": "Loos-en-Gohelle",
    "slug": "loos-en-gohelle",
    "url": f"{READER}/fr/territoires/loos-en-gohelle/",
    "kind": "commune",
    "lat": 50.4574,
    "lon": 2.7919,
}
THEME_SUMMARY = {
    "id": 4,
    "type": "theme",
    "locale": "fr",
    "name": "Transition",
    "slug": "transition",
    "url": f"{READER}/fr/themes/transition/",
}
CONTRIBUTOR = {
    "id": 5,
    "type": "contributor",
    "locale": "fr",
    "name": "Jeanne Martin",
    "slug": "jeanne-martin",
    "url": f"{READER}/fr/contributeurs/jeanne-martin/",
    "role": "reporter",
    "bio": "<p>Journaliste en résidence dans le bassin minier.</p>",
    "photo": image("jeanne"),
    "links": [
        {
            "type": "link",
            "id": "l1",
            "value": {"label": "Mastodon", "url": "https://example.org/@jeanne"},
        }
    ],
    "translations": [
        {
            "locale": "en",
            "id": 6,
            "url": f"{READER}/en/contributors/jeanne-martin/",
            "api_url": f"{API}/contributors/jeanne-martin/?locale=en",
        }
    ],
}

SERIES_REF = {
    "id": 10,
    "title": "Après la mine",
    "url": f"{READER}/fr/series/apres-la-mine/",
    "api_url": f"{API}/series/10/",
}


def episode(number: int, **extra):
    slug = f"episode-{number}"
    item = {
        "id": 20 + number,
        "type": "story",
        "locale": "fr",
        "title": f"Épisode {number} : le terril",
        "subtitle": f"Chapeau de l'épisode {number}.",
        "url": f"{READER}/fr/series/apres-la-mine/{slug}/",
        "api_url": f"{API}/stories/{20 + number}/",
        "published_at": f"2025-0{number + 2}-12T09:00:00+02:00",
        "updated_at": f"2025-0{number + 2}-12T09:00:00+02:00",
        "lead_image": image(f"ep{number}"),
        "series": SERIES_REF,
        "episode": number,
        "territory": TERRITORY_SUMMARY,
        "translations": translations([("en", 120 + number, f"/en/series/after-the-mine/{slug}/")]),
    }
    item.update(extra)
    return item


EPISODES = [episode(1), episode(2), episode(3)]

RICH_BODY = [
    {
        "type": "paragraph",
        "id": "b1",
        "value": {"html": "<p>Au pied des <b>terrils</b>, une ville a changé de récit.</p>"},
    },
    {"type": "heading", "id": "b2", "value": {"text": "Trente ans de transition", "level": "h2"}},
    {
        "type": "image",
        "id": "b3",
        "value": {
            "image": image("terril", alt="Le terril 11/19 vu du ciel"),
            "caption": "Le terril 11/19",
            "credit": "Photo : Paul Durand",
            "layout": "wide",
        },
    },
    {
        "type": "gallery",
        "id": "b4",
        "value": {
            "title": "Sur le terrain",
            "images": [
                {"image": image("g1", alt="Une serre sur une friche"), "caption": "La serre"},
                {"image": image("g2", alt="Des panneaux solaires"), "caption": "Les panneaux"},
            ],
        },
    },
    {
        "type": "quote",
        "id": "b5",
        "value": {
            "text": "Ici, la transition, on la raconte autant qu'on la fait.",
            "attribution": "Marie Lefèvre",
            "role": "membre d'une association de quartier",
        },
    },
    {
        "type": "embed",
        "id": "b6",
        "value": {
            "url": "https://vimeo.com/76979871",
            "title": "Vidéo de la fête du terril",
            "caption": "Tournée en 2024",
            "provider": "Vimeo",
        },
    },
    {
        "type": "audio",
        "id": "b7",
        "value": {
            "file": {"url": "http://cms.test/documents/7/entretien.mp3", "title": "entretien.mp3"},
            "title": "Entretien avec le maire",
            "duration": "24:30",
            "transcript": "<p>Transcription intégrale de l'entretien.</p>",
        },
    },
    {
        "type": "key_figures",
        "id": "b8",
        "value": {
            "title": "En chiffres",
            "figures": [
                {"figure": "6 500", "label": "habitants"},
                {"figure": "30 %", "label": "d'énergie renouvelable"},
            ],
        },
    },
    {
        "type": "fact_box",
        "id": "b9",
        "value": {
            "title": "Qu'est-ce qu'un PETR ?",
            "body": "<p>Un pôle d'équilibre territorial et rural.</p>",
        },
    },
    {
        "type": "map",
        "id": "b10",
        "value": {"lat": "50.46000", "lon": "2.79000", "label": "Base 11/19"},
    },
    {
        "type": "document",
        "id": "b11",
        "value": {
            "document": {
                "url": "http://cms.test/documents/8/rapport.pdf",
                "title": "rapport.pdf",
                "extension": "pdf",
                "size": 204800,
            },
            "title": "Rapport sur la transition",
            "description": "Le rapport de 2023",
        },
    },
    {
        "type": "person",
        "id": "b12",
        "value": {
            "name": "Samia Benali",
            "role": "maraîchère",
            "portrait": image("samia", alt="Samia Benali dans sa serre"),
            "text": "Installée depuis 2019 sur une ancienne friche.",
        },
    },
    {
        "type": "related",
        "id": "b13",
        "value": {
            "title": "À lire aussi",
            "stories": [
                {
                    "id": 30,
                    "title": "Le récit voisin",
                    "url": f"{READER}/fr/recits/le-recit-voisin/",
                    "locale": "fr",
                }
            ],
        },
    },
]

STORY = episode(
    2,
    body=RICH_BODY,
    authors=[
        {
            "id": 5,
            "name": "Jeanne Martin",
            "slug": "jeanne-martin",
            "url": CONTRIBUTOR["url"],
            "role": "text",
        },
        {
            "id": 7,
            "name": "Paul Durand",
            "slug": "paul-durand",
            "url": f"{READER}/fr/contributeurs/paul-durand/",
            "role": "photo",
        },
    ],
    episode_count=3,
    previous={
        "id": 21,
        "title": "Épisode 1 : le terril",
        "url": f"{READER}/fr/series/apres-la-mine/episode-1/",
        "episode": 1,
    },
    next={
        "id": 23,
        "title": "Épisode 3 : le terril",
        "url": f"{READER}/fr/series/apres-la-mine/episode-3/",
        "episode": 3,
    },
    lead_image_caption="Le carreau de fosse au petit matin",
    lead_image_credit="Photo : Paul Durand / Terrain",
    themes=[THEME_SUMMARY],
    tags=[{"name": "énergie", "slug": "energie"}, {"name": "friches", "slug": "friches"}],
    reading_time=6,
    corrections=[
        {
            "corrected_on": "2025-05-14",
            "text": "Une version précédente donnait une population erronée.",
        }
    ],
    licence={
        "code": "cc-by-4.0",
        "name": "CC BY 4.0",
        "url": "https://creativecommons.org/licenses/by/4.0/",
    },
    updated_at="2025-05-14T10:00:00+02:00",
)

SERIES = {
    "id": 10,
    "type": "series",
    "locale": "fr",
    "title": "Après la mine",
    "url": SERIES_REF["url"],
    "api_url": SERIES_REF["api_url"],
    "translations": [
        {
            "locale": "en",
            "id": 110,
            "url": f"{READER}/en/series/after-the-mine/",
            "api_url": f"{API}/series/110/",
        }
    ],
    "published_at": "2025-03-01T09:00:00+01:00",
    "updated_at": "2025-04-02T09:00:00+01:00",
    "strapline": "Un an en résidence à Loos-en-Gohelle",
    "intro": "<p>Comment une ville minière se réinvente.</p>",
    "cover_image": image("cover", alt="Les deux terrils jumeaux"),
    "kind": "residency",
    "status": "ongoing",
    "started_on": "2025-03-01",
    "ended_on": None,
    "territory": TERRITORY_SUMMARY,
    "themes": [THEME_SUMMARY],
    "journalists": [
        {
            "id": 5,
            "name": "Jeanne Martin",
            "slug": "jeanne-martin",
            "url": CONTRIBUTOR["url"],
            "role": "reporter",
            "photo": None,
        }
    ],
    "partners": [
        {
            "partner": {
                "name": "Fondation du Bassin",
                "slug": "fondation-du-bassin",
                "url": f"{READER}/fr/partenaires/fondation-du-bassin/",
                "website": "https://fondation.example",
            },
            "role": "funder",
            "funding_disclosure": (
                "A financé la résidence à hauteur de 12 000 euros, sans droit de regard éditorial."
            ),
        },
        {
            "partner": {"name": "Ville de Loos-en-Gohelle", "slug": "ville-de-loos"},
            "role": "host-territory",
            "funding_disclosure": "Met un logement à disposition de la journaliste.",
        },
    ],
    "methodology": (
        "<p>La journaliste vit sur place depuis mars 2025. "
        "Aucun partenaire ne relit les textes.</p>"
    ),
    "episodes": [dict(e, body=None) for e in EPISODES],
}

TERRITORY = dict(
    TERRITORY_SUMMARY,
    code="62528",
    population=6500,
    description="<p>Une commune du bassin minier.</p>",
    parent={
        "name": "Pas-de-Calais",
        "slug": "pas-de-calais",
        "url": f"{READER}/fr/territoires/pas-de-calais/",
    },
    children=[
        {
            "name": "Cité 5",
            "slug": "cite-5",
            "url": f"{READER}/fr/territoires/cite-5/",
        }
    ],
    translations=[
        {
            "locale": "en",
            "id": 33,
            "url": f"{READER}/en/territories/loos-en-gohelle/",
            "api_url": f"{API}/territories/loos-en-gohelle/?locale=en",
        }
    ],
)
THEME = dict(
    THEME_SUMMARY, description="Ce qui change quand une ville change d'énergie.", translations=[]
)

HOME = {
    "id": 1,
    "type": "home",
    "locale": "fr",
    "title": "Terrain",
    "intro": "<p>Des journalistes vivent des mois dans un territoire.</p>",
    "url": f"{READER}/fr/",
    "translations": [
        {"locale": "en", "id": 2, "url": f"{READER}/en/", "api_url": f"{API}/home/?locale=en"}
    ],
    "featured_series": [dict(SERIES, episodes=None, episode_count=3)],
    "featured_stories": [EPISODES[0]],
    "latest_stories": EPISODES[::-1],
}


def envelope(items, total=None):
    return {
        "meta": {
            "total_count": len(items) if total is None else total,
            "limit": 20,
            "offset": 0,
            "next": None,
            "previous": None,
        },
        "items": items,
    }


SITEMAP_ENTRIES = [
    {
        "url": f"{READER}/fr/",
        "locale": "fr",
        "lastmod": "2025-05-14T10:00:00+02:00",
        "translations": [{"locale": "en", "url": f"{READER}/en/"}],
    },
    {
        "url": f"{READER}/en/",
        "locale": "en",
        "lastmod": "2025-05-14T10:00:00+02:00",
        "translations": [{"locale": "fr", "url": f"{READER}/fr/"}],
    },
    {
        "url": STORY["url"],
        "locale": "fr",
        "lastmod": STORY["updated_at"],
        "translations": [{"locale": "en", "url": f"{READER}/en/series/after-the-mine/episode-2/"}],
    },
    {
        "url": f"{READER}/en/series/after-the-mine/episode-2/",
        "locale": "en",
        "lastmod": STORY["updated_at"],
        "translations": [],
    },
]


def sitemap(q):
    # like the real API: entries carry no locale of their own, the payload does
    wanted = q.get("locale", "fr")
    items = [
        {k: v for k, v in e.items() if k != "locale"}
        for e in SITEMAP_ENTRIES
        if e["locale"] == wanted
    ]
    return {"locale": q.get("locale", "fr"), "count": len(items), "items": items}


SEARCH = envelope(
    [
        {
            **{k: SERIES[k] for k in ("id", "type", "locale", "title", "url", "api_url")},
            "excerpt": "Un an en résidence",
        },
        {
            **{k: EPISODES[0][k] for k in ("id", "type", "locale", "title", "url", "api_url")},
            "excerpt": "Le terril",
        },
        {
            "id": 3,
            "type": "territory",
            "locale": "fr",
            "title": "Loos-en-Gohelle",
            "url": TERRITORY_SUMMARY["url"],
            "api_url": f"{API}/territories/loos-en-gohelle/",
            "excerpt": "",
        },
    ]
)
PLACES = envelope(
    [
        TERRITORY_SUMMARY,
        {
            "id": 8,
            "type": "territory",
            "locale": "fr",
            "name": "Cité 5",
            "slug": "cite-5",
            "url": f"{READER}/fr/territoires/cite-5/",
            "kind": "commune",
            "lat": 50.465,
            "lon": 2.78,
        },
    ]
)


PARTNER = {
    "id": 40,
    "type": "partner",
    "locale": "fr",
    "title": "Fondation du Bassin",
    "name": "Fondation du Bassin",
    "slug": "fondation-du-bassin",
    "kind": "foundation",
    "website": "https://fondation.example",
    "logo": None,
    "url": f"{READER}/fr/partenaires/fondation-du-bassin/",
    "translations": [],
    "description": "Une fondation régionale.",
    "series": [
        {
            "id": 10,
            "title": "Après la mine",
            "url": f"{READER}/fr/series/apres-la-mine/",
            "role": "funder",
            "funding_disclosure": "A financé la résidence à hauteur de 12 000 euros.",
        }
    ],
}


def problem(status, title, detail=""):
    return {"type": "about:blank", "title": title, "status": status, "detail": detail}


class FakeApi:
    """An in-memory API v1: routes by path, honours If-None-Match, records every request."""

    def __init__(self):
        self.requests: list[httpx.Request] = []
        self.down = False
        self.resolve = {
            "/fr/series/apres-la-mine/": SERIES,
            "/fr/series/apres-la-mine/episode-1/": dict(
                EPISODES[0], body=RICH_BODY[:1], authors=[], reading_time=2
            ),
            "/fr/series/apres-la-mine/episode-2/": STORY,
            "/fr/series/apres-la-mine/episode-3/": dict(
                EPISODES[2], body=RICH_BODY[:1], authors=[], reading_time=2
            ),
            "/fr/recits/le-recit-voisin/": {
                "id": 30,
                "type": "story",
                "locale": "fr",
                "title": "Le récit voisin",
                "url": f"{READER}/fr/recits/le-recit-voisin/",
                "translations": [],
                "body": [],
                "subtitle": "Sans traduction.",
            },
            "/fr/ancienne-adresse/": {
                "type": "redirect",
                "location": f"{READER}/fr/series/apres-la-mine/",
                "permanent": True,
            },
        }
        self.routes = {
            "home/": lambda q: (
                HOME
                if q.get("locale", "fr") == "fr"
                else dict(HOME, locale="en", featured_series=[], featured_stories=[])
            ),
            "stories/": self.stories,
            "series/": lambda q: (
                envelope([dict(SERIES, episodes=None)])
                if q.get("territory") != "nowhere"
                else (400, problem(400, "Unknown territory", "No territory “nowhere”."))
            ),
            "territories/": lambda q: PLACES,
            "themes/": lambda q: envelope([THEME_SUMMARY]),
            "territories/loos-en-gohelle/": lambda q: TERRITORY,
            "themes/transition/": lambda q: THEME,
            "contributors/jeanne-martin/": lambda q: CONTRIBUTOR,
            "stories/22/": lambda q: STORY,
            "partners/fondation-du-bassin/": lambda q: PARTNER,
            "search/": lambda q: SEARCH,
            "sitemap/": sitemap,
            "resolve/": lambda q: self.resolve.get(q.get("path"), (404, problem(404, "Not found"))),
            "preview/": self.preview,
        }

    def stories(self, q):
        if q.get("series"):
            return envelope(EPISODES)
        return envelope(EPISODES[::-1])

    def preview(self, q):
        if q.get("token") == "good-story":
            return dict(STORY, title="Brouillon : la mine", url=None)
        if q.get("token") == "good-series":
            return dict(SERIES, title="Brouillon de série")
        return (404, problem(404, "Preview not found", "This preview token is invalid or expired."))

    def handler(self, request: httpx.Request) -> httpx.Response:
        self.requests.append(request)
        if self.down:
            raise httpx.ConnectError("connection refused", request=request)
        path = request.url.path.removeprefix("/api/v1/")
        query = dict(parse_qsl(request.url.query.decode()))
        route = self.routes.get(path)
        if route is None:
            return httpx.Response(
                404,
                json=problem(404, "Not found"),
                headers={"Content-Type": "application/problem+json"},
            )
        result = route(query)
        status, body = result if isinstance(result, tuple) else (200, result)
        if status != 200:
            return httpx.Response(
                status, json=body, headers={"Content-Type": "application/problem+json"}
            )
        body = copy.deepcopy(body)
        etag = (
            '"' + hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()[:16] + '"'
        )
        if request.headers.get("If-None-Match") == etag:
            return httpx.Response(304, headers={"ETag": etag})
        return httpx.Response(200, json=body, headers={"ETag": etag})

    def paths(self) -> list[str]:
        return [r.url.path.removeprefix("/api/v1/") for r in self.requests]
