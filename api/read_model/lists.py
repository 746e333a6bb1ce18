"""A page of a list with its stored documents, and its total.

At 220 stories counting is nothing; at 5,000 it is most of a list's cost, since the total
(`meta.total_count`) reads every visible row where the page needs 20. The total depends on the
list's inputs, on what is published (api.models.PublicationStamp rises with every change
readers can see, in the change's transaction) and on the clock only at a go_live_at or
expire_at. A process keeps the totals it counted under (stamp, next boundary) and reads
the next pages of the same inputs without counting (an index walk that stops at the page)
for as long as both are unchanged. A publication committed between reading the stamp and
the page shows in the page at once and in the total from the next request.
"""

import functools
import threading
from collections import OrderedDict

from django.db.models import Count, Window

from .prepared import compiled, fetch
from .store import documents_by_id

TOTALS_KEPT = 1024  # per process: a list's inputs, the page aside
_totals: OrderedDict = OrderedDict()
_lock = threading.Lock()


@functools.cache
def counted_stage(columns: tuple = ()):
    """A stage for prepared queries (one function per columns, so one shape): the
    queryset's ids, `columns` and the total."""

    def stage(queryset):
        # A window counts rows before DISTINCT drops some: a distinct list is counted apart.
        if queryset.query.distinct:
            raise ValueError("counted_rows takes no DISTINCT queryset")
        return queryset.annotate(_total=Window(Count("*"))).values_list("pk", *columns, "_total")

    return stage


@functools.cache
def paged_stage(columns: tuple = ()):
    """counted_stage without the total: the database stops at the page."""

    def stage(queryset):
        return queryset.values_list("pk", *columns)

    return stage


def counted_rows(
    build, offset: int, limit: int, kind, variant, columns: tuple = (), state=None, /, **inputs
):
    """One page of build(**inputs) with its stored documents, and the total, its SQL
    prepared once per shape (api.read_model.prepared). Counted, the page's ids and the
    total come in one query (COUNT(*) OVER () counts before LIMIT applies); under a `state`
    (api.visibility.publication_state) a total counted before under the same state is used
    without counting. Then the documents by id. Each row also holds `columns` as the
    database gives them (dates: as_datetime)."""
    key = None if state is None else _key(build, columns, inputs)
    held = _totals.get(key) if key is not None else None
    counting = held is None or held[0] != state
    found = compiled((counted_stage if counting else paged_stage)(columns), build, **inputs)
    if found is None:
        return [], 0
    sql, params = found
    page = fetch(f"{sql} LIMIT %s OFFSET %s", [*params, limit, offset])
    if not counting:
        total = held[1]
    elif page:
        total = page[0][-1]
    elif offset:
        # Past the end there is no row to carry the total: then it is counted alone.
        total = fetch(f"SELECT COUNT(*) FROM ({sql}) AS counted", params)[0][0]  # noqa: S608
    else:
        total = 0
    if counting and key is not None:
        _remember(key, state, total)
    if not page:
        return [], total
    rows = documents_by_id(kind, variant, [values[0] for values in page])
    for row, values in zip(rows, page, strict=True):
        row.update(zip(columns, values[1 : 1 + len(columns)], strict=True))
    return rows, total


def _key(build, columns, inputs) -> tuple:
    # `now` changes with every request; what it selects changes only at a boundary, which
    # is part of the state.
    shape = tuple(
        (name, tuple(value) if isinstance(value, list | set | frozenset) else value)
        for name, value in sorted(inputs.items())
        if name != "now"
    )
    return (build, columns, shape)


def _remember(key, state, total: int) -> None:
    with _lock:
        _totals[key] = (state, total)
        _totals.move_to_end(key)
        while len(_totals) > TOTALS_KEPT:
            _totals.popitem(last=False)


def forget_all() -> None:
    with _lock:
        _totals.clear()
