"""The API root, the front page, path resolution and the sitemap."""

import re

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Subquery, Value
from django.db.models.functions import Concat
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework.response import Response

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Page

from home.models import HomePage
from series.models import Partner, SeriesIndexPage, SeriesPage
from stories.models import (
    Contributor,
    StoryIndexPage,
    StoryPage,
    Territory,
    Theme,
)

from ..errors import not_found
from ..links import api_url, locale_code, locale_id, page_url, snippet_url
from ..params import LOCALES, Param, ParamSpec
from ..read_model.kinds import PAGE_KINDS, page_kind
from ..read_model.store import documents, first_row, response
from ..serializers.series import SeriesDetailSerializer
from ..serializers.site import (
    HomeSerializer,
    IndexPageSerializer,
    RedirectSerializer,
    SitemapSerializer,
)
from ..serializers.stories import StoryDetailSerializer
from ..visibility import instant, visible, visible_at
from .base import ApiView, documented
from .series import series_response

PAGE_TYPES = {
    StoryPage: "story",
    SeriesPage: "series",
    HomePage: "home",
    SeriesIndexPage: "series_index",
    StoryIndexPage: "story_index",
}


class RootView(ApiView):
    @extend_schema(exclude=True)
    def get(self, request):
        names = {
            "series": "series-list",
            "stories": "stories-list",
            "territories": "territories-list",
            "themes": "themes-list",
            "contributors": "contributors-list",
            "partners": "partners-list",
            "home": "home",
            "resolve": "resolve",
            "search": "search",
            "preview": "preview",
            "sitemap": "sitemap",
            "schema": "schema",
            "docs": "docs",
        }
        return Response(
            {
                "name": "Terrain API",
                "version": "v1",
                "locales": list(LOCALES),
                "endpoints": {key: api_url(request, name) for key, name in names.items()},
            }
        )


# --- home ---------------------------------------------------------------------------------


class HomeView(ApiView):
    spec = ParamSpec()

    @documented(spec, HomeSerializer, operation_id="home", summary="The front page of a locale")
    def get(self, request):
        now, hidden = instant(request)
        document = self.prepared_detail(
            homes_at, "home", now=now, hidden=hidden, locale_id=self.locale_id
        )
        return response(request, document)


def homes_at(*, now, hidden, locale_id):
    """A locale's visible front pages, the first one first (a builder for prepared queries)."""
    return visible_at(HomePage, now, hidden).filter(locale_id=locale_id).order_by("path")


# --- resolve ------------------------------------------------------------------------------

RESOLVED = PolymorphicProxySerializer(
    component_name="Resolved",
    serializers={
        "story": StoryDetailSerializer,
        "series": SeriesDetailSerializer,
        "home": HomeSerializer,
        "series_index": IndexPageSerializer,
        "story_index": IndexPageSerializer,
        "redirect": RedirectSerializer,
    },
    resource_type_field_name="type",
)
READER_PATH = re.compile(r"^/(fr|en)/((?:[-\w]+/)*)$")


def page_answer(request, row):
    """The stored detail of the visible page of `row` (from with_documents), or None."""
    model = ContentType.objects.get_for_id(row["content_type_id"]).model_class()
    kind = page_kind(model)
    found = documents(kind, "detail", [row]) if kind is not None else []
    if not found:
        return None
    if kind == "series":
        return series_response(request, row["pk"], found[0])
    return response(request, found[0])


def redirect_for(request, path: str) -> dict | None:
    redirect = (
        Redirect.objects.filter(old_path=Redirect.normalise_path(path))
        .select_related("redirect_page")
        .order_by("site_id")
        .first()
    )
    if redirect is None:
        return None
    if redirect.redirect_page_id:
        target = visible(request, Page).filter(pk=redirect.redirect_page_id).first()
        if target is None:
            return None
        location = page_url(target.url_path, locale_code(target.locale_id))
    elif redirect.redirect_link.startswith(("http://", "https://")):
        location = redirect.redirect_link
    elif redirect.redirect_link.startswith("/") and not redirect.redirect_link.startswith("//"):
        location = settings.FRONTEND_BASE_URL + redirect.redirect_link
    else:
        return None
    return {"type": "redirect", "location": location, "permanent": redirect.is_permanent}


def page_at_path(*, now, hidden, locale_id, rest):
    """The visible page at this path under a locale's front page, found in one query (a
    builder for prepared queries)."""
    home = HomePage.objects.filter(locale_id=locale_id).order_by("path")
    under_home = Concat(Subquery(home.values("url_path")[:1]), Value(rest))
    return visible_at(Page, now, hidden).filter(url_path=under_home, locale_id=locale_id)


class ResolveView(ApiView):
    spec = ParamSpec(
        (
            Param(
                "path",
                "path",
                "A reader-site path with its language prefix, e.g. /fr/series/bassin-minier/.",
                required=True,
            ),
        )
    )

    @documented(
        spec,
        RESOLVED,
        operation_id="resolve",
        summary="The page (or redirect) at a reader-site path",
    )
    def get(self, request):
        path = self.params["path"].split("?")[0]
        if not path.endswith("/"):
            path += "/"
        match = READER_PATH.match(path)
        if match is not None:
            code, rest = match.groups()
            now, hidden = instant(request)
            row = first_row(
                page_at_path,
                PAGE_KINDS,
                "detail",
                ("content_type_id",),
                now=now,
                hidden=hidden,
                locale_id=locale_id(code),
                rest=rest,
            )
            answer = page_answer(request, row) if row is not None else None
            if answer is not None:
                return answer
        redirect = redirect_for(request, self.params["path"])
        if redirect is not None:
            return Response(redirect)
        raise not_found(f"No published page at {self.params['path'][:200]}.")


# --- sitemap ------------------------------------------------------------------------------


class SitemapView(ApiView):
    spec = ParamSpec()

    @documented(
        spec,
        SitemapSerializer,
        operation_id="sitemap",
        summary="Every public reader-site URL of a locale",
    )
    def get(self, request):
        code = self.params["locale"]
        pages = visible(request, Page).filter(depth__gte=2).order_by("path")
        rows = list(
            pages.values_list(
                "pk",
                "url_path",
                "locale_id",
                "translation_key",
                "last_published_at",
                "content_type_id",
            )
        )
        by_key: dict = {}
        for pk, url_path, loc, key, _updated, _ct in rows:
            by_key.setdefault(key, []).append(
                {"locale": locale_code(loc), "url": page_url(url_path, locale_code(loc)), "pk": pk}
            )
        items = []
        for pk, url_path, loc, key, updated, content_type_id in rows:
            if loc != self.locale_id:
                continue
            model = ContentType.objects.get_for_id(content_type_id).model_class()
            items.append(
                {
                    "url": page_url(url_path, code),
                    "type": PAGE_TYPES.get(model, "page"),
                    "lastmod": updated,
                    "translations": [
                        {"locale": t["locale"], "url": t["url"]}
                        for t in by_key[key]
                        if t["pk"] != pk
                    ],
                }
            )
        for kind, model in (
            ("territory", Territory),
            ("theme", Theme),
            ("contributor", Contributor),
            ("partner", Partner),
        ):
            objects = list(
                model.objects.order_by("slug").values_list(
                    "pk", "slug", "locale_id", "translation_key"
                )
            )
            keyed: dict = {}
            for pk, slug, loc, key in objects:
                keyed.setdefault(key, []).append((pk, slug, loc))
            for pk, slug, loc, key in objects:
                if loc != self.locale_id:
                    continue
                items.append(
                    {
                        "url": snippet_url(kind, slug, code),
                        "type": kind,
                        "lastmod": None,
                        "translations": [
                            {
                                "locale": locale_code(other),
                                "url": snippet_url(kind, s, locale_code(other)),
                            }
                            for p, s, other in keyed[key]
                            if p != pk
                        ],
                    }
                )
        return Response({"locale": code, "count": len(items), "items": items})
