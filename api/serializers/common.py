"""Shapes shared by every representation: images, translations, the list envelope, problems.

Serializer classes here document the JSON (drf-spectacular reads their fields); the
representation itself is built by plain functions so a page of 100 items costs a fixed
number of queries and little CPU.
"""

from rest_framework import serializers

from stories.models import RENDITION_SPECS

from ..links import api_url, locale_code, page_url, reader_path, snippet_url
from ..visibility import visible

LOCALE_CHOICES = [("fr", "fr"), ("en", "en")]


class RenditionSerializer(serializers.Serializer):
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()


RenditionSetSerializer = type(
    "RenditionSetSerializer",
    (serializers.Serializer,),
    {name: RenditionSerializer() for name in RENDITION_SPECS},
)


class ImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    alt = serializers.CharField()
    caption = serializers.CharField(allow_blank=True)
    credit = serializers.CharField(allow_blank=True)
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    renditions = RenditionSetSerializer(help_text="WebP renditions by name.")
    srcset = serializers.CharField(help_text="Ready for <img srcset>: the width renditions.")


class TranslationSerializer(serializers.Serializer):
    locale = serializers.ChoiceField(choices=LOCALE_CHOICES)
    id = serializers.IntegerField()
    url = serializers.URLField(help_text="On the reader site.")
    api_url = serializers.URLField()


class ItemSerializer(serializers.Serializer):
    """What every item carries, whatever its type."""

    id = serializers.IntegerField()
    type = serializers.CharField()
    locale = serializers.ChoiceField(choices=LOCALE_CHOICES)
    title = serializers.CharField()
    url = serializers.URLField(help_text="Absolute URL on the reader site.")
    api_url = serializers.URLField()
    translations = TranslationSerializer(many=True, help_text="Other published languages.")
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField(allow_null=True)


class ListMetaSerializer(serializers.Serializer):
    total_count = serializers.IntegerField()
    limit = serializers.IntegerField()
    offset = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


_envelopes: dict = {}


def envelope(item_serializer, name: str):
    """The list envelope {"meta", "items"} around one item shape, as a named schema component."""
    if name not in _envelopes:
        _envelopes[name] = type(
            f"{name}Serializer",
            (serializers.Serializer,),
            {"meta": ListMetaSerializer(), "items": item_serializer(many=True)},
        )
    return _envelopes[name]


class ProblemSerializer(serializers.Serializer):
    """RFC 9457 problem details."""

    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField()
    parameter = serializers.CharField(required=False, help_text="The offending parameter.")


def page_translations(request, model, pages, route: str | None) -> dict[int, list[dict]]:
    """Visible translations of each page, in one query. `route` names the detail endpoint."""
    keys = {page.translation_key for page in pages}
    if not keys:
        return {}
    rows = (
        visible(request, model)
        .filter(translation_key__in=keys)
        .values_list("pk", "translation_key", "locale_id", "url_path")
    )
    by_key: dict = {}
    for pk, key, loc, url_path in rows:
        code = locale_code(loc)
        by_key.setdefault(key, []).append(
            {
                "locale": code,
                "id": pk,
                "url": page_url(url_path, code),
                "api_url": page_api_url(request, route, pk, url_path, code),
            }
        )
    return {
        page.pk: sorted(
            (t for t in by_key.get(page.translation_key, []) if t["id"] != page.pk),
            key=lambda t: t["locale"],
        )
        for page in pages
    }


def page_api_url(request, route, pk, url_path, code) -> str:
    if route in {"story-detail", "series-detail"}:
        return api_url(request, route, id=pk)
    if route == "home":
        return api_url(request, "home", {"locale": code})
    return api_url(request, "resolve", {"path": reader_path(url_path, code)})


def snippet_translations(request, model, objects, kind: str, route: str) -> dict[int, list[dict]]:
    keys = {obj.translation_key for obj in objects}
    if not keys:
        return {}
    rows = model.objects.filter(translation_key__in=keys).values_list(
        "pk", "translation_key", "locale_id", "slug"
    )
    by_key: dict = {}
    for pk, key, loc, slug in rows:
        code = locale_code(loc)
        by_key.setdefault(key, []).append(
            {
                "locale": code,
                "id": pk,
                "url": snippet_url(kind, slug, code),
                "api_url": api_url(request, route, {"locale": code}, slug=slug),
            }
        )
    return {
        obj.pk: sorted(
            (t for t in by_key.get(obj.translation_key, []) if t["id"] != obj.pk),
            key=lambda t: t["locale"],
        )
        for obj in objects
    }
