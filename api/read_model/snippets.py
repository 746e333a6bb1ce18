"""Territories, themes, contributors and partners, stored: every one is public."""

from series.models import Partner
from stories.models import Contributor, Territory, Theme

from ..serializers import taxonomy
from .render import Rendered, render_batch, render_request, text_reads


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
