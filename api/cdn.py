"""CDN purge: when a page is published, unpublished or moved, invalidate what readers and
partners would otherwise keep seeing — on the reader site (FRONTEND_BASE_URL) and on the
public API host (API_PUBLIC_URL).

The purge itself is Wagtail's frontend cache (CloudFront backend, configured from the
environment in settings); it runs as a background task and a failure is only logged.
"""

from urllib.parse import quote

from django.conf import settings

from wagtail.contrib.frontend_cache.utils import purge_urls_from_cache
from wagtail.models import Page
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from series.models import SeriesIndexPage, SeriesPage
from stories.models import StoryIndexPage, StoryPage

from .links import SNIPPET_SEGMENTS, reader_path

# API lists vary by query string (locale, filters, paging). CloudFront matches every query
# variant of a path only through a trailing wildcard, so each endpoint a page can appear in
# is invalidated as `<endpoint>/*` — one path each, however many variants are cached.
API_ENDPOINTS_FOR_EVERY_PAGE = ("home", "resolve", "search", "sitemap", "feeds")


def cdn_enabled() -> bool:
    return bool(getattr(settings, "WAGTAILFRONTENDCACHE", None))


def page_path(page: Page) -> str | None:
    """The page's path on the reader site, as the API gives it in `url` (/fr/series/x/)."""
    if page.depth < 2:  # the tree root is nobody's page
        return None
    return reader_path(page.url_path, page.locale.language_code)


def reader_paths(page: Page) -> set[str]:
    """Reader-site paths that show this page: itself, its series, and the lists it is on."""
    page = page.specific
    language = page.locale.language_code
    paths = {page_path(page)}
    for ancestor in page.get_ancestors().specific().filter(depth__gt=1):
        # The locale home, the series index or story index, and the series of an episode.
        paths.add(page_path(ancestor))
    if isinstance(page, StoryPage | SeriesPage):
        territory = page.territory
        while territory is not None:  # a story shows on its territory and every one around it
            paths.add(_route("territory", language, territory.slug))
            territory = territory.parent
        for theme in page.themes.all():
            paths.add(_route("theme", language, theme.slug))
    for contributor in _contributors(page):
        paths.add(_route("contributor", language, contributor.slug))
    paths.add("/sitemap.xml")
    paths.discard(None)
    return paths


def api_paths(page: Page) -> set[str]:
    """Public API paths whose answers include this page."""
    page = page.specific
    paths = {f"/api/v1/{endpoint}/*" for endpoint in API_ENDPOINTS_FOR_EVERY_PAGE}
    if isinstance(page, StoryPage | StoryIndexPage) or page.get_children().exists():
        paths.add("/api/v1/stories/*")
    if isinstance(page, SeriesPage | SeriesIndexPage) or (
        isinstance(page, StoryPage) and isinstance(page.get_parent().specific, SeriesPage)
    ):
        paths.add("/api/v1/series/*")
    if isinstance(page, StoryPage | SeriesPage):
        if page.territory_id:
            paths.add(f"/api/v1/territories/{quote(page.territory.slug)}/*")
        for theme in page.themes.all():
            paths.add(f"/api/v1/themes/{quote(theme.slug)}/*")
    for contributor in _contributors(page):
        paths.add(f"/api/v1/contributors/{quote(contributor.slug)}/*")
    return paths


def _contributors(page: Page) -> list:
    """The people credited on a page: a story's authors, a series' embedded journalists."""
    if isinstance(page, StoryPage):
        return [author.contributor for author in page.authors.select_related("contributor")]
    if isinstance(page, SeriesPage):
        return [person.contributor for person in page.journalists.select_related("contributor")]
    return []


def purge_urls_for(page: Page, extra_reader_paths=()) -> list[str]:
    reader = settings.FRONTEND_BASE_URL.rstrip("/")
    api = settings.API_PUBLIC_URL.rstrip("/")
    urls = [reader + path for path in reader_paths(page) | set(extra_reader_paths)]
    urls += [api + path for path in api_paths(page)]
    return sorted(urls)


def purge_page(page: Page, extra_reader_paths=()) -> None:
    if cdn_enabled():
        purge_urls_from_cache(purge_urls_for(page, extra_reader_paths))


def _route(kind: str, language: str, slug: str) -> str:
    segment = SNIPPET_SEGMENTS[kind].get(language, SNIPPET_SEGMENTS[kind]["fr"])
    return f"/{language}/{segment}/{quote(slug)}/"


def on_publish_or_unpublish(sender, instance, **kwargs):
    purge_page(instance)


# Paths a page had before a move, by page id, from pre_page_move to post_page_move (both
# are sent synchronously by the same call, and Wagtail passes different instances to them).
_paths_before_move: dict[int, set[str]] = {}


def _moved_paths(page: Page) -> set[str]:
    path = page_path(page)
    if not path:
        return set()
    # A series moves with its episodes: a trailing wildcard covers all of them in one path.
    return {path, path + "*"} if page.get_children_count() else {path}


def before_move(sender, instance, parent_page_before, **kwargs):
    # After the move the old address no longer leads to this page: remember it now.
    if cdn_enabled():
        old = _moved_paths(instance) | reader_paths(parent_page_before)
        _paths_before_move[instance.pk] = {path for path in old if path}


def after_move(sender, instance, **kwargs):
    old_paths = _paths_before_move.pop(instance.pk, set())
    if instance.live:
        purge_page(instance, old_paths | _moved_paths(instance))


def connect_signal_handlers() -> None:
    # No sender: every page type, including ones added later, is purged the same way.
    page_published.connect(on_publish_or_unpublish, dispatch_uid="api-cdn-publish")
    page_unpublished.connect(on_publish_or_unpublish, dispatch_uid="api-cdn-unpublish")
    pre_page_move.connect(before_move, dispatch_uid="api-cdn-before-move")
    post_page_move.connect(after_move, dispatch_uid="api-cdn-after-move")
