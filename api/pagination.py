"""The list envelope: {"meta": {total_count, limit, offset, next, previous}, "items": [...]}."""

from django.utils.http import urlencode


def page_url(request, offset: int) -> str:
    query = request.GET.copy()
    query["offset"] = str(offset)
    return request.build_absolute_uri(request.path) + "?" + urlencode(sorted(query.items()))


def paginate(request, queryset, params, fetch=list) -> tuple[list, dict]:
    """One COUNT and one SELECT (plus what `fetch` reads along), whatever the limit."""
    limit, offset = params["limit"], params["offset"]
    total = queryset.count()
    items = fetch(queryset[offset : offset + limit]) if offset < total else []
    return items, meta(request, total, limit, offset)


def meta(request, total: int, limit: int, offset: int) -> dict:
    return {
        "total_count": total,
        "limit": limit,
        "offset": offset,
        "next": page_url(request, offset + limit) if offset + limit < total else None,
        "previous": page_url(request, max(0, offset - limit)) if offset > 0 else None,
    }
