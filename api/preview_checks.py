"""Wagtail's checks panel (word count, reading time, accessibility) for headless previews.

The admin's "Checks" panel gets nothing from the server: its script waits for a
`w-userbar:axe-ready` message from Wagtail's userbar running *inside* the preview iframe, then
runs axe-core across the frame and asks the userbar's axe plugin to extract the page's main
content, from which it counts words and reading time. A headless preview iframe shows the
reader site, which has no userbar, so the panel stayed empty.

So the preview endpoint hands the reader site Wagtail's own userbar, rendered here as the
preview panel wants it (hidden, content checker only), with absolute URLs of the admin's
scripts, and the reader site puts it in its /preview page (frontend/, over HTTP only).

axe-core talks across frames only to the origins it allows (its own by default): the admin
and the reader site are two origins, so each side's content checker names the other one.
"""

from urllib.parse import urljoin, urlsplit

from django.conf import settings

from wagtail import hooks
from wagtail.admin.staticfiles import versioned_static
from wagtail.admin.userbar import AccessibilityItem, ContentCheckerItem, Userbar


def origin_of(url: str) -> str:
    parts = urlsplit(url or "")
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def admin_base_url() -> str:
    """Where editors' browsers reach the admin (and its static files)."""
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/")


def reads_on_reader_site(page) -> bool:
    from stories.models import ReaderSitePageMixin

    return isinstance(page, ReaderSitePageMixin)


class HeadlessPreviewChecker(ContentCheckerItem):
    """Wagtail's content checker, allowed to talk to the other side of a headless preview.

    In the editor (`in_editor`), axe-core runs in the admin and reaches into the preview
    iframe, on the reader site; in the preview, it answers the admin.
    """

    def __init__(self, in_editor=False, other_origin=""):
        super().__init__(in_editor=in_editor)
        self.other_origin = other_origin

    def get_axe_spec(self, request):
        spec = super().get_axe_spec(request)
        if self.other_origin:
            # Only the other side: a postMessage aimed at an origin the frame does not have
            # is refused by the browser with a console error.
            spec["allowedOrigins"] = [self.other_origin]
        return spec


@hooks.register("construct_wagtail_userbar")
def check_reader_site_previews(request, items, page):
    """Wagtail's own content checker, for the editor of a page readers read on the reader
    site: its checks panel reaches into the preview iframe, on the reader site's origin."""
    if not reads_on_reader_site(page):
        return
    for index, item in enumerate(items):
        if type(item) in (ContentCheckerItem, AccessibilityItem) and item.in_editor:
            items[index] = HeadlessPreviewChecker(
                in_editor=True, other_origin=origin_of(page.get_client_root_url(request))
            )


class HeadlessPreviewUserbar(Userbar):
    """The userbar Wagtail puts in a preview shown in its panel, for a page served elsewhere:
    hidden, with the content checker only, answering the admin's origin, its scripts and
    styles on the admin's address (not the address the reader site used to reach the API)."""

    template_name = "api/preview_userbar.html"

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        base = admin_base_url() + "/"
        context["origin"] = origin_of(base)
        context["items"] = [
            HeadlessPreviewChecker(other_origin=origin_of(base)).render_html(parent_context)
        ]
        context["core_css_url"] = urljoin(base, versioned_static("wagtailadmin/css/core.css"))
        context["script_urls"] = [
            urljoin(base, versioned_static("wagtailadmin/js/vendor.js")),
            urljoin(base, versioned_static("wagtailadmin/js/userbar.js")),
        ]
        return context


def preview_userbar(request, page) -> str:
    """The HTML the reader site adds to a preview shown in the admin's preview panel."""
    request.in_preview_panel = True
    return HeadlessPreviewUserbar(object=page).render_html({"request": request})
