"""Who may do what in the admin, beyond what group permissions can say (docs/editors.md).

- Curated pages (home, section indexes, series with their partners and funding disclosure)
  are edited only by those who may publish them: Wagtail page permissions cascade down the
  tree, so the journalists' permission to write stories under a series would otherwise let
  them edit the series itself.
- wagtail-localize publishes on two paths that never ask whether the user may publish:
  "Sync translated pages" with "Publish immediately", and "Convert to alias page" (an alias
  mirrors its live source). Both are guarded here; the translation editor's own "Publish"
  already checks.
- A translation made with "Translate this page" is edited in wagtail-localize's editor,
  which has no "Submit for review": a button (home/templates/wagtail_localize/admin/
  edit_translation.html) saves the translated text as a draft revision and starts the
  page's workflow, so journalists translate under review.
"""

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.urls import path
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.auth import permission_denied
from wagtail.models import DraftStateMixin, Page, WorkflowState
from wagtail_localize.models import Translation
from wagtail_localize.views import convert
from wagtail_localize.views.update_translations import UpdateTranslationsView

from stories.models import StoryPage


def is_curated(page_class) -> bool:
    """Every page type but stories: the home page, section indexes, series."""
    return not issubclass(page_class, StoryPage)


@hooks.register("before_edit_page")
def only_publishers_edit_curated_pages(request, page):
    if (
        is_curated(page.specific_class)
        and not page.permissions_for_user(request.user).can_publish()
    ):
        return permission_denied(request)
    return None


@hooks.register("before_create_page")
def only_publishers_create_curated_pages(request, parent_page, page_class):
    if (
        is_curated(page_class)
        and not parent_page.permissions_for_user(request.user).can_publish_subpage()
    ):
        return permission_denied(request)
    return None


@hooks.register("before_delete_page")
@hooks.register("before_move_page")
@hooks.register("before_copy_page")
def only_publishers_reorganise_curated_pages(request, page, *args):
    return only_publishers_edit_curated_pages(request, page)


def may_publish(user, instance) -> bool:
    if isinstance(instance, Page):
        return instance.permissions_for_user(user).can_publish()
    if isinstance(instance, DraftStateMixin):
        opts = instance._meta
        return user.has_perm(f"{opts.app_label}.publish_{opts.model_name}")
    return True  # a snippet without drafts is saved, never "published"


class GuardedUpdateTranslationsView(UpdateTranslationsView):
    """ "Sync translated pages", publishing only for those who may publish every target."""

    def may_publish_targets(self) -> bool:
        user = self.request.user
        for translation in self.object.translations.filter(enabled=True):
            try:
                target = translation.get_target_instance()
            except ObjectDoesNotExist:
                continue  # nothing published yet to sync into
            if not may_publish(user, target):
                return False
        return True

    def get_form(self):
        form = super().get_form()
        if not self.may_publish_targets():
            del form.fields["publish_translations"]
        return form

    def post(self, request, **kwargs):
        if request.POST.get("publish_translations") and not self.may_publish_targets():
            raise PermissionDenied
        return super().post(request, **kwargs)

    def form_valid(self, form):
        form.cleaned_data.setdefault("publish_translations", False)
        return super().form_valid(form)


def guarded_convert_to_alias(request, page_id):
    """An alias mirrors its source's live status: converting is publishing."""
    page = get_object_or_404(Page, id=page_id, alias_of_id__isnull=True)
    if not page.permissions_for_user(request.user).can_publish():
        raise PermissionDenied
    return convert.convert_to_alias(request, page_id)


def may_submit_for_review(user, page) -> bool:
    perms = page.permissions_for_user(user)
    state = page.current_workflow_state
    needs_changes = state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES
    return perms.can_edit() and (perms.can_submit_for_moderation() or needs_changes)


def target_translation(page) -> Translation | None:
    return (
        Translation.objects.filter(
            source__object_id=page.translation_key, target_locale_id=page.locale_id, enabled=True
        )
        .select_related("source")
        .first()
    )


@require_POST
def submit_translation_for_review(request, page_id):
    page = get_object_or_404(Page, id=page_id).specific
    translation = target_translation(page)
    if translation is None:
        raise PermissionDenied
    if not may_submit_for_review(request.user, page):
        raise PermissionDenied
    state = page.current_workflow_state

    # The translated strings become the page's latest revision, a draft.
    translation.save_target(user=request.user, publish=False)
    page.refresh_from_db()
    if state is not None and state.status == WorkflowState.STATUS_NEEDS_CHANGES:
        state.resume(request.user)
    else:
        page.get_workflow().start(page, request.user)
    messages.success(
        request,
        gettext("“%(title)s” was submitted for review.")
        % {"title": page.get_admin_display_title()},
    )
    return redirect("wagtailadmin_pages:edit", page.id)


# Before wagtail-localize's own URLs (same paths), so these views answer them.
@hooks.register("register_admin_urls", order=-10)
def register_admin_urls():
    return [
        path(
            "localize/update/<int:translation_source_id>/",
            GuardedUpdateTranslationsView.as_view(),
        ),
        path("localize/page/<int:page_id>/convert_to_alias/", guarded_convert_to_alias),
        path(
            "terrain/translations/<int:page_id>/submit/",
            submit_translation_for_review,
            name="terrain_submit_translation",
        ),
    ]
