"""Home cards of reports and check-ins: for a focal point, the reports awaiting their review,
the check-ins overdue or missed and their mentors; for a mentor, the monthly report to submit
(or returned with comments) and the next check-in (a missed one flagged)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sutura.access import can
from sutura.access.mentoring import has_volunteer_profile
from sutura.accounts.roles import Perm
from sutura.core.registry import Card, NavItem
from sutura.mentoring.models import ReportStatus
from sutura.mentoring.selectors import checkins as checkin_selectors
from sutura.mentoring.selectors import reports as report_selectors

MENU: tuple[Any, ...] = (
    NavItem(
        gettext_lazy("My mentors"), "mentoring:supervision", perm=Perm.SUPERVISE_MENTORS, order=41
    ),
    NavItem(
        gettext_lazy("Monthly reports"),
        "mentoring:reports",
        perm=Perm.RECORD_MENTORING,
        or_perm=Perm.SUPERVISE_MENTORS,
        order=42,
    ),
    NavItem(
        gettext_lazy("Peer-support groups"),
        "mentoring:groups",
        perm=Perm.RECORD_MENTORING,
        or_perm=Perm.SUPERVISE_MENTORS,
        order=43,
    ),
    NavItem(
        gettext_lazy("Monthly check-ins"),
        "mentoring:checkins",
        perm=Perm.RECORD_MENTORING,
        or_perm=Perm.SUPERVISE_MENTORS,
        order=44,
    ),
)


def _overdue_text(missed: int, overdue: int) -> str:
    said = []
    if missed:
        said.append(
            ngettext(
                "%(count)s check-in planned and not held.",
                "%(count)s check-ins planned and not held.",
                missed,
            )
            % {"count": missed}
        )
    if overdue:
        said.append(
            ngettext(
                "%(count)s mentor without a check-in for 35 days.",
                "%(count)s mentors without a check-in for 35 days.",
                overdue,
            )
            % {"count": overdue}
        )
    return " ".join(said)


def _focal_point_cards(user: Any) -> Iterator[Card]:
    rows = report_selectors.supervision_rows(user)
    if not rows:
        return
    awaiting = list(report_selectors.awaiting_review(user)[:20])
    if awaiting:
        yield Card(
            _("Reports awaiting review"),
            ngettext(
                "%(count)s monthly report to approve or return.",
                "%(count)s monthly reports to approve or return.",
                len(awaiting),
            )
            % {"count": len(awaiting)},
            [
                (
                    f"{r.mentor.get_full_name() or r.mentor} · "
                    f"{date_format(r.month, 'YEAR_MONTH_FORMAT')}",
                    reverse("mentoring:report", kwargs={"pk": r.pk}),
                )
                for r in awaiting[:5]
            ],
            order=12,
        )
    missed = list(checkin_selectors.missed(user)[:20])
    overdue = checkin_selectors.without_checkin(user)
    if missed or overdue:
        yield Card(
            _("Check-ins overdue or missed"),
            _overdue_text(len(missed), len(overdue)),
            [(_("Monthly check-ins"), reverse("mentoring:checkins"))]
            + [
                (
                    f"{c.mentor.get_full_name() or c.mentor} · "
                    f"{date_format(c.scheduled_on, 'SHORT_DATE_FORMAT')}",
                    reverse("mentoring:checkin", kwargs={"pk": c.pk}),
                )
                for c in missed[:3]
            ],
            order=13,
        )
    yield Card(
        _("My mentors"),
        ngettext(
            "%(count)s mentor: this month's activity, hours, reports and check-ins.",
            "%(count)s mentors: this month's activity, hours, reports and check-ins.",
            len(rows),
        )
        % {"count": len(rows)},
        [(_("My mentors"), reverse("mentoring:supervision"))],
        order=30,
    )


def _mentor_cards(user: Any) -> Iterator[Card]:
    month = report_selectors.last_month()
    mine = report_selectors.reports_for(user).filter(mentor_id=user.pk)
    returned = mine.filter(status=ReportStatus.RETURNED).order_by("-month").first()
    last = mine.filter(month=month).first()
    if returned is not None:
        yield Card(
            _("My monthly report"),
            _("Your report of %(month)s was returned with comments: change it and submit it again.")
            % {"month": date_format(returned.month, "YEAR_MONTH_FORMAT")},
            [(_("Open the report"), reverse("mentoring:report", kwargs={"pk": returned.pk}))],
            order=12,
        )
    elif last is None or last.status == ReportStatus.DRAFT:
        link = (
            reverse("mentoring:report", kwargs={"pk": last.pk})
            if last
            else reverse("mentoring:reports")
        )
        yield Card(
            _("My monthly report"),
            _("Your report of %(month)s is to submit.")
            % {"month": date_format(month, "YEAR_MONTH_FORMAT")},
            [(_("Open the report"), link)],
            order=12,
        )
    missed = list(checkin_selectors.missed(user).filter(mentor_id=user.pk)[:3])
    upcoming = checkin_selectors.next_of(user, user.pk)
    if upcoming is not None and upcoming.scheduled_on < timezone.localdate():
        upcoming = None
    target = missed[0] if missed else upcoming
    if target is None:
        if any(o.volunteer.user_id == user.pk for o in checkin_selectors.without_checkin(user)):
            yield Card(
                _("Next check-in"),
                _("No check-in with your focal point for more than a month: ask them for one."),
                [(_("Monthly check-ins"), reverse("mentoring:checkins"))],
                order=14,
            )
        return
    if missed:
        text = _("A check-in planned for %(day)s did not take place: agree a new date.") % {
            "day": date_format(target.scheduled_on, "SHORT_DATE_FORMAT")
        }
    else:
        text = _("Planned for %(day)s with your focal point.") % {
            "day": date_format(target.scheduled_on, "DATE_FORMAT")
        }
    links = [(_("Open the check-in"), reverse("mentoring:checkin", kwargs={"pk": target.pk}))]
    focal = target.focal_point
    if missed and focal is not None and focal.email:  # a way to agree the new date
        name = focal.get_full_name() or focal.get_username()
        links.append((_("Write to %(name)s") % {"name": name}, f"mailto:{focal.email}"))
    yield Card(_("Next check-in"), text, links, order=14)


def cards(user: Any) -> list[Card]:
    if not getattr(user, "is_authenticated", False) or user.organisation_id is None:
        return []
    found: list[Card] = []
    if can(user, Perm.SUPERVISE_MENTORS):
        found.extend(_focal_point_cards(user))
    if can(user, Perm.RECORD_MENTORING) and has_volunteer_profile(user):  # a mentor, not an
        found.extend(_mentor_cards(user))  # outreach volunteer (who files no monthly report)
    return found
