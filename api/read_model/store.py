"""Stored documents: read with the objects a request selects, healed when absent or stale,
and spliced as JSON text into the response."""

import functools
import hashlib
import json
import re
import secrets

from django.db import connection, transaction
from django.db.models.expressions import RawSQL
from django.http import HttpResponse
from django.utils import timezone
from rest_framework.utils.encoders import JSONEncoder

from ..links import origin
from ..models import DocumentRead, PublishedDocument
from ..visibility import next_boundary
from . import bodies, render
from .kinds import RENDERERS
from .prepared import as_datetime, fetch, prepared_rows
from .render import ORIGIN

COLUMNS = ("body", "version", "renderer", "valid_until", "last_modified")


def with_documents(queryset, kind: str | tuple, variant: str, *columns: str, **annotations):
    """Rows ({"pk", *columns, *annotations, "document_…"}) of the queryset's objects, each
    with its stored document, in the same query. Pages of several kinds: a tuple of kinds (a
    page id names one document of one of them).

    The document's columns are correlated subqueries written as SQL: every public request
    builds this query, and five ORM Subquery expressions cost more to resolve (milliseconds)
    than the database takes to run them."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    meta, quote = queryset.model._meta, connection.ops.quote_name
    owner = f"{quote(meta.db_table)}.{quote(meta.pk.column)}"
    table = quote(PublishedDocument._meta.db_table)
    where = (
        f"d.object_id = {owner} AND d.kind IN ({', '.join(['%s'] * len(kinds))}) AND d.variant = %s"
    )
    selected = {name: f"d.{quote(name)}" for name in COLUMNS}
    selected["body"] = body_as_bytes(selected["body"])
    stored = {
        f"document_{name}": RawSQL(  # noqa: S611 (names from the models, values as parameters)
            f"SELECT {selected[name]} FROM {table} d WHERE {where} LIMIT 1",  # noqa: S608
            (*kinds, variant),
            output_field=PublishedDocument._meta.get_field(name),
        )
        for name in COLUMNS
    }
    return queryset.annotate(**annotations, **stored).values("pk", *columns, *annotations, *stored)


def page_with_documents(page, kind: str, variant: str, *columns: str, **annotations) -> list:
    """with_documents for a page of a list (a sliced queryset): the documents are read for
    the page's rows only, not for every row the database sorts to find them."""
    ordering = page.query.order_by
    rows = page.model._base_manager.filter(pk__in=page.values("pk")).order_by(*ordering)
    return list(with_documents(rows, kind, variant, *columns, **annotations))


def documents_by_id(kind: str | tuple, variant: str, ids: list[int]) -> list[dict]:
    """Rows as with_documents gives them, for these ids in this order (an id without a
    document: a row whose document is None, healed by documents()). A body this process
    holds under the stored version (api.read_model.bodies) is not read again."""
    kinds = kind if isinstance(kind, tuple) else (kind,)
    quote = connection.ops.quote_name
    known = {bodies.known_version((kind, pk, variant)) for pk in ids} - {None}
    body = body_as_bytes(quote("body"))
    if known:
        marks = ", ".join(["%s"] * len(known))
        body = f"CASE WHEN {quote('version')} IN ({marks}) THEN NULL ELSE {body} END"
    columns = ", ".join(body if name == "body" else quote(name) for name in COLUMNS)
    sql = (
        f"SELECT object_id, {columns} FROM {quote(PublishedDocument._meta.db_table)} "  # noqa: S608
        f"WHERE kind IN ({', '.join(['%s'] * len(kinds))}) AND variant = %s "
        f"AND object_id IN ({', '.join(['%s'] * len(ids))})"
    )
    stored = {}
    for object_id, body, version, renderer, valid, modified in fetch(
        sql, [*known, *kinds, variant, *ids]
    ):
        key = (kind, object_id, variant)
        if body is None:
            # Held here, unless another thread let it go since (or versions met by chance).
            body = bodies.raw(key, version) or _body(kinds, object_id, variant, version)
        else:
            body = bytes(body)
        bodies.keep(key, version, body)
        stored[object_id] = (body, version, renderer, as_datetime(valid), as_datetime(modified))
    empty = (None,) * len(COLUMNS)
    return [
        {"pk": pk, **dict(zip(DOCUMENT_KEYS, stored.get(pk, empty), strict=True))} for pk in ids
    ]


def _body(kinds: tuple, object_id: int, variant: str, version: int) -> bytes:
    stored = PublishedDocument.objects.filter(
        kind__in=kinds, object_id=object_id, variant=variant, version=version
    ).values_list("body", flat=True)
    return (stored.first() or "").encode()


DOCUMENT_KEYS = tuple(f"document_{name}" for name in COLUMNS)
# The body as the UTF-8 bytes a response is made of, not decoded into text on the way.
BODY_AS_BYTES = {"sqlite": "CAST({} AS BLOB)", "postgresql": "convert_to({}, 'UTF8')"}


def body_as_bytes(column: str) -> str:
    return BODY_AS_BYTES.get(connection.vendor, "{}").format(column)


@functools.cache
def documents_stage(kind: str | tuple, variant: str, columns: tuple = ()):
    """A stage for prepared queries (one function per arguments, so one shape): the
    queryset's rows with their stored documents, as with_documents."""

    def stage(queryset):
        return with_documents(queryset, kind, variant, *columns)

    return stage


def first_row(build, kind, variant, columns: tuple = (), /, **inputs) -> dict | None:
    """The first row of with_documents(build(**inputs), …), its SQL prepared once per
    shape; only `columns` holding no dates (raw values)."""
    rows = document_rows(build, kind, variant, columns, " LIMIT %s", (1,), **inputs)
    return rows[0] if rows else None


def document_rows(
    build, kind, variant, columns: tuple = (), suffix: str = "", extra=(), /, **inputs
) -> list[dict]:
    """Rows of with_documents(build(**inputs), …) as dicts, its SQL prepared once per shape."""
    stage = documents_stage(kind, variant, columns)
    names = ("pk", *columns, *DOCUMENT_KEYS)
    rows = []
    for values in prepared_rows(stage, build, suffix, extra, **inputs):
        row = dict(zip(names, values, strict=True))
        row["document_valid_until"] = as_datetime(row["document_valid_until"])
        row["document_last_modified"] = as_datetime(row["document_last_modified"])
        rows.append(row)
    return rows


class Document:
    """A stored document as a request reads it: its text as the database gives it (bytes
    from documents_by_id: responses are made of bytes, and a page of 100 ninjs documents is
    0.9 MB that need not be decoded and encoded again), as text when asked."""

    __slots__ = ("kind", "object_id", "variant", "_body", "version", "last_modified")

    def __init__(self, kind, object_id, variant, body: str | bytes, version, last_modified):
        self.kind = kind
        self.object_id = object_id
        self.variant = variant
        self._body = body
        self.version = version
        self.last_modified = last_modified

    @property
    def text(self) -> str:
        body = self._body
        return body if isinstance(body, str) else bytes(body).decode()

    @property
    def data(self) -> bytes:
        body = self._body
        return body.encode() if isinstance(body, str) else bytes(body)

    def data_at(self, here: str) -> bytes:
        """The body with this request's origin in place of the placeholder."""
        key = (self.kind, self.object_id, self.variant)
        return bodies.at_origin(key, self.version, lambda: self.data, ORIGIN_BYTES, here)


ORIGIN_BYTES = ORIGIN.encode()


def _fresh(row, now) -> bool:
    return (
        row["document_body"] is not None
        and row["document_renderer"] == render.RENDERER
        and (row["document_valid_until"] is None or now < row["document_valid_until"])
    )


def documents(kind: str, variant: str, rows) -> list[Document]:
    """The document of each row (from with_documents), in order. Absent or stale ones are
    rendered and stored now; an object that can no longer be rendered (gone since the
    request selected it) is left out."""
    now = timezone.now()
    stale = {row["pk"] for row in rows if not _fresh(row, now)}
    healed = {}
    if stale:
        for stored in refresh(kind, stale):
            if stored.variant == variant:
                healed[stored.object_id] = stored
    found = []
    for row in rows:
        pk = row["pk"]
        if pk in healed:
            stored = healed[pk]
            found.append(
                Document(kind, pk, variant, stored.body, stored.version, stored.last_modified)
            )
        elif pk not in stale:
            found.append(
                Document(
                    kind,
                    pk,
                    variant,
                    row["document_body"],
                    row["document_version"],
                    row["document_last_modified"],
                )
            )
    return found


def refresh(kind: str, ids) -> list[PublishedDocument]:
    """Render the documents of these objects and store them; forget those of objects that
    are no longer public."""
    ids = set(ids)
    rendered = RENDERERS[kind](ids)
    now = timezone.now()
    boundary = next_boundary(now)
    with transaction.atomic():
        previous = {
            (doc.object_id, doc.variant): doc
            for doc in PublishedDocument.objects.filter(kind=kind, object_id__in=ids).only(
                "object_id", "variant", "body", "version"
            )
        }
        stored = []
        for item in rendered:
            for variant, body in item.variants.items():
                old = previous.get((item.object_id, variant))
                stored.append(
                    PublishedDocument(
                        kind=kind,
                        object_id=item.object_id,
                        variant=variant,
                        body=body,
                        # The same body keeps its version (and so its ETag) across renders.
                        version=old.version if old and old.body == body else secrets.randbits(62),
                        renderer=render.RENDERER,
                        valid_until=min(
                            (m for m in (boundary, item.valid_until) if m is not None),
                            default=None,
                        ),
                        last_modified=item.last_modified.get(variant),
                        rendered_at=now,
                    )
                )
        gone = ids - {item.object_id for item in rendered}
        if gone:
            forget(kind, gone)
        if stored:
            PublishedDocument.objects.bulk_create(
                stored,
                update_conflicts=True,
                unique_fields=["kind", "object_id", "variant"],
                update_fields=[*COLUMNS, "rendered_at"],
            )
        DocumentRead.objects.filter(kind=kind, object_id__in=ids - gone).delete()
        DocumentRead.objects.bulk_create(
            [
                DocumentRead(kind=kind, object_id=item.object_id, key=key)
                for item in rendered
                for key in sorted(item.reads)
            ],
            ignore_conflicts=True,
        )
    return stored


def forget(kind: str, ids) -> None:
    PublishedDocument.objects.filter(kind=kind, object_id__in=ids).delete()
    DocumentRead.objects.filter(kind=kind, object_id__in=ids).delete()


# --- responses -------------------------------------------------------------------------------


# A token where a document goes, alone or as an Extended's first member (compiled once: the
# token's random part is checked in the match, not written into the pattern).
SPLICE = re.compile(
    r'(\{"(terrain-document-[0-9a-f]{16}-)":)?"(terrain-document-[0-9a-f]{16}-)(\d+)"'
)


class Extended:
    """A stored object document with members added by the request (a series' episodes)."""

    __slots__ = ("document", "members")

    def __init__(self, document: Document, **members):
        self.document = document
        self.members = members


class _Splicing(JSONEncoder):
    """Encodes a Document as a token, replaced by its stored text once the rest is written;
    an Extended as an object whose first member is such a token."""

    def __init__(self, *args, token: str, used: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.token = token
        self.used = used

    def default(self, obj):
        if isinstance(obj, Document):
            self.used.append(obj)
            return f"{self.token}{len(self.used) - 1}"
        if isinstance(obj, Extended):
            return {self.token: obj.document, **obj.members}
        return super().default(obj)


class _Versions(JSONEncoder):
    def default(self, obj):
        if isinstance(obj, Document):
            return obj.version
        if isinstance(obj, Extended):
            return {"document": obj.document, **obj.members}
        return super().default(obj)


def assemble(data, here: str | None = None) -> tuple[bytes, list[Document]]:
    """JSON (UTF-8) of `data` in which each Document is its stored text as it is (never
    decoded and encoded again), and the documents used. With `here`, the origin of the
    request in place of the placeholder (api.read_model.render.ORIGIN)."""
    used: list[Document] = []
    token = f"terrain-document-{secrets.token_hex(8)}-"  # no content can guess it
    text = json.dumps(
        data,
        cls=_Splicing,
        token=token,
        used=used,
        ensure_ascii=False,
        allow_nan=False,
        separators=(",", ":"),
    )
    # As DRF's JSON renderer: these two are valid JSON but end a line in JavaScript.
    text = text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")
    if here is not None:
        text = text.replace(ORIGIN, here)
    if not used:
        return text.encode(), used
    pieces, written = [], 0
    for match in SPLICE.finditer(text):
        head, key, value, number = match.groups()
        if value != token:  # content that merely looks like a token: as it was
            continue
        pieces.append(text[written : match.start()].encode())
        document = used[int(number)]
        stored = document.data if here is None else document.data_at(here)
        if head is None:
            pieces.append(stored)
        elif key == token:
            # {"<token>":"<token>N",… → the stored object's members, then the added ones.
            pieces.append(stored[:-1])
        else:
            pieces.append(head.encode() + stored)
        written = match.end()
    pieces.append(text[written:].encode())
    return b"".join(pieces), used


def response(request, data) -> HttpResponse:
    """A 200 made of stored documents (`data` is a Document, or holds some): its ETag comes
    from their versions and the rest of the data, not from hashing the body."""
    here = origin(request)
    body, used = assemble(data, here)
    answer = HttpResponse(body, content_type="application/json")
    signature = here + json.dumps(data, cls=_Versions, sort_keys=True)
    answer.terrain_etag = '"' + hashlib.sha256(signature.encode()).hexdigest()[:32] + '"'
    moments = [doc.last_modified for doc in used if doc.last_modified is not None]
    answer.terrain_last_modified = max(moments) if moments else None
    return answer
