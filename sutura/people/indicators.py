"""The people app's indicators (registered in `PeopleConfig.ready()`): one small function each,
over the people the user may count (`access.people.persons_counted_for`: counts only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from sutura.access.people import persons_counted_for
from sutura.core import indicators
from sutura.core.indicators import Period, Rows

PERSON_DIMENSIONS = ("sex", "age_group", "admin1", "admin2", "nationality", "organisation")


def registered(user: Any, period: Period) -> Rows:
    """People whose file was registered in the period (files merged into another are the same
    person: not counted again)."""
    return Rows(
        persons_counted_for(user).filter(merged_into__isnull=True),
        date="created_at__date",
        person="",
        programme_link=("person", "pk"),  # a programme's: a case of theirs is in it
    )


INDICATORS = (
    indicators.Indicator(
        code="people.registered",
        name=_("People registered"),
        definition=_(
            "People whose file was registered in the period (a file merged into another is not "
            "counted again)."
        ),
        compute="sutura.people.indicators.registered",
        dimensions=PERSON_DIMENSIONS,
    ),
)
