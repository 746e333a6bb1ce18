"""preview/: the draft an editor is looking at, in the detail shape, never cached."""

import json
import re
from urllib.parse import parse_qsl, urlsplit

from django.conf import settings
from django.test import Client, override_settings

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

import pytest

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
    # an altered token is not called expired: the reader site tells editors which it is
    assert tampered.json()["type"] == "urn:terrain:problem:preview-token-invalid"
    assert "expired" not in tampered.json()["detail"]
    wrong_type = api("preview/", content_type="series.seriespage", token=preview.token)
    assert wrong_type.status_code == 404  # no preview of that type behind this token
    assert wrong_type.json()["parameter"] == "content_type"
    with override_settings(PREVIEW_TOKEN_MAX_AGE=-1):
        expired = api("preview/", content_type="stories.storypage", token=preview.token)
    assert expired.status_code == 403 and expired.json()["parameter"] == "token"
    assert expired.json()["type"] == "urn:terrain:problem:preview-expired"
    assert api("preview/", content_type="auth.user", token="x").status_code == 400
    assert api("preview/", token="x").status_code == 400


def test_a_preview_is_refused_in_a_locale_it_is_not_in(api, world):
    preview = draft_preview(world.ep1)
    query = {"content_type": "stories.storypage", "token": preview.token}
    assert api("preview/", **query, locale="fr").status_code == 200
    response = api("preview/", **query, locale="en")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/problem+json"


# --- finding 16: episode numbers, every page type, the checks panel --------------------------


def episode_of(api, story) -> dict:
    body = api(
        "preview/", content_type="stories.storypage", token=draft_preview(story).token
    ).json()
    return {
        "episode": body["episode"],
        "of": body["episode_count"],
        "previous": body["previous"] and (body["previous"]["id"], body["previous"]["episode"]),
        "next": body["next"] and (body["next"]["id"], body["next"]["episode"]),
    }


def test_a_fifth_draft_episode_is_5_of_5_in_its_preview(api, world):
    series = f.make_series("Cinq épisodes")
    published = [f.make_story(f"Épisode {n}", parent=series) for n in range(1, 5)]
    draft = f.make_story("Épisode 5 (brouillon)", parent=series, publish=False)
    assert episode_of(api, draft) == {
        "episode": 5,
        "of": 5,
        "previous": (published[3].pk, 4),
        "next": None,
    }
    # the published episodes are still numbered among published ones only
    assert episode_of(api, published[3]) == {
        "episode": 4,
        "of": 4,
        "previous": (published[2].pk, 3),
        "next": None,
    }
    live = api(f"stories/{published[1].pk}/").json()
    assert (live["episode"], live["episode_count"]) == (2, 4)


def test_a_draft_between_published_episodes_counts_in_both(api, world):
    # world: ep1 published, ep2 a draft, ep3 published
    assert episode_of(api, world.ep2) == {
        "episode": 2,
        "of": 3,
        "previous": (world.ep1.pk, 1),
        "next": (world.ep3.pk, 3),
    }
    assert episode_of(api, world.ep3) == {
        "episode": 2,
        "of": 2,
        "previous": (world.ep1.pk, 1),
        "next": None,
    }


def follow_admin_preview(client, preview_url: str, data: dict) -> tuple[str, dict]:
    """Wagtail's preview panel: the edit form is POSTed to the preview URL, then the panel's
    iframe GETs it; headless, that answers with a redirect to the reader site."""
    posted = client.post(preview_url, nested_form_data(data))
    assert posted.json() == {"is_valid": True, "is_available": True}, posted.content
    shown = client.get(preview_url, {"in_preview_panel": "true", "mode": ""})
    assert shown.status_code == 302, shown.content[:500]
    location = shown["Location"]
    return location, dict(parse_qsl(urlsplit(location).query))


def story_form(title: str, **fields) -> dict:
    return {
        "title": title,
        "slug": "",
        "subtitle": "Un chapeau en relecture.",
        "lead_image": "",
        "body": streamfield([("paragraph", rich_text("<p>Un texte de six mots ici.</p>"))]),
        "authors": inline_formset([]),
        "corrections": inline_formset([]),
        "licence": "all-rights-reserved",
        "syndication": "all",
        **fields,
    }


def form_for(page, title: str) -> dict:
    intro = rich_text("<p>Une accroche en relecture.</p>")
    specific = type(page).__name__
    common = {"title": title, "slug": page.slug}
    if specific == "HomePage":
        return {
            **common,
            "intro": intro,
            "featured_series": inline_formset([]),
            "featured_stories": inline_formset([]),
        }
    if specific in ("SeriesIndexPage", "StoryIndexPage"):
        return {**common, "intro": intro}
    if specific == "SeriesPage":
        return {
            **common,
            "strapline": page.strapline,
            "intro": intro,
            "cover_image": "",
            "kind": page.kind,
            "territory": "",
            "started_on": page.started_on.isoformat(),
            "ended_on": "",
            "journalists": inline_formset([]),
            "partners": inline_formset([]),
            "methodology": rich_text(""),
        }
    return story_form(title, slug=page.slug)


PAGE_TYPES = {
    "home": ("home.homepage", lambda w: f.home()),
    "series_index": ("series.seriesindexpage", lambda w: f.series_index()),
    "story_index": ("stories.storyindexpage", lambda w: f.story_index()),
    "series": ("series.seriespage", lambda w: w.series),
    "story": ("stories.storypage", lambda w: w.ep1),
}


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_every_page_type_the_admin_edits_can_be_previewed_on_the_reader_site(api, world, kind):
    content_type, page_of = PAGE_TYPES[kind]
    page = page_of(world).specific
    client = Client()
    client.force_login(f.make_editor())
    title = f"{page.title} (en relecture)"
    location, query = follow_admin_preview(
        client, f"/admin/pages/{page.pk}/edit/preview/", form_for(page, title)
    )
    assert location.startswith(f"{settings.FRONTEND_BASE_URL}/preview?")
    assert query["content_type"] == content_type
    assert query["in_preview_panel"] == "true"
    # what the reader site's /preview asks the API with these parameters
    response = api("preview/", **query)
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["type"] == kind and body["id"] == page.pk and body["title"] == title
    assert "<wagtail-userbar>" in body["userbar"]
    # the same token, in another type's name, is refused as such (not "expired")
    other = "stories.storypage" if kind != "story" else "series.seriespage"
    wrong = api("preview/", content_type=other, token=query["token"])
    assert wrong.status_code == 404 and wrong.json()["parameter"] == "content_type"


def test_a_new_episode_previewed_before_its_first_save_is_the_last_of_all(api, world):
    client = Client()
    client.force_login(f.make_journalist())
    _location, query = follow_admin_preview(
        client,
        f"/admin/pages/add/stories/storypage/{world.series.pk}/preview/",
        story_form("Épisode quatre, jamais enregistré"),
    )
    body = api("preview/", **query).json()
    assert body["title"] == "Épisode quatre, jamais enregistré" and body["id"] is None
    # published: ep1 and ep3 (ep2 is another draft, not counted)
    assert (body["episode"], body["episode_count"]) == (3, 3)
    assert body["previous"]["id"] == world.ep3.pk and body["previous"]["episode"] == 2


def axe_configuration(html: str) -> dict:
    found = re.search(
        r'<script id="checker-axe-configuration" type="application/json">(.*?)</script>', html, re.S
    )
    assert found, "no content checker configuration"
    return json.loads(found.group(1))


def test_in_the_preview_panel_the_api_gives_wagtails_userbar_for_the_checks_panel(api, world):
    preview = draft_preview(world.ep1)
    query = {"content_type": "stories.storypage", "token": preview.token}
    assert "userbar" not in api("preview/", **query).json()  # the detail shape, as before
    userbar = api("preview/", **query, in_preview_panel="true").json()["userbar"]
    admin = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    # Wagtail's userbar as its preview panel wants it: hidden, answering the admin's origin…
    assert "<aside hidden" in userbar and "<wagtail-userbar></wagtail-userbar>" in userbar
    assert f'data-wagtail-userbar-origin="{admin}"' in userbar
    # …its scripts and styles on the admin's address, not the one the reader site called…
    scripts = re.findall(r'<script src="([^"]+)"', userbar)
    assert [urlsplit(src).path for src in scripts] == [
        "/static/wagtailadmin/js/vendor.js",
        "/static/wagtailadmin/js/userbar.js",
    ]
    assert all(src.startswith(f"{admin}/static/") for src in scripts)
    assert f'<link rel="stylesheet" href="{admin}/static/wagtailadmin/css/core.css' in userbar
    # …and its axe-core allowed to answer the admin, in another origin than the reader site
    config = axe_configuration(userbar)
    assert config["spec"]["allowedOrigins"] == [admin]
    assert "empty-heading" in config["options"]["runOnly"]


def test_the_editors_checks_panel_reaches_into_the_reader_site_frame(world, db):
    client = Client()
    client.force_login(f.make_editor())
    for address in (
        f"/admin/pages/{world.ep1.pk}/edit/",
        f"/admin/pages/add/stories/storypage/{world.series.pk}/",
        f"/admin/pages/{f.home().pk}/edit/",
    ):
        html = client.get(address).content.decode()
        assert 'data-side-panel="checks"' in html, address
        config = axe_configuration(html)
        assert config["spec"]["allowedOrigins"] == [settings.FRONTEND_BASE_URL], address
