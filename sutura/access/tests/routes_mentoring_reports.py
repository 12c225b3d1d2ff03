"""The URLs of peer groups, monthly reports, check-ins and supervision in the URL × role
matrix (records: `tests/world_parts/mentoring_reports.py`).

Groups: seen by their mentor, co-facilitator, the mentor's focal point and a programme
manager; edited and their sessions recorded by the first three. Reports: written and submitted
by their mentor, approved or returned by the mentor's focal point, read by a programme manager.
Check-ins: planned and recorded by the mentor's focal point, seen by the mentor and a programme
manager. Anyone else: 404.
"""

from __future__ import annotations

from typing import Any

from sutura.access import can
from sutura.access.mentoring import (
    DESK_PERMS,
    checkin_standing,
    group_standing,
    has_volunteer_profile,
    report_standing,
    supervised_mentors,
    supervises,
)
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Route,
    a_form,
    api,
    api_post,
    gate,
    in_view,
    page,
    post,
    signed_in,
)
from sutura.accounts.roles import Perm, Role
from sutura.mentoring.models import CheckIn, MonthlyReport, PeerGroup, Volunteer
from tests.worlds import World


def _of(*names: str) -> Any:
    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        part = world.parts["mentoring_reports"]
        return {
            f"{name} {side.upper()}": ({"pk": part[side][name].pk}, part[side][name])
            for side in ("a", "b")
            for name in names
        }

    return records


groups = _of("group")
reports = _of("report")
checkins = _of("checkin_held", "checkin_planned")


def _when(rule: Any) -> Any:
    def expect(user: Any, world: World, record: Any) -> str:
        return OK if rule(user, record) else MISSING

    return expect


SEES_GROUP = _when(in_view(PeerGroup))
SEES_REPORT = _when(in_view(MonthlyReport))
SEES_CHECKIN = _when(in_view(CheckIn))
RECORDS_GROUP = _when(lambda user, group: group_standing(user, group).records)
AUTHOR = _when(lambda user, report: report_standing(user, report).author)
REVIEWER = _when(lambda user, report: report_standing(user, report).reviewer)
RECORDS_CHECKIN = _when(lambda user, checkin: checkin_standing(user, checkin).records)


def _is_volunteer(user: Any) -> bool:
    return user.organisation_id is not None and has_volunteer_profile(user)


def _has_mentors(user: Any) -> bool:
    return (
        user.organisation_id is not None
        and can(user, Perm.SUPERVISE_MENTORS)
        and Volunteer.objects.filter(user_id__in=supervised_mentors(user)).exists()
    )


def _is_mentor(user: Any) -> bool:
    return _is_volunteer(user) and Role.COMMUNITY_MENTOR in user.roles


def opens_group(user: Any, world: World, record: Any) -> str:
    """A peer group is a mentor's (an outreach volunteer runs none)."""
    return OK if _is_mentor(user) or _has_mentors(user) else MISSING


def opens_report(user: Any, world: World, record: Any) -> str:
    return OK if _is_volunteer(user) else MISSING


def plans_checkin(user: Any, world: World, record: Any) -> str:
    return OK if _has_mentors(user) else MISSING


def api_opens_group(user: Any, world: World, record: Any) -> str:
    """For oneself: a mentor with a profile (another side's co-facilitator is refused as 400)."""
    return OK if _is_volunteer(user) and Role.COMMUNITY_MENTOR in user.roles else FORBIDDEN


def api_plans_checkin(user: Any, world: World, record: Any) -> str:
    """A check-in with A's mentor: their focal point only."""
    mentor = world.a.users[Role.COMMUNITY_MENTOR]
    return OK if supervises(user, mentor.pk) else FORBIDDEN


def _new_group(world: World, record: Any) -> dict[str, Any]:
    return {
        "name": "Groupe",
        "co_facilitator": world.a.users[Role.MHPSS_FOCAL_POINT].pk,
        "starts_on": "2026-01-05",
    }


def _new_checkin(world: World, record: Any) -> dict[str, Any]:
    return {"mentor": world.a.users[Role.COMMUNITY_MENTOR].pk, "scheduled_on": "2026-02-01"}


RECORD = {"held_on": "2026-01-20", "wellbeing": "Bien", "version": 1}

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "mentoring:groups": page(signed_in),
    "mentoring:group_create": a_form(page(opens_group, audited=False)),
    "mentoring:group": page(SEES_GROUP, groups),
    "mentoring:group_edit": a_form(page(RECORDS_GROUP, groups)),
    "mentoring:group_session": post(RECORDS_GROUP, groups, audited=False),
    "mentoring:reports": page(gate(*DESK_PERMS)),
    "mentoring:report_create": a_form(page(opens_report, audited=False)),
    "mentoring:report": page(SEES_REPORT, reports),
    "mentoring:report_text": post(AUTHOR, reports, audited=False),
    "mentoring:report_submit": post(AUTHOR, reports, audited=False),
    "mentoring:report_review": post(REVIEWER, reports, audited=False),
    "mentoring:report_pdf": page(SEES_REPORT, reports),
    "mentoring:report_xlsx": page(SEES_REPORT, reports),
    "mentoring:checkins": page(gate(*DESK_PERMS)),
    "mentoring:checkin_create": a_form(page(plans_checkin, audited=False)),
    "mentoring:checkin": page(SEES_CHECKIN, checkins),
    "mentoring:checkin_record": post(RECORDS_CHECKIN, checkins, audited=False),
    "mentoring:checkin_cancel": post(RECORDS_CHECKIN, checkins, audited=False),
    "mentoring:supervision": page(
        lambda user, world, record: OK if can(user, Perm.SUPERVISE_MENTORS) else MISSING
    ),
    "api-mentoring-group-list": (
        api(signed_in),
        api_post(api_opens_group, data=_new_group),
    ),
    "api-mentoring-group-detail": api(SEES_GROUP, groups),
    "api-mentoring-group-sessions": api(SEES_GROUP, groups),
    "api-mentoring-report-list": (
        api(signed_in),
        api_post(opens_report, data={"month": "2026-01"}),
    ),
    "api-mentoring-report-detail": (
        api(SEES_REPORT, reports),
        Route(AUTHOR, reports, method="patch", api=True, data={"version": 1}),
    ),
    "api-mentoring-report-submit": api_post(AUTHOR, reports),
    "api-mentoring-report-approve": api_post(REVIEWER, reports),
    "api-mentoring-report-return": api_post(REVIEWER, reports, data={"comment": "Préciser"}),
    "api-mentoring-report-pdf": api(SEES_REPORT, reports),
    "api-mentoring-report-xlsx": api(SEES_REPORT, reports),
    "api-mentoring-checkin-list": (
        api(signed_in),
        api_post(api_plans_checkin, data=_new_checkin),
    ),
    "api-mentoring-checkin-detail": api(SEES_CHECKIN, checkins),
    "api-mentoring-checkin-record": api_post(RECORDS_CHECKIN, checkins, data=RECORD),
    "api-mentoring-checkin-cancel": api_post(RECORDS_CHECKIN, checkins, data={"version": 1}),
}
