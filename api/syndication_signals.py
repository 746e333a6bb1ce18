"""What publishing, unpublishing and deleting pages mean for partners: the change log that
incremental sync reads, and the webhook events endpoints subscribed to."""

from django.db.models.signals import pre_delete
from django.utils import timezone

from wagtail.signals import page_published, page_unpublished

from series.models import SeriesPage, StoryFeedState
from stories.models import StoryPage


def touch_story(page, *, withdrawn: bool) -> None:
    state, created = StoryFeedState.objects.get_or_create(
        page_id=page.pk,
        defaults={
            "translation_key": page.translation_key,
            "locale_id": page.locale_id,
            "first_created": page.first_published_at,
        },
    )
    state.translation_key = page.translation_key
    state.locale_id = page.locale_id
    state.path = page.path
    state.changed_at = timezone.now()
    state.withdrawn = withdrawn
    if not withdrawn and page.syndication != "none":
        state.ever_syndicable = True
    state.save()


def touch_stories_under(page) -> None:
    """A series going on or off line changes what partners may read of every episode in it."""
    now = timezone.now()
    StoryFeedState.objects.filter(path__startswith=page.path).exclude(page_id=page.pk).update(
        changed_at=now
    )


def on_story_published(sender, instance, **kwargs):
    touch_story(instance, withdrawn=False)


def on_story_unpublished(sender, instance, **kwargs):
    touch_story(instance, withdrawn=True)


def on_story_deleted(sender, instance, **kwargs):
    touch_story(instance, withdrawn=True)


def on_series_changed(sender, instance, **kwargs):
    touch_stories_under(instance)


def connect() -> None:
    page_published.connect(on_story_published, sender=StoryPage, dispatch_uid="feed-published")
    page_unpublished.connect(
        on_story_unpublished, sender=StoryPage, dispatch_uid="feed-unpublished"
    )
    pre_delete.connect(on_story_deleted, sender=StoryPage, dispatch_uid="feed-deleted")
    for signal, uid in ((page_published, "published"), (page_unpublished, "unpublished")):
        signal.connect(on_series_changed, sender=SeriesPage, dispatch_uid=f"feed-series-{uid}")
