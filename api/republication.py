"""What a republisher must show with a story: the series it belongs to (and which episode),
who funded or hosted the work and how, the independence statement, and a ready-to-paste
attribution. One place for ninjs documents and for every feed.

Funding is always public (docs/api.md): a story republished without who paid for it would
break the newsroom's own promise, so this travels with every copy.
"""

from dataclasses import dataclass, field
from html import unescape

from django.db.models import Prefetch
from django.utils import translation
from django.utils.html import escape, format_html, strip_tags
from django.utils.text import normalize_newlines
from django.utils.translation import gettext as _

from series.models import Partner, SeriesPage, SeriesPartner

from .links import InDocumentLocale, locale_code, page_url

ROLE_NAMES = dict(SeriesPartner.ROLES)


@dataclass
class Funding:
    partner: str
    slug: str
    role: str
    role_label: str
    disclosure: str
    website: str
    sentence: str = ""  # "Partner (role): disclosure", in the story's language


@dataclass
class SeriesContext:
    title: str
    url: str
    translation_key: str
    episode: int | None
    episode_count: int


@dataclass
class Republication:
    series: SeriesContext | None = None
    funding: list[Funding] = field(default_factory=list)
    independence: str = ""
    attribution_html: str = ""


def plain(html: str) -> str:
    """Rich text as one paragraph of plain text per block, for fields that carry no markup."""
    text = strip_tags(normalize_newlines(html).replace("</p>", "</p>\n").replace("<br/>", "\n"))
    # Rich text stores "&" as "&amp;": plain text must not show the entity.
    return "\n".join(unescape(line).strip() for line in text.splitlines() if line.strip())


def republication(request, pages, *, byline=None, licence_name=None) -> dict[int, Republication]:
    """For each story, what must travel with it; a fixed number of queries for any number of
    stories. `byline(page)` and `licence_name(page)` complete the attribution snippet."""
    from .serializers.stories import parent_path, series_of

    pages = list(pages)
    series, episodes = series_of(request, pages)
    numbers = {row[0]: n for rows in episodes.values() for n, row in enumerate(rows, start=1)}
    details = {
        page.pk: page
        for page in SeriesPage.objects.filter(pk__in=[s.pk for s in series.values()])
        .only("pk", "translation_key", "methodology")
        .prefetch_related(
            Prefetch(
                "partners",
                queryset=SeriesPartner.objects.select_related("partner").order_by("sort_order"),
            )
        )
    }
    local = InDocumentLocale()
    for page in pages:
        parent = series.get(parent_path(page))
        if parent is not None and parent.pk in details:
            for link in details[parent.pk].partners.all():
                local.want(link.partner, page.locale_id, Partner)
    local.load()

    found = {}
    for page in pages:
        code = locale_code(page.locale_id)
        context = Republication()
        parent = series.get(parent_path(page))
        detail = details.get(parent.pk) if parent is not None else None
        with translation.override(code):
            if parent is not None and detail is not None:
                context.series = SeriesContext(
                    title=parent.title,
                    url=page_url(parent.url_path, code),
                    translation_key=str(detail.translation_key),
                    episode=numbers.get(page.pk),
                    episode_count=len(episodes.get(parent.path, [])),
                )
                context.independence = plain(detail.methodology or "")
                for link in detail.partners.all():
                    partner = local.get(link.partner, page.locale_id, Partner)
                    funding = Funding(
                        partner=partner.name,
                        slug=partner.slug,
                        role=link.role,
                        role_label=str(ROLE_NAMES.get(link.role, link.role)),
                        disclosure=link.funding_disclosure.strip(),
                        website=partner.website,
                    )
                    funding.sentence = funding_sentence(funding)
                    context.funding.append(funding)
            context.attribution_html = attribution_html(
                page,
                context,
                code,
                byline(page) if byline else "",
                licence_name(page) if licence_name else "",
            )
        found[page.pk] = context
    return found


def episode_label(series: SeriesContext) -> str:
    if series.episode is None:
        return ""
    return _("episode %(number)s of %(count)s") % {
        "number": series.episode,
        "count": series.episode_count,
    }


def funding_sentence(item: Funding) -> str:
    values = {"partner": item.partner, "role": item.role_label.lower()}
    if not item.disclosure:
        return _("%(partner)s (%(role)s)") % values
    return _("%(partner)s (%(role)s): %(disclosure)s") % {**values, "disclosure": item.disclosure}


def attribution_html(page, context: Republication, code: str, byline: str, licence: str) -> str:
    """The lines a republisher pastes under the story, in the story's language. Only <p>, <a>
    and <strong>, with every text escaped: safe in any CMS that takes HTML."""
    from django.conf import settings

    site = settings.WAGTAIL_SITE_NAME
    story_link = format_html('<a href="{}">{}</a>', page_url(page.url_path, code), page.title)
    lines = [
        _("First published by %(site)s: %(story)s.") % {"site": escape(site), "story": story_link}
    ]
    if byline:
        lines.append(_("By %(byline)s.") % {"byline": escape(byline)})
    if context.series is not None:
        series_link = format_html('<a href="{}">{}</a>', context.series.url, context.series.title)
        label = episode_label(context.series)
        lines.append(
            (_("Series %(series)s, %(episode)s.") if label else _("Series %(series)s."))
            % {"series": series_link, "episode": escape(label)}
        )
    if context.funding:
        sentences = "; ".join(escape(item.sentence) for item in context.funding)
        # A disclosure is the editors' own sentence, usually with its full stop: no "..".
        if not sentences.endswith((".", "!", "?", "…")):
            sentences += "."
        lines.append(format_html("<strong>{}</strong> ", _("Funding and support:")) + sentences)
    if licence:
        lines.append(_("Licence: %(licence)s.") % {"licence": escape(licence)})
    return "".join(f"<p>{line}</p>" for line in lines)
