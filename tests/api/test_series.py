"""series/ and series/{id}/: filters, disclosure of funding, episodes in order."""

import datetime

import pytest

from tests import factories as f


def ids(response):
    assert response.status_code == 200, response.content
    return [item["id"] for item in response.json()["items"]]


def test_list_shows_visible_series_only(api, world):
    body = api("series/").json()
    assert [i["id"] for i in body["items"]] == [world.series.pk]
    item = body["items"][0]
    assert item["type"] == "series" and item["status"] == "concluded"
    assert item["episode_count"] == 2  # the draft episode doesn't count
    assert item["url"] == "http://reader.test/fr/series/bassin-minier/"
    assert item["translations"][0]["id"] == world.series_en.pk
    assert item["cover_image"]["alt"]


def test_detail_has_partners_journalists_methodology_and_episodes(api, world):
    body = api(f"series/{world.series.pk}/").json()
    assert [
        (p["partner"]["slug"], p["role"], p["funding_disclosure"]) for p in body["partners"]
    ] == [
        ("fondation-terre", "funder", "A financé 40 % de la résidence."),
        ("region-hdf", "host-territory", "A prêté un logement."),
    ]
    assert [j["slug"] for j in body["journalists"]] == ["jeanne-martin"]
    assert "<script" not in body["methodology"] and "Six mois sur place." in body["methodology"]
    assert [e["id"] for e in body["episodes"]] == [world.ep1.pk, world.ep3.pk]
    assert [e["episode"] for e in body["episodes"]] == [1, 2]
    assert body["started_on"] == "2025-01-01" and body["ended_on"] == "2025-06-30"
    assert body["territory"]["slug"] == "loos-en-gohelle"
    assert [t["slug"] for t in body["themes"]] == ["transition"]


@pytest.mark.parametrize(
    ("params", "found"),
    [
        ({"territory": "pas-de-calais"}, True),
        ({"territory": "nord"}, False),
        ({"theme": "industrie,transition"}, True),
        ({"theme": "industrie"}, False),
        ({"partner": "fondation-terre"}, True),
        ({"partner": "personne"}, False),
        ({"kind": "residency"}, True),
        ({"kind": "podcast"}, False),
        ({"status": "concluded"}, True),
        ({"status": "ongoing"}, False),
        ({"q": "minier"}, True),
        ({"q": "introuvable"}, False),
    ],
)
def test_filters(api, world, params, found):
    assert ids(api("series/", **params)) == ([world.series.pk] if found else [])


def test_status_and_orderings(api, world):
    upcoming = f.make_series(
        "Avenir proche", started_on=datetime.date.today() + datetime.timedelta(9)
    )
    ongoing = f.make_series("En cours", started_on=datetime.date(2024, 1, 1))
    assert ids(api("series/", status="upcoming")) == [upcoming.pk]
    assert ids(api("series/", status="ongoing")) == [ongoing.pk]
    assert ids(api("series/")) == [upcoming.pk, world.series.pk, ongoing.pk]
    assert ids(api("series/", ordering="started_on")) == [ongoing.pk, world.series.pk, upcoming.pk]
    assert ids(api("series/", ordering="title")) == [upcoming.pk, world.series.pk, ongoing.pk]
    assert ids(api("series/", ordering="tree")) == [world.series.pk, upcoming.pk, ongoing.pk]


def test_a_status_follows_the_day_in_a_prepared_query(api, world, monkeypatch):
    """The list's SQL is prepared once per shape: tomorrow's request compares tomorrow's date."""
    from django.utils import timezone

    ends_today = f.make_series(
        "Dernier jour", started_on=datetime.date(2024, 1, 1), ended_on=timezone.localdate()
    )
    assert ends_today.pk in ids(api("series/", status="ongoing"))
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "now", lambda: tomorrow)
    assert ends_today.pk not in ids(api("series/", status="ongoing"))
    assert ends_today.pk in ids(api("series/", status="concluded"))


def test_english_list_and_unknown_ids(api, world):
    assert ids(api("series/", locale="en")) == [world.series_en.pk]
    assert api(f"series/{world.hidden_series.pk}/").status_code == 404
    assert api("series/0/").status_code == 404
