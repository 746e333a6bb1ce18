"""Images leave the CMS as rendition sets (WebP, several widths), never as ids."""

from django.db.models import Prefetch, prefetch_related_objects

from wagtail.images.models import Filter

from stories.models import RENDITION_SPECS, TerrainImage, TerrainRendition

from .links import absolute

SPECS = tuple(RENDITION_SPECS.values())
# Parsed once per process: parsing a filter spec is costly and the specs never change.
FILTERS = tuple(Filter(spec=spec) for spec in SPECS)


def renditions_prefetch(lookup: str = "renditions") -> Prefetch:
    """Prefetch exactly the renditions the API shows, so get_renditions() finds them in memory."""
    return Prefetch(lookup, queryset=TerrainRendition.objects.filter(filter_spec__in=SPECS))


def prefetch_renditions(request, images) -> None:
    """One query for the renditions of every distinct image of a response.

    A list of stories selects each story's image with it; many stories share an image, so
    the renditions are fetched for one instance per image, which image_data() then uses."""
    registry = request.__dict__.setdefault("_terrain_image_objects", {})
    fresh = []
    for image in images:
        if image is not None and image.pk not in registry:
            registry[image.pk] = image
            fresh.append(image)
    if fresh:
        prefetch_related_objects(fresh, renditions_prefetch())


def load_images(ids) -> dict[int, TerrainImage]:
    ids = {i for i in ids if isinstance(i, int)}
    if not ids:
        return {}
    return TerrainImage.objects.prefetch_related(renditions_prefetch()).in_bulk(ids)


def image_data(
    request, image, caption: str = "", credit: str = "", language: str | None = None
) -> dict | None:
    """The same image appears on many items of a list: build its representation once.
    `language`: the document's, for the alternative text."""
    if image is None:
        return None
    memo = request.__dict__.setdefault("_terrain_images", {})
    key = (image.pk, caption, credit)
    if key not in memo:
        image = request.__dict__.get("_terrain_image_objects", {}).get(image.pk, image)
        memo[key] = _image_data(request, image, caption, credit)
    data = memo[key]
    # The renditions are the same in every language: only the alt text differs.
    alt = image.alt_text_in(language)
    return data if data["alt"] == alt else {**data, "alt": alt}


def _image_data(request, image, caption: str, credit: str) -> dict:
    # Renditions are made ahead of time (on upload and by seed/maintenance commands);
    # get_renditions() only creates what is still missing.
    by_spec = image.get_renditions(*FILTERS)
    renditions = {}
    srcset_widths = {}
    for name, spec in RENDITION_SPECS.items():
        rendition = by_spec[spec]
        url = absolute(request, rendition.url)
        renditions[name] = {"url": url, "width": rendition.width, "height": rendition.height}
        if name.startswith("w"):
            srcset_widths.setdefault(rendition.width, url)
    return {
        "id": image.pk,
        "alt": image.alt_text_in(None),
        "caption": caption or image.caption,
        "credit": credit or image.credit,
        "width": image.width,
        "height": image.height,
        "renditions": renditions,
        "srcset": ", ".join(f"{url} {width}w" for width, url in sorted(srcset_widths.items())),
    }
