"""Editors preview drafts on the reader site: marked, never indexed, never cached."""

from .fake_api import SERIES


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
    assert dict(call.url.params) == {"content_type": "stories.storypage", "token": "good-story"}


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
    assert "Ce lien d&#39;aperçu a expiré" in response.text or "aperçu a expiré" in response.text
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
