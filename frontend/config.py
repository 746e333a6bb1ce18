"""The reader site's settings, read from the environment once at start-up."""

import os
from dataclasses import dataclass, field
from urllib.parse import urlsplit


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


@dataclass(frozen=True)
class ReaderConfig:
    api_base_url: str = "http://127.0.0.1:8000/api/v1"
    # The public address of the reader site (canonical links, sitemap); the request's own
    # address when unset, which is right on one machine and wrong behind a proxy.
    site_url: str = ""
    # Scheme and host where browsers reach /api/v1/ (feeds, oEmbed), as the CMS's
    # API_PUBLIC_URL; the API address the reader site uses when unset.
    public_api_url: str = ""
    webhook_secret: str = ""
    cache_ttl: float = 30.0
    cache_max_entries: int = 2048
    site_name: str = "Terrain"
    # Origins allowed by the CSP for images and sound besides the reader site itself: the CMS
    # media host (derived from the API address) and any CDN listed in READER_MEDIA_ORIGINS.
    extra_media_origins: tuple[str, ...] = field(default_factory=tuple)

    @classmethod
    def from_env(cls, environ=None) -> "ReaderConfig":
        env = os.environ if environ is None else environ
        return cls(
            api_base_url=env.get("API_BASE_URL", cls.api_base_url).rstrip("/"),
            site_url=env.get("SITE_URL", "").rstrip("/"),
            public_api_url=env.get("API_PUBLIC_URL", "").rstrip("/"),
            webhook_secret=env.get("READER_WEBHOOK_SECRET", ""),
            cache_ttl=float(env.get("READER_CACHE_TTL", "30")),
            cache_max_entries=int(env.get("READER_CACHE_MAX_ENTRIES", "2048")),
            extra_media_origins=tuple(
                origin.strip().rstrip("/")
                for origin in env.get("READER_MEDIA_ORIGINS", "").split(",")
                if origin.strip()
            ),
        )

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
