"""Rich text on the way out: Wagtail's stored links become reader-site URLs, then nh3 keeps
only harmless HTML (no script, no event handler, no javascript: URL, no Wagtail <embed>)."""

import re

from wagtail.documents import get_document_model
from wagtail.models import Page
from wagtail.rich_text.rewriters import extract_attrs

import nh3

from .links import absolute, locale_code, page_url
from .visibility import visible

ALLOWED_TAGS = {
    "p", "br", "b", "strong", "i", "em", "a", "ol", "ul", "li", "h2", "h3", "h4",
    "blockquote", "sup", "sub", "code", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}

LINK_TAG = re.compile(r"<a(\s[^>]*)?>", re.IGNORECASE)
EMBED_TAG = re.compile(r"<embed\b[^>]*/?>(\s*</embed>)?", re.IGNORECASE)


class LinkResolver:
    """Collects the pages and documents that rich text links to, then loads them in two queries."""

    def __init__(self, request):
        self.request = request
        self.page_ids: set[int] = set()
        self.document_ids: set[int] = set()
        self.pages: dict[int, str] = {}
        self.documents: dict[int, str] = {}

    def collect(self, html: str):
        for match in LINK_TAG.finditer(html or ""):
            attrs = extract_attrs(match.group(1) or "")
            target = _int(attrs.get("id"))
            if target is None:
                continue
            if attrs.get("linktype") == "page":
                self.page_ids.add(target)
            elif attrs.get("linktype") == "document":
                self.document_ids.add(target)

    def resolve(self):
        if self.page_ids:
            pages = visible(self.request, Page).filter(pk__in=self.page_ids)
            self.pages = {
                pk: page_url(url_path, locale_code(loc))
                for pk, url_path, loc in pages.values_list("pk", "url_path", "locale_id")
            }
        if self.document_ids:
            documents = get_document_model().objects.filter(pk__in=self.document_ids)
            self.documents = {doc.pk: absolute(self.request, doc.url) for doc in documents}

    def render(self, html: str) -> str:
        def rewrite_link(match):
            attrs = extract_attrs(match.group(1) or "")
            linktype = attrs.get("linktype")
            if linktype is None:
                return match.group(0)  # an ordinary link: nh3 checks its URL below
            target = _int(attrs.get("id"))
            href = None
            if linktype == "page":
                href = self.pages.get(target)
            elif linktype == "document":
                href = self.documents.get(target)
            # A link to something not (or no longer) public keeps its words, loses its target.
            return f'<a href="{_escape(href)}">' if href else "<a>"

        html = EMBED_TAG.sub("", html or "")
        html = LINK_TAG.sub(rewrite_link, html)
        return clean(html)


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def render_one(request, html: str) -> str:
    resolver = LinkResolver(request)
    resolver.collect(html)
    resolver.resolve()
    return resolver.render(html)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _escape(url: str) -> str:
    return url.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;")
