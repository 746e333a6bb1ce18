"""The reader site: a separate process that knows the CMS only through its HTTP API."""

import contextlib
import logging
import re
from pathlib import Path

import httpx
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware.gzip import GZipMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from .api_client import ApiClient, ApiError, ApiUnavailable
from .config import ReaderConfig
from .pages import SEGMENTS, Pages
from .purge import purge
from .purge_broadcast import PurgeBroadcast
from .rendering import Renderer
from .response_cache import ResponseCache

logger = logging.getLogger(__name__)
STATIC_DIR = Path(__file__).parent / "static"
# Where the CMS serves the Wagtail admin's own scripts and styles (its STATIC_URL + app).
WAGTAIL_ADMIN_STATIC = "/static/wagtailadmin/"


def content_security_policy(config: ReaderConfig) -> str:
    media = " ".join(config.media_origins)
    return "; ".join(
        [
            "default-src 'self'",
            f"img-src 'self' data: {media}".strip(),
            f"media-src 'self' {media}".strip(),
            "style-src 'self'",
            "script-src 'self'",
            "font-src 'self'",
            "connect-src 'self'",
            "frame-src 'none'",
            "object-src 'none'",
            "base-uri 'self'",
            "form-action 'self'",
            "frame-ancestors 'none'",
        ]
    )


class SecurityHeaders:
    """Adds the same protective headers to every response, pages, errors and files alike.

    Only /embed/ cards may be framed by any site (partners put them in an iframe), and
    /preview by the CMS, whose admin shows it in its preview panel.
    """

    def __init__(self, app, csp: str, cms_origins: tuple[str, ...] = ()):
        self.app = app
        common = [
            (b"x-content-type-options", b"nosniff"),
            (b"referrer-policy", b"strict-origin-when-cross-origin"),
            (
                b"permissions-policy",
                b"camera=(), microphone=(), geolocation=(), interest-cohort=()",
            ),
        ]
        self.headers = [
            (b"content-security-policy", csp.encode()),
            (b"x-frame-options", b"DENY"),
            *common,
        ]
        framable = csp.replace("frame-ancestors 'none'", "frame-ancestors *")
        self.embed_headers = [(b"content-security-policy", framable.encode()), *common]
        by_cms = " ".join(["'self'", *cms_origins])
        previewable = csp.replace("frame-ancestors 'none'", f"frame-ancestors {by_cms}")
        # In the admin's preview panel, /preview carries Wagtail's userbar (it feeds the
        # checks panel): its scripts, styles and icons come from the admin's static files.
        wagtail = " ".join(f"{origin}{WAGTAIL_ADMIN_STATIC}" for origin in cms_origins)
        if wagtail:
            for directive in ("script-src", "style-src", "img-src"):
                previewable = re.sub(
                    rf"(^|; ){directive} ([^;]*)", rf"\1{directive} \2 {wagtail}", previewable
                )
        self.preview_headers = [(b"content-security-policy", previewable.encode()), *common]

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if scope["path"].startswith("/embed/"):
            headers = self.embed_headers
        elif scope["path"] == "/preview":
            headers = self.preview_headers
        else:
            headers = self.headers

        async def send_with_headers(message):
            if message["type"] == "http.response.start":
                existing = {name.lower() for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    header for header in headers if header[0] not in existing
                ]
                if scope["path"].startswith("/static/"):
                    message["headers"].append((b"cache-control", b"public, max-age=86400"))
            await send(message)

        await self.app(scope, receive, send_with_headers)


def create_app(
    config: ReaderConfig | None = None, transport: httpx.AsyncBaseTransport | None = None
) -> Starlette:
    config = config or ReaderConfig.from_env()
    cache = ResponseCache(ttl=config.cache_ttl, max_entries=config.cache_max_entries)
    client = ApiClient(config.api_base_url, cache=cache, transport=transport)
    pages = Pages(config, client, Renderer())
    if config.redis_url:
        pages.broadcast = PurgeBroadcast(
            config.redis_url,
            config.purge_channel,
            apply=lambda payload: purge(cache, payload, config.api_base_url),
            forget_all=cache.clear,
        )

    routes = [
        Route("/", pages.root),
        Route("/robots.txt", pages.robots),
        Route("/sitemap.xml", pages.sitemap),
        Route("/preview", pages.preview),
        Route("/_purge", pages.receive_purge, methods=["POST"]),
        Route("/embed/series/{slug}/", pages.embed_series),
        Route("/embed/story/{story_id}/", pages.embed_story),
        Mount("/static", StaticFiles(directory=STATIC_DIR), name="static"),
        Route("/{lang}/", pages.home),
        Route("/{lang}/series/", pages.series_list),
    ]
    for kind, handler in (
        ("territory", pages.territory),
        ("theme", pages.theme),
        ("contributor", pages.contributor),
        ("partner", pages.partner),
    ):
        for spelling in dict.fromkeys(SEGMENTS[kind].values()):
            routes.append(Route(f"/{{lang}}/{spelling}/{{slug}}/", handler))
    for spelling in dict.fromkeys(SEGMENTS["search"].values()):
        routes.append(Route(f"/{{lang}}/{spelling}/", pages.search))
    for spelling in dict.fromkeys(SEGMENTS["stories"].values()):
        routes.append(Route(f"/{{lang}}/{spelling}/", pages.stories_list))
    routes.append(Route("/{lang}/{rest:path}", pages.resolve))

    async def not_found(request: Request, exc: HTTPException):
        if exc.status_code in (404, 400, 405):
            return await pages.error_page(
                request, exc.status_code if exc.status_code != 405 else 404
            )
        return await pages.error_page(request, exc.status_code)

    async def api_error(request: Request, exc: ApiError):
        return await pages.error_page(request, 404 if exc.status in (403, 404, 410) else 400)

    async def unavailable(request: Request, exc: ApiUnavailable):
        logger.warning("API unavailable for %s: %s", request.url.path, exc)
        return await pages.error_page(request, 503)

    async def crashed(request: Request, exc: Exception):
        logger.exception("reader site error on %s", request.url.path)
        return await pages.error_page(request, 500)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        if pages.broadcast is not None:
            await pages.broadcast.start()
        yield
        if pages.broadcast is not None:
            await pages.broadcast.stop()
        await client.aclose()

    app = Starlette(
        routes=routes,
        exception_handlers={
            HTTPException: not_found,
            ApiError: api_error,
            ApiUnavailable: unavailable,
            Exception: crashed,
        },
        lifespan=lifespan,
    )
    app.state.config = config
    app.state.cache = cache
    app.state.api = client
    app.state.broadcast = pages.broadcast
    # Links are built on config.site_url, never on the Host header; a request for any other
    # host is refused, so no cache in front can store a page made for a forged host.
    app.add_middleware(
        TrustedHostMiddleware, allowed_hosts=list(config.trusted_hosts), www_redirect=False
    )
    # Pages are text: compressed they weigh a quarter (a CDN in front may do it instead).
    app.add_middleware(GZipMiddleware, minimum_size=1000)
    app.add_middleware(
        SecurityHeaders, csp=content_security_policy(config), cms_origins=config.cms_origins
    )
    return app


app = create_app()
