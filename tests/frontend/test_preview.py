"""Editors preview drafts on the reader site: marked, never indexed, never cached."""

import pytest

from .fake_api import API, EPISODES, HOME, READER, SERIES, STORY


def test_story_preview_renders_the_draft_marked_noindex_and_uncached(reader, fake_api):
    response = reader.get(
        "/preview?content_type=stories.storypage&token=good-story&in_preview_panel=true"
    )
    assert response.status_code == 200
    html = response.text
    assert "<h1>Brouillon : la mine</h1>" in html
    assert "<strong>Aperçu</strong>" in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<link rel="canonical"' not in html and 'hreflang="' not in html.split("<body>")[0]
    assert response.headers["cache-control"] == "no-store"
    assert "noindex" in response.headers["x-robots-tag"]
    # the draft looks like the published page: same blocks, same episode navigation
    assert "block-key-figures" in html and "Épisode 2 sur 3" in html
    call = next(r for r in fake_api.requests if r.url.path.endswith("/preview/"))
    assert dict(call.url.params) == {
        "content_type": "stories.storypage",
        "token": "good-story",
        "in_preview_panel": "true",
    }


def test_series_preview(reader):
    response = reader.get("/preview?content_type=series.seriespage&token=good-series")
    assert response.status_code == 200
    assert "<h1>Brouillon de série</h1>" in response.text
    assert "Aperçu" in response.text
    assert response.headers["cache-control"] == "no-store"


def test_preview_is_never_served_from_the_cache(reader, fake_api):
    reader.get("/preview?content_type=stories.storypage&token=good-story")
    reader.get("/preview?content_type=stories.storypage&token=good-story")
    assert fake_api.paths().count("preview/") == 2
    assert not any(
        r.headers.get("if-none-match") for r in fake_api.requests if "preview" in r.url.path
    )


def test_bad_or_expired_token_is_a_noindex_404(reader):
    response = reader.get("/preview?content_type=stories.storypage&token=forged")
    assert response.status_code == 404
    assert "Cet aperçu ne peut pas être affiché" in response.text
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response.headers["cache-control"] == "no-store"


def refusal(status, kind, parameter=None):
    """A problem+json answer of the preview endpoint, as api/views/preview.py gives them."""
    body = {
        "type": f"urn:terrain:problem:{kind}",
        "title": "Refused",
        "status": status,
        "detail": "…",
    }
    if parameter:
        body["parameter"] = parameter
    return lambda q: (status, body)


@pytest.mark.parametrize(
    "answer, said",
    [
        (refusal(403, "preview-expired", "token"), "Ce lien d'aperçu a expiré."),
        (refusal(403, "preview-token-invalid", "token"), "n'est pas valide : il est incomplet"),
        (refusal(400, "invalid-parameter", "token"), "n'est pas valide : il est incomplet"),
        (refusal(404, "not-found"), "Cet aperçu n'est plus disponible."),
        (refusal(404, "not-found", "content_type"), "concerne un autre type de page"),
        (refusal(400, "invalid-parameter", "content_type"), "ne peut pas être prévisualisé"),
    ],
)
def test_a_refused_preview_says_why_and_only_an_expired_link_is_called_expired(
    reader, fake_api, answer, said
):
    fake_api.routes["preview/"] = answer
    response = reader.get("/preview?content_type=stories.storypage&token=t")
    assert response.status_code == 404
    assert said in response.text
    assert ("expiré" in response.text) == ("expiré" in said)
    assert '<meta name="robots" content="noindex, nofollow">' in response.text
    assert response.headers["cache-control"] == "no-store"


def test_missing_parameters_are_a_400(reader, fake_api):
    assert reader.get("/preview").status_code == 400
    assert reader.get("/preview?token=x").status_code == 400
    assert fake_api.paths() == []


def test_preview_in_english_uses_the_english_interface(reader, fake_api):
    fake_api.routes["preview/"] = lambda q: dict(SERIES, locale="en", title="Draft series")
    html = reader.get("/preview?content_type=series.seriespage&token=t").text
    assert '<html lang="en"' in html and "<strong>Preview</strong>" in html


def test_the_cms_admin_may_frame_the_preview_and_nobody_else(reader):
    response = reader.get("/preview?content_type=stories.storypage&token=good-story")
    csp = response.headers["content-security-policy"]
    assert "frame-ancestors 'self' http://api.test" in csp
    assert "x-frame-options" not in response.headers
    page = reader.get("/fr/series/apres-la-mine/episode-2/")
    assert "frame-ancestors 'none'" in page.headers["content-security-policy"]


# --- every page type the admin edits can be previewed (finding 16) ------------------------


@pytest.mark.parametrize(
    "content_type, draft, shown",
    [
        (
            "home.homepage",
            dict(HOME, title="Terrain (brouillon)", intro="<p>Une accroche en relecture.</p>"),
            "Une accroche en relecture.",
        ),
        (
            "series.seriesindexpage",
            {
                "id": 4,
                "type": "series_index",
                "locale": "fr",
                "title": "Nos séries (brouillon)",
                "url": f"{READER}/fr/series/",
                "translations": [],
                "intro": "<p>Des mois sur place.</p>",
                "items_api_url": f"{API}/series/?locale=fr",
            },
            "Nos séries (brouillon)",
        ),
        (
            "stories.storyindexpage",
            {
                "id": 5,
                "type": "story_index",
                "locale": "fr",
                "title": "Récits (brouillon)",
                "url": f"{READER}/fr/recits/",
                "translations": [],
                "intro": "<p>Les récits hors série.</p>",
                "items_api_url": f"{API}/stories/?locale=fr",
            },
            "Récits (brouillon)",
        ),
    ],
)
def test_the_home_page_and_the_indexes_are_previewed_like_the_other_pages(
    reader, fake_api, content_type, draft, shown
):
    fake_api.routes["preview/"] = lambda q: draft
    response = reader.get(f"/preview?content_type={content_type}&token=good&in_preview_panel=true")
    assert response.status_code == 200, response.text
    html = response.text
    assert shown in html
    assert "<strong>Aperçu</strong>" in html and '<html lang="fr"' in html
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert '<link rel="canonical"' not in html
    assert response.headers["cache-control"] == "no-store"
    assert "noindex" in response.headers["x-robots-tag"]
    assert "aperçu a expiré" not in html
    # what the published page shows around the draft is there too
    assert EPISODES[0]["title"] in html or SERIES["title"] in html


def test_a_fifth_draft_episode_is_shown_as_five_of_five(reader, fake_api):
    fake_api.routes["preview/"] = lambda q: dict(
        STORY, id=None, title="Épisode 5 (brouillon)", episode=5, episode_count=5, next=None
    )
    html = reader.get("/preview?content_type=stories.storypage&token=t").text
    assert "Épisode 5 sur 5" in html


# --- the admin's checks panel: Wagtail's userbar in the preview panel (finding 16) ---------

USERBAR = (
    '<template id="wagtail-userbar-template"><aside hidden>…</aside></template>'
    "<wagtail-userbar></wagtail-userbar>"
    '<script src="http://api.test/static/wagtailadmin/js/userbar.js"></script>'
)


def test_in_the_admin_panel_the_preview_carries_wagtails_userbar(reader, fake_api):
    fake_api.routes["preview/"] = lambda q: (
        dict(STORY, userbar=USERBAR) if q.get("in_preview_panel") == "true" else STORY
    )
    html = reader.get(
        "/preview?content_type=stories.storypage&token=t&in_preview_panel=true&mode="
    ).text
    assert USERBAR in html  # as the CMS rendered it, not escaped
    assert html.index(USERBAR) > html.index("</footer>")


def test_outside_the_admin_panel_there_is_no_userbar(reader, fake_api):
    fake_api.routes["preview/"] = lambda q: dict(STORY, userbar=USERBAR)
    html = reader.get("/preview?content_type=stories.storypage&token=t").text
    assert "wagtail-userbar" not in html
    call = next(r for r in fake_api.requests if r.url.path.endswith("/preview/"))
    assert "in_preview_panel" not in dict(call.url.params)


def test_only_the_preview_may_run_the_cms_admin_scripts(reader):
    preview = reader.get("/preview?content_type=stories.storypage&token=good-story")
    directives = dict(
        part.strip().split(" ", 1) for part in preview.headers["content-security-policy"].split(";")
    )
    wagtail = "http://api.test/static/wagtailadmin/"
    assert directives["script-src"] == f"'self' {wagtail}"
    assert directives["style-src"] == f"'self' {wagtail}"
    assert wagtail in directives["img-src"]
    assert "'unsafe-inline'" not in preview.headers["content-security-policy"]
    page = reader.get("/fr/series/apres-la-mine/episode-2/")
    assert "wagtailadmin" not in page.headers["content-security-policy"]
    assert "script-src 'self';" in page.headers["content-security-policy"]
