"""Dates as people write them: in French the first of the month is « 1er » in a date written
out in words (and only there), in every page, PDF and message that spells a date out."""

from __future__ import annotations

import datetime
import zoneinfo

import pytest
from django.conf import settings
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from sutura.accounts.roles import Role
from sutura.cases.tests.helpers import consenting_person
from sutura.core.dates import date_format, moment_span
from sutura.people.models import Person

FIRST, SECOND = datetime.date(2026, 9, 1), datetime.date(2026, 9, 2)
TWENTY_FIRST, THIRTY_FIRST = datetime.date(2026, 9, 21), datetime.date(2026, 12, 31)
WITH_WEEKDAY = "l j F Y"


@pytest.mark.parametrize(
    ("day", "long", "weekday", "short"),
    [
        (FIRST, "1er septembre 2026", "mardi 1er septembre 2026", "01/09/2026"),
        (SECOND, "2 septembre 2026", "mercredi 2 septembre 2026", "02/09/2026"),
        (TWENTY_FIRST, "21 septembre 2026", "lundi 21 septembre 2026", "21/09/2026"),
        (THIRTY_FIRST, "31 décembre 2026", "jeudi 31 décembre 2026", "31/12/2026"),
    ],
)
def test_in_french_only_the_first_of_the_month_is_1er(day, long, weekday, short):
    with translation.override("fr"):
        assert date_format(day) == long
        assert date_format(day, "DATE_FORMAT") == long
        assert date_format(day, WITH_WEEKDAY) == weekday
        assert date_format(day, "SHORT_DATE_FORMAT") == short


@pytest.mark.parametrize(
    ("day", "long", "weekday"),
    [
        (FIRST, "1 September 2026", "Tuesday 1 September 2026"),
        (SECOND, "2 September 2026", "Wednesday 2 September 2026"),
        (TWENTY_FIRST, "21 September 2026", "Monday 21 September 2026"),
        (THIRTY_FIRST, "31 December 2026", "Thursday 31 December 2026"),
    ],
)
def test_in_english_dates_are_day_first_as_in_the_region(day, long, weekday):
    with translation.override("en"):
        assert date_format(day) == long
        assert date_format(day, WITH_WEEKDAY) == weekday
        assert date_format(day, "SHORT_DATE_FORMAT") == day.strftime("%d/%m/%Y")
        moment = datetime.datetime.combine(day, datetime.time(14, 5), tzinfo=datetime.UTC)
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == day.strftime("%d/%m/%Y 14:05")


def test_1er_goes_only_where_a_day_number_sits_beside_a_month_in_words():
    moment = datetime.datetime(2026, 9, 1, 14, 5, tzinfo=datetime.UTC)
    with translation.override("fr"):
        assert date_format(moment, "DATETIME_FORMAT") == "1er septembre 2026 14:05"
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "01/09/2026 14:05"
        assert date_format(FIRST, "MONTH_DAY_FORMAT") == "1er septembre"
        assert date_format(FIRST, "YEAR_MONTH_FORMAT") == "septembre 2026"
        assert date_format(FIRST, "j/n/Y") == "1/9/2026"  # numbers only: no « er »
        assert date_format(FIRST, r"\j j F") == "j 1er septembre"  # an escaped j is text


def test_the_templates_date_filter_writes_1er():
    template = Template('{{ day|date:"DATE_FORMAT" }} · {{ day|date }} · {{ day|date:"d/m/Y" }}')
    with translation.override("fr"):
        assert template.render(Context({"day": FIRST})) == (
            "1er septembre 2026 · 1er septembre 2026 · 01/09/2026"
        )


@pytest.mark.django_db
def test_a_person_born_on_the_first_of_the_month_reads_1er_in_french_only(client, users_a):
    actor = users_a[Role.CASE_MANAGER]
    person: Person = consenting_person(actor, birth_date=datetime.date(1995, 9, 1))
    client.force_login(actor)
    url = reverse("people:detail", args=[person.pk])
    french = client.get(url).content.decode()
    assert "1er septembre 1995" in french
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "1 September 1995" in english and "1er" not in english


DAKAR = zoneinfo.ZoneInfo("Africa/Dakar")  # settings.TIME_ZONE


def _at(day: int, hour: int) -> datetime.datetime:
    return datetime.datetime(2026, 12, day, hour, 0, tzinfo=DAKAR)


@pytest.mark.parametrize(
    ("language", "end", "shown"),
    [
        ("fr", _at(6, 12), "6 décembre 2026, 10:00 – 12:00"),
        ("en", _at(6, 12), "6 December 2026, 10:00 – 12:00"),
        ("fr", None, "6 décembre 2026, 10:00"),
        ("fr", _at(7, 16), "6 décembre 2026, 10:00 – 7 décembre 2026, 16:00"),
    ],
)
def test_a_moment_writes_its_date_once_then_the_times(
    language: str, end: datetime.datetime | None, shown: str
) -> None:
    with translation.override(language):
        assert moment_span(_at(6, 10), end) == shown
        assert (
            Template("{% when start end %}").render(Context({"start": _at(6, 10), "end": end}))
            == shown
        )
