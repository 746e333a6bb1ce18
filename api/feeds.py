"""Feeds for readers (public, excerpts) and partners (full text, with their key), each in
RSS 2.0 (+ Media RSS, dc:creator), Atom 1.0 (RFC 4287) and JSON Feed 1.1.

RSS and Atom are written by Django's feed generators (django.utils.feedgenerator), extended
with the elements they lack; JSON Feed is a plain document.
"""

import dataclasses
import datetime
import hashlib
import io
import json
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.encoding import iri_to_uri
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed, rfc3339_date
from django.utils.html import escape
from django.utils.xmlutils import SimplerXMLGenerator
from django.views.decorators.csrf import csrf_exempt

from series.models import SeriesPage
from stories.models import StoryPage, Territory, Theme

from .body_html import html_of
from .errors import Problem, not_found, problem_response
from .images import image_data
from .links import api_url, locale_id, origin, page_url
from .ninjs import (
    LICENCE_TERMS,
    copyright_holder,
    story_republication,
    story_uri,
)
from .params import LOCALES, path_slug
from .read_model.render import ORIGIN
from .read_model.store import assemble, documents, page_with_documents
from .republication import Republication
from .serializers.stories import licence_name
from .streamfield import render_bodies

FEED_SIZE = 50
FORMATS = {"rss.xml": "rss", "atom.xml": "atom", "feed.json": "json"}
KINDS = ("series", "territories", "themes")
TITLES = {
    "fr": {"all": "Tous les récits", "series": "Série", "territories": "Territoire",
           "themes": "Thème", "partner": "Flux partenaire"},
    "en": {"all": "All stories", "series": "Series", "territories": "Territory",
           "themes": "Theme", "partner": "Partner feed"},
}  # fmt: skip
MEDIA_NS = "http://search.yahoo.com/mrss/"
DC_NS = "http://purl.org/dc/elements/1.1/"
CONTENT_NS = "http://purl.org/rss/1.0/modules/content/"
CC_NS = "http://backend.userland.com/creativeCommonsRssModule"


@dataclass
class FeedItem:
    id: str
    title: str
    url: str
    api_url: str
    summary: str
    published: object
    updated: object
    authors: list[str]
    tags: list[str]
    language: str
    content_html: str | None = None
    image: dict | None = None
    # RSS <description> and Atom <summary type="html">: the summary as HTML, and in public
    # feeds the attribution of an episode (series, funding), which no reader of an excerpt
    # would otherwise see.
    summary_html: str = ""
    rights: str = ""
    licence: dict = field(default_factory=dict)
    republication: Republication = field(default_factory=Republication)


@dataclass
class FeedData:
    title: str
    description: str
    home_url: str
    self_urls: dict
    language: str | None
    items: list = field(default_factory=list)  # stored items (api.read_model Documents)
    updated: datetime.datetime | None = None


# --- generators -------------------------------------------------------------------------------


class LatestFromData:
    """The feed's last change is its items' (stored beside them), not read from the items
    the generator holds: it writes the head only (render_xml)."""

    latest = None

    def latest_post_date(self):
        return self.latest or super().latest_post_date()


class TerrainRssFeed(LatestFromData, Rss201rev2Feed):
    def rss_attributes(self):
        return {
            **super().rss_attributes(),
            "xmlns:media": MEDIA_NS,
            "xmlns:dc": DC_NS,
            "xmlns:content": CONTENT_NS,
            "xmlns:creativeCommons": CC_NS,
        }

    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        for name in item["creators"]:
            handler.addQuickElement("dc:creator", name)
        if item["content_html"]:
            handler.addQuickElement("content:encoded", item["content_html"])
        image = item["image"]
        if image:
            largest = image["renditions"]["w1200"]
            handler.startElement(
                "media:content",
                {
                    "url": largest["url"],
                    "medium": "image",
                    "type": "image/webp",
                    "width": str(largest["width"]),
                    "height": str(largest["height"]),
                },
            )
            handler.addQuickElement("media:description", image["alt"], {"type": "plain"})
            if image["credit"]:
                handler.addQuickElement("media:credit", image["credit"])
            handler.endElement("media:content")
            thumbnail = image["renditions"]["thumbnail"]
            handler.addQuickElement(
                "media:thumbnail",
                "",
                {
                    "url": thumbnail["url"],
                    "width": str(thumbnail["width"]),
                    "height": str(thumbnail["height"]),
                },
            )
        # RSS 2.0 has no per-item <copyright>: Dublin Core's rights, and the Creative Commons
        # module for what aggregators check mechanically.
        if item["rights"]:
            handler.addQuickElement("dc:rights", item["rights"])
        if item["licence_url"]:
            handler.addQuickElement("creativeCommons:license", item["licence_url"])


class TerrainAtomFeed(LatestFromData, Atom1Feed):
    def add_item_elements(self, handler, item):
        super().add_item_elements(handler, item)
        handler.addQuickElement("link", "", {"rel": "self", "href": item["api_url"]})
        for name in item["creators"]:
            handler.startElement("author", {})
            handler.addQuickElement("name", name)
            handler.endElement("author")
        if item["content_html"]:
            handler.addQuickElement("content", item["content_html"], {"type": "html"})
        image = item["image"]
        if image:
            largest = image["renditions"]["w1200"]
            handler.addQuickElement(
                "link", "", {"rel": "enclosure", "href": largest["url"], "type": "image/webp"}
            )
        if item["licence_url"]:
            # RFC 4946; <rights> (item_copyright) is written by Atom1Feed itself.
            handler.addQuickElement("link", "", {"rel": "license", "href": item["licence_url"]})


GENERATORS = {"rss": TerrainRssFeed, "atom": TerrainAtomFeed}
# Where a feed's items go in a document written without them.
CLOSING = {"rss": "</channel>", "atom": "</feed>"}


def add_item(generator, item: FeedItem) -> None:
    series = item.republication.series
    generator.add_item(
        title=item.title,
        link=item.url,
        description=item.summary_html,
        unique_id=item.id,
        unique_id_is_permalink=False,
        pubdate=item.published,
        updateddate=item.updated,
        categories=item.tags + ([series.title] if series else []),
        item_copyright=item.rights or None,
        creators=item.authors,
        content_html=item.content_html,
        image=item.image,
        api_url=item.api_url,
        rights=item.rights,
        licence_url=item.licence["url"],
    )


def item_text(item: FeedItem, kind: str) -> str:
    """One item as its feed writes it: an RSS <item>, an Atom <entry>, a JSON Feed item.
    Stored with the story (api.read_model), and put in feeds as it is."""
    item = xml_safe(item)
    if kind == "json":
        return json.dumps(json_item(item), ensure_ascii=False)
    generator = GENERATORS[kind](title="", link="", description="")
    add_item(generator, item)
    out = io.StringIO()
    generator.write_items(SimplerXMLGenerator(out, "utf-8", short_empty_elements=True))
    return out.getvalue()


def render_xml(data: FeedData, kind: str, here: str) -> bytes:
    """The feed's XML (UTF-8): its head written by the generator, then the items' stored
    text, with the request's origin `here`."""
    generator = GENERATORS[kind](
        title=data.title,
        link=data.home_url,
        description=data.description,
        subtitle=data.description,
        language=data.language,
        feed_url=data.self_urls[kind],
        feed_guid=data.self_urls[kind],
        author_name=copyright_holder(),
        feed_copyright=f"© {copyright_holder()}",
    )
    generator.latest = data.updated
    out = io.StringIO()
    generator.write(out, "utf-8")
    head, closing, tail = out.getvalue().replace(ORIGIN, here).rpartition(CLOSING[kind])
    items = b"".join(item.data_at(here) for item in data.items)
    return head.encode() + items + (closing + tail).encode()


def json_item(item: FeedItem) -> dict:
    entry = {
        "id": item.id,
        "url": item.url,
        "title": item.title,
        "summary": item.summary,
        "date_published": rfc3339_date(item.published),
        "date_modified": rfc3339_date(item.updated),
        "authors": [{"name": name} for name in item.authors],
        "tags": item.tags,
        "language": item.language,
    }
    # JSON Feed wants content_html or content_text in every item.
    if item.content_html:
        entry["content_html"] = item.content_html
    else:
        entry["content_text"] = item.summary
    if item.image:
        entry["image"] = item.image["renditions"]["w1200"]["url"]
        entry["banner_image"] = item.image["renditions"]["w1600"]["url"]
    if not entry["authors"]:
        del entry["authors"]
    entry["_terrain"] = terrain_extension(item)
    return entry


def render_json(data: FeedData, here: str) -> bytes:
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": data.title,
        "home_page_url": data.home_url,
        "feed_url": data.self_urls["json"],
        "description": data.description,
        "authors": [{"name": copyright_holder(), "url": settings.FRONTEND_BASE_URL + "/"}],
    }
    if data.language:
        document["language"] = data.language
    document["items"] = data.items  # stored Documents, spliced as they are
    return assemble(document, here)[0]


def terrain_extension(item: FeedItem) -> dict:
    """JSON Feed has no field for rights, series or funding: an item-level extension
    (docs/api.md, "Feeds"), which readers that don't know it ignore."""
    context = item.republication
    series = context.series
    return {
        "licence": item.licence,
        "rights": item.rights,
        "series": None
        if series is None
        else {
            "title": series.title,
            "url": iri_to_uri(series.url),
            "episode": series.episode,
            "episode_count": series.episode_count,
        },
        "funding": [
            {
                "partner": funding.partner,
                "role": funding.role,
                "role_label": funding.role_label,
                "disclosure": funding.disclosure,
                "website": funding.website,
                "sentence": funding.sentence,
            }
            for funding in context.funding
        ],
        "independence": context.independence,
        "attribution_html": context.attribution_html,
    }


# What XML 1.0 forbids (C0 controls but tab, newline, return; U+FFFE, U+FFFF; lone
# surrogates). One such character anywhere made the XML generator raise: every feed listing
# that story answered 500.
XML_FORBIDDEN_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def xml_safe(value):
    """The value with every character XML 1.0 forbids removed, through lists, dicts and
    dataclasses (a feed's data, an item's image...)."""
    if isinstance(value, str):
        return XML_FORBIDDEN_RE.sub("", value)
    if isinstance(value, list):
        return [xml_safe(v) for v in value]
    if isinstance(value, dict):
        return {k: xml_safe(v) for k, v in value.items()}
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return dataclasses.replace(
            value, **{f.name: xml_safe(getattr(value, f.name)) for f in dataclasses.fields(value)}
        )
    return value


def render(request, data: FeedData, kind: str) -> HttpResponse:
    """The feed from its stored items; its ETag from their versions and the head."""
    # At the boundary, for every format: JSON Feeds are read by the same aggregators. The
    # stored items were made safe when they were rendered.
    data = xml_safe(data)
    here = origin(request)
    response = HttpResponse(
        render_json(data, here) if kind == "json" else render_xml(data, kind, here),
        content_type="application/feed+json" if kind == "json" else GENERATORS[kind].content_type,
    )
    head = dataclasses.replace(data, items=[item.version for item in data.items])
    signature = f"{here} {kind} {head}"
    response.terrain_etag = '"' + hashlib.sha256(signature.encode()).hexdigest()[:32] + '"'
    return response


# --- content ----------------------------------------------------------------------------------


def licence_of(page, code: str) -> dict:
    terms, url = LICENCE_TERMS[page.licence]
    return {
        "code": page.licence,
        "name": licence_name(page.licence, code),
        "terms": terms,
        "url": url,
    }


def feed_items(request, pages, *, full_text: bool, api_name: str, contexts=None) -> list[FeedItem]:
    # Each Atom entry links to its own API representation (rel="self"): the public story in
    # readers' feeds, the ninjs item in partners'.
    api_key_name = "pk" if api_name == "syndication-item" else "id"
    pages = list(pages)
    # Once for the whole feed, never per item: a fixed number of queries for 1 or 50 stories.
    if contexts is None:
        contexts = story_republication(request, pages)
    bodies = render_bodies(request, pages)[0] if full_text else {}
    items = []
    for page in pages:
        code = page.locale.language_code
        context = contexts[page.pk]
        url = iri_to_uri(page_url(page.url_path, code))
        summary = page.subtitle or ""  # plain text; escaped for RSS and Atom only
        summary_html = escape(summary)
        content = None
        if full_text:
            # The snippet travels inside the text a partner's CMS takes in, so it can't be lost.
            content = html_of(bodies[page.pk]) + context.attribution_html
        elif context.series is not None:
            # A reader of the excerpt must see who paid for the series and which episode this
            # is; rights have their own elements. Outside a series the excerpt stays as it is.
            summary_html += context.attribution_html
        image = None
        if page.lead_image is not None:
            image = image_data(
                request, page.lead_image, page.lead_image_caption, page.lead_image_credit, code
            )
        # First publication (the date readers see) and last change: a correction shows as a
        # later update, never as a new story.
        published = page.published_at or page.first_published_at or timezone.now()
        licence = licence_of(page, code)
        items.append(
            FeedItem(
                id=story_uri(page.translation_key, code),
                title=page.title,
                url=url,
                api_url=api_url(request, api_name, **{api_key_name: page.pk}),
                summary=summary,
                published=published,
                updated=max(published, page.last_published_at or published),
                authors=[author.contributor.name for author in page.authors.all()],
                tags=[theme.name for theme in page.themes.all()],
                language=code,
                content_html=content,
                image=image,
                summary_html=summary_html,
                rights=f"© {published.year} {copyright_holder()}. {licence['terms']}",
                licence=licence,
                republication=context,
            )
        )
    return items


def self_urls(request, path_prefix: str, query: str = "") -> dict:
    return {
        kind: request.build_absolute_uri(path_prefix + name + query)
        for name, kind in FORMATS.items()
    }


def public_feed_data(request, code: str, kind: str | None, slug: str | None, fmt: str) -> FeedData:
    if code not in LOCALES:
        raise not_found()
    current_locale = locale_id(code)
    stories = StoryPage.objects.visible().filter(locale_id=current_locale)
    titles = TITLES[code]
    title, home = titles["all"], f"{settings.FRONTEND_BASE_URL}/{code}/"
    if kind == "series":
        series = SeriesPage.objects.visible().filter(locale_id=current_locale, slug=slug).first()
        if series is None:
            raise not_found()
        stories = stories.descendant_of(series)
        title, home = f"{titles['series']} : {series.title}", page_url(series.url_path, code)
        if code == "en":
            title = f"{titles['series']}: {series.title}"
    elif kind == "territories":
        territory = Territory.objects.filter(locale_id=current_locale, slug=slug).first()
        if territory is None:
            raise not_found()
        stories = stories.filter(territory_id__in=Territory.within(pk=territory.pk))
        title = f"{titles['territories']} — {territory.name}"
    elif kind == "themes":
        theme = Theme.objects.filter(locale_id=current_locale, slug=slug).first()
        if theme is None:
            raise not_found()
        stories = stories.filter(themes=theme)
        title = f"{titles['themes']} — {theme.name}"
    elif kind is not None:
        raise not_found()
    prefix = request.path.rsplit("/", 1)[0] + "/"
    return FeedData(
        title=f"{settings.WAGTAIL_SITE_NAME} — {title}",
        description=title,
        home_url=iri_to_uri(home),
        self_urls=self_urls(request, prefix),
        language=code,
        **stored_items(stories, f"{fmt}-short"),
    )


def stored_items(stories, variant: str) -> dict:
    """The feed's latest stories as their stored items, and the last change among them."""
    page = stories.order_by("-published_at", "-pk")[:FEED_SIZE]
    return feed_items_of(documents("feed", variant, page_with_documents(page, "feed", variant)))


def feed_items_of(items: list) -> dict:
    """A feed's stored items, and the last change among them."""
    moments = [item.last_modified for item in items if item.last_modified is not None]
    return {"items": items, "updated": max(moments, default=None)}


def with_http_caching(request, response: HttpResponse, cache_control: str) -> HttpResponse:
    response["Cache-Control"] = cache_control
    etag = response.terrain_etag
    response["ETag"] = etag
    return get_conditional_response(request, etag=etag, response=response)


@csrf_exempt  # a read, never a write: a POST is answered 405 below, not by CSRF's HTML 403
def public_feed(request, locale, filename, kind=None, slug=None):
    """/api/v1/feeds/<locale>/[<series|territories|themes>/<slug>/]<rss.xml|atom.xml|feed.json>"""
    if request.method not in ("GET", "HEAD"):
        response = problem_response(405, "Feeds are read with GET.")
        response["Allow"] = "GET, HEAD"
        return response
    for name in request.GET:
        shown = name[:50]
        return problem_response(
            400, f"Unknown parameter “{shown}”. Feeds take none.", parameter=shown
        )
    if filename not in FORMATS:
        return problem_response(404, "Nothing is published at this address.", kind="not-found")
    try:
        if slug is not None:
            slug = path_slug(slug)  # a NUL byte is a 400, anything but a slug a 404
        data = public_feed_data(request, locale, kind, slug, FORMATS[filename])
    except Problem as problem:
        return problem_response(problem.status_code, str(problem.detail), kind=problem.kind)
    response = render(request, data, FORMATS[filename])
    return with_http_caching(request, response, "public, max-age=300")


def partner_feed_data(request, api_key, rows, code: str | None, fmt: str) -> FeedData:
    """The partner feed around `rows`: its newest stories with their stored items (as
    api.read_model.lists.counted_rows gives them)."""
    title = TITLES[code or "fr"]["partner"]
    prefix = request.path.rsplit("/", 1)[0] + "/"
    return FeedData(
        title=f"{settings.WAGTAIL_SITE_NAME} — {title} — {api_key.partner.name}",
        description=title,
        home_url=settings.FRONTEND_BASE_URL + "/",
        # The feed's own links keep its language: a reader of the English feed stays on it.
        self_urls=self_urls(request, prefix, f"?locale={code}" if code else ""),
        language=code,
        **feed_items_of(documents("feed", f"{fmt}-full", rows)),
    )
