"""The dashboard's filters, from GET parameters (bookmarkable): `set`, `period` (a code:
"2026", "2026-Q3", "2026-05", "2026-W14") or `start` and `end` (a custom period), `admin1`,
`admin2`, `organisation`, `programme`, `donor`. A value that does not parse, or names
something the user does not see, is dropped with a message saying so — never a 500.

A donor is resolved to the ids of its programmes among those the user sees; a donor with none
leaves nothing to count (not everything)."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.http import QueryDict
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sutura.accounts.models import Organisation
from sutura.core.indicators import Period, Scope
from sutura.dashboards.sets import DashboardSet
from sutura.geo.models import Location
from sutura.programmes.models import Donor
from sutura.programmes.selectors import programmes_for

NOTHING = uuid.UUID(int=0)  # an id no row has: "a donor without programmes" counts nothing


@dataclass
class Filters:
    period: Period
    admin1: Location | None = None
    admin2: Location | None = None
    organisation: Organisation | None = None
    programme: Any = None
    donor: Donor | None = None
    errors: list[str] = field(default_factory=list)
    programme_ids: tuple[Any, ...] = ()

    @property
    def scope(self) -> Scope:
        return Scope(
            programme_ids=self.programme_ids,
            organisation_ids=(self.organisation.pk,) if self.organisation else (),
            admin1_ids=(self.admin1.pk,) if self.admin1 else (),
            admin2_ids=(self.admin2.pk,) if self.admin2 else (),
        )

    def query(self) -> dict[str, str]:
        """The filters as GET parameters (the page's links, the cache key)."""
        found = {}
        if self.period.kind == "custom":
            found["start"] = self.period.start.isoformat()
            found["end"] = self.period.end.isoformat()
        else:
            found["period"] = self.period.code
        for name in ("admin1", "admin2", "organisation", "programme", "donor"):
            value = getattr(self, name)
            if value is not None:
                found[name] = str(value.pk)
        return found


# A quarter's name: "Q3 2026", "3e trimestre 2026" (the French ordinal differs for the first).
QUARTERS = {
    1: gettext_lazy("Q1 %(year)s"),
    2: gettext_lazy("Q2 %(year)s"),
    3: gettext_lazy("Q3 %(year)s"),
    4: gettext_lazy("Q4 %(year)s"),
}


def period_name(period: Period) -> str:
    """A period as its reader names it, in their language: "2026", "Q3 2026", "May 2026",
    "week 14 of 2026", or "from 01/01/2026 to 15/02/2026"."""
    if period.kind == "year":
        return str(period.start.year)
    if period.kind == "quarter":
        return str(QUARTERS[(period.start.month - 1) // 3 + 1]) % {"year": period.start.year}
    if period.kind == "month":
        return str(date_format(period.start, "F Y"))
    if period.kind == "week":
        year, week, _day = period.start.isocalendar()
        return _("week %(week)s of %(year)s") % {"week": week, "year": year}
    return _("from %(start)s to %(end)s") % {
        "start": date_format(period.start, "SHORT_DATE_FORMAT"),
        "end": date_format(period.end, "SHORT_DATE_FORMAT"),
    }


def default_period(today: datetime.date | None = None) -> Period:
    return Period.parse(str((today or timezone.localdate()).year))


# A dashboard's period spans at most this many years: a trend by month of 1900 to 2100 (2,400
# points) is no chart, and would be counted in the request and kept.
MAX_YEARS = 10


def _period(params: QueryDict, errors: list[str]) -> Period:
    start, end = params.get("start", "").strip(), params.get("end", "").strip()
    code = params.get("period", "").strip()
    try:
        if start or end:
            custom = Period.parse(f"{start}..{end}")
            if (custom.end - custom.start).days > MAX_YEARS * 366:
                errors.append(
                    _("A period of at most %(years)s years: choose a shorter one.")
                    % {"years": MAX_YEARS}
                )
                return default_period()
            return custom
        if code:
            return Period.parse(code)
    except ValueError:
        errors.append(
            _(
                "The period is not understood: choose one in the list, or give a start and an "
                "end date (the end after the start)."
            )
        )
    return default_period()


def _uuid(params: QueryDict, name: str) -> uuid.UUID | bool | None:
    """The id given (None: none; False: not an id)."""
    text = params.get(name, "").strip()
    if not text:
        return None
    try:
        return uuid.UUID(text)
    except ValueError:
        return False


def _one(params: QueryDict, name: str, choices: Any, errors: list[str], message: str) -> Any:
    found = _uuid(params, name)
    if found is None:
        return None
    item = choices.filter(pk=found).first() if found else None
    if item is None:
        errors.append(message)
    return item


def regions() -> Any:
    return Location.objects.filter(level=1).order_by("country_code", "name_fr")


def regions_by_country(user: Any) -> list[tuple[str, list[Location]]]:
    """The filter's regions grouped by country, the user's organisation's country first (a
    Senegalese office does not scroll past Burkina Faso's regions to find Kolda), then the
    others by name."""
    home = getattr(getattr(user, "organisation", None), "country", None)
    home_code = getattr(home, "country_code", None)
    countries = {c.country_code: str(c) for c in Location.objects.filter(level=0)}
    grouped: dict[str, list[Location]] = {}
    for region in regions():
        grouped.setdefault(region.country_code, []).append(region)
    order = sorted(grouped, key=lambda code: (code != home_code, countries.get(code, code)))
    return [(countries.get(code, code), grouped[code]) for code in order]


def departments(admin1: Location | None) -> Any:
    found = Location.objects.filter(level=2).order_by("name_fr")
    return found.filter(parent=admin1) if admin1 is not None else found.none()


def donors_seen(user: Any) -> Any:
    """The donors of the programmes the user sees."""
    return Donor.objects.filter(
        pk__in=programmes_for(user).order_by().values("profile__donors")
    ).order_by("name")


def organisations_for(user: Any, dashboard: DashboardSet) -> Any:
    if not dashboard.several_organisations:
        return Organisation.objects.none()
    return Organisation.objects.order_by("name")


def parse(user: Any, params: QueryDict, dashboard: DashboardSet) -> Filters:
    errors: list[str] = []
    filters = Filters(period=_period(params, errors), errors=errors)
    filters.admin1 = _one(
        params, "admin1", regions(), errors, _("That region is not known: the filter is off.")
    )
    filters.admin2 = _one(
        params,
        "admin2",
        Location.objects.filter(level=2),
        errors,
        _("That department is not known: the filter is off."),
    )
    filters.organisation = _one(
        params,
        "organisation",
        organisations_for(user, dashboard),
        errors,
        _("This dashboard cannot be filtered by that organisation: the filter is off."),
    )
    programmes = programmes_for(user)
    filters.programme = _one(
        params,
        "programme",
        programmes,
        errors,
        _("That programme is not one you follow: the filter is off."),
    )
    filters.donor = _one(
        params,
        "donor",
        donors_seen(user),
        errors,
        _("That donor funds no programme you follow: the filter is off."),
    )
    ids: set[Any] | None = None
    if filters.programme is not None:
        ids = {filters.programme.pk}
    if filters.donor is not None:
        funded = set(programmes.filter(profile__donors=filters.donor).values_list("pk", flat=True))
        ids = funded if ids is None else ids & funded
    if ids is not None:
        filters.programme_ids = tuple(sorted(ids, key=str)) or (NOTHING,)
    return filters
