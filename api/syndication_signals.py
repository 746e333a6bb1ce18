"""What publishing, unpublishing and deleting pages mean for partners: the change log that
incremental sync reads, and the webhook events endpoints subscribed to."""

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.signals import post_delete, post_save, pre_delete
from django.urls import reverse
from django.utils import timezone

from wagtail.models import Page, PageViewRestriction, Revision
from wagtail.signals import page_published, page_unpublished, post_page_move, pre_page_move

from series.models import SeriesPage, StoryFeedState
from stories.models import StoryPage

from . import webhook_delivery
from .links import locale_code, page_url
from .ninjs import story_uri, version_of
from .partner_access import embargoed_stories, scoped_locale_ids, scoped_series_paths


def audience_of(page, *, embargoed: bool = False) -> set[str]:
    """Who may read the page now: partner translation keys, "*" for every partner; prefixed
    "embargo:" when only keys that receive embargoed stories may (a scheduled story)."""
    if page.syndication == "none":
        return set()
    prefix = "embargo:" if embargoed else ""
    if page.syndication == "all":
        return {prefix + "*"}
    # .all(), not a query: `page` may be an older revision's object (partners kept in memory).
    return {prefix + str(partner.translation_key) for partner in page.syndication_partners.all()}


def touch_story(page, *, withdrawn: bool, readable: str | None = None) -> StoryFeedState | None:
    """Move the page's change-log row forward; returns the row as it was before.

    `withdrawn` says the story is not publicly readable now (unpublished, deleted, private, or
    scheduled and not live yet). `readable` ("public" or "embargo") says who can read it now,
    so that a later withdrawal is announced only to partners that could once read it.
    """
    with transaction.atomic():
        return _touch_story(page, withdrawn=withdrawn, readable=readable)


def _touch_story(page, *, withdrawn: bool, readable: str | None) -> StoryFeedState | None:
    # Locked: two changes of one story at once must not get the same sequence number.
    previous = StoryFeedState.objects.select_for_update().filter(page_id=page.pk).first()
    state = previous or StoryFeedState(page_id=page.pk, first_created=page.first_published_at)
    state.sequence += 1
    before = (
        StoryFeedState(
            withdrawn=previous.withdrawn,
            ever_syndicable=previous.ever_syndicable,
            audience=list(previous.audience or []),
        )
        if previous
        else None
    )
    state.translation_key = page.translation_key
    state.locale_id = page.locale_id
    state.path = page.path
    state.changed_at = timezone.now()
    state.withdrawn = withdrawn
    if readable:
        audience = audience_of(page, embargoed=readable == "embargo")
        state.audience = sorted(set(state.audience or []) | audience)
        if audience:
            state.ever_syndicable = True
    state.save()
    # Its published translations now link to it (ninjs associations): their documents changed.
    if not withdrawn:
        StoryFeedState.objects.filter(
            translation_key=page.translation_key, withdrawn=False
        ).exclude(page_id=page.pk).update(changed_at=state.changed_at, sequence=F("sequence") + 1)
    return before


def touch_stories_under(page) -> None:
    """A series going on or off line changes what partners may read of every episode in it."""
    StoryFeedState.objects.filter(path__startswith=page.path).exclude(page_id=page.pk).update(
        changed_at=timezone.now(), sequence=F("sequence") + 1
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
    state = StoryFeedState.objects.filter(page_id=page.pk).values("sequence", "changed_at").first()
    if state is not None:
        # Per story, growing with each change: a receiver drops a delivery whose sequence is not
        # above the last one it applied for this uri. `version` is the ninjs document's.
        data["sequence"] = state["sequence"]
        data["version"] = version_of(state["changed_at"])
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


def is_visible(page) -> bool:
    return StoryPage.objects.visible().filter(pk=page.pk).exists()


def announce_published(page, revision=None) -> None:
    """The story is readable now: partners hear story.published the first time (or after a
    withdrawal), story.updated afterwards."""
    before = touch_story(page, withdrawn=False, readable="public")
    event = "story.published" if before is None or before.withdrawn else "story.updated"
    data, may_hear = story_data(page), partner_may_hear(page)
    webhook_delivery.emit(event, data, for_partner=may_hear)
    previous = previous_revision(revision)
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


def announce_withdrawn(page) -> None:
    """The story stopped being readable (unpublished, made private): partners that heard
    about it are told to take it down; nothing is said about a story never announced."""
    state = StoryFeedState.objects.filter(page_id=page.pk).first()
    if state is None or state.withdrawn:
        return
    touch_story(page, withdrawn=True)
    webhook_delivery.emit("story.unpublished", story_data(page), for_partner=partner_may_hear(page))


def on_story_published(sender, instance, **kwargs):
    # Checked before anything is recorded: Wagtail also sends page_published when a page is
    # *scheduled* (live=False, go_live_at ahead) and when a private page is published.
    if is_visible(instance):
        announce_published(instance, kwargs.get("revision"))
    elif not instance.live and embargoed_stories().filter(pk=instance.pk).exists():
        # Scheduled: keys that receive embargoed stories read it in the change log; nobody gets
        # a webhook until it goes live, which is then its story.published.
        touch_story(instance, withdrawn=True, readable="embargo")
    else:
        announce_withdrawn(instance)


def on_story_unpublished(sender, instance, **kwargs):
    before = touch_story(instance, withdrawn=True)
    if before is not None and not before.withdrawn:
        # Only what was announced is taken down: a scheduled or private story never was.
        webhook_delivery.emit(
            "story.unpublished", story_data(instance), for_partner=partner_may_hear(instance)
        )


def on_story_deleted(sender, instance, **kwargs):
    before = touch_story(instance, withdrawn=True)
    if instance.live and before is not None and not before.withdrawn:
        webhook_delivery.emit(
            "story.unpublished", story_data(instance), for_partner=partner_may_hear(instance)
        )


def reconcile_stories_under(path: str) -> None:
    """After a change that is not a publication (a view restriction added or removed), make
    what partners were told match what they may read now, story by story."""
    stories = list(StoryPage.objects.filter(path__startswith=path, live=True))
    if not stories:
        return
    visible_ids = set(
        StoryPage.objects.visible()
        .filter(pk__in=[story.pk for story in stories])
        .values_list("pk", flat=True)
    )
    announced = set(
        StoryFeedState.objects.filter(
            page_id__in=[story.pk for story in stories], withdrawn=False
        ).values_list("page_id", flat=True)
    )
    for story in stories:
        if story.pk in visible_ids and story.pk not in announced:
            announce_published(story)
        elif story.pk not in visible_ids and story.pk in announced:
            announce_withdrawn(story)


def on_view_restriction_changed(sender, instance, **kwargs):
    """A page made private (or public again) changes what partners may read under it: told
    like an unpublication (or a publication)."""
    origin = kwargs.get("origin")
    if origin is not None and not isinstance(origin, PageViewRestriction):
        return  # deleted along with its page: the page's own deletion is announced
    path = Page.objects.filter(pk=instance.page_id).values_list("path", flat=True).first()
    if path:
        reconcile_stories_under(path)


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
        row.sequence += 1
    StoryFeedState.objects.bulk_update(rows, ["previous_path", "path", "changed_at", "sequence"])


def connect() -> None:
    pre_page_move.connect(before_move, dispatch_uid="feed-before-move")
    post_page_move.connect(after_move, dispatch_uid="feed-after-move")
    page_published.connect(on_story_published, sender=StoryPage, dispatch_uid="feed-published")
    page_unpublished.connect(
        on_story_unpublished, sender=StoryPage, dispatch_uid="feed-unpublished"
    )
    pre_delete.connect(on_story_deleted, sender=StoryPage, dispatch_uid="feed-deleted")
    post_save.connect(
        on_view_restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="feed-restriction-saved",
    )
    post_delete.connect(
        on_view_restriction_changed,
        sender=PageViewRestriction,
        dispatch_uid="feed-restriction-deleted",
    )
    page_published.connect(
        on_series_published, sender=SeriesPage, dispatch_uid="feed-series-published"
    )
    page_unpublished.connect(
        on_series_unpublished, sender=SeriesPage, dispatch_uid="feed-series-unpublished"
    )
