"""Rich text on the way out: Wagtail's stored links become reader-site URLs, then nh3 keeps
only harmless HTML (no script, no event handler, no javascript: URL, no Wagtail <embed>)."""

import re

from wagtail.documents import get_document_model
from wagtail.models import CollectionViewRestriction, Page
from wagtail.rich_text.rewriters import extract_attrs

import nh3

from .links import InDocumentLocale, absolute, locale_code, page_url
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

    def __init__(self, request, locale_id: int | None = None):
        self.request = request
        # The language of the document being rendered: links go to its version of a page.
        self.locale_id = locale_id
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
            queryset = visible(self.request, Page).only(
                "pk", "url_path", "locale_id", "translation_key"
            )
            pages = list(queryset.filter(pk__in=self.page_ids))
            local = InDocumentLocale({Page: queryset})
            for page in pages:
                local.want(page, self.locale_id)
            local.load()
            self.pages = {}
            for page in pages:
                target = local.get(page, self.locale_id)
                self.pages[page.pk] = page_url(target.url_path, locale_code(target.locale_id))
        if self.document_ids:
            documents = public_documents(self.document_ids).values()
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


def public_documents(ids) -> dict:
    """The documents among `ids` that anyone may download: none of a collection restricted
    (password, login or groups) on itself or above. Rich-text links to the others keep their
    words and lose their target; document and audio blocks showing them are left out."""
    ids = {pk for pk in ids if pk is not None}
    if not ids:
        return {}
    documents = get_document_model().objects.filter(pk__in=ids)
    for path in CollectionViewRestriction.objects.values_list("collection__path", flat=True):
        documents = documents.exclude(collection__path__startswith=path)
    return documents.in_bulk()


def clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel=None,
        strip_comments=True,
    )


def render_one(request, html: str, locale_id: int | None = None) -> str:
    resolver = LinkResolver(request, locale_id)
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
