"""One renderer per kind: the documents of a batch of objects, and what each one read."""

import datetime
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from home.models import HomePage
from series.models import Partner, SeriesIndexPage, SeriesPage, SeriesPartner
from stories.models import Contributor, StoryIndexPage, StoryPage, Territory, Theme

from ..caching import latest_update
from ..models import DocumentRead
from ..ninjs import stories_for_ninjs, story_documents, without_originals
from ..partner_access import visible_or_embargoed
from ..richtext import LinkResolver
from ..serializers import taxonomy
from ..serializers.series import series_detail_queryset, series_head, series_summaries
from ..serializers.site import home_head, home_selection, index_page_detail
from ..serializers.stories import story_detail, story_detail_queryset, story_summaries
from ..streamfield import BodyRenderer
from ..visibility import visible

# Bump when a representation changes shape: every stored document then heals on its next read.
RENDERER = 1
# Stored documents name the API's own origin with this placeholder; each response puts the
# origin of its request in its place. `.invalid` is reserved (RFC 2606): no content links there.
ORIGIN = "https://api-origin.terrain.invalid"

_json = JSONRenderer()


@dataclass
class Rendered:
    kind: str
    object_id: int
    variants: dict[str, str] = field(default_factory=dict)  # variant -> JSON text
    last_modified: dict = field(default_factory=dict)  # variant -> datetime | None
    reads: set[str] = field(default_factory=set)
    # When what the documents say changes by the calendar alone (a series' status).
    valid_until: datetime.datetime | None = None


def render_request() -> HttpRequest:
    """A request of no one: API URLs get the placeholder origin, and the per-request memories
    (visible querysets, images) live as long as one batch."""
    request = HttpRequest()
    request.__dict__["_terrain_origin"] = ORIGIN
    return request


def to_json(data) -> str:
    """Exactly what the API's JSON renderer writes."""
    return _json.render(data).decode()


def story_reads(story, detail: dict) -> set[str]:
    """What a story's documents show beyond the story itself: its series and fellow episodes,
    snippets, images, documents, and the pages its body links to (whether or not they are
    public now: publishing them must reach this document)."""
    reads = {f"page:{story.pk}"}
    if detail["series"] is not None:
        reads.add(f"branch:{story.path[: -story.steplen]}")
    if story.territory_id:
        reads.add(f"territory:{story.territory_id}")
    reads.update(f"theme:{theme.pk}" for theme in story.themes.all())
    reads.update(f"contributor:{author.contributor_id}" for author in story.authors.all())
    reads.update(f"tag:{tag.pk}" for tag in story.tags.all())
    images = {story.lead_image_id, story.social_image_id}
    body = BodyRenderer(None, story.locale_id)
    body.collect([block for block in story.body.raw_data if isinstance(block, dict)])
    images |= body.image_ids
    for block in detail["body"]:
        if block["type"] == "related":
            images.update(
                s["lead_image"]["id"] for s in block["value"]["stories"] if s["lead_image"]
            )
    reads.update(f"image:{pk}" for pk in images if pk is not None)
    documents = body.document_ids | body.links.document_ids
    reads.update(f"document:{pk}" for pk in documents if pk is not None)
    pages = body.story_ids | body.links.page_ids
    reads.update(f"page:{pk}" for pk in pages if pk is not None)
    return reads


def render_batch(kind, objects, summaries, detail, reads, valid_until=lambda obj: None):
    """Rendered summary and detail of each object; `detail(obj, summary)` builds the detail."""
    rendered = []
    for obj, summary in zip(objects, summaries, strict=True):
        data = detail(obj, summary)
        rendered.append(
            Rendered(
                kind,
                obj.pk,
                {"summary": to_json(summary), "detail": to_json(data)},
                {"summary": latest_update(summary), "detail": latest_update(data)},
                reads(obj, data),
                valid_until(obj),
            )
        )
    return rendered


def render_stories(ids) -> list[Rendered]:
    """The summary and detail of every visible story among `ids` (the others have none)."""
    request = render_request()
    stories = list(story_detail_queryset(request).filter(pk__in=ids))
    if not stories:
        return []
    return render_batch(
        "story",
        stories,
        story_summaries(request, stories),
        lambda story, _summary: story_detail(request, story),
        story_reads,
    )


def status_changes(series) -> datetime.datetime | None:
    """The next local midnight at which the series' status (upcoming, ongoing, concluded)
    turns, if it still will."""
    today = timezone.localdate()
    if today < series.started_on:
        day = series.started_on
    elif series.ended_on is not None and today <= series.ended_on:
        day = series.ended_on + datetime.timedelta(days=1)
    else:
        return None
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def series_reads(series) -> set[str]:
    """Beyond the series itself: its episodes (their number), snippets, images and the pages
    and documents its texts link to."""
    reads = {f"page:{series.pk}", f"branch:{series.path}"}
    if series.territory_id:
        reads.add(f"territory:{series.territory_id}")
    reads.update(f"theme:{theme.pk}" for theme in series.themes.all())
    images = {series.cover_image_id}
    for link in series.journalists.all():
        reads.add(f"contributor:{link.contributor_id}")
        images.add(link.contributor.photo_id)
    for link in series.partners.all():
        reads.add(f"partner:{link.partner_id}")
        images.add(link.partner.logo_id)
    reads.update(f"image:{pk}" for pk in images if pk is not None)
    return reads | text_reads(series.locale_id, series.intro, series.methodology)


def render_series(ids) -> list[Rendered]:
    """The summary and the detail (without episodes: each request adds the visible ones)."""
    request = render_request()
    series_list = list(series_detail_queryset(request).filter(pk__in=ids))
    if not series_list:
        return []
    return render_batch(
        "series",
        series_list,
        series_summaries(request, series_list),
        lambda series, summary: series_head(request, series, summary),
        lambda series, _head: series_reads(series),
        status_changes,
    )


def text_reads(locale_id, *texts) -> set[str]:
    """The pages and documents rich texts link to."""
    links = LinkResolver(None, locale_id)
    for text in texts:
        links.collect(text)
    return {f"page:{pk}" for pk in links.page_ids} | {f"document:{pk}" for pk in links.document_ids}


def render_indexes(ids) -> list[Rendered]:
    request = render_request()
    rendered = []
    for model in (SeriesIndexPage, StoryIndexPage):
        for page in visible(request, model).filter(pk__in=ids):
            data = index_page_detail(request, page)
            rendered.append(
                Rendered(
                    "index",
                    page.pk,
                    {"detail": to_json(data)},
                    {"detail": page.last_published_at},
                    {f"page:{page.pk}"} | text_reads(page.locale_id, page.intro),
                )
            )
    return rendered


def render_homes(ids) -> list[Rendered]:
    """A front page holds the summaries of what it shows, as they are stored: it reads what
    they read, and every publication in its language (the latest stories)."""
    from .store import assemble, documents, with_documents

    request = render_request()
    rendered = []
    homes = visible(request, HomePage).filter(pk__in=ids)
    for home in homes.prefetch_related("featured_series", "featured_stories"):
        chosen = home_selection(request, home)
        series_ids, story_ids = chosen["series_ids"], chosen["story_ids"]
        found = {}
        for key, kind in (
            ("featured_series", "series"),
            ("featured_stories", "story"),
            ("latest_stories", "story"),
        ):
            rows = list(with_documents(chosen[key], kind, "summary"))
            found[key] = documents(kind, "summary", rows)
        series = {doc.object_id: doc for doc in found["featured_series"]}
        stories = {doc.object_id: doc for doc in found["featured_stories"]}
        data = {
            **home_head(request, home),
            "featured_series": [series[pk] for pk in series_ids if pk in series],
            "featured_stories": [stories[pk] for pk in story_ids if pk in stories],
            "latest_stories": found["latest_stories"],
        }
        text, used = assemble(data)
        reads = {f"page:{home.pk}", f"locale:{home.locale_id}"}
        reads |= {f"page:{pk}" for pk in [*series_ids, *story_ids]}
        reads |= text_reads(home.locale_id, home.intro)
        for kind in ("story", "series"):
            included = {doc.object_id for doc in used if doc.kind == kind}
            reads.update(
                DocumentRead.objects.filter(kind=kind, object_id__in=included).values_list(
                    "key", flat=True
                )
            )
        moments = [doc.last_modified for doc in used if doc.last_modified] + [
            home.last_published_at
        ]
        rendered.append(
            Rendered(
                "home",
                home.pk,
                {"detail": text},
                {"detail": max((m for m in moments if m is not None), default=None)},
                reads,
            )
        )
    return rendered


def syndicated_reads(stories, in_series: dict[int, bool]) -> dict[int, set[str]]:
    """What a story's partner documents (ninjs, feed items) read: what its detail reads (its
    body's related stories are links there, so their pages and not their images), and the
    partners of its series, whose disclosures travel with every copy."""
    parents = {story.pk: story.path[: -story.steplen] for story in stories}
    partners: dict[str, set[int]] = {}
    for path, partner_id in SeriesPartner.objects.filter(
        page__path__in=set(parents.values())
    ).values_list("page__path", "partner_id"):
        partners.setdefault(path, set()).add(partner_id)
    found = {}
    for story in stories:
        reads = story_reads(story, {"series": in_series[story.pk] or None, "body": []})
        reads.update(f"partner:{pk}" for pk in partners.get(parents[story.pk], ()))
        found[story.pk] = reads
    return found


def render_ninjs(ids) -> list[Rendered]:
    """The ninjs document of every story a partner may read among `ids` (visible, or
    scheduled: keys with embargo access read those), with original images and without."""
    request = render_request()
    stories = list(stories_for_ninjs(visible_or_embargoed().filter(pk__in=ids)))
    if not stories:
        return []
    found = story_documents(request, stories)
    reads = syndicated_reads(
        stories,
        {
            story.pk: any(item["rel"] == "series" for item in document.get("associations", []))
            for story, document in zip(stories, found, strict=True)
        },
    )
    return [
        Rendered(
            "ninjs",
            story.pk,
            {"originals": to_json(document), "plain": to_json(without_originals(document))},
            {},
            reads[story.pk],
        )
        for story, document in zip(stories, found, strict=True)
    ]


def render_feed_items(ids) -> list[Rendered]:
    """Each visible story as the item of every feed format: full text for partners (linking
    to their ninjs item), an excerpt for readers (linking to the public story)."""
    from ..feeds import FORMATS, feed_items, item_text

    request = render_request()
    queryset = visible(request, StoryPage).filter(pk__in=ids).select_related("locale")
    stories = list(stories_for_ninjs(queryset))
    if not stories:
        return []
    full = feed_items(request, stories, full_text=True, api_name="syndication-item")
    short = feed_items(request, stories, full_text=False, api_name="story-detail")
    reads = syndicated_reads(
        stories,
        {
            story.pk: item.republication.series is not None
            for story, item in zip(stories, full, strict=True)
        },
    )
    rendered = []
    for story, whole, excerpt in zip(stories, full, short, strict=True):
        variants = {}
        for fmt in FORMATS.values():
            variants[f"{fmt}-full"] = item_text(whole, fmt)
            variants[f"{fmt}-short"] = item_text(excerpt, fmt)
        rendered.append(
            Rendered(
                "feed",
                story.pk,
                variants,
                dict.fromkeys(variants, whole.updated),
                reads[story.pk],
            )
        )
    return rendered


def snippet_renderer(kind: str, queryset, summaries, head, reads):
    """The renderer of a snippet kind: summary and detail head (its counts, and a partner's
    series, follow the clock: each request adds them)."""

    def render_snippets(ids) -> list[Rendered]:
        request = render_request()
        objects = list(queryset().filter(pk__in=ids))
        if not objects:
            return []
        return render_batch(
            kind,
            objects,
            summaries(request, objects),
            lambda obj, summary: head(request, obj, summary),
            lambda obj, data: (
                {f"{kind}:{obj.pk}"}
                | {f"{kind}:{other['id']}" for other in data["translations"]}
                | reads(obj, data)
            ),
        )

    return render_snippets


def territory_reads(territory, data) -> set[str]:
    # Its parent and children are shown by name: renamed, moved or added, they re-render it.
    shown = [territory.parent_id, *(child["id"] for child in data["children"])]
    keys = {f"territory:{pk}" for pk in shown if pk is not None}
    return keys | text_reads(territory.locale_id, territory.description)


SNIPPET_RENDERERS = {
    "territory": snippet_renderer(
        "territory",
        taxonomy.territory_queryset,
        taxonomy.territory_summaries,
        taxonomy.territory_head,
        territory_reads,
    ),
    "theme": snippet_renderer(
        "theme",
        Theme.objects.all,
        taxonomy.theme_summaries,
        lambda _request, _theme, summary: summary,
        lambda _theme, _data: set(),
    ),
    "contributor": snippet_renderer(
        "contributor",
        taxonomy.contributor_queryset,
        taxonomy.contributor_summaries,
        taxonomy.contributor_head,
        lambda person, _data: (
            ({f"image:{person.photo_id}"} if person.photo_id else set())
            | text_reads(person.locale_id, person.bio)
        ),
    ),
    "partner": snippet_renderer(
        "partner",
        taxonomy.partner_queryset,
        taxonomy.partner_summaries,
        taxonomy.partner_head,
        lambda partner, _data: {f"image:{partner.logo_id}"} if partner.logo_id else set(),
    ),
}
# The snippet classes of each snippet kind (every snippet is public).
SNIPPET_MODELS = {
    "territory": Territory,
    "theme": Theme,
    "contributor": Contributor,
    "partner": Partner,
}


# Kinds in the order a task renders them: a front page includes stories and series as stored.
RENDERERS = {
    "story": render_stories,
    "ninjs": render_ninjs,
    "feed": render_feed_items,
    "series": render_series,
    "index": render_indexes,
    "home": render_homes,
    **SNIPPET_RENDERERS,
}
# The page classes of each kind.
MODELS = {
    "story": (StoryPage,),
    "ninjs": (StoryPage,),
    "feed": (StoryPage,),
    "series": (SeriesPage,),
    "index": (SeriesIndexPage, StoryIndexPage),
    "home": (HomePage,),
}
# The kinds of the documents readers address by a page: a page id names one of them.
PAGE_KINDS = ("story", "series", "index", "home")


def public_ids(kind: str) -> list[int]:
    """Every object that has documents of this kind now."""
    if kind in SNIPPET_MODELS:
        return sorted(SNIPPET_MODELS[kind].objects.values_list("pk", flat=True))
    if kind == "ninjs":
        queryset = visible_or_embargoed()
        return sorted(queryset.values_list("pk", flat=True))
    return sorted(
        pk for model in MODELS[kind] for pk in model.objects.visible().values_list("pk", flat=True)
    )


def page_kind(model) -> str | None:
    """The kind of documents a page of this class has (None: it has none)."""
    return next((kind for kind, base in MODELS.items() if issubclass(model, base)), None)
