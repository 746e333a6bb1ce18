from django.utils.translation import gettext_lazy as _

from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import translation_cascade  # noqa: F401  (registers the unpublish/delete cascade hook)
from .models import Contributor, Territory, Theme


class TerritoryViewSet(SnippetViewSet):
    model = Territory
    icon = "site"
    list_display = ["name", "kind", "code", "parent"]
    list_filter = ["kind", "locale"]
    search_fields = ["name", "code"]


class ThemeViewSet(SnippetViewSet):
    model = Theme
    icon = "tag"
    list_display = ["name", "slug"]
    list_filter = ["locale"]


class ContributorViewSet(SnippetViewSet):
    model = Contributor
    icon = "user"
    list_display = ["name", "role"]
    list_filter = ["locale"]
    search_fields = ["name"]


class NewsroomViewSetGroup(SnippetViewSetGroup):
    menu_label = _("Newsroom")
    menu_icon = "folder-open-inverse"
    menu_order = 200
    items = (TerritoryViewSet, ThemeViewSet, ContributorViewSet)


register_snippet(NewsroomViewSetGroup)

# The writer's helpers (link chooser near the page, alt-text markers) register their hooks.
from . import admin_editing  # noqa: E402, F401
