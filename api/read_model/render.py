"""One renderer per kind of page: the documents of a batch of objects, and what each one
read. Partners' documents are rendered in `syndicated`, snippets' in `snippets`; `kinds`
lists them all."""

import datetime
from dataclasses import dataclass, field

from django.http import HttpRequest
from django.utils import timezone
from rest_framework.renderers import JSONRenderer

from home.models import HomePage
from series.models import SeriesIndexPage
from stories.models import StoryIndexPage

from ..caching import latest_update
from ..models import DocumentRead
from ..richtext import LinkResolver
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
        body, used = assemble(data)
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
                {"detail": body.decode()},
                {"detail": max((m for m in moments if m is not None), default=None)},
                reads,
            )
        )
    return rendered
