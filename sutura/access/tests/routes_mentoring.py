"""The URLs of volunteers and assignments in the URL × role matrix (records:
`tests/world_parts/mentoring.py`).

Volunteers: volunteer managers (programme managers, focal points) list and open them; a
volunteer reads their own profile (another's is not found); the focal point and the managers
read and add supervision notes; managers edit and end. Assignments: the case team, focal points
and volunteer managers of the case's organisation give a case a mentor, change the period and
end it (404 beyond the cases they may reach). A mentor reads their returnees only.
"""

from __future__ import annotations

from typing import Any

from sutura.access import can, visible
from sutura.access.mentoring import (
    cases_to_give,
    may_assign,
    reads_supervision_notes,
    volunteer_standing,
)
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Route,
    a_form,
    about,
    api,
    api_post,
    cases,
    each_case,
    gate,
    in_view,
    page,
    post,
    signed_in,
)
from sutura.accounts.roles import Perm, Role
from sutura.cases.models import Case
from sutura.mentoring.models import Assignment, SupervisionNote, Volunteer
from tests.worlds import World

ASSIGNERS = (Perm.MANAGE_CASES, Perm.SUPERVISE_MENTORS, Perm.MANAGE_VOLUNTEERS)


def _parts(world: World, name: str, **kwargs: str) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["mentoring"]
    return {
        f"{name.replace('_', ' ')} {side}": (
            {"pk": found[f"{name}_{side}"].pk},
            found[f"{name}_{side}"],
        )
        for side in ("a", "b")
    }


def volunteers(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return _parts(world, "volunteer")


def assignments(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return _parts(world, "assignment")


def notes_of(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    """Each side's volunteer, as the parent of the notes' URLs."""
    return {
        label: ({"volunteer_pk": kwargs["pk"]}, record)
        for label, (kwargs, record) in volunteers(world).items()
    }


def notes(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["mentoring"]
    return {
        f"note {side}": (
            {"volunteer_pk": found[f"volunteer_{side}"].pk, "pk": found[f"note_{side}"].pk},
            found[f"note_{side}"],
        )
        for side in ("a", "b")
    }


def _manages(user: Any, volunteer: Volunteer) -> bool:
    return volunteer_standing(user, volunteer).manages


def _sees(user: Any, volunteer: Volunteer) -> bool:
    return in_view(Volunteer)(user, volunteer)


def manager_of_volunteer(perm_first: bool) -> Any:
    """(The role: 403, when `perm_first`), the profile (404), then managing it (403)."""

    def expect(user: Any, world: World, volunteer: Volunteer) -> str:
        if perm_first and not can(user, Perm.MANAGE_VOLUNTEERS):
            return FORBIDDEN
        if not _sees(user, volunteer):
            return MISSING
        return OK if _manages(user, volunteer) else FORBIDDEN

    return expect


def _writes_notes(user: Any, world: World, volunteer: Volunteer) -> str:
    if not _sees(user, volunteer):
        return MISSING
    standing = volunteer_standing(user, volunteer)
    return OK if standing.supervises or standing.manages else FORBIDDEN


def _reads_notes(user: Any, world: World, volunteer: Volunteer) -> str:
    if not _sees(user, volunteer) or not reads_supervision_notes(user, volunteer):
        return MISSING
    return OK


def _reads_note(user: Any, world: World, note: SupervisionNote) -> str:
    if _reads_notes(user, world, note.volunteer) != OK:
        return MISSING
    return OK if in_view(SupervisionNote)(user, note) else MISSING


def _own_profile(user: Any, world: World, record: Any) -> str:
    """Their profile, or for a volunteer's account without one yet, a page saying whom to ask."""
    volunteer_role = bool({Role.COMMUNITY_MENTOR, Role.OUTREACH_VOLUNTEER} & set(user.roles))
    has_profile = visible(user, Volunteer).filter(user_id=user.pk).exists()
    return OK if has_profile or (volunteer_role and user.is_active) else MISSING


def _assigns(user: Any, world: World, case: Case) -> str:
    """The role (403), the case reached (404: one they see or one on their page), then the
    rule (403)."""
    if not any(can(user, perm) for perm in ASSIGNERS):
        return FORBIDDEN
    reached = (
        visible(user, Case).filter(pk=case.pk).exists()
        or cases_to_give(user).filter(pk=case.pk).exists()
    )
    if not reached:
        return MISSING
    return OK if may_assign(user, case) else FORBIDDEN


def _changes(user: Any, world: World, assignment: Assignment) -> str:
    if not any(can(user, perm) for perm in ASSIGNERS):
        return FORBIDDEN
    if not in_view(Assignment)(user, assignment):
        return MISSING
    return OK if may_assign(user, assignment.case) else FORBIDDEN


def _returnee(user: Any, world: World, case: Case) -> str:
    if not can(user, Perm.VIEW_ASSIGNED_PERSONS_MINIMAL):
        return FORBIDDEN
    open_ = visible(user, Assignment).filter(case=case, mentor=user, ended_on__isnull=True)
    return OK if open_.exists() else MISSING


def _assign_data(world: World, case: Case) -> dict[str, Any]:
    return {
        "case": str(case.pk),
        "mentor": world.a.users[Role.COMMUNITY_MENTOR].pk,
        "purpose": "information",
        "ends_on": "2099-01-31",
    }


MANAGERS = gate(Perm.MANAGE_VOLUNTEERS)
SEES_VOLUNTEER = gate(row=in_view(Volunteer))
NOTE = {"text": "Point fait sur la charge horaire", "noted_on": "2026-01-25"}

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "mentoring:volunteers": page(MANAGERS),
    "mentoring:volunteer_new": a_form(page(MANAGERS, audited=False)),
    "mentoring:volunteer": page(SEES_VOLUNTEER, volunteers),
    "mentoring:volunteer_edit": a_form(page(manager_of_volunteer(False), volunteers)),
    "mentoring:volunteer_end": a_form(page(manager_of_volunteer(False), volunteers)),
    "mentoring:volunteer_note": post(_writes_notes, volunteers, data=NOTE),
    "mentoring:my_profile": page(_own_profile),
    "mentoring:returnees": page(gate(Perm.VIEW_ASSIGNED_PERSONS_MINIMAL)),
    "mentoring:assignments_to_give": page(
        gate(Perm.SUPERVISE_MENTORS, Perm.MANAGE_VOLUNTEERS), audited=False
    ),
    "mentoring:assign": a_form(page(_assigns, cases)),
    "mentoring:assignment_period": a_form(page(_changes, assignments)),
    "mentoring:assignment_end": a_form(page(_changes, assignments)),
    "api-mentoring-volunteer-list": (
        api(signed_in),
        api_post(MANAGERS, data={"starts_on": "2026-01-01"}),
    ),
    "api-mentoring-volunteer-detail": (
        api(SEES_VOLUNTEER, volunteers),
        Route(
            manager_of_volunteer(True), volunteers, method="patch", api=True, data={"version": 1}
        ),
    ),
    "api-mentoring-volunteer-end": api_post(manager_of_volunteer(True), volunteers),
    "api-mentoring-supervision-note-list": (
        api(_reads_notes, notes_of),
        api_post(_reads_notes, notes_of, data=NOTE),
    ),
    "api-mentoring-supervision-note-detail": api(_reads_note, notes),
    "api-mentoring-assignment-list": (
        api(signed_in),
        api_post(_assigns, about(each_case("case_id")), data=_assign_data),
    ),
    "api-mentoring-assignment-detail": (
        api(gate(row=in_view(Assignment)), assignments),
        Route(_changes, assignments, method="patch", api=True, data={"version": 1}),
    ),
    "api-mentoring-assignment-end": api_post(_changes, assignments),
    "api-mentoring-returnee-list": api(gate(Perm.VIEW_ASSIGNED_PERSONS_MINIMAL)),
    "api-mentoring-returnee-detail": api(_returnee, each_case("pk")),
}
