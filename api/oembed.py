"""oEmbed provider for reader-site story and series URLs: a `rich` embed whose html is an
iframe to the reader site's embed card (the one part of the reader site partners may frame)."""

import json
import re
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.utils.html import escape
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from home.models import HomePage
from series.models import SeriesPage
from stories.models import StoryPage

from .errors import Problem, exception_handler, invalid_parameter, not_found
from .links import locale_id, origin
from .ninjs import byline_of
from .params import LOCALES, MAX_VALUE_LENGTH
from .read_model.render import ORIGIN
from .read_model.store import documents, with_documents
from .views.base import problems

READER_PATH = re.compile(r"^/(" + "|".join(LOCALES) + r")/(.*)$")
SIZES = {"story": (600, 420), "series": (600, 540)}
MIN_SIZE = 200
MAX_SIZE = 99_999  # five digits, as `dimension` reads them
ALLOWED = {"url", "format", "maxwidth", "maxheight"}


def reader_page(url: str) -> tuple[str, dict] | None:
    """The kind and the stored document of the visible story or series at a reader-site URL
    (a story's summary, a series' detail head: what names its journalists), or None."""
    reader = urlsplit(settings.FRONTEND_BASE_URL)
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - a port that is not a number raises here
    except ValueError:
        return None
    if (parts.scheme, parts.netloc) != (reader.scheme, reader.netloc):
        return None
    path = parts.path if parts.path.endswith("/") else parts.path + "/"
    match = READER_PATH.match(path)
    if match is None:
        return None
    code, rest = match.groups()
    home = HomePage.objects.filter(locale_id=locale_id(code)).order_by("path").first()
    if home is None:
        return None
    for kind, model, variant in (("story", StoryPage, "summary"), ("series", SeriesPage, "detail")):
        pages = model.objects.visible().filter(
            url_path=home.url_path + rest, locale_id=home.locale_id
        )
        rows = list(with_documents(pages, kind, variant)[:1])
        found = documents(kind, variant, rows)
        if found:
            return kind, json.loads(found[0].text)
    return None


def dimension(query, name: str) -> int | None:
    raw = query.get(name)
    if raw is None:
        return None
    if not re.fullmatch(r"[0-9]{1,5}", raw) or int(raw) < MIN_SIZE:
        raise invalid_parameter(name, f"“{name}” must be a whole number of pixels ≥ {MIN_SIZE}.")
    return int(raw)


class OEmbedView(APIView):
    authentication_classes: list = []
    permission_classes: list = []

    def get_exception_handler(self):
        return exception_handler

    def perform_content_negotiation(self, request, force=False):
        # Consumers send all sorts of Accept headers; the answer is JSON or a problem.
        return super().perform_content_negotiation(request, force=True)

    @extend_schema(
        operation_id="oembed",
        summary="oEmbed (rich) for a reader-site story or series URL",
        parameters=[
            OpenApiParameter(
                "url",
                {"type": "string", "format": "uri", "minLength": 1, "maxLength": MAX_VALUE_LENGTH},
                required=True,
                description="A reader-site URL.",
            ),
            OpenApiParameter(
                "format",
                str,
                enum=["json"],
                description="Only json: xml answers 501, as oEmbed says.",
            ),
            OpenApiParameter(
                "maxwidth", {"type": "integer", "minimum": MIN_SIZE, "maximum": MAX_SIZE}
            ),
            OpenApiParameter(
                "maxheight", {"type": "integer", "minimum": MIN_SIZE, "maximum": MAX_SIZE}
            ),
        ],
        responses={200: dict, **problems(400, 404, 501)},
    )
    def get(self, request):
        query = request.query_params
        for name in query:
            if name not in ALLOWED:
                raise invalid_parameter(name[:50], f"Unknown parameter “{name[:50]}”.")
            if len(query.getlist(name)) > 1 or len(query[name]) > MAX_VALUE_LENGTH:
                raise invalid_parameter(name, f"“{name}” must be given once, briefly.")
            if "\x00" in query[name]:
                # PostgreSQL refuses NUL in text: a 500 if it ever reached a query.
                raise invalid_parameter(name, f"“{name}” contains a NUL byte.")
        response_format = query.get("format") or "json"
        if response_format == "xml":  # a format oEmbed defines that this provider doesn't serve
            raise Problem(501, "Only format=json is served.", parameter="format")
        if response_format != "json":
            raise invalid_parameter("format", "“format” is json (or xml, not served here).")
        url = query.get("url", "").strip()
        if not url:
            raise invalid_parameter("url", "“url” is required: a reader-site URL.")
        max_width, max_height = dimension(query, "maxwidth"), dimension(query, "maxheight")
        found = reader_page(url)
        if found is None:
            raise not_found("No published story or series at this URL.")
        data = self.embed(request, *found, max_width, max_height)
        response = Response(data)
        response["Cache-Control"] = "public, max-age=300"
        return response

    def embed(self, request, kind: str, document: dict, max_width, max_height) -> dict:
        code = document["locale"]
        if kind == "series":
            image = document["cover_image"]
            card = f"/embed/series/{document['url'].rstrip('/').rsplit('/', 1)[-1]}/"
            author = ", ".join(journalist["name"] for journalist in document["journalists"])
        else:
            image = document["lead_image"]
            card = f"/embed/story/{document['id']}/"
            author = byline_of([(a["name"], a["role"]) for a in document["authors"]], code)
        width, height = SIZES[kind]
        if max_width:
            width = min(width, max_width)
        if max_height:
            height = min(height, max_height)
        src = f"{settings.FRONTEND_BASE_URL}{card}?{urlencode({'locale': code})}"
        title = document["title"]
        data = {
            "version": "1.0",
            "type": "rich",
            "provider_name": settings.WAGTAIL_SITE_NAME,
            "provider_url": settings.FRONTEND_BASE_URL + "/",
            "title": title,
            "author_name": author or settings.WAGTAIL_SITE_NAME,
            "width": width,
            "height": height,
            "cache_age": 3600,
            "html": (
                f'<iframe src="{escape(src)}" width="{width}" height="{height}" '
                f'title="{escape(title)}" loading="lazy" '
                f'style="border:0;max-width:100%" referrerpolicy="strict-origin-when-cross-origin"'
                "></iframe>"
            ),
        }
        if image is not None:
            thumbnail = image["renditions"]["thumbnail"]
            data.update(
                thumbnail_url=thumbnail["url"].replace(ORIGIN, origin(request)),
                thumbnail_width=thumbnail["width"],
                thumbnail_height=thumbnail["height"],
            )
        return data
