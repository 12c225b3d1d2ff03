"""The dashboards: one set of panels per kind of work, each panel one indicator of the registry
drawn one way. A user sees the sets their permissions open (`sets_for`); the page shows the
first by default and offers the others.

Only those who count (`view_indicators`; `view_nrm_dashboard` for the mechanism's referrals)
have one: the registry counts nothing for anyone else (`access.*.counted_for`), so a case
manager has no dashboard.

A panel's chart: "trend" (by month, or by week for a period of a quarter or less), "bars" (by
one disaggregation), "map" (by admin1) or "number" (the total alone). `drill` names the list
behind the number (`drill.py`), shown as a link only to those who may open that list.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.access.feedback import counts_feedback
from sutura.accounts.roles import Perm


@dataclass(frozen=True)
class Panel:
    indicator: str
    chart: str = "number"  # number, trend, bars, map
    by: str = ""  # for bars
    drill: str = ""  # the list behind the number (drill.py), "" for none

    @property
    def key(self) -> str:
        return f"{self.indicator}:{self.chart}:{self.by}"


@dataclass(frozen=True)
class Link:
    """An existing page of figures, shown with the set to those who may open it."""

    text: str | Promise
    url_name: str
    allowed: Callable[[Any], bool]


@dataclass(frozen=True)
class DashboardSet:
    code: str
    name: str | Promise
    allowed: Callable[[Any], bool]
    panels: tuple[Panel, ...]
    links: tuple[Link, ...] = ()
    # May the organisation filter offer other organisations? (the mechanism's referrals)
    several_organisations: bool = False


def _perm(perm: Perm) -> Callable[[Any], bool]:
    return lambda user: can(user, perm)


NRM_PAGE = Link(
    _("The referral mechanism's dashboard"), "nrm:dashboard", _perm(Perm.VIEW_NRM_DASHBOARD)
)
FEEDBACK_PAGE = Link(_("Complaints and feedback figures"), "feedback:figures", counts_feedback)
MEETINGS_PAGE = Link(
    _("Meetings and trainings figures"), "meetings:figures", _perm(Perm.RECORD_MEETINGS)
)

SETS: tuple[DashboardSet, ...] = (
    DashboardSet(
        "me",
        _("Monitoring and evaluation"),
        _perm(Perm.VIEW_INDICATORS),
        (
            Panel("people.registered", "bars", "sex"),
            Panel("cases.registered", "trend", drill="cases"),
            Panel("cases.registered", "map", drill="cases"),
            Panel("cases.registered", "bars", "age_group", drill="cases"),
            # By sex too: a number the M&E officer can open (people have no list without
            # names; the people registered above stay a figure).
            Panel("cases.registered", "bars", "sex", drill="cases"),
            Panel("cases.active", "bars", "status", drill="cases"),
            Panel("cases.vulnerable", "bars", "vulnerability", drill="cases"),
            Panel("referrals.made", "trend"),
            Panel("referrals.completed", "bars", "category"),
            Panel("meetings.participants", "bars", "category"),
            Panel("feedback.received", "bars", "category"),
        ),
        (NRM_PAGE, FEEDBACK_PAGE, MEETINGS_PAGE),
    ),
    DashboardSet(
        "programme",
        _("Programme management"),
        _perm(Perm.MANAGE_PROGRAMMES),
        (
            Panel("cases.registered", "trend", drill="cases"),
            Panel("cases.registered", "bars", "programme", drill="cases"),
            Panel("cases.active", "bars", "status", drill="cases"),
            Panel("cases.plans_approved", "bars", "programme"),
            Panel("cases.assistance_committed", "bars", "currency"),
            Panel("cases.assistance_disbursed", "bars", "currency"),
            Panel("cases.registered", "map", drill="cases"),
            Panel("referrals.made", "bars", "category"),
        ),
        (NRM_PAGE, FEEDBACK_PAGE),
    ),
    DashboardSet(
        "nrm",
        _("Referral mechanism"),
        _perm(Perm.VIEW_NRM_DASHBOARD),
        (
            Panel("referrals.made", "trend"),
            Panel("referrals.made", "map"),
            Panel("referrals.made", "bars", "category"),
            Panel("referrals.accepted"),
            Panel("referrals.declined"),
            Panel("referrals.completed"),
            Panel("referrals.overdue"),
        ),
        (NRM_PAGE,),
        several_organisations=True,
    ),
    DashboardSet(
        "community",
        _("Community work"),
        lambda user: can(user, Perm.MANAGE_COMMUNITIES) and can(user, Perm.VIEW_INDICATORS),
        (
            Panel("community.action_plans_validated", "bars", "admin1"),
            Panel("meetings.held", "trend"),
            Panel("meetings.participants", "bars", "category"),
            Panel("feedback.received", "bars", "category"),
        ),
        (FEEDBACK_PAGE, MEETINGS_PAGE),
    ),
)


# The dashboard a user lands on: the one of their own trade first (a programme manager's, a
# protection officer's community work), then monitoring and evaluation, then the mechanism.
FIRST = ("programme", "community", "me", "nrm")


def sets_for(user: Any) -> list[DashboardSet]:
    """The dashboards the user may open, their own trade's first (`FIRST`)."""
    mine = [found for found in SETS if found.allowed(user)]
    return sorted(mine, key=lambda found: FIRST.index(found.code) if found.code in FIRST else 99)
