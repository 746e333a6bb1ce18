import datetime

from django.core.exceptions import ValidationError

import pytest

from series.models import SeriesPage, SeriesPartner, SeriesStatus, series_status, status_filter
from tests import factories

START = datetime.date(2025, 3, 1)
END = datetime.date(2025, 9, 30)


@pytest.mark.parametrize(
    ("today", "ended_on", "expected"),
    [
        (START - datetime.timedelta(days=1), END, SeriesStatus.UPCOMING),
        (START, END, SeriesStatus.ONGOING),  # the first day is part of the series
        (END, END, SeriesStatus.ONGOING),  # and so is the last
        (END + datetime.timedelta(days=1), END, SeriesStatus.CONCLUDED),
        (datetime.date(2030, 1, 1), None, SeriesStatus.ONGOING),  # no end date yet
    ],
)
def test_status_is_derived_from_the_dates_at_the_boundaries(today, ended_on, expected):
    assert series_status(START, ended_on, today=today) == expected


@pytest.mark.django_db
@pytest.mark.parametrize(
    "today",
    [
        START - datetime.timedelta(days=1),
        START,
        END,
        END + datetime.timedelta(days=1),
    ],
)
def test_status_filter_agrees_with_the_derived_status(today):
    ongoing_forever = factories.make_series("Sans fin", started_on=START)
    bounded = factories.make_series("Bornée", started_on=START, ended_on=END)
    for status in SeriesStatus:
        found = set(SeriesPage.objects.filter(status_filter(status, today=today)))
        expected = {
            page
            for page in (ongoing_forever, bounded)
            if series_status(page.started_on, page.ended_on, today=today) == status
        }
        assert found == expected, (status, today)


@pytest.mark.django_db
class TestSeriesValidation:
    def test_a_series_cannot_end_before_it_starts(self):
        page = SeriesPage(title="À rebours", slug="a-rebours", started_on=END, ended_on=START)
        with pytest.raises(ValidationError) as error:
            page.full_clean()
        assert "ended_on" in error.value.message_dict

    def test_cover_image_needs_alt_text(self):
        page = SeriesPage(
            title="Couverture",
            slug="couverture",
            started_on=START,
            cover_image=factories.make_image(alt_text=""),
        )
        with pytest.raises(ValidationError) as error:
            page.full_clean()
        assert "cover_image" in error.value.message_dict

    def test_a_funder_must_be_disclosed(self):
        partner = factories.make_partner("Fondation Exemple pour les territoires")
        link = SeriesPartner(partner=partner, role="funder", funding_disclosure="")
        with pytest.raises(ValidationError) as error:
            link.clean()
        assert "funding_disclosure" in error.value.message_dict
        SeriesPartner(
            partner=partner, role="media-partner"
        ).clean()  # no money: nothing to disclose

    def test_partners_and_journalists_keep_the_editors_order(self):
        first = factories.make_partner("Agglomération de démonstration", kind="local-authority")
        second = factories.make_partner("Réseau de démonstration", kind="network")
        page = factories.make_series(
            partners=[(first, "host-territory", "Accueil (démo)."), (second, "media-partner", "")]
        )
        assert [link.partner for link in page.partners.all()] == [first, second]


@pytest.mark.django_db
def test_page_types_live_only_where_they_belong():
    from home.models import HomePage
    from series.models import SeriesIndexPage
    from stories.models import StoryIndexPage, StoryPage

    assert StoryPage.can_create_at(factories.make_series())
    assert StoryPage.can_create_at(factories.story_index())
    assert not StoryPage.can_create_at(factories.home())
    assert not StoryPage.can_create_at(factories.series_index())
    assert SeriesPage.can_create_at(factories.series_index())
    assert not SeriesPage.can_create_at(factories.story_index())
    assert not SeriesIndexPage.can_create_at(factories.home())  # one per home, already there
    assert not StoryIndexPage.can_create_at(factories.series_index())
    assert HomePage.parent_page_types == ["wagtailcore.Page"]
