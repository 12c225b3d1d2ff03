"""The mentoring app's indicators (registered in `MentoringConfig.ready()`): one small function
each, over `access.mentoring.activities_counted_for` (the organisation's activities for those
who read indicators; a mentor their own). Sex is the returnee's, or for someone not
registered, the one the mentor noted."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Value
from django.db.models.functions import Coalesce, NullIf
from django.utils.translation import gettext_lazy as _

from sutura.access.mentoring import activities_counted_for
from sutura.core import indicators
from sutura.core.indicators import Period, Rows
from sutura.mentoring.models import ActivityKind

DIMENSIONS = ("sex", "admin1", "admin2", "organisation", "programme", "month", "quarter")
SEX = Coalesce(NullIf(F("sex"), Value("")), F("case__person__sex"))


def sessions(user: Any, period: Period) -> Rows:
    """One-to-one sessions held in the period."""
    rows = activities_counted_for(user).filter(kind=ActivityKind.SESSION)
    return Rows.on_case(
        rows,
        organisation="organisation",
        date="occurred_on",
        extra={"sex": SEX, "session_kind": "session_kind"},
    )


def people_supported(user: Any, period: Period) -> Rows:
    """Registered returnees (each once) with a session or an accompaniment in the period."""
    rows = activities_counted_for(user).filter(
        kind__in=[ActivityKind.SESSION, ActivityKind.ACCOMPANIMENT], case__isnull=False
    )
    return Rows.on_case(rows, organisation="organisation", date="occurred_on", distinct="case")


def events(user: Any, period: Period) -> Rows:
    """Community events the mentors held in the period (at the event's place)."""
    rows = activities_counted_for(user).filter(kind=ActivityKind.EVENT)
    return Rows(
        rows,
        date="occurred_on",
        location="location",
        programme_link=("activity", "pk"),
        extra={"event_kind": "event_kind"},
    )


SELF = "sutura.mentoring.indicators"
INDICATORS = (
    indicators.Indicator(
        code="mentoring.sessions",
        name=_("Mentoring sessions"),
        definition=_("One-to-one sessions community mentors held in the period."),
        compute=f"{SELF}.sessions",
        dimensions=(*DIMENSIONS, "session_kind"),
    ),
    indicators.Indicator(
        code="mentoring.people_supported",
        name=_("Returnees supported by mentors"),
        definition=_(
            "Registered returnees, each once, with a one-to-one session or an accompaniment "
            "in the period."
        ),
        compute=f"{SELF}.people_supported",
        dimensions=(*DIMENSIONS, "age_group", "nationality", "vulnerability"),
    ),
    indicators.Indicator(
        code="mentoring.events",
        name=_("Community events held by mentors"),
        definition=_("Community events community mentors held in the period."),
        compute=f"{SELF}.events",
        dimensions=("admin1", "admin2", "organisation", "event_kind", "month", "quarter"),
    ),
)
