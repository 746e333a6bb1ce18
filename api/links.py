"""Where things live: reader-site URLs (what readers open) and API URLs (what clients fetch)."""

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


def api_url(request, name: str, query: dict | None = None, **kwargs) -> str:
    url = request.build_absolute_uri(reverse(f"api:{name}", kwargs=kwargs or None))
    if query:
        url += "?" + urlencode(query)
    return url


def absolute(request, url: str) -> str:
    """Media and document URLs are relative with local storage, absolute behind a CDN."""
    if url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url)
