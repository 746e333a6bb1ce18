"""How the admin helps whoever writes: where the link chooser opens, which images lack alt
text. Registered from stories/wagtail_hooks.py."""

from urllib.parse import urlsplit

from django.urls import Resolver404, path, resolve, reverse_lazy

from wagtail import hooks
from wagtail.admin.views.chooser import BrowseView
from wagtail.models import Page

LINK_CHOOSER_URL_NAME = "stories_link_page_chooser"


def page_being_edited_parent(request) -> int | None:
    """The page the link chooser should open at: the parent of the page being written.

    Draftail asks the chooser for a page without saying which page is being edited; the
    editor's URL is the request's Referer (same origin, sent by Django's default
    Referrer-Policy). Opening among the story's siblings keeps the chooser in the story's
    language tree and next to the episodes one links to most.
    """
    referer = request.headers.get("Referer")
    if not referer:
        return None
    try:
        match = resolve(urlsplit(referer).path)
    except Resolver404:
        return None
    if match.url_name == "edit" and "wagtailadmin_pages" in match.namespaces:
        page = Page.objects.filter(pk=match.kwargs.get("page_id")).first()
        parent = page.get_parent() if page is not None else None
        return parent.pk if parent is not None and not parent.is_root() else None
    if match.url_name == "add" and "wagtailadmin_pages" in match.namespaces:
        return match.kwargs.get("parent_page_id")
    return None


def link_page_chooser(request, parent_page_id=None):
    """Wagtail's page chooser for rich-text links, opened near the page being written."""
    if parent_page_id is None:
        parent_page_id = page_being_edited_parent(request)
    return BrowseView.as_view()(request, parent_page_id=parent_page_id)


@hooks.register("register_admin_urls")
def link_chooser_urls():
    return [
        path("link-chooser/", link_page_chooser, name=LINK_CHOOSER_URL_NAME),
        # Draftail appends "<parent id>/" to reopen an existing link where it points.
        path("link-chooser/<int:parent_page_id>/", link_page_chooser),
    ]


@hooks.register("register_rich_text_features", order=100)
def open_link_chooser_near_the_page(features):
    # Runs after Wagtail's own features: only the link's page chooser address changes.
    # (get_editor_plugin would scan the features again from inside the scan.)
    link = features.plugins_by_editor.get("draftail", {}).get("link")
    if link is not None:
        link.data["chooserUrls"]["pageChooser"] = reverse_lazy(LINK_CHOOSER_URL_NAME)
