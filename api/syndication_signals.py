"""What publishing, unpublishing and deleting pages mean for partners: the change log that
incremental sync reads, and the webhook events endpoints subscribed to."""

from django.conf import settings
from django.db.models.signals import pre_delete
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from series.models import SeriesPage, StoryFeedState
from stories.models import StoryPage

from . import webhook_delivery
from .links import locale_code, page_url
from .ninjs import story_uri
from .partner_access import scoped_locale_ids, scoped_series_paths


def touch_story(page, *, withdrawn: bool) -> StoryFeedState | None:
    """Move the page's change-log row forward; returns the row as it was before."""
    previous = StoryFeedState.objects.filter(page_id=page.pk).first()
    state = previous or StoryFeedState(page_id=page.pk, first_created=page.first_published_at)
    before = (
        StoryFeedState(withdrawn=previous.withdrawn, ever_syndicable=previous.ever_syndicable)
        if previous
        else None
    )
    state.translation_key = page.translation_key
    state.locale_id = page.locale_id
    state.path = page.path
    state.changed_at = timezone.now()
    state.withdrawn = withdrawn
    if not withdrawn and page.syndication != "none":
        state.ever_syndicable = True
    state.save()
    return before


def touch_stories_under(page) -> None:
    """A series going on or off line changes what partners may read of every episode in it."""
    StoryFeedState.objects.filter(path__startswith=page.path).exclude(page_id=page.pk).update(
        changed_at=timezone.now()
    )


# --- webhook payloads -------------------------------------------------------------------------


def public_api_url(name: str, **kwargs) -> str:
    base = getattr(settings, "API_PUBLIC_URL", settings.WAGTAILADMIN_BASE_URL).rstrip("/")
    return base + reverse(f"api:{name}", kwargs=kwargs)


def page_refs(page, detail: str) -> dict:
    code = locale_code(page.locale_id)
    return {
        "id": page.pk,
        "locale": code,
        "url": page_url(page.url_path, code),
        "api_url": public_api_url(detail, id=page.pk),
    }


def story_data(page: StoryPage) -> dict:
    data = {
        "type": "story",
        **page_refs(page, "story-detail"),
        "uri": story_uri(page.translation_key, locale_code(page.locale_id)),
        "title": page.title,
        "syndication_url": public_api_url("syndication-item", pk=page.pk),
        "translations": [
            page_refs(translation, "story-detail")
            for translation in StoryPage.objects.visible()
            .filter(translation_key=page.translation_key)
            .exclude(pk=page.pk)
        ],
        "all": False,
    }
    parent = page.get_parent().specific
    if isinstance(parent, SeriesPage):
        data["series"] = page_refs(parent, "series-detail")
    return data


def series_data(page: SeriesPage) -> dict:
    return {
        "type": "series",
        **page_refs(page, "series-detail"),
        "title": page.title,
        "translations": [
            page_refs(translation, "series-detail")
            for translation in SeriesPage.objects.visible()
            .filter(translation_key=page.translation_key)
            .exclude(pk=page.pk)
        ],
        "all": False,
    }


def key_covers(api_key, page) -> bool:
    locale_ids = scoped_locale_ids(api_key)
    if locale_ids is not None and page.locale_id not in locale_ids:
        return False
    paths = scoped_series_paths(api_key)
    return paths is None or any(page.path.startswith(path) for path in paths)


def partner_may_hear(page: StoryPage):
    """Only partners the story is open to hear about it, and, for a partner with keys, only
    if one of its keys covers the story's series and language."""
    if page.syndication == "none":
        return lambda partner: False
    # .all(), not a query: `page` may be an older revision's object (partners kept in memory).
    chosen = {partner.translation_key for partner in page.syndication_partners.all()}

    def may_hear(partner) -> bool:
        if page.syndication == "selected" and partner.translation_key not in chosen:
            return False
        keys = [key for key in partner.api_keys.all() if key.is_usable]
        return not keys or any(key_covers(key, page) for key in keys)

    return may_hear


# --- handlers ---------------------------------------------------------------------------------


def previous_revision(revision):
    if revision is None:
        return None
    try:
        return revision.get_previous()
    except Revision.DoesNotExist:
        return None


def on_story_published(sender, instance, **kwargs):
    before = touch_story(instance, withdrawn=False)
    if not StoryPage.objects.visible().filter(pk=instance.pk).exists():
        return  # scheduled for later, or private: nothing to announce yet
    event = "story.published" if before is None or before.withdrawn else "story.updated"
    data, may_hear = story_data(instance), partner_may_hear(instance)
    webhook_delivery.emit(event, data, for_partner=may_hear)
    previous = previous_revision(kwargs.get("revision"))
    if before is not None and not before.withdrawn and previous is not None:
        # Closed to some partners by this edit: those who heard about it until now are told to
        # take it down (as ninjs announces it canceled).
        heard_before = partner_may_hear(previous.as_object())
        webhook_delivery.emit(
            "story.unpublished",
            data,
            for_partner=lambda partner: heard_before(partner) and not may_hear(partner),
            partners_only=True,
        )


def on_story_unpublished(sender, instance, **kwargs):
    touch_story(instance, withdrawn=True)
    webhook_delivery.emit(
        "story.unpublished", story_data(instance), for_partner=partner_may_hear(instance)
    )


def on_story_deleted(sender, instance, **kwargs):
    before = touch_story(instance, withdrawn=True)
    if instance.live and before is not None and not before.withdrawn:
        webhook_delivery.emit(
            "story.unpublished", story_data(instance), for_partner=partner_may_hear(instance)
        )


def on_series_published(sender, instance, **kwargs):
    touch_stories_under(instance)
    if not SeriesPage.objects.visible().filter(pk=instance.pk).exists():
        return
    first = instance.first_published_at == instance.last_published_at
    webhook_delivery.emit("series.published" if first else "series.updated", series_data(instance))


def on_series_unpublished(sender, instance, **kwargs):
    touch_stories_under(instance)


_paths_before_move: dict[int, str] = {}


def before_move(sender, instance, **kwargs):
    _paths_before_move[instance.pk] = instance.path


def after_move(sender, instance, **kwargs):
    """A moved story (or every story of a moved series) changes scope: partners covering the
    series it left read it as canceled, those covering the new one as usable."""
    old = _paths_before_move.pop(instance.pk, None)
    if not old:
        return
    rows = list(StoryFeedState.objects.filter(path__startswith=old))
    if not rows:
        return
    new_paths = dict(
        Page.objects.filter(pk__in=[row.page_id for row in rows]).values_list("pk", "path")
    )
    now = timezone.now()
    for row in rows:
        row.previous_path = row.path
        row.path = new_paths.get(row.page_id, row.path)
        row.changed_at = now
    StoryFeedState.objects.bulk_update(rows, ["previous_path", "path", "changed_at"])


def connect() -> None:
    pre_page_move.connect(before_move, dispatch_uid="feed-before-move")
    post_page_move.connect(after_move, dispatch_uid="feed-after-move")
    page_published.connect(on_story_published, sender=StoryPage, dispatch_uid="feed-published")
    page_unpublished.connect(
        on_story_unpublished, sender=StoryPage, dispatch_uid="feed-unpublished"
    )
    pre_delete.connect(on_story_deleted, sender=StoryPage, dispatch_uid="feed-deleted")
    page_published.connect(
        on_series_published, sender=SeriesPage, dispatch_uid="feed-series-published"
    )
    page_unpublished.connect(
        on_series_unpublished, sender=SeriesPage, dispatch_uid="feed-series-unpublished"
    )
