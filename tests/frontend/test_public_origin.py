"""The reader site's public origin is configuration (SITE_URL), never the Host header, and
unknown hosts are refused (issue 10, item 8)."""

import httpx
import pytest
from starlette.testclient import TestClient

from frontend.app import create_app
from frontend.config import DEVELOPMENT_SITE_URL, ConfigurationError, ReaderConfig

from .conftest import WEBHOOK_SECRET
from .fake_api import API, READER

STORY_PATH = "/fr/series/apres-la-mine/episode-2/"
SECOND_NAME = "reader.internal"


@pytest.fixture
def two_names(fake_api):
    config = ReaderConfig(
        api_base_url=API,
        site_url=READER,
        allowed_hosts=(SECOND_NAME,),
        webhook_secret=WEBHOOK_SECRET,
        cache_ttl=0,
    )
    app = create_app(config, transport=httpx.MockTransport(fake_api.handler))
    with TestClient(app, base_url=f"http://{SECOND_NAME}", follow_redirects=False) as client:
        yield client


@pytest.mark.parametrize("path", ["/fr/", STORY_PATH, "/robots.txt", "/sitemap.xml"])
def test_an_unknown_host_is_refused(reader, path):
    response = reader.get(path, headers={"Host": "evil.example"})
    assert response.status_code == 400
    assert "evil.example" not in response.text
    assert "public" not in response.headers.get("cache-control", "")


@pytest.mark.parametrize("path", [STORY_PATH, "/robots.txt", "/sitemap.xml", "/embed/story/22/"])
def test_links_are_built_on_site_url_whatever_the_allowed_host(two_names, path):
    response = two_names.get(path)
    assert response.status_code == 200, path
    assert SECOND_NAME not in response.text
    assert READER in response.text


def test_canonical_hreflang_og_url_and_json_ld_use_site_url(two_names):
    html = two_names.get(STORY_PATH).text
    assert f'<link rel="canonical" href="{READER}{STORY_PATH}"' in html
    assert f'content="{READER}{STORY_PATH}"' in html  # og:url
    assert f'"mainEntityOfPage": "{READER}{STORY_PATH}"' in html or (
        f'"mainEntityOfPage":"{READER}{STORY_PATH}"' in html
    )
    assert 'hreflang="x-default"' in html


def test_site_url_is_required_in_production():
    production = {"DJANGO_SETTINGS_MODULE": "media_site.settings.production"}
    with pytest.raises(ConfigurationError, match="SITE_URL must be set in production"):
        ReaderConfig.from_env(production)
    config = ReaderConfig.from_env({**production, "SITE_URL": "https://www.example.org/"})
    assert config.site_url == "https://www.example.org"
    assert config.trusted_hosts == ("www.example.org",)


def test_make_run_defaults_to_its_own_address():
    config = ReaderConfig.from_env({"READER_ALLOWED_HOSTS": "localhost, Reader.LAN"})
    assert config.site_url == DEVELOPMENT_SITE_URL == "http://127.0.0.1:3000"
    assert config.trusted_hosts == ("127.0.0.1", "localhost", "reader.lan")


@pytest.mark.parametrize("url", ["www.example.org", "ftp://example.org", "https://example.org/x"])
def test_a_site_url_that_is_not_an_origin_is_refused(url):
    with pytest.raises(ConfigurationError):
        ReaderConfig.from_env({"SITE_URL": url})
