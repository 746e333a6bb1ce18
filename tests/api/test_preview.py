"""preview/: the draft an editor is looking at, in the detail shape, never cached."""

from django.test import override_settings

from tests import factories as f


def draft_preview(page, **changes):
    draft = page.get_latest_revision_as_object()
    for name, value in changes.items():
        setattr(draft, name, value)
    return draft.create_page_preview()


def test_editor_preview_redirects_to_the_reader_site(world, db):
    response = world.ep1.make_preview_request()
    assert response.status_code == 302
    assert response["Location"].startswith(
        "http://reader.test/preview?content_type=stories.storypage&token="
    )


def test_preview_returns_the_draft_in_the_detail_shape(api, world):
    preview = draft_preview(world.ep1, title="Titre en cours de relecture")
    response = api("preview/", content_type="stories.storypage", token=preview.token)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["title"] == "Titre en cours de relecture"
    assert set(body) == set(api(f"stories/{world.ep1.pk}/").json())
    assert body["series"]["id"] == world.series.pk and body["next"]["id"] == world.ep3.pk
    assert response["Cache-Control"] == "no-store, private"
    assert "ETag" not in response


def test_preview_of_a_never_published_story_and_of_a_series(api, world):
    story = f.make_story("Pas encore publié", publish=False)
    preview = draft_preview(story)
    body = api("preview/", content_type="stories.storypage", token=preview.token).json()
    assert body["title"] == "Pas encore publié"
    series_preview = draft_preview(world.series, strapline="Nouvelle promesse")
    body = api("preview/", content_type="series.seriespage", token=series_preview.token).json()
    assert body["strapline"] == "Nouvelle promesse" and body["type"] == "series"


def test_tampered_expired_and_unknown_tokens(api, world):
    preview = draft_preview(world.ep1)
    tampered = api("preview/", content_type="stories.storypage", token=preview.token + "x")
    assert tampered.status_code == 403 and tampered.json()["parameter"] == "token"
    assert tampered["Content-Type"] == "application/problem+json"
    wrong_type = api("preview/", content_type="series.seriespage", token=preview.token)
    assert wrong_type.status_code == 404  # no preview of that type behind this token
    with override_settings(PREVIEW_TOKEN_MAX_AGE=-1):
        expired = api("preview/", content_type="stories.storypage", token=preview.token)
    assert expired.status_code == 403 and expired.json()["parameter"] == "token"
    assert api("preview/", content_type="auth.user", token="x").status_code == 400
    assert api("preview/", token="x").status_code == 400


def test_a_preview_is_refused_in_a_locale_it_is_not_in(api, world):
    preview = draft_preview(world.ep1)
    query = {"content_type": "stories.storypage", "token": preview.token}
    assert api("preview/", **query, locale="fr").status_code == 200
    response = api("preview/", **query, locale="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"
