"""Stories as IPTC ninjs 3.1 documents: one per story and language, with rights and byline."""

import datetime
import mimetypes
import re

from django.conf import settings
from django.db.models import Prefetch
from django.utils.encoding import iri_to_uri
from django.utils.html import strip_tags

from stories.models import LICENCES, StoryAuthor, StoryPage

from .body_html import html_of
from .images import image_data, renditions_prefetch
from .links import InDocumentLocale, absolute, locale_code, page_url, snippet_url
from .republication import Republication, republication
from .streamfield import render_bodies

NINJS_STANDARD = {
    "name": "ninjs",
    "version": "3.1",
    "schema": "http://www.iptc.org/std/ninjs/ninjs-schema_3.1.json",
}

LICENCE_TERMS = {
    "all-rights-reserved": (
        "All rights reserved. Republication only by partners of Terrain under their agreement, "
        "unchanged, with the byline and a link to the original.",
        None,
    ),
    "cc-by-4.0": (
        "Creative Commons Attribution 4.0 International (CC BY 4.0): credit the authors and "
        "Terrain, and link to the original.",
        "https://creativecommons.org/licenses/by/4.0/",
    ),
    "cc-by-sa-4.0": (
        "Creative Commons Attribution-ShareAlike 4.0 International (CC BY-SA 4.0): credit the "
        "authors and Terrain, link to the original, share adaptations under the same licence.",
        "https://creativecommons.org/licenses/by-sa/4.0/",
    ),
    "cc-by-nc-nd-4.0": (
        "Creative Commons Attribution-NonCommercial-NoDerivatives 4.0 International "
        "(CC BY-NC-ND 4.0): credit the authors and Terrain, no commercial use, no changes.",
        "https://creativecommons.org/licenses/by-nc-nd/4.0/",
    ),
}
LICENCE_LABELS = dict(LICENCES)

ROLE_RELATIONS = {
    "text": "author",
    "photo": "photographer",
    "video": "videographer",
    "sound": "sound-recordist",
    "illustration": "illustrator",
    "editing": "editor",
}
ROLE_BYLINE = {
    "fr": {"photo": "photos", "video": "vidéo", "sound": "son", "illustration": "illustrations",
           "editing": "édition"},
    "en": {"photo": "photos", "video": "video", "sound": "sound", "illustration": "illustrations",
           "editing": "editing"},
}  # fmt: skip


def copyright_holder() -> str:
    return getattr(settings, "SYNDICATION_COPYRIGHT_HOLDER", "") or settings.WAGTAIL_SITE_NAME


def story_uri(translation_key, code: str) -> str:
    return f"urn:terrain:story:{translation_key}:{code}"


def iso(value: datetime.datetime | None) -> str | None:
    return value.isoformat() if value else None


def stories_for_ninjs(queryset):
    """Everything a document needs, in a fixed number of queries whatever the page size."""
    return queryset.select_related("territory", "lead_image").prefetch_related(
        Prefetch(
            "authors",
            queryset=StoryAuthor.objects.select_related("contributor").order_by("sort_order"),
        ),
        "themes",
        "tagged_items__tag",
        "corrections",
        Prefetch("lead_image__renditions", queryset=renditions_prefetch().queryset),
    )


def references(page: StoryPage):
    """The story's authors (contributor, role), themes and territory in its own language
    (see api.links.InDocumentLocale): no query when they already are."""
    local = InDocumentLocale()
    authors = list(page.authors.all())
    themes = list(page.themes.all())
    for obj in [author.contributor for author in authors] + themes + [page.territory]:
        local.want(obj, page.locale_id)
    local.load()
    return (
        [(local.get(author.contributor, page.locale_id), author.role) for author in authors],
        [local.get(theme, page.locale_id) for theme in themes],
        local.get(page.territory, page.locale_id),
    )


def byline(page: StoryPage, code: str, authors=None) -> str:
    if authors is None:
        authors = [(author.contributor, author.role) for author in page.authors.all()]
    return byline_of([(contributor.name, role) for contributor, role in authors], code)


def byline_of(authors: list[tuple[str, str]], code: str) -> str:
    """ "Name, Name (photos)" from (name, role) pairs, the roles in the story's language."""
    words = ROLE_BYLINE.get(code, ROLE_BYLINE["en"])
    return ", ".join(
        name if role == "text" else f"{name} ({words[role]})" for name, role in authors
    )


def body_images(body: list[dict]) -> list[tuple[int, str, str]]:
    """(image id, caption, credit) of every image of a rendered body, in order, once each."""
    found, seen = [], set()
    for block in body:
        value = block["value"]
        if block["type"] == "image":
            items = [(value["image"], value["caption"], value["credit"])]
        elif block["type"] == "gallery":
            items = [(item["image"], item["caption"], "") for item in value["images"]]
        else:
            continue
        for image, caption, credit in items:
            if image and image["id"] not in seen:
                seen.add(image["id"])
                found.append((image["id"], caption, credit))
    return found


def licence_title(licence: str) -> str:
    """The licence's full name, as its terms open with it."""
    terms, url = LICENCE_TERMS[licence]
    return terms.split(":")[0] if url else "All rights reserved"


def image_rights(image, credit: str) -> dict:
    """The image's own rights: its photographer, its licence, never the story's."""
    holder = credit or copyright_holder()
    _terms, url = LICENCE_TERMS[image.licence]
    if url:
        terms = f"{licence_title(image.licence)}: credit {holder} and link to the story."
    else:
        terms = (
            f"All rights reserved ({holder}). Only with the story it illustrates, under the "
            "partner's agreement with Terrain, with its credit."
        )
    rights = {
        "copyrightHolder": holder,
        "copyrightNotice": f"© {holder}",
        "usageTerms": terms,
    }
    if url:
        rights["rightsInfo"] = {"linkedRights": url}
    return rights


def original_rendition(request, image) -> dict:
    rendition = {
        "name": "original",
        "href": absolute(request, image.file.url),
        "contentType": mimetypes.guess_type(image.file.name)[0] or "application/octet-stream",
        "width": image.width,
        "height": image.height,
    }
    if image.file_size:
        rendition["sizeInBytes"] = image.file_size
    return rendition


def image_association(request, image, caption: str, credit: str, rel: str, code: str) -> dict:
    data = image_data(request, image, caption, credit, code)
    association = {
        "name": rel,
        "rel": rel,
        "uri": f"urn:terrain:image:{image.pk}",
        "type": "picture",
        "language": code,
        "descriptions": [{"role": "alt", "value": data["alt"]}],
        "renditions": [
            {
                "name": name,
                "href": rendition["url"],
                "contentType": "image/webp",
                "width": rendition["width"],
                "height": rendition["height"],
            }
            for name, rendition in data["renditions"].items()
        ]
        + [original_rendition(request, image)],
        **image_rights(image, data["credit"]),
    }
    if data["caption"]:
        association["headlines"] = [{"value": data["caption"]}]
        association["descriptions"].append({"role": "caption", "value": data["caption"]})
    if data["credit"]:
        association["by"] = data["credit"]
        association["people"] = [{"name": data["credit"], "rel": "photographer"}]
    return association


def story_republication(request, pages) -> dict:
    """api.republication with the byline and the licence's name in each story's language:
    what ninjs documents and feeds both attach."""
    from .serializers.stories import licence_name

    return republication(
        request,
        pages,
        byline=lambda page: byline(page, locale_code(page.locale_id)),
        licence_name=lambda page: licence_name(page.licence, locale_code(page.locale_id)),
    )


def story_documents(request, pages) -> list[dict]:
    """The stored part of the ninjs documents of these stories, in a fixed number of queries
    for any number: what moves with the clock or the change log (`version`,
    `versionCreated`, `embargoedUntil`) is each request's (request_members). Images carry
    their original file too: keys without `original_images` read without_originals()."""
    from .serializers.common import page_translations

    pages = list(pages)
    contexts = story_republication(request, pages)
    translations = page_translations(request, StoryPage, pages, "story-detail")
    bodies, images = render_bodies(request, pages)
    return [
        story_document(
            request,
            page,
            contexts[page.pk],
            translations.get(page.pk, []),
            bodies[page.pk],
            images,
        )
        for page in pages
    ]


def without_originals(document: dict) -> dict:
    """The document as a key without access to original images reads it."""
    associations = [
        {**item, "renditions": [r for r in item["renditions"] if r["name"] != "original"]}
        if item.get("type") == "picture"
        else item
        for item in document.get("associations", [])
    ]
    return {**document, "associations": associations} if associations else document


# The columns of a story's row that request_members needs.
REQUEST_COLUMNS = ("go_live_at", "last_published_at", "latest_revision_created_at")


def request_members(row: dict, now: datetime.datetime, changed_at=None) -> dict:
    """What a stored document gains per request: its version (the change log's instant when
    there is one) and, while the story is scheduled, its embargo."""
    embargoed = row["go_live_at"] is not None and row["go_live_at"] > now
    published = row["last_published_at"] or row["go_live_at"] or row["latest_revision_created_at"]
    # Never in the future, whatever the embargo: the instant this version came to be.
    version_at = changed_at or (row["latest_revision_created_at"] if embargoed else published)
    members = {}
    if version_at is not None:
        members = {"version": version_of(version_at), "versionCreated": iso(version_at)}
    if embargoed:
        members["embargoedUntil"] = iso(row["go_live_at"])
    return members


def version_of(instant: datetime.datetime) -> str:
    """A version string that changes exactly when versionCreated does (and grows with it)."""
    return str(int(instant.timestamp() * 1000))


def story_document(
    request,
    page: StoryPage,
    context: Republication,
    translations: list[dict],
    body_blocks: list[dict],
    images: dict,
) -> dict:
    code = locale_code(page.locale_id)
    url = iri_to_uri(page_url(page.url_path, code))
    body = html_of(body_blocks)
    text = strip_tags(body)
    terms, licence_url = LICENCE_TERMS[page.licence]
    published = page.last_published_at or page.go_live_at or page.latest_revision_created_at
    first = page.first_published_at or page.published_at or page.go_live_at or published
    year = (page.published_at or first or published).year
    authors, themes, territory = references(page)
    document = {
        "uri": story_uri(page.translation_key, code),
        "standard": NINJS_STANDARD,
        "type": "text",
        "representationType": "full",
        "profile": "terrain-story",
        "firstCreated": iso(first),
        "contentCreated": iso(page.published_at or first),
        "pubStatus": "usable",
        "language": code,
        "slugline": page.slug,
        "title": page.title,
        "headlines": [{"role": "main", "value": page.title}],
        "descriptions": [],
        "bodies": [
            {
                "role": "main",
                "contentType": "text/html",
                "value": body,
                "charCount": len(text),
                "wordCount": len(re.findall(r"\w+", text)),
            }
        ],
        "by": byline(page, code, authors),
        "people": [
            {
                "name": contributor.name,
                "rel": ROLE_RELATIONS[role],
                "literal": contributor.slug,
                "uri": iri_to_uri(snippet_url("contributor", contributor.slug, code)),
            }
            for contributor, role in authors
        ],
        "organisations": [
            {
                "name": funding.partner,
                "rel": funding.role,
                "literal": funding.slug,
                **({"uri": iri_to_uri(funding.website)} if funding.website else {}),
            }
            for funding in context.funding
        ],
        "places": [],
        "subjects": [
            {
                "name": theme.name,
                "rel": "theme",
                "literal": theme.slug,
                "uri": iri_to_uri(snippet_url("theme", theme.slug, code)),
            }
            for theme in themes
        ]
        + [
            {"name": item.tag.name, "rel": "tag", "literal": item.tag.slug}
            for item in page.tagged_items.all()
        ],
        "copyrightHolder": copyright_holder(),
        "copyrightNotice": f"© {year} {copyright_holder()}",
        "usageTerms": terms,
        "renditions": [{"name": "web", "href": url, "contentType": "text/html"}],
        "associations": [],
        "altIds": [{"role": "canonical-url", "value": iri_to_uri(page.canonical_url) or url}],
        "infoSources": [{"name": copyright_holder(), "role": "originator", "uri": url}],
    }
    if licence_url:
        document["rightsInfo"] = {"linkedRights": licence_url}
    if page.subtitle:
        document["headlines"].append({"role": "sub", "value": page.subtitle})
        document["descriptions"].append(
            {"role": "summary", "contentType": "text/plain", "value": page.subtitle}
        )
    for funding in context.funding:
        document["descriptions"].append(
            {
                "role": "funding-disclosure",
                "contentType": "text/plain",
                "value": funding.sentence,
            }
        )
    if context.independence:
        document["descriptions"].append(
            {"role": "independence", "contentType": "text/plain", "value": context.independence}
        )
    document["descriptions"].append(
        {"role": "attribution", "contentType": "text/html", "value": context.attribution_html}
    )
    for correction in page.corrections.all():
        document["descriptions"].append(
            {
                "role": "correction",
                "contentType": "text/plain",
                "value": f"{correction.corrected_on.isoformat()}: {correction.text}",
            }
        )
    if territory is not None:
        place = {
            "name": territory.name,
            "rel": "located",
            "literal": territory.code or territory.slug,
            "uri": iri_to_uri(snippet_url("territory", territory.slug, code)),
        }
        document["places"].append(place)
        document["located"] = territory.name
    if context.series is not None:
        series = context.series
        series_url = iri_to_uri(series.url)
        association = {
            "name": "series",
            "rel": "series",
            "uri": f"urn:terrain:series:{series.translation_key}:{code}",
            "type": "composite",
            "language": code,
            "title": series.title,
            "headlines": [{"role": "main", "value": series.title}],
            "renditions": [{"name": "web", "href": series_url, "contentType": "text/html"}],
        }
        if series.episode is not None:
            association["altIds"] = [
                {"role": "episode-number", "value": str(series.episode)},
                {"role": "episode-count", "value": str(series.episode_count)},
            ]
            document["altIds"] += association["altIds"]
        document["associations"].append(association)
    if page.lead_image is not None:
        document["associations"].append(
            image_association(
                request,
                page.lead_image,
                page.lead_image_caption,
                page.lead_image_credit,
                "featureimage",
                code,
            )
        )
    lead_pk = page.lead_image_id
    for image_id, caption, credit in body_images(body_blocks):
        image = images.get(image_id)
        if image is not None and image_id != lead_pk:
            document["associations"].append(
                image_association(request, image, caption, credit, "image", code)
            )
    for other in translations:
        document["associations"].append(
            {
                "name": "translation",
                "rel": "translation",
                "uri": story_uri(page.translation_key, other["locale"]),
                "type": "text",
                "language": other["locale"],
                "renditions": [
                    {"name": "web", "href": iri_to_uri(other["url"]), "contentType": "text/html"}
                ],
            }
        )
    if page.expire_at:
        document["expires"] = iso(page.expire_at)
    return {key: value for key, value in document.items() if value not in ([], None, "")}


def canceled_document(state) -> dict:
    """What a partner needs to take a story down: which one, in which language, since when."""
    code = locale_code(state.locale_id)
    return {
        "uri": story_uri(state.translation_key, code),
        "standard": NINJS_STANDARD,
        "type": "text",
        "representationType": "partial",
        "versionCreated": iso(state.changed_at),
        "pubStatus": "canceled",
        "language": code,
    }
