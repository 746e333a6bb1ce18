"""Stories and what they are made of: contributors, themes, territories and images."""

import datetime
import math
import re

from django import forms
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import connection, models
from django.db.models import Q
from django.db.models.expressions import RawSQL
from django.http import HttpResponseRedirect
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import strip_tags
from django.utils.http import urlencode
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.coreutils import find_available_slug
from wagtail.fields import RichTextField, StreamField
from wagtail.images.models import AbstractImage, AbstractRendition
from wagtail.models import Orderable, Page, PageManager, PageViewRestriction, TranslatableMixin
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_headless_preview.models import HeadlessPreviewMixin
from wagtail_localize.models import Translation

from .blocks import NO_ALT_TEXT, LinkBlock, StoryBodyBlock, has_alt_text
from .page_forms import LocaleScopedPageForm

LICENCES = [
    ("all-rights-reserved", _("All rights reserved")),
    ("cc-by-4.0", _("CC BY 4.0")),
    ("cc-by-sa-4.0", _("CC BY-SA 4.0")),
    ("cc-by-nc-nd-4.0", _("CC BY-NC-ND 4.0")),
]


def default_image_licence() -> str:
    """The newsroom's usual licence (IMAGE_DEFAULT_LICENCE), for an image nobody licensed yet."""
    licence = settings.IMAGE_DEFAULT_LICENCE
    if licence not in dict(LICENCES):
        raise ImproperlyConfigured(f"IMAGE_DEFAULT_LICENCE={licence!r} is not one of {LICENCES}")
    return licence


WORDS_PER_MINUTE = 200

# The renditions every exit (API, feeds, reader site) uses, made ahead of time, never in a request.
# Widths for srcset, all WebP; "thumbnail" is a fixed crop for cards and feeds.
RENDITION_WIDTHS = (480, 800, 1200, 1600)
RENDITION_SPECS = {
    **{f"w{width}": f"width-{width}|format-webp" for width in RENDITION_WIDTHS},
    "thumbnail": "fill-600x400|format-webp",
}


class TerrainImage(AbstractImage):
    """Every photo carries what the reader and the law need: alt text, caption, credit, licence."""

    alt_text = models.CharField(
        _("alternative text"),
        max_length=300,
        blank=True,
        help_text=_("What the image shows, for readers who can't see it. Required to use it."),
    )
    # The alternative text in the other content languages, by language code: an English
    # document describes the image in English. Edited in the image form (stories.forms).
    alt_text_translations = models.JSONField(
        _("alternative text in other languages"), default=dict, blank=True, editable=False
    )
    caption = models.CharField(_("caption"), max_length=500, blank=True)
    credit = models.CharField(
        _("credit"),
        max_length=200,
        blank=True,
        help_text=_("Photographer or source, e.g. “Photo : Jane Doe”."),
    )
    licence = models.CharField(max_length=32, choices=LICENCES, default=default_image_licence)

    admin_form_fields = (
        "title",
        "file",
        "alt_text",
        "caption",
        "credit",
        "licence",
        "collection",
        "tags",
        "focal_point_x",
        "focal_point_y",
        "focal_point_width",
        "focal_point_height",
    )

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_terrainimage", "Can choose image")]

    @property
    def default_alt_text(self):
        return self.alt_text or super().default_alt_text

    def alt_text_in(self, code: str | None) -> str:
        """The alternative text for a document in this language; the original one while
        nobody has translated it."""
        translated = (self.alt_text_translations or {}).get(code) if code else None
        return translated or self.alt_text or self.title


class TerrainRendition(AbstractRendition):
    image = models.ForeignKey(TerrainImage, on_delete=models.CASCADE, related_name="renditions")

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)


# hidden_paths' compiled SQL per database, and the instant it is compiled with: no page is
# scheduled or expires at it, so its value marks where `at` goes among the parameters.
_hidden_paths_sql: dict[tuple[str, str], tuple[str, list, list[int]]] = {}
_SOME_INSTANT = datetime.datetime(1111, 11, 11, 11, 11, 11, tzinfo=datetime.UTC)


class VisiblePageQuerySet(PageQuerySet):
    """The one definition of “publicly visible now”, used by every exit of the CMS."""

    @staticmethod
    def hidden_paths_query(at):
        hidden_branches = Page.objects.filter(numchild__gt=0).filter(
            Q(live=False) | Q(go_live_at__gt=at) | Q(expire_at__lte=at)
        )
        return (
            hidden_branches.order_by()
            .values_list("path", flat=True)
            .union(PageViewRestriction.objects.order_by().values_list("page__path", flat=True))
        )

    @classmethod
    def hidden_paths(cls, at) -> set[str]:
        """Paths of the subtrees hidden at `at`: one query for both kinds (unpublished or
        scheduled branches, view restrictions); every public request pays it once.

        Its SQL is compiled once per process and database: only `at` changes from one call to
        the next, and building this union costs more than the database takes to run it."""
        ops = connection.ops
        key = (connection.alias, connection.vendor)
        if key not in _hidden_paths_sql:
            sql, params = cls.hidden_paths_query(_SOME_INSTANT).query.sql_with_params()
            marker = ops.adapt_datetimefield_value(_SOME_INSTANT)
            at_positions = [n for n, value in enumerate(params) if value == marker]
            _hidden_paths_sql[key] = (sql, list(params), at_positions)
        sql, params, at_positions = _hidden_paths_sql[key]
        params = list(params)
        for position in at_positions:
            params[position] = ops.adapt_datetimefield_value(at)
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return {path for (path,) in cursor.fetchall()}

    def visible(self, at=None, hidden_paths: set[str] | None = None):
        """Pages the public may see at `at` (now); `hidden_paths` from hidden_paths(at)."""
        at = at or timezone.now()
        if hidden_paths is None:
            hidden_paths = self.hidden_paths(at)
        queryset = self.filter(live=True).filter(
            Q(go_live_at__isnull=True) | Q(go_live_at__lte=at),
            Q(expire_at__isnull=True) | Q(expire_at__gt=at),
        )
        for path in sorted(hidden_paths):
            queryset = queryset.exclude(path__startswith=path)
        return queryset


VisiblePageManager = PageManager.from_queryset(VisiblePageQuerySet)


class ReaderSitePageMixin(HeadlessPreviewMixin):
    """Pages are read on the reader site: the CMS sends visitors there instead of rendering."""

    def serve(self, request, *args, **kwargs):
        _site_id, _root_url, path = self.get_url_parts(request)
        return HttpResponseRedirect(f"{settings.FRONTEND_BASE_URL}{path}")

    def get_preview_url(self, request, token: str) -> str:
        """The reader site's /preview address. Wagtail's own previews know they are shown in
        the admin's panel from `in_preview_panel`; the redirect to the reader site would lose
        it, so it goes along (the reader site then adds what feeds the checks panel)."""
        url = super().get_preview_url(request, token)
        if getattr(request, "in_preview_panel", False):
            url += "&" + urlencode({"in_preview_panel": "true"})
        return url

    def clean(self):
        self.take_slug_from_translated_title()
        super().clean()

    def take_slug_from_translated_title(self):
        """wagtail-localize gives a translation its source's slug: until it is first published,
        a translation still on that slug takes one from its translated title, so English readers
        get English addresses. A slug the translator chose, or a published address, is kept."""
        if self.first_published_at is not None or not self.translation_key or not self.title:
            return
        translated_from = Translation.objects.filter(
            source__object_id=self.translation_key, target_locale_id=self.locale_id
        ).values("source__locale_id")
        same_slug_source = Page.objects.filter(
            translation_key=self.translation_key, locale_id__in=translated_from, slug=self.slug
        )
        if not same_slug_source.exclude(title=self.title).exists():
            return
        parent = self.get_parent() if self.pk else None
        wanted = slugify(self.title)
        if parent is None or not wanted or wanted == self.slug:
            return
        self.slug = find_available_slug(parent, wanted, ignore_page_id=self.pk)


def require_alt_text(page, *fields: str) -> None:
    """Refuse the page while one of these image fields holds an image without alt text."""
    errors = {
        field: NO_ALT_TEXT % {"title": image.title}
        for field in fields
        if (image := getattr(page, field)) is not None and not has_alt_text(image)
    }
    if errors:
        raise ValidationError(errors)


def in_locale(objects, locale) -> list:
    """Each translatable object in the given locale when a translation exists, else itself.

    wagtail-localize copies many-to-many values as they are, so an English page would otherwise
    keep pointing at French themes.
    """
    return [
        obj if obj.locale_id == locale.pk else (obj.get_translation_or_none(locale) or obj)
        for obj in objects
    ]


class Territory(TranslatableMixin, index.Indexed, models.Model):
    KINDS = [
        ("commune", _("Commune")),
        ("intercommunality", _("Intercommunality")),
        ("petr", _("PETR / pays")),
        ("department", _("Department")),
        ("region", _("Region")),
    ]

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=KINDS)
    code = models.CharField(
        _("official code"), max_length=12, blank=True, help_text=_("INSEE code, e.g. 62528.")
    )
    population = models.PositiveIntegerField(_("population"), null=True, blank=True)
    lat = models.DecimalField(_("latitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    lon = models.DecimalField(_("longitude"), max_digits=8, decimal_places=5, null=True, blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent territory"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        help_text=_("The territory it lies in: a commune's department, a department's region."),
    )
    description = RichTextField(_("description"), features=["bold", "italic", "link"], blank=True)

    panels = ["name", "slug", "kind", "code", "population", "lat", "lon", "parent", "description"]
    # The chooser and the listing filter by locale inside the search backend: "locale" must be
    # a FilterField there, else searching 500s (FilterFieldError).
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("code"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("territory")
        verbose_name_plural = _("territories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_territory_slug"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        if self.lat is not None and not -90 <= self.lat <= 90:
            raise ValidationError({"lat": _("Latitude must be between -90 and 90.")})
        if self.lon is not None and not -180 <= self.lon <= 180:
            raise ValidationError({"lon": _("Longitude must be between -180 and 180.")})
        ancestor = self.parent
        while ancestor is not None:
            if ancestor.pk == self.pk:
                raise ValidationError({"parent": _("A territory can't lie inside itself.")})
            ancestor = ancestor.parent

    def descendant_ids(self) -> set[int]:
        """This territory and every territory inside it, at any depth."""
        return set(
            Territory.objects.filter(pk__in=Territory.within(pk=self.pk)).values_list(
                "pk", flat=True
            )
        )

    @staticmethod
    def within(*, pk: int | None = None, slug: str = "", locale_id: int | None = None) -> RawSQL:
        """The ids of a territory (by pk, or by slug in a locale) and of every territory inside
        it at any depth, as a subquery: a filter on it costs no query of its own. A recursive
        query, because a commune may sit four levels under its region; UNION (not UNION ALL)
        ends at a cycle the admin failed to refuse."""
        table = connection.ops.quote_name(Territory._meta.db_table)
        if pk is not None:
            start, params = "id = %s", [pk]
        else:
            start, params = "slug = %s AND locale_id = %s", [slug, locale_id]
        # Only the table name is formatted in; values are parameters.
        sql = (
            f"WITH RECURSIVE inside(id) AS (SELECT id FROM {table} WHERE {start} "  # noqa: S608
            f"UNION SELECT child.id FROM {table} child JOIN inside ON child.parent_id = inside.id) "
            "SELECT id FROM inside"
        )
        return RawSQL(sql, params)  # noqa: S611


class Theme(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=100)
    slug = models.SlugField(_("slug"), max_length=100)
    description = models.TextField(_("description"), blank=True)

    panels = ["name", "slug", "description"]
    # Indexed so that the chooser offers a search box, in one locale at a time.
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["slug", "locale"], name="unique_theme_slug")]

    def __str__(self):
        return self.name


class Contributor(TranslatableMixin, index.Indexed, models.Model):
    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=200)
    role = models.CharField(
        _("role"),
        max_length=100,
        blank=True,
        help_text=_("What they usually do: reporter, photographer…"),
    )
    bio = RichTextField(_("biography"), features=["bold", "italic", "link"], blank=True)
    photo = models.ForeignKey(
        TerrainImage,
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    links = StreamField([("link", LinkBlock(label=_("Link")))], blank=True, verbose_name=_("links"))

    panels = ["name", "slug", "role", "bio", "photo", "links"]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.FilterField("locale"),
    ]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("contributor")
        verbose_name_plural = _("contributors")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["slug", "locale"], name="unique_contributor_slug")
        ]

    def __str__(self):
        return self.name


class StoryIndexPage(ReaderSitePageMixin, Page):
    """The home of stand-alone stories (those that belong to no series)."""

    intro = RichTextField(_("intro"), features=["bold", "italic", "link"], blank=True)

    content_panels = Page.content_panels + ["intro"]
    parent_page_types = ["home.HomePage"]
    subpage_types = ["stories.StoryPage"]
    max_count_per_parent = 1

    objects = VisiblePageManager()

    class Meta:
        verbose_name = _("stand-alone stories index")
        verbose_name_plural = _("stand-alone stories indexes")


class StoryTag(TaggedItemBase):
    content_object = ParentalKey(
        "stories.StoryPage", on_delete=models.CASCADE, related_name="tagged_items"
    )

    class Meta:
        verbose_name = _("story tag")
        verbose_name_plural = _("story tags")


class StoryPage(ReaderSitePageMixin, Page):
    """One story, or one episode when it lives under a series."""

    SYNDICATION = [
        ("all", _("Partners may republish it")),
        ("selected", _("Only the partners chosen below")),
        ("none", _("Not for republication")),
    ]

    subtitle = models.TextField(
        _("standfirst"), blank=True, help_text=_("Two or three sentences under the title.")
    )
    lead_image = models.ForeignKey(
        TerrainImage,
        verbose_name=_("lead image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    lead_image_caption = models.CharField(
        _("lead image caption"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to use the image's caption."),
    )
    lead_image_credit = models.CharField(
        _("lead image credit"),
        max_length=200,
        blank=True,
        help_text=_("Leave empty to use the image's credit."),
    )
    body = StreamField(StoryBodyBlock(), blank=True, verbose_name=_("body"))
    territory = models.ForeignKey(
        Territory,
        verbose_name=_("territory"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="stories",
        help_text=_("Where the story happens, as precisely as possible."),
    )
    themes = ParentalManyToManyField(
        Theme, verbose_name=_("themes"), blank=True, related_name="stories"
    )
    tags = ClusterTaggableManager(through=StoryTag, blank=True)
    published_at = models.DateTimeField(
        _("publication date"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_(
            "The date readers see. Left empty, it is set when the story is first published."
        ),
    )
    reading_time = models.PositiveSmallIntegerField(
        default=1, editable=False, help_text=_("Minutes, computed from the text.")
    )
    licence = models.CharField(max_length=32, choices=LICENCES, default="all-rights-reserved")
    syndication = models.CharField(
        _("republication"), max_length=10, choices=SYNDICATION, default="all"
    )
    syndication_partners = ParentalManyToManyField(
        "series.Partner",
        verbose_name=_("partners allowed to republish"),
        blank=True,
        related_name="syndicated_stories",
        help_text=_("Used only when republication is limited to chosen partners."),
    )
    canonical_url = models.URLField(
        _("original address"),
        blank=True,
        help_text=_("If the story was first published elsewhere, its address there."),
    )
    social_image = models.ForeignKey(
        TerrainImage,
        verbose_name=_("sharing image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown when the story is shared. Defaults to the lead image."),
    )

    content_panels = Page.content_panels + [
        "subtitle",
        "lead_image",
        "lead_image_caption",
        "lead_image_credit",
        "body",
        # Inline panels are headed by the relation name unless told: say it in French.
        InlinePanel("authors", heading=_("Authors")),
        "territory",
        FieldPanel("themes", widget=forms.CheckboxSelectMultiple),
        "tags",
        "published_at",
        InlinePanel("corrections", heading=_("Corrections")),
    ]
    promote_panels = Page.promote_panels + ["social_image", "canonical_url"]
    settings_panels = Page.settings_panels + [
        "licence",
        "syndication",
        FieldPanel("syndication_partners", widget=forms.CheckboxSelectMultiple),
    ]
    # Themes and partners offered in the page's language only (see LocaleScopedPageForm).
    base_form_class = LocaleScopedPageForm

    parent_page_types = ["series.SeriesPage", "stories.StoryIndexPage"]
    subpage_types: list[str] = []

    search_fields = Page.search_fields + [
        index.SearchField("subtitle"),
        index.SearchField("body"),
        index.FilterField("published_at"),
        index.FilterField("locale_id"),
    ]

    objects = VisiblePageManager()

    class Meta:
        verbose_name = _("story")
        verbose_name_plural = _("stories")

    # Set by the admin form when a draft is saved: the alt-text rule waits for submission.
    defer_alt_text_check = False

    def clean(self):
        super().clean()
        if not self.defer_alt_text_check:
            require_alt_text(self, "lead_image", "social_image")

    def save(self, *args, **kwargs):
        if self.locale_id:
            self.themes = in_locale(self.themes.all(), self.locale)
        self.reading_time = self.compute_reading_time()
        if self.published_at is None and self.live:
            self.published_at = self.go_live_at or self.first_published_at or timezone.now()
        return super().save(*args, **kwargs)

    def compute_reading_time(self) -> int:
        words = len(re.findall(r"\w+", f"{self.title} {self.subtitle} {self.body_text}"))
        return max(1, math.ceil(words / WORDS_PER_MINUTE))

    @cached_property
    def body_text(self) -> str:
        """The words a reader reads, for reading time and excerpts."""
        parts = []
        for block in self.body:
            value = block.value
            if block.block_type == "paragraph":
                parts.append(strip_tags(value.source))
            elif block.block_type in {"quote", "person"}:
                parts.append(value.get("text", ""))
            elif block.block_type == "fact_box":
                parts.append(strip_tags(value["body"].source))
            elif block.block_type == "heading":
                parts.append(value["text"])
        return " ".join(parts)


class StoryAuthor(Orderable):
    ROLES = [
        ("text", _("Text")),
        ("photo", _("Photo")),
        ("video", _("Video")),
        ("sound", _("Sound")),
        ("illustration", _("Illustration")),
        ("editing", pgettext_lazy("contributor role", "Editing")),
    ]

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="authors")
    contributor = models.ForeignKey(
        Contributor, verbose_name=_("contributor"), on_delete=models.CASCADE, related_name="+"
    )
    role = models.CharField(_("role"), max_length=20, choices=ROLES, default="text")

    panels = ["contributor", "role"]

    class Meta(Orderable.Meta):
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return f"{self.contributor} ({self.get_role_display()})"


class StoryCorrection(Orderable):
    """A public, dated note telling readers what was corrected and when."""

    page = ParentalKey(StoryPage, on_delete=models.CASCADE, related_name="corrections")
    corrected_on = models.DateField(_("date of the correction"), default=timezone.localdate)
    text = models.TextField(
        _("text"),
        help_text=_("“An earlier version misstated …”: say what was wrong and what is right."),
    )

    panels = ["corrected_on", "text"]

    class Meta(Orderable.Meta):
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["sort_order"]
