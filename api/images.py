"""Images leave the CMS as rendition sets (WebP, several widths), never as ids."""

from django.db.models import Prefetch

from stories.models import RENDITION_SPECS, TerrainImage, TerrainRendition

from .links import absolute

SPECS = tuple(RENDITION_SPECS.values())


def renditions_prefetch(lookup: str = "renditions") -> Prefetch:
    """Prefetch exactly the renditions the API shows, so get_renditions() finds them in memory."""
    return Prefetch(lookup, queryset=TerrainRendition.objects.filter(filter_spec__in=SPECS))


def load_images(ids) -> dict[int, TerrainImage]:
    ids = {i for i in ids if isinstance(i, int)}
    if not ids:
        return {}
    return TerrainImage.objects.prefetch_related(renditions_prefetch()).in_bulk(ids)


def image_data(request, image, caption: str = "", credit: str = "") -> dict | None:
    if image is None:
        return None
    # Renditions are made ahead of time (on upload and by seed/maintenance commands);
    # get_renditions() only creates what is still missing.
    by_spec = image.get_renditions(*SPECS)
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
        "alt": image.alt_text or image.title,
        "caption": caption or image.caption,
        "credit": credit or image.credit,
        "width": image.width,
        "height": image.height,
        "renditions": renditions,
        "srcset": ", ".join(f"{url} {width}w" for width, url in sorted(srcset_widths.items())),
    }
