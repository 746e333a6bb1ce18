"""CDN purge on publish, unpublish and move: CloudFront (moto, over HTTP on loopback)
receives one invalidation batch per host with the reader-site and API paths."""

import logging

from django.test import override_settings

import pytest

from tests import factories

pytestmark = pytest.mark.django_db

API_PATHS_OF_AN_EPISODE = {
    "/api/v1/stories/*",
    "/api/v1/series/*",
    "/api/v1/home/*",
    "/api/v1/resolve/*",
    "/api/v1/search/*",
    "/api/v1/sitemap/*",
    "/api/v1/feeds/*",
    "/api/v1/territories/loos-en-gohelle/*",
    "/api/v1/themes/transition/*",
    "/api/v1/contributors/jeanne-martin/*",
}


@pytest.fixture
def episode():
    """An unpublished episode of a published series, filed under a territory, a theme, an author."""
    department = factories.make_territory("Pas-de-Calais", kind="department")
    commune = factories.make_territory("Loos-en-Gohelle", parent=department)
    theme = factories.make_theme("Transition")
    author = factories.make_contributor("Jeanne Martin")
    series = factories.make_series("Bassin minier", territory=commune)
    story = factories.make_story(
        "Le terril", parent=series, publish=False, territory=commune, authors=[(author, "text")]
    )
    story.themes.set([theme])
    story.save_revision()
    return story


def test_publishing_an_episode_sends_one_batch_per_host_with_the_expected_paths(
    cloudfront, episode
):
    cloudfront.mark()
    episode.get_latest_revision().publish()

    assert cloudfront.invalidations(cloudfront.reader_id) == [
        {
            "/fr/series/bassin-minier/le-terril/",
            "/fr/series/bassin-minier/",
            "/fr/series/",
            "/fr/",
            "/fr/territoires/loos-en-gohelle/",
            "/fr/territoires/pas-de-calais/",
            "/fr/themes/transition/",
            "/fr/contributeurs/jeanne-martin/",
            "/sitemap.xml",
        }
    ]
    assert cloudfront.invalidations(cloudfront.api_id) == [API_PATHS_OF_AN_EPISODE]


def test_unpublishing_purges_the_page_and_its_lists(cloudfront, episode):
    episode.get_latest_revision().publish()
    episode.refresh_from_db()
    cloudfront.mark()

    episode.unpublish()

    (batch,) = cloudfront.invalidations(cloudfront.reader_id)
    assert {"/fr/series/bassin-minier/le-terril/", "/fr/series/bassin-minier/", "/fr/"} <= batch
    assert cloudfront.invalidations(cloudfront.api_id) == [API_PATHS_OF_AN_EPISODE]


def test_moving_a_story_purges_its_old_and_new_addresses(cloudfront):
    story = factories.make_story("Hors série", publish=True)
    series = factories.make_series("Vallée de la Bruche", publish=True)
    cloudfront.mark()

    story.move(series, pos="last-child")

    (moved,) = cloudfront.invalidations(cloudfront.reader_id)
    assert {
        "/fr/recits/hors-serie/",  # where readers had it
        "/fr/recits/",  # the list it left
        "/fr/series/vallee-de-la-bruche/hors-serie/",  # where it is now
        "/fr/series/vallee-de-la-bruche/",  # the series it joined
    } <= moved


def test_an_english_page_purges_english_routes(cloudfront):
    theme = factories.make_theme("Water", code="en")
    story = factories.make_story("Rivers", parent=factories.story_index("en"), publish=False)
    story.themes.set([theme])
    cloudfront.mark()
    story.save_revision().publish()

    (batch,) = cloudfront.invalidations(cloudfront.reader_id)
    assert "/en/themes/water/" in batch
    assert "/en/" in batch
    assert not any(path.startswith("/fr/") for path in batch)


def test_a_failed_purge_is_logged_and_the_publish_still_happens(cloudfront, episode, caplog):
    broken = cloudfront.frontend_cache_settings()
    broken["reader"]["DISTRIBUTION_ID"] = "NOSUCHDISTRIBUTION"
    cloudfront.mark()
    with override_settings(WAGTAILFRONTENDCACHE=broken), caplog.at_level(logging.ERROR):
        episode.get_latest_revision().publish()

    episode.refresh_from_db()
    assert episode.live
    assert "Couldn't purge path '/fr/series/bassin-minier/le-terril/'" in caplog.text
    assert cloudfront.invalidations(cloudfront.api_id) == [API_PATHS_OF_AN_EPISODE]


def test_nothing_is_sent_when_no_distribution_is_configured(aws_env, episode, monkeypatch):
    # No cloudfront fixture: WAGTAILFRONTENDCACHE is empty, as when CLOUDFRONT_* are unset.
    sent = []
    monkeypatch.setattr("api.cdn.purge_urls_from_cache", lambda urls: sent.append(urls))
    episode.get_latest_revision().publish()
    assert sent == []
