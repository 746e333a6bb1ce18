"""Where things live: reader-site URLs (what readers open) and API URLs (what clients fetch)."""

from urllib.parse import quote

from django.conf import settings
from django.db.models import Q
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


# --- references in the reader's language ----------------------------------------------------


class InDocumentLocale:
    """The one rule for internal links and references: an object referenced by a document
    (a story's author, its territory, a rich-text link, a related story) is given in the
    document's language when a translation exists there — and, for a page, is publicly
    visible — else as it is. English readers are not sent to French pages that have an
    English version.

    Collect with want(), load() once (a query or two per model, none at all when every
    reference is already in its document's language), then get(). Snippets are looked up
    among all rows; pages only in the visible queryset the caller gives for their model.
    `model` is needed for light rows (api.rows) that are not model instances.
    """

    def __init__(self, pages=None):
        self.pages = dict(pages or {})  # page model -> queryset of visible pages
        self.wanted: dict = {}
        self.found: dict = {}

    def want(self, obj, locale_id: int | None, model=None):
        if obj is None or locale_id is None or getattr(obj, "locale_id", locale_id) == locale_id:
            return
        model = model or type(obj)
        key = getattr(obj, "translation_key", None)
        self.wanted.setdefault(model, {})[(obj.pk, locale_id)] = key

    def load(self):
        from wagtail.models import Page

        for model, wanted in self.wanted.items():
            if issubclass(model, Page):
                queryset = self.pages.get(model)
                if queryset is None:
                    continue  # no visible queryset given: never risk a hidden page
            else:
                queryset = model._default_manager.all()
            locales = {loc for _pk, loc in wanted}
            condition = Q(
                translation_key__in={key for key in wanted.values() if key},
                locale_id__in=locales,
            )
            unknown = {pk for (pk, _loc), key in wanted.items() if key is None}
            if unknown:
                # Light rows carry no translation key (snippets only): the same query reads
                # the referenced rows, to learn their keys, and their translations.
                keys_of_unknown = model._default_manager.filter(pk__in=unknown).values(
                    "translation_key"
                )
                condition |= Q(pk__in=unknown) | Q(
                    translation_key__in=keys_of_unknown, locale_id__in=locales
                )
            rows = list(queryset.filter(condition))
            keys = {row.pk: row.translation_key for row in rows if row.pk in unknown}
            wanted = {(pk, loc): key or keys.get(pk) for (pk, loc), key in wanted.items()}
            by_key = {
                (row.translation_key, row.locale_id): row for row in rows if row.pk not in unknown
            }
            for (pk, loc), key in wanted.items():
                if (key, loc) in by_key:
                    self.found[(model, pk, loc)] = by_key[(key, loc)]
        self.wanted = {}

    def get(self, obj, locale_id: int | None, model=None):
        if obj is None or locale_id is None:
            return obj
        return self.found.get((model or type(obj), obj.pk, locale_id), obj)
