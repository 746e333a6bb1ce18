"""The reader site's settings, read from the environment once at start-up."""

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit

# `make run`'s address: the default outside production only.
DEVELOPMENT_SITE_URL = "http://127.0.0.1:3000"
# The deployment's one switch, shared with the CMS processes (same environment, same
# Procfile): read as a plain variable, the reader site imports nothing of the CMS.
PRODUCTION_SETTINGS = "media_site.settings.production"


class ConfigurationError(RuntimeError):
    pass


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _site_url(env) -> str:
    url = env.get("SITE_URL", "").strip().rstrip("/")
    if not url:
        if env.get("DJANGO_SETTINGS_MODULE", "") == PRODUCTION_SETTINGS:
            raise ConfigurationError(
                "SITE_URL must be set in production: the reader site's public address "
                "(canonical links, sitemap, sharing cards), e.g. https://www.example.org"
            )
        return DEVELOPMENT_SITE_URL
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path:
        raise ConfigurationError(f"SITE_URL must be a scheme and a host, got {url!r}")
    return url


@dataclass(frozen=True)
class ReaderConfig:
    api_base_url: str = "http://127.0.0.1:8000/api/v1"
    # The public address of the reader site: every absolute link it writes (canonical,
    # hreflang, og:url, JSON-LD, sitemap, robots.txt, embeds) starts with it, never with the
    # request's Host header, and only its host (plus `allowed_hosts`) is answered.
    site_url: str = DEVELOPMENT_SITE_URL
    # Other host names answered (a second name, a load balancer's health check); their
    # requests still get links on site_url.
    allowed_hosts: tuple[str, ...] = field(default_factory=tuple)
    # Scheme and host where browsers reach /api/v1/ (feeds, oEmbed), as the CMS's
    # API_PUBLIC_URL; the API address the reader site uses when unset.
    public_api_url: str = ""
    webhook_secret: str = ""
    cache_ttl: float = 30.0
    cache_max_entries: int = 2048
    # Shared with the CMS: purges are broadcast to every reader process through it.
    redis_url: str = ""
    site_name: str = "Terrain"
    # Origins allowed by the CSP for images and sound besides the reader site itself: the CMS
    # media host (derived from the API address) and any CDN listed in READER_MEDIA_ORIGINS.
    extra_media_origins: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_env(cls, environ=None) -> "ReaderConfig":
        env = os.environ if environ is None else environ
        return cls(
            api_base_url=env.get("API_BASE_URL", cls.api_base_url).rstrip("/"),
            site_url=_site_url(env),
            allowed_hosts=tuple(
                host.strip()
                for host in env.get("READER_ALLOWED_HOSTS", "").split(",")
                if host.strip()
            ),
            public_api_url=env.get("API_PUBLIC_URL", "").rstrip("/"),
            webhook_secret=env.get("READER_WEBHOOK_SECRET", ""),
            cache_ttl=float(env.get("READER_CACHE_TTL", "30")),
            cache_max_entries=int(env.get("READER_CACHE_MAX_ENTRIES", "2048")),
            redis_url=env.get("REDIS_URL", ""),
            extra_media_origins=tuple(
                origin.strip().rstrip("/")
                for origin in env.get("READER_MEDIA_ORIGINS", "").split(",")
                if origin.strip()
            ),
        )

    @property
    def trusted_hosts(self) -> tuple[str, ...]:
        """Host names the reader site answers (any other Host header: 400)."""
        hosts = [urlsplit(self.site_url).hostname or "", *self.allowed_hosts]
        return tuple(dict.fromkeys(host.lower() for host in hosts if host))

    @property
    def public_api_base(self) -> str:
        """The API v1 address as browsers and feed readers see it."""
        if self.public_api_url:
            return self.public_api_url + "/api/v1"
        return self.api_base_url

    @property
    def cms_origins(self) -> tuple[str, ...]:
        """Where the CMS (API and admin, one host here) answers: it may frame /preview."""
        origins = [_origin(self.api_base_url), _origin(self.public_api_url)]
        return tuple(dict.fromkeys(origin for origin in origins if origin))

    @property
    def media_origins(self) -> tuple[str, ...]:
        origins = [_origin(self.api_base_url), *self.extra_media_origins]
        return tuple(dict.fromkeys(origin for origin in origins if origin))

    @property
    def purge_channel(self) -> str:
        # One channel per site: two sites sharing a Redis never purge each other.
        return f"terrain:reader-purge:{self.site_url}"
