"""The root of each locale's tree and the editors' curation of the front page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.admin.panels import InlinePanel
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from stories.models import ReaderSitePageMixin, VisiblePageManager


class HomePage(ReaderSitePageMixin, Page):
    intro = RichTextField(
        _("intro"),
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("A few words under the masthead: what this newsroom does."),
    )

    content_panels = Page.content_panels + [
        "intro",
        InlinePanel("featured_series", heading=_("Featured series")),
        InlinePanel("featured_stories", heading=_("Featured stories")),
    ]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["series.SeriesIndexPage", "stories.StoryIndexPage"]

    objects = VisiblePageManager()

    class Meta:
        verbose_name = _("home page")
        verbose_name_plural = _("home pages")


class HomeFeaturedSeries(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_series")
    series = models.ForeignKey(
        "series.SeriesPage", verbose_name=_("series"), on_delete=models.CASCADE, related_name="+"
    )

    panels = ["series"]

    class Meta(Orderable.Meta):
        verbose_name = _("featured series")
        verbose_name_plural = _("featured series")


class HomeFeaturedStory(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_stories")
    story = models.ForeignKey(
        "stories.StoryPage", verbose_name=_("story"), on_delete=models.CASCADE, related_name="+"
    )

    panels = ["story"]

    class Meta(Orderable.Meta):
        verbose_name = _("featured story")
        verbose_name_plural = _("featured stories")
