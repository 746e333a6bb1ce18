"""How the admin helps whoever writes: where the link chooser opens, which images lack alt
text. Registered from stories/wagtail_hooks.py."""

from urllib.parse import urlsplit

from django.urls import Resolver404, path, resolve, reverse, reverse_lazy
from django.utils.translation import gettext as _

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.views.chooser import BrowseView
from wagtail.blocks import StreamValue, StructValue
from wagtail.blocks.list_block import ListValue
from wagtail.models import Page
from wagtail.permissions import policy_registry

from .blocks import has_alt_text
from .models import TerrainImage

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


def _images_in(value):
    if isinstance(value, TerrainImage):
        yield value
    elif isinstance(value, StreamValue):
        for child in value:
            yield from _images_in(child.value)
    elif isinstance(value, StructValue):
        for child in value.values():
            yield from _images_in(child)
    elif isinstance(value, ListValue | list):
        for child in value:
            yield from _images_in(child)


def images_without_alt_text(page) -> list[TerrainImage]:
    """Every image of the page (image fields and body blocks) that has no alternative text."""
    found = [getattr(page, name, None) for name in ("lead_image", "social_image", "cover_image")]
    found += list(_images_in(getattr(page, "body", None)))
    missing = {image.pk: image for image in found if image is not None and not has_alt_text(image)}
    return list(missing.values())


@hooks.register("after_create_page")
@hooks.register("after_edit_page")
def warn_about_images_without_alt_text(request, page):
    """A draft saved with images lacking alt text: say so, with a way to fix each one.

    The link to an image's edit form is offered only to whoever may edit that image;
    the others are told to ask an editor or pick another image.
    """
    missing = images_without_alt_text(page.specific)
    if not missing:
        return
    image_permissions = policy_registry.get_by_type(TerrainImage)
    buttons = [
        messages.button(
            reverse("wagtailimages:edit", args=(image.pk,)),
            _("Add alt text to “%(title)s”") % {"title": image.title},
            new_window=True,
        )
        for image in missing
        if image_permissions.user_has_permission_for_instance(request.user, "change", image)
    ]
    titles = ", ".join(f"“{image.title}”" for image in missing)
    if buttons:
        text = _(
            "Draft saved, but these images have no alternative text: %(titles)s. Add it "
            "before submitting for review or publishing."
        )
    else:
        text = _(
            "Draft saved, but these images have no alternative text: %(titles)s. Ask an "
            "editor to add it, or choose other images, before submitting for review."
        )
    messages.warning(request, text % {"titles": titles}, buttons=buttons)
