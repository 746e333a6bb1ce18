"""Prepared queries (api.read_model.prepared): the SQL compiled once per shape, with the next
request's values, is exactly what the ORM compiles for those values."""

import datetime

import pytest

from api.filters import STORY_ORDERINGS, stories_at
from api.models import PublishedDocument
from api.read_model import prepared
from api.read_model.lists import counted_stage
from api.read_model.prepared import as_built, as_datetime, compiled, fetch
from api.read_model.store import documents_by_id, documents_stage
from api.search import shown_rows
from api.syndication_views import LISTED_COLUMNS, listed_stories_at, newest_stories_at
from api.views.base import page_by_id
from stories.models import StoryPage

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fresh_process_memory")]

NOON = datetime.datetime(2026, 6, 1, 12, 0, tzinfo=datetime.UTC)
LATER = datetime.datetime(2026, 7, 2, 8, 30, 15, 250, tzinfo=datetime.UTC)
SQL_RENDERED_AT = "SELECT rendered_at FROM api_publisheddocument WHERE id = %s"


def orm(stage, build, **inputs):
    sql, params = stage(build(**inputs)).query.sql_with_params()
    return sql, list(params)


def story_inputs(**filters):
    return {"now": NOON, "hidden": (), "locale_id": 1, "ordering": "-published_at", **filters}


# Each pair: two requests of one shape with different values, then the ORM must agree with
# what the second one is given from the first one's template.
SAME_SHAPE = [
    ({}, {"now": LATER, "locale_id": 2}),
    ({"series": 12}, {"series": 4321, "now": LATER}),
    ({"territory": "nord"}, {"territory": "pas-de-calais"}),
    ({"contributor": "a-b"}, {"contributor": "c_d"}),
    ({"published_after": NOON}, {"published_after": LATER}),
    ({"published_before": NOON, "series": 3}, {"published_before": LATER, "series": 9}),
    ({"theme": ["mines"]}, {"theme": ["mines"]}),
    ({"hidden": ("00010001",)}, {"hidden": ("00010001",), "now": LATER}),
]


@pytest.mark.parametrize(("first", "second"), SAME_SHAPE)
def test_a_shape_compiled_once_gives_the_orms_sql_for_other_values(first, second):
    stage = documents_stage("story", "summary")
    compiled(stage, stories_at, **story_inputs(**first))
    again = story_inputs(**{**first, **second})
    assert compiled(stage, stories_at, **again) == orm(stage, stories_at, **again)


@pytest.mark.parametrize(
    "filters",
    [
        # Escaped for LIKE, or split into words: their values are part of the shape.
        {"tag": "50%_off"},
        {"tag": "back\\slash"},
        {"q": "terril 100%"},
        {"q": "fosse_9"},
        # A list's length changes the SQL.
        {"theme": ["mines", "eau"]},
        {"hidden": ("00010001", "00010002")},
    ],
)
def test_inputs_the_orm_transforms_are_part_of_the_shape(filters):
    stage = as_built
    compiled(stage, stories_at, **story_inputs(tag="other", q="autre mot", theme=["x"]))
    inputs = story_inputs(**filters)
    assert compiled(stage, stories_at, **inputs) == orm(stage, stories_at, **inputs)
    for value in ("x_y%", "plain"):
        key = next(iter(filters))
        if isinstance(filters[key], str):
            inputs = story_inputs(**{key: value})
            assert compiled(stage, stories_at, **inputs) == orm(stage, stories_at, **inputs)


@pytest.mark.parametrize("ordering", list(STORY_ORDERINGS))
def test_an_input_the_builder_looks_up_is_part_of_the_shape(ordering):
    """The ordering is a key of STORY_ORDERINGS: its stand-in fails, so it is not substituted."""
    compiled(as_built, stories_at, **story_inputs(ordering="title"))
    inputs = story_inputs(ordering=ordering, series=5)
    assert compiled(as_built, stories_at, **inputs) == orm(as_built, stories_at, **inputs)


def test_a_kind_branched_on_and_ids_as_one_parameter():
    for kind in ("territory", "story", "series", "territory"):
        for ids in ("[1,2,3]", "[7]"):
            inputs = {"kind": kind, "now": NOON, "hidden": (), "locale_id": 1, "ids": ids}
            assert compiled(as_built, shown_rows, **inputs) == orm(as_built, shown_rows, **inputs)


def test_the_model_and_the_id_of_a_detail():
    stage = documents_stage("story", "detail", ("locale_id",))
    for pk in (1, 99, 123456):
        inputs = {"model": StoryPage, "now": LATER, "hidden": (), "pk": pk}
        assert compiled(stage, page_by_id, **inputs) == orm(stage, page_by_id, **inputs)


def test_a_query_that_can_match_nothing_is_none():
    # No word at all in q: words_in matches nothing, which the ORM knows before any SQL.
    assert compiled(as_built, stories_at, **story_inputs(q="!!!")) is None
    assert compiled(as_built, stories_at, **story_inputs(q="...")) is None


def test_the_shapes_kept_are_bounded(monkeypatch):
    monkeypatch.setattr(prepared, "SHAPES_KEPT", 5)
    for n in range(12):
        inputs = story_inputs(q=f"mot{n}")
        assert compiled(as_built, stories_at, **inputs) == orm(as_built, stories_at, **inputs)
    assert len(prepared._templates) <= 5
    assert len(prepared._plans) <= 5


def test_the_next_request_of_a_shape_compiles_nothing(monkeypatch):
    stage = documents_stage("story", "summary")
    compiled(stage, stories_at, **story_inputs(series=1, territory="nord"))
    calls = []
    real = prepared._compile
    monkeypatch.setattr(prepared, "_compile", lambda *a: calls.append(a) or real(*a))
    for n in range(3):
        inputs = story_inputs(series=10 + n, territory=f"t-{n}", now=LATER, locale_id=2)
        sql, params = compiled(stage, stories_at, **inputs)
        assert (sql, params) == orm(stage, stories_at, **inputs)
    assert calls == []


def scope_inputs(**changes):
    return {"now": NOON, "hidden": (), "key": "Key00001.h", "all_series": True, "embargoed": None,
            "locale": None, **changes}  # fmt: skip


# A partner key's scope: the key's id (a string) is substituted; its flags, the embargoed ids and
# whether a language is chosen are part of the shape.
SCOPES = [
    ({}, {"key": "Key00041.h", "now": LATER}),
    ({"all_series": False}, {"all_series": False, "key": "Key_0077.%"}),
    ({"locale": 1}, {"locale": 2, "key": "Key00008.h"}),
    ({"embargoed": (4, 5)}, {"embargoed": (4, 5), "key": "Key00009.h", "now": LATER}),
    ({"embargoed": ()}, {"embargoed": (), "key": "Key00010.h"}),
]


@pytest.mark.parametrize(("first", "second"), SCOPES)
@pytest.mark.parametrize(
    ("build", "columns"), [(listed_stories_at, LISTED_COLUMNS), (newest_stories_at, ())]
)
def test_a_partner_scope_compiled_once_gives_the_orms_sql_for_another_key(
    build, columns, first, second
):
    stage = counted_stage(columns)
    compiled(stage, build, **scope_inputs(**first))
    again = scope_inputs(**{**first, **second})
    assert compiled(stage, build, **again) == orm(stage, build, **again)
    other = scope_inputs(**{**first, **second, "all_series": not again["all_series"]})
    assert compiled(stage, build, **other) == orm(stage, build, **other)


def test_another_keys_request_compiles_nothing(monkeypatch):
    stage = counted_stage(LISTED_COLUMNS)
    compiled(stage, listed_stories_at, **scope_inputs(all_series=False))
    calls = []
    real = prepared._compile
    monkeypatch.setattr(prepared, "_compile", lambda *a: calls.append(a) or real(*a))
    for key in ("Key00002.h", "Zz9_8%7x.y"):
        inputs = scope_inputs(all_series=False, key=key, now=LATER)
        assert compiled(stage, listed_stories_at, **inputs) == orm(
            stage, listed_stories_at, **inputs
        )
    assert calls == []


def test_stored_dates_and_bodies_read_by_hand_are_what_the_orm_reads():
    """documents_by_id reads the table with its own SQL: the dates as the ORM gives them
    (aware, to the microsecond) and the body as its UTF-8 bytes."""
    body = '{"title":"Où l’eau monte — “terril”","n":1}'
    for moment in (LATER, NOON, LATER.replace(microsecond=0)):
        PublishedDocument.objects.update_or_create(
            kind="story",
            object_id=7,
            variant="summary",
            defaults={
                "body": body,
                "version": 1,
                "renderer": 1,
                "valid_until": moment,
                "last_modified": None,
                "rendered_at": moment,
            },
        )
        [row] = documents_by_id("story", "summary", [7])
        assert row["document_valid_until"] == moment
        assert row["document_valid_until"].utcoffset() == datetime.timedelta(0)
        assert row["document_last_modified"] is None
        assert bytes(row["document_body"]) == body.encode()
        stored = PublishedDocument.objects.get(object_id=7)
        assert as_datetime(fetch(SQL_RENDERED_AT, [stored.pk])[0][0]) == stored.rendered_at
