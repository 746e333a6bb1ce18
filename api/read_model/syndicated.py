"""What partners read of a story, stored: its ninjs document and its item in every feed."""

from series.models import SeriesPartner
from stories.models import StoryPage

from ..ninjs import stories_for_ninjs, story_documents, story_republication, without_originals
from ..partner_access import visible_or_embargoed
from ..visibility import visible
from .render import Rendered, render_request, story_reads, to_json


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
    # What must travel with each story is the same in both: worked out once.
    contexts = story_republication(request, stories)
    full = feed_items(
        request, stories, full_text=True, api_name="syndication-item", contexts=contexts
    )
    short = feed_items(
        request, stories, full_text=False, api_name="story-detail", contexts=contexts
    )
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
