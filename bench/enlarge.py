"""Copy the demo's published French stories until there are at least TARGET of them
(run inside `manage.py shell`, see bench/api.py).

`enlarge` copies page by page with Wagtail's `Page.copy` (about 0.1 s a page); `enlarge_bulk`
makes thousands in seconds: real published StoryPages in the tree (treebeard paths, the
parents' `numchild`), with their own rows of every child relation (authors, corrections,
themes, tags, partners) and a live revision each, copied with INSERT … SELECT. It skips what
no API v1 list or detail reads: log entries, the search index and the reference index.
"""

import itertools
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone

from wagtail.models import Page, Revision

from stories.models import RENDITION_SPECS, StoryPage, TerrainImage

TARGET = 220


def originals():
    found = list(StoryPage.objects.visible().filter(locale__language_code="fr").order_by("pk"))
    if not found:
        raise SystemExit("no published demo stories: did seed_demo run?")
    return found


def enlarge(target: int = TARGET) -> int:
    pages = originals()
    count = len(pages)
    for n, original in zip(itertools.count(1), itertools.cycle(pages)):
        if count >= target:
            break
        original.copy(
            update_attrs={"slug": f"{original.slug}-copie-{n}", "title": f"{original.title} ({n})"},
            keep_live=True,
            log_action=None,
        )
        count += 1
    return count


def _copy_rows(table: str, key: str, pairs, batch: int = 500) -> None:
    """INSERT … SELECT every row of `table` whose `key` is an original, with the copy's id."""
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE 1 = 0")  # noqa: S608
        columns = [c[0] for c in cursor.description]
    copied = [c for c in columns if c not in ("id", key)]
    select = ", ".join(copied)
    sql = (
        f"INSERT INTO {table} ({key}{', ' if copied else ''}{select}) "  # noqa: S608
        f"SELECT %s{', ' if copied else ''}{select} FROM {table} WHERE {key} = %s"
    )
    with connection.cursor() as cursor:
        for start in range(0, len(pairs), batch):
            cursor.executemany(sql, pairs[start : start + batch])


def _child_tables():
    """(table, column naming the story) of every relation a story owns."""
    tables = []
    for name in ("authors", "corrections", "tagged_items"):
        relation = StoryPage._meta.get_field(name)
        tables.append((relation.related_model._meta.db_table, relation.field.column))
    for name in ("themes", "syndication_partners"):
        field = StoryPage._meta.get_field(name)
        tables.append((field.remote_field.through._meta.db_table, field.m2m_column_name()))
    return tables


@transaction.atomic
def enlarge_bulk(target: int) -> int:
    pages = originals()
    count = StoryPage.objects.visible().filter(locale__language_code="fr").count()
    wanted = target - count
    if wanted <= 0:
        return count
    page_fields = [f for f in Page._meta.concrete_fields if not f.primary_key]
    parents = {p.pk: p for p in Page.objects.filter(pk__in={o.get_parent().pk for o in pages})}
    next_step = {}
    for parent in parents.values():
        last = parent.get_last_child()
        next_step[parent.pk] = Page._str2int(last.path[-Page.steplen :]) if last else 0
    now = timezone.now()
    copies, sources = [], []
    for n, original in zip(range(1, wanted + 1), itertools.cycle(pages)):
        parent = parents[original.get_parent().pk]
        next_step[parent.pk] += 1
        values = {f.attname: getattr(original, f.attname) for f in page_fields}
        slug = f"{original.slug}-lot-{n}"
        values.update(
            title=f"{original.title} [{n}]",
            draft_title=f"{original.title} [{n}]",
            slug=slug,
            url_path=f"{parent.url_path}{slug}/",
            path=Page._get_path(parent.path, parent.depth + 1, next_step[parent.pk]),
            depth=parent.depth + 1,
            numchild=0,
            translation_key=uuid.uuid4(),
            live=True,
            has_unpublished_changes=False,
            latest_revision_id=None,
            live_revision_id=None,
            latest_revision_created_at=now,
            alias_of_id=None,
            locked=False,
            locked_at=None,
            locked_by_id=None,
        )
        copies.append(Page(**values))
        sources.append(original)
    Page.objects.bulk_create(copies, batch_size=500)
    if copies[0].pk is None:  # a backend that does not return ids: find them by path
        ids = dict(Page.objects.filter(path__in=[c.path for c in copies]).values_list("path", "pk"))
        for copy in copies:
            copy.pk = copy.id = ids[copy.path]
    pairs = [(copy.pk, original.pk) for copy, original in zip(copies, sources, strict=True)]
    _copy_rows(StoryPage._meta.db_table, "page_ptr_id", pairs)
    for table, column in _child_tables():
        _copy_rows(table, column, pairs)
    for parent in parents.values():
        Page.objects.filter(pk=parent.pk).update(numchild=Page.objects.child_of(parent).count())

    story_type = ContentType.objects.get_for_model(StoryPage)
    page_type = ContentType.objects.get_for_model(Page)
    contents = {o.pk: (o.live_revision or o.latest_revision).content for o in sources}
    revisions = []
    for copy, original in zip(copies, sources, strict=True):
        content = {
            **contents[original.pk],
            "pk": copy.pk,
            "id": copy.pk,
            "title": copy.title,
            "draft_title": copy.title,
            "slug": copy.slug,
            "url_path": copy.url_path,
            "path": copy.path,
            "translation_key": str(copy.translation_key),
        }
        revisions.append(
            Revision(
                content_type=story_type,
                base_content_type=page_type,
                object_id=str(copy.pk),
                content=content,
                created_at=now,
                object_str=copy.title,
            )
        )
    Revision.objects.bulk_create(revisions, batch_size=500)
    if revisions[0].pk is None:
        ids = dict(
            Revision.objects.filter(
                object_id__in=[str(c.pk) for c in copies], base_content_type=page_type
            ).values_list("object_id", "pk")
        )
        for revision in revisions:
            revision.pk = revision.id = ids[revision.object_id]
    for copy, revision in zip(copies, revisions, strict=True):
        copy.latest_revision_id = copy.live_revision_id = revision.pk
    Page.objects.bulk_update(copies, ["latest_revision", "live_revision"], batch_size=500)
    return count + len(copies)


def make_renditions() -> int:
    """Renditions are made ahead of time in production, never inside an API request."""
    images = list(TerrainImage.objects.all())
    for image in images:
        image.get_renditions(*RENDITION_SPECS.values())
    return len(images)
