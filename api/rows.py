"""Story summaries from plain rows: a list of stories is read with values() queries, one per
kind of related data, instead of model instances with select_related and prefetch_related.

Building a Wagtail page instance (and its related instances) costs far more than reading its
columns; a summary needs a dozen columns. The rows quack like StoryPage for the summary code.
"""

from types import SimpleNamespace

from stories.models import StoryAuthor, StoryPage, TerrainImage

from .images import renditions_prefetch

COLUMNS = (
    "pk",
    "title",
    "url_path",
    "path",
    "depth",
    "locale_id",
    "translation_key",
    "subtitle",
    "lead_image_id",
    "territory_id",
    "published_at",
    "last_published_at",
    "reading_time",
    "territory__name",
    "territory__slug",
    "territory__kind",
    "territory__locale_id",
)


class StoryRow(SimpleNamespace):
    steplen = StoryPage.steplen


def story_rows(request, queryset) -> list[StoryRow]:
    """Rows for every story of `queryset` (already filtered, ordered and sliced)."""
    rows = []
    for values in queryset.values(*COLUMNS):
        territory = None
        if values["territory_id"] is not None:
            territory = SimpleNamespace(
                pk=values["territory_id"],
                name=values["territory__name"],
                slug=values["territory__slug"],
                kind=values["territory__kind"],
                locale_id=values["territory__locale_id"],
            )
        rows.append(
            StoryRow(territory=territory, **{k: v for k, v in values.items() if "__" not in k})
        )
    if not rows:
        return rows
    ids = [row.pk for row in rows]
    themes: dict[int, list] = {pk: [] for pk in ids}
    through = StoryPage.themes.through.objects.filter(storypage_id__in=ids).order_by(
        "theme__name", "theme_id"
    )
    for story_id, theme_id, name, slug, loc in through.values_list(
        "storypage_id", "theme_id", "theme__name", "theme__slug", "theme__locale_id"
    ):
        themes[story_id].append(SimpleNamespace(pk=theme_id, name=name, slug=slug, locale_id=loc))
    authors: dict[int, list] = {pk: [] for pk in ids}
    authored = StoryAuthor.objects.filter(page_id__in=ids).order_by("sort_order", "pk")
    for page_id, role, sort_order, contributor_id, name, slug, loc in authored.values_list(
        "page_id",
        "role",
        "sort_order",
        "contributor_id",
        "contributor__name",
        "contributor__slug",
        "contributor__locale_id",
    ):
        contributor = SimpleNamespace(pk=contributor_id, name=name, slug=slug, locale_id=loc)
        authors[page_id].append(
            SimpleNamespace(contributor=contributor, role=role, sort_order=sort_order)
        )
    image_ids = {row.lead_image_id for row in rows} - {None}
    images = (
        TerrainImage.objects.prefetch_related(renditions_prefetch()).in_bulk(image_ids)
        if image_ids
        else {}
    )
    for row in rows:
        row.theme_list = themes[row.pk]
        row.author_list = authors[row.pk]
        row.lead_image = images.get(row.lead_image_id)
    return rows
