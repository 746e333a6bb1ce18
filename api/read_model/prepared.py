"""The SQL of a request's queries, compiled by the ORM once per shape and reused with the
request's values: building and compiling querysets is most of what a public read costs in
Python (visibility, filters, the documents' columns), and the database takes less to run
them. (django-prepared-queries did this for Django < 2.2 and is not maintained.)

A query is described by a builder, a module-level function of keyword inputs returning a
queryset. Inputs that are ints, strings or aware datetimes may be substituted: the builder is
compiled with two sets of stand-in values, and an input is substituted only where both
compilations hold its stand-in as a parameter of its own, untransformed (a string the ORM
escapes or wraps for LIKE, an input the SQL does not use: its value becomes part of the
shape instead). Every other input (None, tuples, booleans) is part of the shape. A builder
must not branch on an input's value other than on None: the ORM's own branches on values
(an empty list, None) concern only inputs that are part of the shape.
"""

import contextlib
import datetime
from collections import OrderedDict

from django.core.exceptions import EmptyResultSet
from django.db import connection

SHAPES_KEPT = 512  # per process: the shapes a site's readers and partners ask for
_plans: dict = {}
_templates: OrderedDict = OrderedDict()
_NOTHING = object()  # a shape that matches nothing (EmptyResultSet)


def as_datetime(value):
    """A date-time column read by a raw cursor, as the ORM gives it: SQLite gives text or
    a naive datetime, in UTC (USE_TZ, no database TIME_ZONE: tests/api/test_prepared_queries
    checks it against the ORM). Written out: a page of 100 partner documents reads 600."""
    if value is None or getattr(value, "tzinfo", None) is not None:
        return value
    if isinstance(value, str):
        value = datetime.datetime.fromisoformat(value)
    return value.replace(tzinfo=datetime.UTC)


def as_built(queryset):
    """The stage of a builder whose queryset is the query as it is."""
    return queryset


def _stand_in(value, n: int, which: int):
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return 1_987_650_000 + 100 * which + n
    if isinstance(value, str):
        # "_" and "%" are changed by LIKE escaping: an escaped input is then not found as
        # itself, and its marker tells which input it was.
        return f"{_marker(n, which)}_%"
    if isinstance(value, datetime.datetime) and value.tzinfo is not None:
        return datetime.datetime(1111 + which, 11, 11, 11, 11, n % 60, n, tzinfo=datetime.UTC)
    return None


def _marker(n: int, which: int) -> str:
    return f"terrainstandin{which}x{n}z"


def _adapted(value):
    if isinstance(value, datetime.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def _compile(stage, build, inputs):
    try:
        return stage(build(**inputs)).query.sql_with_params()
    except EmptyResultSet:
        return _NOTHING


def _shape_key(build, stage, inputs, substituted):
    shape = tuple(
        (name, value if not isinstance(value, list | set | frozenset) else tuple(value))
        for name, value in sorted(inputs.items())
        if name not in substituted
    )
    return (connection.alias, connection.vendor, build, stage, shape)


def _learn(stage, build, inputs, candidates: set) -> tuple[frozenset, object]:
    """Which candidates can be substituted, and the template (sql, params, positions)."""
    while candidates:
        stand_ins = [
            {name: _stand_in(inputs[name], n, which) for n, name in enumerate(sorted(candidates))}
            for which in (0, 1)
        ]
        try:
            first = _compile(stage, build, {**inputs, **stand_ins[0]})
            second = _compile(stage, build, {**inputs, **stand_ins[1]})
        except Exception:  # noqa: BLE001 (an input the builder looks up: part of the shape)
            candidates -= _refused(stage, build, inputs, candidates)
            continue
        if first is _NOTHING or second is _NOTHING or first[0] != second[0]:
            return frozenset(), None  # the SQL itself follows the values: all in the shape
        (sql, params), (_, others) = first, second
        if len(params) != len(others):
            return frozenset(), None
        adapted = [{name: _adapted(v) for name, v in s.items()} for s in stand_ins]
        positions, found, transformed = [], set(), set()
        order = sorted(candidates)
        for index, (one, other) in enumerate(zip(params, others, strict=True)):
            if one == other:
                continue
            name = next(
                (n for n in candidates if adapted[0][n] == one and adapted[1][n] == other), None
            )
            if name is None:
                transformed = {
                    name
                    for n, name in enumerate(order)
                    if isinstance(one, str) and _marker(n, 0) in one
                } or set(candidates)
                break
            positions.append((index, name))
            found.add(name)
        unused = candidates - found
        if transformed or unused:
            candidates = candidates - transformed - unused
            continue
        return frozenset(candidates), (sql, list(params), positions)
    return frozenset(), None


def _refused(stage, build, inputs, candidates) -> set:
    """The inputs whose stand-in alone makes the builder fail (a choice used as a key)."""
    refused = set()
    for name in candidates:
        try:
            _compile(stage, build, {**inputs, name: _stand_in(inputs[name], 0, 0)})
        except Exception:  # noqa: BLE001
            refused.add(name)
    return refused or set(candidates)


def compiled(stage, build, /, **inputs) -> tuple[str, list] | None:
    """SQL and parameters of stage(build(**inputs)); None when it can match nothing."""
    candidates = {name for name, value in inputs.items() if _stand_in(value, 0, 0) is not None}
    plan_key = _shape_key(build, stage, inputs, candidates)
    plan = _plans.get(plan_key)
    if plan is None:
        plan, template = _learn(stage, build, inputs, set(candidates))
        if len(_plans) >= SHAPES_KEPT:
            _plans.clear()
        _plans[plan_key] = plan
        _remember(_shape_key(build, stage, inputs, plan), template)
    key = _shape_key(build, stage, inputs, plan)
    template = _templates.get(key, _NOTHING)
    if template is _NOTHING:
        template = None
        if plan:
            learned, template = _learn(stage, build, inputs, set(plan))
            if learned != plan:  # other values in the shape, other substitutions: none
                template = None
        _remember(key, template)
    else:
        with contextlib.suppress(KeyError):  # another thread may have let it go meanwhile
            _templates.move_to_end(key)
    if template is None:
        found = _compile(stage, build, inputs)
        return None if found is _NOTHING else (found[0], list(found[1]))
    sql, params, positions = template
    params = list(params)
    for index, name in positions:
        params[index] = _adapted(inputs[name])
    return sql, params


def fetch(sql: str, params) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def prepared_rows(stage, build, /, suffix: str = "", extra=(), **inputs) -> list[tuple]:
    """The rows of stage(build(**inputs)) (none when it can match nothing), its SQL
    compiled once per shape; `suffix` (LIMIT …) is added to the SQL, `extra` its values."""
    found = compiled(stage, build, **inputs)
    if found is None:
        return []
    sql, params = found
    return fetch(sql + suffix, [*params, *extra])


def _remember(key, template) -> None:
    _templates[key] = template
    if len(_templates) > SHAPES_KEPT:
        _templates.popitem(last=False)


def forget_all() -> None:
    """For tests that change the schema or the database under the same alias."""
    _plans.clear()
    _templates.clear()
