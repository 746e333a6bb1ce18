"""Route handlers: each page asks the API for what it shows, then renders one template."""

import math
import re
from urllib.parse import urlencode, urlsplit

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response

from . import seo
from .api_client import ApiError
from .i18n import LANGUAGES, choose_language, other_language
from .purge import (
    MAX_BODY_BYTES,
    InvalidPayload,
    InvalidSignature,
    SeenMessages,
    purge,
    verify,
)
from .rendering import href
from .territory_map import place, point_from

PAGE_SIZE = 20


def N_(message: str) -> str:
    """Marks a message for extraction; it is translated later, in the reader's language."""
    return message


SERIES_STATUSES = ("upcoming", "ongoing", "concluded")

# Reader-site segments for objects that are not CMS pages, in both spellings: a link made in
# one language keeps working if a reader edits the prefix by hand.
SEGMENTS = {
    "territory": {"fr": "territoires", "en": "territories"},
    "theme": {"fr": "themes", "en": "themes"},
    "contributor": {"fr": "contributeurs", "en": "contributors"},
    "partner": {"fr": "partenaires", "en": "partners"},
    "search": {"fr": "recherche", "en": "search"},
    "stories": {"fr": "recits", "en": "stories"},
    "series": {"fr": "series", "en": "series"},
}


def segment(kind: str, language: str) -> str:
    return SEGMENTS[kind][language]


def normalise_type(value) -> str:
    """API v1 types: story, series, series_index, story_index, home, redirect, territory…"""
    return str(value or "unknown").lower()


def items_of(payload) -> list:
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        items = payload.get("items")
        if isinstance(items, list):
            return items
        if isinstance(payload.get("results"), list):
            return payload["results"]
    return []


def total_of(payload) -> int:
    if isinstance(payload, dict):
        meta = payload.get("meta") or {}
        if isinstance(meta.get("total_count"), int):
            return meta["total_count"]
    return len(items_of(payload))


def language_of(request: Request) -> str:
    language = request.path_params.get("lang", "")
    if language not in LANGUAGES:
        raise HTTPException(404)
    return language


def page_number(request: Request) -> int:
    try:
        return max(1, min(int(request.query_params.get("page", "1")), 500))
    except ValueError:
        return 1


async def read_bounded(request: Request, limit: int) -> bytes | None:
    """The request body, or None past `limit` bytes: never more than that is read or kept."""
    declared = request.headers.get("content-length", "")
    if declared.isascii() and declared.isdigit() and int(declared) > limit:
        return None
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            return None
        chunks.append(chunk)
    return b"".join(chunks)


class Pages:
    def __init__(self, config, client, renderer):
        self.config = config
        self.api = client
        self.renderer = renderer
        self.seen_messages = SeenMessages()
        self.broadcast = None  # a PurgeBroadcast when REDIS_URL is set (frontend/app.py)

    # --- shared -----------------------------------------------------------------------------

    def base_url(self, request: Request) -> str:
        # Configuration, never the Host header: these links end up in caches and in search
        # engines (issue 10, item 8).
        return self.config.site_url

    def switch_target(self, language: str, item: dict | None, fallback: str | None = None) -> dict:
        other = other_language(language)
        for translation in (item or {}).get("translations") or []:
            if translation.get("locale") == other and translation.get("url"):
                return {"language": other, "url": href(translation["url"]), "exact": True}
        return {"language": other, "url": fallback or f"/{other}/", "exact": bool(fallback)}

    def context(
        self,
        request: Request,
        language: str,
        *,
        title: str,
        description: str = "",
        item: dict | None = None,
        switch_fallback: str | None = None,
        og_type: str = "website",
        image: dict | None = None,
        json_ld: list | None = None,
        noindex: bool = False,
        preview: bool = False,
        canonical: str | None = None,
        feeds: list | None = None,
        oembed: bool = False,
    ) -> dict:
        base = self.base_url(request)
        path = request.url.path
        site = self.config.site_name
        canonical_own = seo.absolute(base, (item or {}).get("url")) or base + path
        return {
            "language": language,
            "other": other_language(language),
            "site_name": site,
            "base_url": base,
            "path": path,
            "switch": self.switch_target(language, item, switch_fallback),
            "seo": {
                "title": f"{title} · {site}" if title and title != site else site,
                "description": (description or "")[:300],
                "canonical": canonical or base + path,
                "alternates": []
                if noindex
                else seo.alternates(base, language, path, item or self.equivalent(switch_fallback)),
                "og_type": og_type,
                "image": seo.image_url(image),
                "image_alt": (image or {}).get("alt", ""),
                "json_ld": json_ld or [],
                "noindex": noindex,
                "feeds": seo.feed_links(self.config.public_api_base, language, site)
                + (feeds or []),
                "oembed": seo.oembed_link(self.config.public_api_base, canonical_own)
                if oembed and not noindex
                else "",
            },
            "preview": preview,
            # Wagtail's userbar, from the CMS, for a preview shown in the admin's panel only.
            # The CMS's HTML, trusted as its rich text is; /preview's CSP lets its scripts run.
            "wagtail_userbar": getattr(request.state, "wagtail_userbar", "") if preview else "",
            "search_path": f"/{language}/{segment('search', language)}/",
            "segments": {kind: spellings[language] for kind, spellings in SEGMENTS.items()},
        }

    def html(self, language: str, template: str, context: dict, status: int = 200, headers=None):
        body = self.renderer.render(language, template, **context)
        response = HTMLResponse(body, status_code=status, headers=headers)
        response.headers.setdefault("Content-Language", language)
        if context.get("preview"):
            response.headers["Cache-Control"] = "no-store"
            response.headers["X-Robots-Tag"] = "noindex, nofollow"
        elif status == 200:
            response.headers.setdefault("Cache-Control", "public, max-age=60")
        else:
            response.headers.setdefault("Cache-Control", "no-store")
        return response

    @staticmethod
    def equivalent(fallback: str | None) -> dict | None:
        """A list page's counterpart in the other language, as a translation for hreflang."""
        if not fallback or "?" in fallback:
            return None
        return {"translations": [{"locale": fallback.strip("/").split("/")[0], "url": fallback}]}

    def feeds(self, language: str, kind: str, slug: str, name: str) -> list[dict]:
        if not slug:
            return []
        api_base = self.config.public_api_base
        return seo.feed_links(api_base, language, self.config.site_name, kind, slug, name)

    # --- pages ------------------------------------------------------------------------------

    async def root(self, request: Request):
        language = choose_language(request.headers.get("accept-language"))
        return RedirectResponse(
            f"/{language}/", status_code=302, headers={"Vary": "Accept-Language"}
        )

    async def home(self, request: Request):
        language = language_of(request)
        home = await self.api.get("home/", {"locale": language})
        return await self.render_home(request, home if isinstance(home, dict) else {}, language)

    async def render_home(self, request: Request, home: dict, language: str, preview: bool = False):
        latest = home.get("latest_stories")
        if latest is None:
            latest = items_of(await self.api.get("stories/", {"locale": language, "limit": 7}))
        featured_ids = {story.get("id") for story in home.get("featured_stories") or []}
        latest_items = [s for s in latest if s.get("id") not in featured_ids][:6]
        context = self.context(
            request,
            language,
            title=self.config.site_name,
            description=_plain(home.get("intro") or home.get("search_description") or ""),
            item=home,
            switch_fallback=f"/{other_language(language)}/",
            noindex=preview,
            preview=preview,
        )
        context.update(home=home, latest=latest_items)
        return self.html(language, "home.html", context)

    async def series_list(
        self,
        request: Request,
        index: dict | None = None,
        language: str | None = None,
        preview: bool = False,
    ):
        language = language or language_of(request)
        query = request.query_params
        filters = {
            "territory": query.get("territory", "").strip()[:100],
            "theme": query.get("theme", "").strip()[:100],
            "status": query.get("status", "") if query.get("status") in SERIES_STATUSES else "",
        }
        page = page_number(request)
        params = {
            "locale": language,
            "limit": PAGE_SIZE,
            "offset": (page - 1) * PAGE_SIZE,
            **filters,
        }
        territories, themes = await self.api.get_many(
            ("territories/", {"locale": language, "limit": 100}),
            ("themes/", {"locale": language, "limit": 100}),
        )
        error = None
        try:
            series = await self.api.get("series/", params)
        except ApiError as failure:
            if failure.status != 400:
                raise
            series, error = (
                {"items": []},
                failure.problem.get("detail") or failure.problem.get("title"),
            )
        title = self.renderer.gettext(language, N_("Series"))
        context = self.context(
            request,
            language,
            title=(index or {}).get("title") or title,
            description=_plain((index or {}).get("intro") or ""),
            item=index,
            switch_fallback=f"/{other_language(language)}/series/",
            noindex=preview,
            preview=preview,
        )
        context.update(
            index=index or {},
            series=items_of(series),
            total=total_of(series),
            filters=filters,
            territories=items_of(territories),
            themes=items_of(themes),
            statuses=SERIES_STATUSES,
            error=error,
            pagination=self.pagination(request, page, total_of(series)),
        )
        return self.html(language, "series_list.html", context, status=400 if error else 200)

    async def stories_list(
        self,
        request: Request,
        index: dict | None = None,
        language: str | None = None,
        preview: bool = False,
    ):
        language = language or language_of(request)
        page = page_number(request)
        stories = await self.api.get(
            "stories/", {"locale": language, "limit": PAGE_SIZE, "offset": (page - 1) * PAGE_SIZE}
        )
        other = other_language(language)
        context = self.context(
            request,
            language,
            title=(index or {}).get("title") or self.renderer.gettext(language, N_("Stories")),
            description=_plain((index or {}).get("intro") or ""),
            item=index,
            switch_fallback=f"/{other}/{segment('stories', other)}/",
            noindex=preview,
            preview=preview,
        )
        context.update(
            index=index or {},
            stories=items_of(stories),
            total=total_of(stories),
            pagination=self.pagination(request, page, total_of(stories)),
        )
        return self.html(language, "story_list.html", context)

    def pagination(self, request: Request, page: int, total: int) -> dict:
        pages = max(1, math.ceil(total / PAGE_SIZE))
        params = dict(request.query_params)

        def link(number):
            return request.url.path + "?" + urlencode({**params, "page": number})

        return {
            "page": page,
            "pages": pages,
            "previous": link(page - 1) if page > 1 else None,
            "next": link(page + 1) if page < pages else None,
        }

    async def territory(self, request: Request):
        language = language_of(request)
        slug = request.path_params["slug"]
        territory, stories, series, places = await self.api.get_many(
            (f"territories/{slug}/", {"locale": language}),
            ("stories/", {"locale": language, "territory": slug, "limit": 100}),
            ("series/", {"locale": language, "territory": slug, "limit": 100}),
            # References carry no coordinates: the list of territories has them, in one call.
            ("territories/", {"locale": language, "limit": 100}),
        )
        story_items = items_of(stories)
        points = territory_points(territory, story_items, items_of(places))
        other = other_language(language)
        context = self.context(
            request,
            language,
            title=territory.get("name", ""),
            description=_plain(territory.get("description") or ""),
            item=territory,
            feeds=self.feeds(language, "territory", slug, territory.get("name", "")),
            switch_fallback=f"/{other}/",
        )
        context.update(
            territory=territory,
            stories=story_items,
            series=items_of(series),
            map_points=place(points),
        )
        return self.html(language, "territory.html", context)

    async def theme(self, request: Request):
        language = language_of(request)
        slug = request.path_params["slug"]
        theme, stories, series = await self.api.get_many(
            (f"themes/{slug}/", {"locale": language}),
            ("stories/", {"locale": language, "theme": slug, "limit": 50}),
            ("series/", {"locale": language, "theme": slug, "limit": 50}),
        )
        context = self.context(
            request,
            language,
            title=theme.get("name", ""),
            description=_plain(theme.get("description") or ""),
            item=theme,
            feeds=self.feeds(language, "theme", slug, theme.get("name", "")),
        )
        context.update(theme=theme, stories=items_of(stories), series=items_of(series))
        return self.html(language, "theme.html", context)

    async def contributor(self, request: Request):
        language = language_of(request)
        slug = request.path_params["slug"]
        contributor, stories = await self.api.get_many(
            (f"contributors/{slug}/", {"locale": language}),
            ("stories/", {"locale": language, "contributor": slug, "limit": 50}),
        )
        context = self.context(
            request,
            language,
            title=contributor.get("name", ""),
            description=_plain(contributor.get("bio") or contributor.get("role") or ""),
            item=contributor,
            image=contributor.get("photo"),
            og_type="profile",
        )
        context.update(contributor=contributor, stories=items_of(stories))
        return self.html(language, "contributor.html", context)

    async def partner(self, request: Request):
        language = language_of(request)
        slug = request.path_params["slug"]
        partner = await self.api.get(f"partners/{slug}/", {"locale": language})
        context = self.context(
            request,
            language,
            title=partner.get("name", ""),
            description=partner.get("description") or "",
            item=partner,
            image=partner.get("logo"),
        )
        context.update(partner=partner)
        return self.html(language, "partner.html", context)

    async def search(self, request: Request):
        language = language_of(request)
        q = request.query_params.get("q", "").strip()[:200]
        groups: dict[str, list] = {}
        total = 0
        if q:
            payload = await self.api.get("search/", {"q": q, "locale": language, "limit": 50})
            for result in items_of(payload):
                groups.setdefault(normalise_type(result.get("type")), []).append(result)
            total = sum(len(v) for v in groups.values())
        other = other_language(language)
        context = self.context(
            request,
            language,
            title=self.renderer.gettext(language, N_("Search")),
            switch_fallback=f"/{other}/{segment('search', other)}/"
            + (f"?{urlencode({'q': q})}" if q else ""),
            noindex=bool(q),
        )
        order = ["series", "story", "territory", "theme", "contributor"]
        context.update(
            q=q,
            groups=sorted(
                groups.items(), key=lambda kv: order.index(kv[0]) if kv[0] in order else 99
            ),
            total=total,
        )
        return self.html(language, "search.html", context)

    async def resolve(self, request: Request):
        language = language_of(request)
        path = request.url.path
        if not path.endswith("/"):
            query = f"?{request.url.query}" if request.url.query else ""
            return RedirectResponse(path + "/" + query, status_code=301)
        item = await self.api.get("resolve/", {"path": path})
        kind = normalise_type(item.get("type"))
        if kind == "redirect":
            location = item.get("location") or f"/{language}/"
            target = href(location) if _same_site(location, item) else location
            return RedirectResponse(target, status_code=301 if item.get("permanent") else 302)
        if kind == "series":
            return await self.render_series(request, item)
        if kind == "story":
            return await self.render_story(request, item)
        if kind == "series_index":
            return await self.series_list(request, index=item)
        if kind == "story_index":
            return await self.stories_list(request, index=item)
        if kind == "home":
            return RedirectResponse(f"/{item.get('locale') or language}/", status_code=301)
        raise HTTPException(404)

    async def episodes_of(self, series_id, language: str) -> list:
        if series_id is None:
            return []
        payload = await self.api.get(
            "stories/",
            {"series": series_id, "ordering": "episode", "locale": language, "limit": 100},
        )
        return items_of(payload)

    async def render_series(self, request: Request, series: dict, preview: bool = False):
        language = (
            series.get("locale") if series.get("locale") in LANGUAGES else language_of(request)
        )
        episodes = series.get("episodes")
        if episodes is None:
            episodes = await self.episodes_of(series.get("id"), language)
        base = self.base_url(request)
        canonical = seo.absolute(base, series.get("url")) or base + request.url.path
        context = self.context(
            request,
            language,
            title=series.get("seo_title") or series.get("title", ""),
            description=series.get("search_description")
            or series.get("strapline")
            or _plain(series.get("intro") or ""),
            item=series,
            image=series.get("cover_image"),
            json_ld=[seo.creative_work_series(series, canonical, base, self.config.site_name)],
            feeds=self.feeds(language, "series", _slug_of(series), series.get("title", "")),
            oembed=True,
            noindex=preview,
            preview=preview,
            canonical=canonical,
        )
        context.update(series=series, episodes=episodes)
        return self.html(language, "series.html", context)

    async def render_story(self, request: Request, story: dict, preview: bool = False):
        language = story.get("locale") if story.get("locale") in LANGUAGES else language_of(request)
        series = story.get("series") if isinstance(story.get("series"), dict) else None
        episode = None
        if isinstance(story.get("episode"), int) and story.get("episode_count"):
            episode = {
                "number": story["episode"],
                "total": story["episode_count"],
                "previous": story.get("previous"),
                "next": story.get("next"),
            }
        if series and episode is None:
            episode = episode_position(story, await self.episodes_of(series.get("id"), language))
        base = self.base_url(request)
        own = seo.absolute(base, story.get("url")) or base + request.url.path
        canonical = story.get("canonical_url") or own
        context = self.context(
            request,
            language,
            title=story.get("seo_title") or story.get("title", ""),
            description=story.get("search_description") or story.get("subtitle") or "",
            item=story,
            og_type="article",
            image=story.get("social_image") or story.get("lead_image"),
            json_ld=[seo.news_article(story, canonical, base, self.config.site_name)],
            oembed=True,
            noindex=preview,
            preview=preview,
            canonical=canonical,
        )
        context.update(story=story, series=series, episode=episode)
        return self.html(language, "story.html", context)

    async def preview(self, request: Request):
        """A draft, as readers will see it, for every page type the admin edits.

        The CMS's preview URL carries content_type and token, plus in_preview_panel=true when
        the admin shows it in its panel: then the API also gives Wagtail's userbar, which
        feeds the admin's checks panel (word count, reading time, accessibility)."""
        params = {key: request.query_params.get(key, "") for key in ("content_type", "token")}
        if not params["content_type"] or not params["token"]:
            return await self.error_page(request, 400, noindex=True)
        if request.query_params.get("in_preview_panel") == "true":
            params["in_preview_panel"] = "true"
        try:
            item = await self.api.get("preview/", params, cached=False)
        except ApiError as failure:
            if failure.status not in (400, 403, 404, 410):
                return await self.error_page(request, failure.status, noindex=True)
            return await self.error_page(
                request, 404, noindex=True, preview=preview_failure(failure)
            )
        item = item if isinstance(item, dict) else {}
        userbar = item.pop("userbar", None)
        if isinstance(userbar, str) and "in_preview_panel" in params:
            request.state.wagtail_userbar = userbar
        kind = normalise_type(item.get("type"))
        locale = item.get("locale")
        language = (
            locale
            if locale in LANGUAGES
            else choose_language(request.headers.get("accept-language"))
        )
        if kind == "series":
            return await self.render_series(request, item, preview=True)
        if kind == "story":
            return await self.render_story(request, item, preview=True)
        if kind == "home":
            return await self.render_home(request, item, language, preview=True)
        if kind == "series_index":
            return await self.series_list(request, index=item, language=language, preview=True)
        if kind == "story_index":
            return await self.stories_list(request, index=item, language=language, preview=True)
        return await self.error_page(request, 404, noindex=True, preview="unsupported")

    async def sitemap(self, request: Request):
        payloads = await self.api.get_many(
            *(("sitemap/", {"locale": language}) for language in LANGUAGES)
        )
        # Entries name their URL, not their language: the payload's locale is theirs.
        entries = [
            {"locale": payload.get("locale") if isinstance(payload, dict) else None, **entry}
            for payload in payloads
            for entry in seo.sitemap_entries(payload)
        ]
        body = seo.sitemap_xml(entries, self.base_url(request))
        return Response(
            body, media_type="application/xml", headers={"Cache-Control": "public, max-age=300"}
        )

    async def robots(self, request: Request):
        return PlainTextResponse(seo.robots_txt(self.base_url(request)))

    async def receive_purge(self, request: Request):
        no_store = {"Cache-Control": "no-store"}
        body = await read_bounded(request, MAX_BODY_BYTES)
        if body is None:
            return PlainTextResponse("body too large\n", status_code=413, headers=no_store)
        try:
            payload = verify(self.config.webhook_secret, body, request.headers)
        except InvalidSignature:
            return PlainTextResponse("invalid signature\n", status_code=401, headers=no_store)
        except InvalidPayload as error:
            return PlainTextResponse(
                f"invalid payload: {error}\n", status_code=400, headers=no_store
            )
        # Only a verified id is remembered (an unsigned request cannot use up the memory).
        # A notification sent again is acknowledged without effect: the CMS retrying a
        # delivery whose answer it lost is not failing, and a replay changes nothing.
        if not self.seen_messages.first_time(request.headers["webhook-id"]):
            return PlainTextResponse("already received\n", headers=no_store)
        dropped = purge(self.api.cache, payload, self.config.api_base_url)
        if self.broadcast is not None:
            await self.broadcast.publish(payload)
        return PlainTextResponse(f"dropped {dropped}\n", headers=no_store)

    # --- embeds for partner sites (the oEmbed iframe targets) --------------------------------

    def embed_language(self, request: Request) -> str:
        language = request.query_params.get("locale", "fr")
        return language if language in LANGUAGES else "fr"

    async def embed_series(self, request: Request):
        language = self.embed_language(request)
        slug = request.path_params["slug"]
        path = f"/{language}/{segment('series', language)}/{slug}/"
        series = await self.api.get("resolve/", {"path": path})
        if normalise_type(series.get("type")) != "series":
            raise HTTPException(404)
        episodes = series.get("episodes")
        if episodes is None:
            episodes = await self.episodes_of(series.get("id"), language)
        context = self.embed_context(request, language, series.get("title", ""))
        context.update(series=series, episodes=list(reversed(episodes))[:5])
        return self.embed_response(language, "embed_series.html", context)

    async def embed_story(self, request: Request):
        language = self.embed_language(request)
        story_id = request.path_params["story_id"]
        if not story_id.isdigit():
            raise HTTPException(404)
        story = await self.api.get(f"stories/{story_id}/")
        context = self.embed_context(
            request, story.get("locale") or language, story.get("title", "")
        )
        context.update(story=story)
        return self.embed_response(context["language"], "embed_story.html", context)

    def embed_context(self, request: Request, language: str, title: str) -> dict:
        language = language if language in LANGUAGES else "fr"
        return {
            "language": language,
            "site_name": self.config.site_name,
            "title": title,
            "base_url": self.base_url(request),
        }

    def embed_response(self, language: str, template: str, context: dict):
        response = HTMLResponse(self.renderer.render(language, template, **context))
        response.headers["Cache-Control"] = "public, max-age=300"
        response.headers["X-Robots-Tag"] = "noindex"
        return response

    # --- errors -----------------------------------------------------------------------------

    async def error_page(
        self, request: Request, status: int, *, noindex: bool = True, preview: str = ""
    ):
        """An error page; for a preview, `preview` says why it can't be shown (expired,
        invalid, gone, wrong-type, unsupported): an editor is told the true reason."""
        first = request.url.path.strip("/").split("/", 1)[0]
        language = (
            first if first in LANGUAGES else choose_language(request.headers.get("accept-language"))
        )
        titles = {
            400: N_("This request can't be answered"),
            404: N_("Page not found"),
            503: N_("Terrain is briefly unavailable"),
        }
        # Babel's extractor misses N_() nested in another call's arguments: keep it alone.
        fallback = N_("Something went wrong")
        preview_title = N_("This preview can't be shown")
        title = self.renderer.gettext(
            language, preview_title if preview else titles.get(status, fallback)
        )
        context = self.context(request, language, title=title, noindex=noindex, preview=False)
        context.update(status=status, error_title=title, preview_error=preview)
        headers = {"Retry-After": "30"} if status == 503 else None
        response = self.html(language, "error.html", context, status=status, headers=headers)
        response.headers["Cache-Control"] = "no-store"
        return response


def territory_points(territory: dict, stories: list, places: list) -> list:
    """The place itself, the places within it, and each story at its own territory."""
    where = {place.get("slug"): place for place in places if isinstance(place, dict)}

    def located(ref):
        if not isinstance(ref, dict):
            return None
        return ref if ref.get("lat") is not None else where.get(ref.get("slug"))

    points = []
    own = point_from(territory, territory.get("name", ""), kind="territory")
    if own:
        points.append(own)
    parent = territory.get("parent")
    if isinstance(parent, dict):
        point = point_from(
            located(parent), parent.get("name", ""), href(parent.get("url")), "parent"
        )
        if point:
            points.append(point)
    for child in territory.get("children") or []:
        point = point_from(located(child), child.get("name", ""), href(child.get("url")), "child")
        if point:
            points.append(point)
    for story in stories:
        ref = story.get("location") or story.get("territory")
        point = point_from(located(ref), story.get("title", ""), href(story.get("url")))
        if point:
            points.append(point)
    return points


def episode_position(story: dict, episodes: list) -> dict | None:
    ids = [episode.get("id") for episode in episodes]
    if story.get("id") not in ids:
        return None
    index = ids.index(story["id"])
    return {
        "number": index + 1,
        "total": len(episodes),
        "previous": episodes[index - 1] if index > 0 else None,
        "next": episodes[index + 1] if index + 1 < len(episodes) else None,
    }


def preview_failure(failure: ApiError) -> str:
    """Why the API refused a preview, from its problem type (urn:terrain:problem:<kind>):
    an altered token is not an expired one, nor a preview that was cleaned away."""
    kind = str(failure.problem.get("type") or "").rsplit(":", 1)[-1]
    parameter = failure.problem.get("parameter")
    if kind == "preview-expired":
        return "expired"
    if kind == "preview-token-invalid" or parameter == "token":
        return "invalid"
    if parameter == "content_type":
        return "wrong-type" if failure.status == 404 else "unsupported"
    return "gone" if failure.status in (404, 410) else "invalid"


def _slug_of(page: dict) -> str:
    """A page's slug is the last segment of its reader-site URL."""
    parts = [part for part in urlsplit(page.get("url") or "").path.split("/") if part]
    return parts[-1] if parts else ""


def _same_site(location: str, item: dict) -> bool:
    parts = urlsplit(location)
    return not parts.netloc or parts.path.startswith(("/fr/", "/en/"))


def _plain(html: str) -> str:
    """Meta descriptions are text: strip tags from the API's rich text."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html or "")).strip()
