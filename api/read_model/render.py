"""One renderer per kind: the documents of a batch of objects, and what each one read."""

from dataclasses import dataclass, field

from django.http import HttpRequest
from rest_framework.renderers import JSONRenderer

from stories.models import StoryPage

from ..caching import latest_update
from ..serializers.stories import story_detail, story_detail_queryset, story_summaries
from ..streamfield import BodyRenderer

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


def render_stories(ids) -> list[Rendered]:
    """The summary and detail of every visible story among `ids` (the others have none)."""
    request = render_request()
    stories = list(story_detail_queryset(request).filter(pk__in=ids))
    if not stories:
        return []
    summaries = story_summaries(request, stories)
    rendered = []
    for story, summary in zip(stories, summaries, strict=True):
        detail = story_detail(request, story)
        rendered.append(
            Rendered(
                "story",
                story.pk,
                {"summary": to_json(summary), "detail": to_json(detail)},
                {"summary": latest_update(summary), "detail": latest_update(detail)},
                story_reads(story, detail),
            )
        )
    return rendered


RENDERERS = {"story": render_stories}
MODELS = {"story": StoryPage}
