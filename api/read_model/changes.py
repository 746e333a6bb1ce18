"""Which published change re-renders which documents.

Only what readers can see moves documents: a page published, unpublished, moved or deleted, a
view restriction, a snippet, an image, a document or a tag saved. Draft saves, revisions,
workflow steps, renditions, search-index writes and partner bookkeeping send none of these
signals, so they never touch a document.

A changed object's own documents are dropped in the transaction of the change (the next
request renders them), so the API shows a publication when "Publish" returns; the worker
renders them ahead of readers. Documents that *include* the object (its fellow
episodes, stories linking to it…) are found through what they read (DocumentRead) and
rendered by a task on the worker; when the change withdraws something (unpublished,
private, moved, deleted), they are dropped at once too, so nothing withdrawn outlives it.
"""

from django.db import transaction
from django.db.models import F
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.utils import timezone

from taggit.models import Tag
from wagtail.documents import get_document_model
from wagtail.models import Collection, CollectionViewRestriction, Page, PageViewRestriction
from wagtail.signals import page_published, page_unpublished, post_page_move

from django_tasks import task

from series.models import Partner, PartnerAPIKey, StoryFeedState
from stories.models import Contributor, StoryPage, TerrainImage, Territory, Theme

from ..models import DocumentRead, PublicationStamp, PublishedDocument
from .kinds import MODELS, RENDERERS
from .store import refresh

# Tests replace this: their outer transaction never commits.
after_commit = transaction.on_commit

SNIPPETS = {Territory: "territory", Theme: "theme", Contributor: "contributor", Partner: "partner"}


def dependents(keys) -> dict[str, set[int]]:
    """The objects whose documents read any of these keys, by kind."""
    found: dict[str, set[int]] = {}
    rows = DocumentRead.objects.filter(key__in=set(keys)).values_list("kind", "object_id")
    for kind, object_id in rows.distinct():
        found.setdefault(kind, set()).add(object_id)
    return found


@task()
def render_dependents(keys: list[str], own: dict[str, list[int]] | None = None) -> int:
    """Render the changed objects' own documents, then every other document that read one
    of `keys`. Returns how many objects were rendered."""
    count = 0
    own = {kind: set(ids) for kind, ids in (own or {}).items()}
    for kind, ids in own.items():
        refresh(kind, ids)
        count += len(ids)
    found = dependents(keys)
    for kind in RENDERERS:  # a front page includes stories and series as they are stored
        ids = found.get(kind, set()) - own.get(kind, set())
        if not ids:
            continue
        before = versions(kind, ids)
        refresh(kind, ids)
        count += len(ids)
        if kind == "ninjs":
            # What partners may show of these stories changed without a publication of
            # theirs (a renamed contributor, a partner's disclosure, an image's credit, a
            # neighbour withdrawn): they hear it as they hear a correction.
            moved = {pk for pk, version in versions(kind, ids).items() if before.get(pk) != version}
            announce_updated(moved)
    return count


def versions(kind: str, ids) -> dict[int, int]:
    """The version of each object's document that changes whenever any of its variants does
    (the ninjs item without originals differs from the other only by them)."""
    variant = "plain" if kind == "ninjs" else "detail"
    return dict(
        PublishedDocument.objects.filter(kind=kind, object_id__in=ids, variant=variant).values_list(
            "object_id", "version"
        )
    )


def announce_updated(ids) -> None:
    """story.updated for each public story among `ids`: its place in the partners' change log
    moves and their webhooks are sent. Scheduled ones move in the log only (keys with embargo
    access read them there; webhooks wait for the release)."""
    from ..syndication_signals import announce_published

    # Only stories partners were told are out: a story being withdrawn in the same change
    # (its series deleted, say) is not announced again.
    known = StoryFeedState.objects.filter(page_id__in=ids, withdrawn=False).values("page_id")
    public = list(
        StoryPage.objects.visible().filter(pk__in=known).prefetch_related("syndication_partners")
    )
    for story in public:
        announce_published(story)
    scheduled = set(ids) - {story.pk for story in public}
    StoryFeedState.objects.filter(page_id__in=scheduled).update(
        changed_at=timezone.now(), sequence=F("sequence") + 1
    )


def changed(keys: set[str], own: dict[str, set[int]] | None = None, withdrawn: bool = False):
    """Something readers see changed: `own` are the objects whose own documents change.

    Their documents are dropped with the change (the next request renders them: the API
    shows the change when Publish returns); rendering them ahead of readers is the
    worker's, with the dependents, so a publish never makes renditions in the request."""
    raise_stamp()
    own = {kind: ids for kind, ids in (own or {}).items() if ids}
    for kind, ids in own.items():
        PublishedDocument.objects.filter(kind=kind, object_id__in=ids).delete()
    if withdrawn:
        for kind, ids in dependents(keys).items():
            PublishedDocument.objects.filter(kind=kind, object_id__in=ids).delete()
    own_ids = {kind: sorted(ids) for kind, ids in own.items()}
    keys = sorted(keys)
    after_commit(lambda: render_dependents.enqueue(keys, own_ids))


def raise_stamp() -> None:
    """Lists' totals held by processes are counted again (api.read_model.lists)."""
    if not PublicationStamp.objects.filter(pk=1).update(value=F("value") + 1):
        PublicationStamp.objects.get_or_create(pk=1)


@receiver(post_save, sender=PartnerAPIKey, dispatch_uid="read-model-key-saved")
@receiver(m2m_changed, sender=PartnerAPIKey.series.through, dispatch_uid="read-model-key-series")
@receiver(m2m_changed, sender=PartnerAPIKey.locales.through, dispatch_uid="read-model-key-locales")
def on_key_scope(sender, **kwargs):
    """A key's scope (series, languages, revoked) selects what its lists count."""
    raise_stamp()


def page_keys(pages) -> set[str]:
    """Keys of these pages and of their translations (a document shows a page in its own
    language when there is a version there), and of the branches they are in."""
    keys = set()
    translation_keys = set()
    for page in pages:
        # The front page of its language lists the latest stories.
        keys.add(f"locale:{page.locale_id}")
        translation_keys.add(page.translation_key)
        keys.add(f"branch:{page.path}")
        keys.add(f"branch:{page.path[: -page.steplen]}")
    siblings = Page.objects.filter(translation_key__in=translation_keys).values_list(
        "pk", flat=True
    )
    keys.update(f"page:{pk}" for pk in siblings)
    keys.update(f"page:{page.pk}" for page in pages)
    return keys


def own_documents(pages) -> dict[str, set[int]]:
    return {
        kind: {page.pk for page in pages if issubclass(page.specific_class, model)}
        for kind, model in MODELS.items()
    }


def subtree(page) -> list[Page]:
    return list(Page.objects.descendant_of(page, inclusive=True).select_related("content_type"))


@receiver(page_published, dispatch_uid="read-model-published")
def on_published(sender, instance, **kwargs):
    changed(page_keys([instance]), own_documents([instance]))


@receiver(page_unpublished, dispatch_uid="read-model-unpublished")
def on_unpublished(sender, instance, **kwargs):
    pages = subtree(instance)
    changed(page_keys(pages), own_documents(pages), withdrawn=True)


@receiver(post_page_move, dispatch_uid="read-model-moved")
def on_moved(sender, instance, parent_page_before, **kwargs):
    pages = subtree(instance)
    keys = page_keys(pages) | {f"branch:{parent_page_before.path}"}
    changed(keys, own_documents(pages), withdrawn=True)


@receiver(post_delete, dispatch_uid="read-model-deleted")
def on_deleted(sender, instance, **kwargs):
    if isinstance(instance, Page):
        # Descendants are deleted one by one, each with its own signal.
        changed(page_keys([instance]), own_documents([instance]), withdrawn=True)
    elif isinstance(instance, PageViewRestriction):
        on_restricted(sender, instance)
    else:
        on_saved(sender, instance, **kwargs)


@receiver(post_save, sender=PageViewRestriction, dispatch_uid="read-model-restricted")
def on_restricted(sender, instance, **kwargs):
    page = Page.objects.filter(pk=instance.page_id).first()
    if page is not None:
        pages = subtree(page)
        changed(page_keys(pages), own_documents(pages), withdrawn=True)


@receiver(post_save, dispatch_uid="read-model-saved")
def on_saved(sender, instance, **kwargs):
    if isinstance(instance, tuple(SNIPPETS)):
        kind = SNIPPETS[type(instance)]
        translations = type(instance).objects.filter(translation_key=instance.translation_key)
        own = set(translations.values_list("pk", flat=True)) | {instance.pk}
        keys = {f"{kind}:{pk}" for pk in own}
        if isinstance(instance, Territory) and instance.parent_id:
            keys.add(f"territory:{instance.parent_id}")  # it lists its children
        changed(keys, {kind: own})
    elif isinstance(instance, TerrainImage):
        changed({f"image:{instance.pk}"})
    elif isinstance(instance, get_document_model()):
        changed({f"document:{instance.pk}"})
    elif isinstance(instance, Tag):
        changed({f"tag:{instance.pk}"})
    elif isinstance(instance, CollectionViewRestriction):
        collection = Collection.objects.filter(pk=instance.collection_id).first()
        if collection is not None:
            inside = Collection.objects.descendant_of(collection, inclusive=True)
            files = get_document_model().objects.filter(collection__in=inside)
            images = TerrainImage.objects.filter(collection__in=inside)
            keys = {f"document:{pk}" for pk in files.values_list("pk", flat=True)}
            keys |= {f"image:{pk}" for pk in images.values_list("pk", flat=True)}
            changed(keys, withdrawn=True)
