"""Where things live: reader-site URLs (what readers open) and API URLs (what clients fetch)."""

from urllib.parse import quote

from django.conf import settings
from django.urls import reverse
from django.utils.http import urlencode

from wagtail.models import Locale

# The reader site's path segment for each kind of non-page object, per locale
# (agreed with the reader site; it answers both spellings in either locale).
SNIPPET_SEGMENTS = {
    "territory": {"fr": "territoires", "en": "territories"},
    "theme": {"fr": "themes", "en": "themes"},
    "contributor": {"fr": "contributeurs", "en": "contributors"},
    "partner": {"fr": "partenaires", "en": "partners"},
}

_locale_codes: dict[int, str] = {}


def locale_code(locale_id: int) -> str:
    """Locales are created by migrations and never change at run time: cache them per process."""
    if locale_id not in _locale_codes:
        _locale_codes.clear()
        _locale_codes.update(Locale.objects.values_list("pk", "language_code"))
    return _locale_codes[locale_id]


def locale_id(code: str) -> int:
    for pk, language_code in _locale_codes.items():
        if language_code == code:
            return pk
    _locale_codes.update(Locale.objects.values_list("pk", "language_code"))
    for pk, language_code in _locale_codes.items():
        if language_code == code:
            return pk
    raise LookupError(code)


def reader_path(url_path: str, code: str) -> str:
    """Wagtail's url_path starts with the locale's home slug (/accueil/…, /home/…);
    the reader site puts the language code there instead."""
    rest = [part for part in url_path.strip("/").split("/")[1:] if part]
    return f"/{code}/" + "".join(f"{part}/" for part in rest)


def page_url(url_path: str, code: str) -> str:
    return settings.FRONTEND_BASE_URL + reader_path(url_path, code)


def snippet_url(kind: str, slug: str, code: str) -> str:
    return f"{settings.FRONTEND_BASE_URL}/{code}/{SNIPPET_SEGMENTS[kind][code]}/{slug}/"


_route_templates: dict[tuple, str] = {}


def origin(request) -> str:
    """scheme://host of this request, computed once per request."""
    memo = request.__dict__
    if "_terrain_origin" not in memo:
        memo["_terrain_origin"] = request.build_absolute_uri("/")[:-1]
    return memo["_terrain_origin"]


def api_url(request, name: str, query: dict | None = None, **kwargs) -> str:
    """reverse() once per route and process, then string formatting: a list of 100 items
    builds several hundred API URLs."""
    key = (name, tuple(sorted(kwargs)))
    if key not in _route_templates:
        placeholders = {k: f"__{k}__" for k in kwargs}
        _route_templates[key] = reverse(f"api:{name}", kwargs=placeholders or None)
    url = _route_templates[key]
    for k, value in kwargs.items():
        url = url.replace(f"__{k}__", quote(str(value), safe=""))
    url = origin(request) + url
    if query:
        url += "?" + urlencode(query)
    return url


def absolute(request, url: str) -> str:
    """Media and document URLs are relative with local storage, absolute behind a CDN."""
    if url.startswith(("http://", "https://")):
        return url
    return origin(request) + url
