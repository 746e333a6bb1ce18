"""The root of each locale's tree and the editors' curation of the front page."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page

from stories.models import ReaderSitePageMixin, VisiblePageManager


class HomePage(ReaderSitePageMixin, Page):
    intro = RichTextField(
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("A few words under the masthead: what this newsroom does."),
    )

    content_panels = Page.content_panels + ["intro", "featured_series", "featured_stories"]
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["series.SeriesIndexPage", "stories.StoryIndexPage"]

    objects = VisiblePageManager()


class HomeFeaturedSeries(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_series")
    series = models.ForeignKey("series.SeriesPage", on_delete=models.CASCADE, related_name="+")

    panels = ["series"]


class HomeFeaturedStory(Orderable):
    page = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_stories")
    story = models.ForeignKey("stories.StoryPage", on_delete=models.CASCADE, related_name="+")

    panels = ["story"]
