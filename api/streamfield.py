"""A story's body as typed blocks: [{"type", "id", "value"}], images, documents and pages expanded.

Works from the stored (raw) JSON so that every image, document and page the body mentions is
loaded in one query per kind, whatever the number of blocks.
"""

import re
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qs, urlsplit

from django.utils.html import format_html

from stories.blocks import embed_provider
from stories.models import StoryPage

from .images import image_data, load_images, renditions_prefetch
from .links import InDocumentLocale, absolute, api_url, locale_code, page_url
from .richtext import LinkResolver, public_documents
from .visibility import visible

VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{4,64}$")


def _items(list_value) -> list:
    """ListBlock raw data is [{"type": "item", "value": …}] since Wagtail 2.16, plain before."""
    items = []
    for item in list_value or []:
        if isinstance(item, dict) and item.get("type") == "item" and "value" in item:
            items.append(item["value"])
        else:
            items.append(item)
    return items


def _int(value):
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _number(value):
    try:
        return float(Decimal(str(value)))
    except (InvalidOperation, ValueError, TypeError):
        return None


def embed_html(url: str, title: str) -> str | None:
    """A player built from the URL alone, for the platforms whose player URL is predictable."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    video = None
    src = None
    if host in {"youtube.com", "youtu.be"}:
        if host == "youtu.be":
            video = parts.path.strip("/").split("/")[0]
        elif parts.path == "/watch":
            video = (parse_qs(parts.query).get("v") or [""])[0]
        elif parts.path.startswith(("/embed/", "/shorts/", "/live/")):
            video = parts.path.strip("/").split("/")[1] if parts.path.count("/") >= 2 else ""
        if video and VIDEO_ID.match(video):
            src = f"https://www.youtube-nocookie.com/embed/{video}"
    elif host == "vimeo.com":
        video = parts.path.strip("/").split("/")[0]
        if video.isdigit():
            src = f"https://player.vimeo.com/video/{video}"
    elif host == "dailymotion.com" and parts.path.startswith("/video/"):
        video = parts.path.split("/")[2] if parts.path.count("/") >= 2 else ""
        if video and VIDEO_ID.match(video):
            src = f"https://www.dailymotion.com/embed/video/{video}"
    if src is None:
        return None
    return format_html(
        '<iframe src="{}" title="{}" width="640" height="360" loading="lazy" '
        'allow="fullscreen; picture-in-picture" allowfullscreen></iframe>',
        src,
        title,
    )


def document_data(request, document) -> dict | None:
    if document is None:
        return None
    return {
        "id": document.pk,
        "title": document.title,
        "url": absolute(request, document.url),
        "filename": document.filename,
        "extension": document.file_extension.lower(),
        "size": document.file_size,
    }


class BodyRenderer:
    """Collect every reference in one or more bodies, load them in bulk, then render."""

    def __init__(self, request, locale_id: int | None = None):
        self.request = request
        self.locale_id = locale_id  # the document's language: references go to its versions
        self.links = LinkResolver(request, locale_id)
        self.image_ids: set[int] = set()
        self.document_ids: set[int] = set()
        self.story_ids: set[int] = set()

    def collect(self, raw_blocks):
        for block in raw_blocks:
            kind, value = block.get("type"), block.get("value")
            if kind == "paragraph" and isinstance(value, str):
                self.links.collect(value)
            if not isinstance(value, dict):
                continue
            if kind == "image":
                self.image_ids.add(_int(value.get("image")))
            elif kind == "gallery":
                for item in _items(value.get("images")):
                    if isinstance(item, dict):
                        self.image_ids.add(_int(item.get("image")))
            elif kind == "person":
                self.image_ids.add(_int(value.get("portrait")))
            elif kind == "audio":
                self.document_ids.add(_int(value.get("file")))
                self.links.collect(value.get("transcript") or "")
            elif kind == "document":
                self.document_ids.add(_int(value.get("document")))
            elif kind == "fact_box":
                self.links.collect(value.get("body") or "")
            elif kind == "related":
                self.story_ids.update(_int(i) for i in _items(value.get("stories")))

    def load(self):
        self.links.resolve()
        self.images = load_images(self.image_ids - {None})
        # Documents of restricted collections are never shown: their blocks are left out.
        self.documents = public_documents(self.document_ids)
        ids = self.story_ids - {None}
        stories = (
            visible(self.request, StoryPage)
            .select_related("lead_image")
            .prefetch_related(renditions_prefetch("lead_image__renditions"))
        )
        self.stories = stories.filter(pk__in=ids).in_bulk() if ids else {}
        local = InDocumentLocale({StoryPage: stories})
        for story in self.stories.values():
            local.want(story, self.locale_id)
        local.load()
        self.stories = {pk: local.get(story, self.locale_id) for pk, story in self.stories.items()}

    def render(self, raw_blocks) -> list[dict]:
        rendered = []
        for block in raw_blocks:
            kind, value = block.get("type"), block.get("value")
            method = getattr(self, f"_{kind}", None)
            if method is None or value is None:
                continue
            try:
                out = method(value)
            except (AttributeError, TypeError, KeyError):
                # Stored data from an older block definition: skip the block, never 500.
                continue
            if out is not None:
                rendered.append({"type": kind, "id": str(block.get("id") or ""), "value": out})
        return rendered

    def _image_of(self, image_id, caption="", credit=""):
        language = locale_code(self.locale_id) if self.locale_id else None
        return image_data(self.request, self.images.get(_int(image_id)), caption, credit, language)

    def _paragraph(self, value):
        return {"html": self.links.render(value)}

    def _heading(self, value):
        level = value.get("level") if value.get("level") in {"h2", "h3"} else "h2"
        return {"text": value.get("text") or "", "level": level}

    def _image(self, value):
        image = self._image_of(value.get("image"), value.get("caption"), value.get("credit"))
        if image is None:
            return None
        layout = (
            value.get("layout") if value.get("layout") in {"inline", "wide", "full"} else "inline"
        )
        return {
            "image": image,
            "caption": image["caption"],
            "credit": image["credit"],
            "layout": layout,
        }

    def _gallery(self, value):
        images = []
        for item in _items(value.get("images")):
            image = self._image_of(item.get("image"), item.get("caption"))
            if image is not None:
                images.append({"image": image, "caption": image["caption"]})
        return {"title": value.get("title") or "", "images": images}

    def _quote(self, value):
        return {
            "text": value.get("text") or "",
            "attribution": value.get("attribution") or "",
            "role": value.get("role") or "",
        }

    def _embed(self, value):
        url = value.get("url") or ""
        title = value.get("title") or ""
        provider = embed_provider(url)
        if provider is None:
            # Not an http(s) address of a known platform (a translation override or an old
            # row the form never checked): never handed to a reader or a partner.
            return None
        return {
            "url": url,
            "provider": provider,
            "title": title,
            "caption": value.get("caption") or "",
            "html": embed_html(url, title or url),
        }

    def _audio(self, value):
        document = self.documents.get(_int(value.get("file")))
        if document is None:
            return None
        return {
            "file": document_data(self.request, document),
            "title": value.get("title") or "",
            "duration": value.get("duration") or "",
            "transcript": self.links.render(value.get("transcript") or ""),
        }

    def _key_figures(self, value):
        figures = [
            {"figure": item.get("figure") or "", "label": item.get("label") or ""}
            for item in _items(value.get("figures"))
            if isinstance(item, dict)
        ]
        return {"title": value.get("title") or "", "figures": figures}

    def _fact_box(self, value):
        return {
            "title": value.get("title") or "",
            "body": self.links.render(value.get("body") or ""),
        }

    def _map(self, value):
        lat, lon = _number(value.get("lat")), _number(value.get("lon"))
        if lat is None or lon is None:
            return None
        return {"lat": lat, "lon": lon, "label": value.get("label") or ""}

    def _document(self, value):
        document = self.documents.get(_int(value.get("document")))
        if document is None:
            return None
        return {
            "document": document_data(self.request, document),
            "title": value.get("title") or document.title,
            "description": value.get("description") or "",
        }

    def _person(self, value):
        return {
            "name": value.get("name") or "",
            "role": value.get("role") or "",
            "portrait": self._image_of(value.get("portrait")),
            "text": value.get("text") or "",
        }

    def _related(self, value):
        stories, seen = [], set()
        for story_id in _items(value.get("stories")):
            story = self.stories.get(_int(story_id))
            if story is None:
                continue  # unpublished, private, embargoed, expired or deleted: never shown
            if story.pk in seen:
                continue  # a story and its translation chosen both: one link in this language
            seen.add(story.pk)
            code = locale_code(story.locale_id)
            stories.append(
                {
                    "id": story.pk,
                    "type": "story",
                    "locale": code,
                    "title": story.title,
                    "subtitle": story.subtitle,
                    "url": page_url(story.url_path, code),
                    "api_url": api_url(self.request, "story-detail", id=story.pk),
                    "lead_image": image_data(self.request, story.lead_image, language=code),
                }
            )
        if not stories:
            return None
        return {"title": value.get("title") or "", "stories": stories}


def render_body(request, raw_blocks, locale_id: int | None = None) -> list[dict]:
    """`locale_id`: the language of the document the body belongs to (see InDocumentLocale)."""
    raw_blocks = [b for b in raw_blocks if isinstance(b, dict)]
    renderer = BodyRenderer(request, locale_id)
    renderer.collect(raw_blocks)
    renderer.load()
    return renderer.render(raw_blocks)


def render_bodies(request, pages) -> tuple[dict[int, list[dict]], dict]:
    """The bodies of many stories, their references loaded once per language (not once per
    story); also the images they show, loaded with their renditions, by id."""
    by_locale: dict = {}
    for page in pages:
        by_locale.setdefault(page.locale_id, []).append(page)
    bodies, images = {}, {}
    for locale_id, group in by_locale.items():
        raws = {
            page.pk: [block for block in page.body.raw_data if isinstance(block, dict)]
            for page in group
        }
        renderer = BodyRenderer(request, locale_id)
        for raw in raws.values():
            renderer.collect(raw)
        renderer.load()
        for pk, raw in raws.items():
            bodies[pk] = renderer.render(raw)
        images.update(renderer.images)
    return bodies, images
