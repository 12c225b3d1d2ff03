"""Safe spaces: recorded by the community's officer, seen by the managing partner's staff,
attendance by month × sex × age group, the safety checklist answered item by item, and the
follow-ups flagged once overdue (on the page and on the officer's home card)."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from sutura.access import visible
from sutura.access.community import community_standing, sees_record
from sutura.accounts.roles import Role
from sutura.community.models import (
    ChecklistAnswer,
    Community,
    FollowUpStatus,
    Initiative,
    SafeSpace,
    SafeSpaceAttendance,
    SafetyCheck,
)
from sutura.community.selectors import structures as selectors
from sutura.community.services import communities, initiatives, safespaces
from tests.factories import OrganisationFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(users_b: dict[Role, Any]) -> Any:
    return users_b[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(officer: Any, locations: dict[str, Any]) -> Community:
    return communities.create_community(
        actor=officer, name="Mopti Bas-Fonds", location=locations["ML-1"]
    )


@pytest.fixture
def cbo(locations: dict[str, Any]) -> Any:
    return OrganisationFactory.create(name="Benkadi", acronym="BENKADI", country=locations["ML"])


@pytest.fixture
def space(officer: Any, community: Community, cbo: Any) -> SafeSpace:
    return safespaces.create_safe_space(
        actor=officer,
        community=community,
        kind="wgss",
        name="Espace sûr de Bas-Fonds",
        location=community.location,
        managing_partner=cbo,
        opening_hours="Lundi–vendredi 9 h – 13 h",
    )


def _all_yes(**overrides: Any) -> dict[str, tuple[str, str]]:
    version = safespaces.current_safety_checklist()
    answers = dict.fromkeys(safespaces.answer_keys(version), ("yes", ""))
    answers.update(overrides)
    return answers


def _check(officer: Any, space: SafeSpace, days_ago: int, follow_up: str = "") -> SafetyCheck:
    return safespaces.record_check(
        actor=officer,
        space=space,
        checked_on=timezone.localdate() - datetime.timedelta(days=days_ago),
        answers=_all_yes(fire_safety=("no", "Extincteur vide")),
        finding="Extincteur vide" if follow_up else "",
        follow_up=follow_up,
    )


def test_the_managing_partners_staff_see_their_safe_space_and_change_nothing(
    cbo: Any, space: SafeSpace, client: Any
) -> None:
    staff = UserFactory.create(organisation=cbo, roles=[Role.PROTECTION_OFFICER])
    assert community_standing(staff, space.community).partner
    client.force_login(staff)
    page = client.get(reverse("community:safe_space", kwargs={"pk": space.pk}))
    assert page.status_code == 200
    assert "Espace sûr de Bas-Fonds" in page.content.decode()
    edit = client.get(reverse("community:safe_space_edit", kwargs={"pk": space.pk}))
    assert edit.status_code == 403
    with pytest.raises(PermissionDenied):
        safespaces.update_safe_space(actor=staff, space=space, expected_version=1, name="X")


def test_a_mentor_and_a_provider_agent_reach_no_safe_space(
    users_b: dict[Role, Any], space: SafeSpace, client: Any
) -> None:
    check = _check(users_b[Role.PROTECTION_OFFICER], space, 1, "Réparer")
    for role in (Role.COMMUNITY_MENTOR, Role.PROVIDER_AGENT):
        client.force_login(users_b[role])
        for url in (
            reverse("community:safe_space", kwargs={"pk": space.pk}),
            reverse("community:safe_space_attendance", kwargs={"pk": space.pk}),
            reverse("community:safety_check", kwargs={"pk": check.pk}),
            "/api/community/safe-spaces/",
            f"/api/community/safe-spaces/{space.pk}/checks/",
        ):
            assert client.get(url).status_code == 404, (role, url)


def test_a_months_attendance_is_a_sex_by_age_grid_that_saving_again_replaces(
    officer: Any, space: SafeSpace
) -> None:
    month = datetime.date(2026, 2, 14)
    safespaces.record_attendance(
        actor=officer, space=space, month=month,
        counts={("female", "12_17"): 30, ("female", "25_59"): 41, ("male", "0_11"): 0},
    )  # fmt: skip
    safespaces.record_attendance(
        actor=officer, space=space, month=month, counts={("female", "12_17"): 32}
    )
    rows = SafeSpaceAttendance.objects.filter(safe_space=space)
    assert [(r.month, r.sex, r.age_group, r.count) for r in rows] == [
        (datetime.date(2026, 2, 1), "female", "12_17", 32)
    ]
    grid = selectors.attendance_of(officer, space)[0]
    assert grid.total == 32
    assert grid.rows[1][1] == [32, 0]  # the second age group (12–17): female, male


def test_attendance_is_refused_for_a_month_to_come_or_a_negative_count(
    officer: Any, space: SafeSpace
) -> None:
    later = (timezone.localdate().replace(day=1) + datetime.timedelta(days=40)).replace(day=1)
    with pytest.raises(ValidationError):
        safespaces.record_attendance(actor=officer, space=space, month=later, counts={})
    with pytest.raises(ValidationError):
        safespaces.record_attendance(
            actor=officer, space=space, month=timezone.localdate(), counts={("female", "12_17"): -1}
        )


def test_the_attendance_page_saves_the_grid_at_a_phones_width(
    officer: Any, space: SafeSpace, client: Any
) -> None:
    client.force_login(officer)
    url = reverse("community:safe_space_attendance", kwargs={"pk": space.pk})
    shown = client.get(url, {"month": "2026-01"})
    assert 'name="n_female_12_17"' in shown.content.decode()
    sent = client.post(url, {"month": "2026-01", "n_female_12_17": "25", "n_male_0_11": "8"})
    assert sent.status_code == 302
    counts = selectors.month_counts(officer, space, datetime.date(2026, 1, 1))
    assert counts == {("female", "12_17"): 25, ("male", "0_11"): 8}


def test_a_safety_check_answers_every_item_of_the_checklist(officer: Any, space: SafeSpace) -> None:
    version = safespaces.current_safety_checklist()
    some = dict(list(_all_yes().items())[:2])
    with pytest.raises(ValidationError) as partial:
        safespaces.record_check(
            actor=officer, space=space, checked_on=timezone.localdate(), answers=some
        )
    assert "answers" in partial.value.error_dict
    check = _check(officer, space, 0, "Recharger l'extincteur")
    assert ChecklistAnswer.objects.filter(safety_check=check).count() == version.items.count()
    assert check.follow_up_status == FollowUpStatus.OPEN


def test_a_check_without_follow_up_needs_none(officer: Any, space: SafeSpace) -> None:
    check = _check(officer, space, 0)
    assert check.follow_up_status == FollowUpStatus.NONE_NEEDED
    with pytest.raises(ValidationError):
        safespaces.set_follow_up_status(
            actor=officer, check=check, status="open", expected_version=check.version
        )


def test_a_follow_up_still_open_after_thirty_days_is_flagged_until_done(
    officer: Any, space: SafeSpace, client: Any
) -> None:
    recent = _check(officer, space, 10, "Réparer l'éclairage")
    old = _check(officer, space, 45, "Recharger l'extincteur")
    assert not safespaces.is_overdue(recent) and safespaces.is_overdue(old)
    assert [c.pk for c in selectors.overdue_follow_ups(officer)] == [old.pk]
    client.force_login(officer)
    home = client.get("/").content.decode()
    assert "Safe spaces and committees" in home or "Espaces sûrs et comités" in home
    assert reverse("community:safety_check", kwargs={"pk": old.pk}) in home
    done = safespaces.set_follow_up_status(
        actor=officer, check=old, status="done", expected_version=old.version
    )
    assert not safespaces.is_overdue(done)
    assert selectors.overdue_follow_ups(officer) == []


def test_the_check_page_records_the_answers_and_moves_the_follow_up_on(
    officer: Any, space: SafeSpace, client: Any
) -> None:
    client.force_login(officer)
    version = safespaces.current_safety_checklist()
    data = {"checked_on": timezone.localdate().isoformat(), "follow_up": "Réparer la porte"}
    for key in safespaces.answer_keys(version):
        data[f"answer_{key}"] = "yes"
    sent = client.post(reverse("community:safety_check_new", kwargs={"pk": space.pk}), data)
    assert sent.status_code == 302
    check = SafetyCheck.objects.get(safe_space=space)
    moved = client.post(
        reverse("community:safety_check_follow_up", kwargs={"pk": check.pk}),
        {"follow_up_status": "in_progress", "version": check.version},
    )
    assert moved.status_code == 302
    check.refresh_from_db()
    assert check.follow_up_status == "in_progress"


def test_the_api_records_a_months_attendance_and_lists_the_checks(
    officer: Any, space: SafeSpace, client: Any
) -> None:
    client.force_login(officer)
    url = f"/api/community/safe-spaces/{space.pk}/attendance/"
    body = {"month": "2026-01-01", "cells": [{"sex": "female", "age_group": "18_24", "count": 9}]}
    sent = client.post(url, body, content_type="application/json")
    assert sent.status_code == 201, sent.content
    assert sent.json()["total"] == 9
    _check(officer, space, 40, "Réparer")
    checks = client.get(f"/api/community/safe-spaces/{space.pk}/checks/").json()
    assert checks[0]["overdue"] is True
    assert len(checks[0]["answers"]) == safespaces.current_safety_checklist().items.count()


def test_safe_space_records_scope_and_standing_agree(
    users_a: dict[Role, Any], users_b: dict[Role, Any], officer: Any, space: SafeSpace
) -> None:
    check = _check(officer, space, 3, "Réparer")
    initiative = initiatives.create_initiative(
        actor=officer, community=space.community, title="Caisse", objective="Épargne"
    )
    records: list[Any] = [space, check, initiative]
    for user in (*users_a.values(), *users_b.values()):
        for record in records:
            seen = visible(user, type(record)).filter(pk=record.pk).exists()
            assert seen == sees_record(user, record), (user.username, type(record).__name__)
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_the_demo_adds_committees_volunteers_and_mopti_safe_space_once(org_b: Any) -> None:
    from sutura.community.demo import seed_step
    from sutura.community.models import CommitteeMember, ProtectionCommittee
    from sutura.core.registry import DemoContext
    from sutura.geo.reference import seed_locations
    from sutura.mentoring.models import SupervisionNote, Volunteer

    seed_locations(["ML"])
    UserFactory.create(organisation=org_b, roles=[Role.PROTECTION_OFFICER], username="protection")
    for username in ("outreach", "outreach2"):
        UserFactory.create(organisation=org_b, roles=[Role.OUTREACH_VOLUNTEER], username=username)
    OrganisationFactory.create(name="Association Benkadi", acronym="BENKADI")
    said = seed_step(DemoContext(persons=0))
    assert "2 committees" in said and "2 outreach volunteers" in said
    assert seed_step(DemoContext(persons=0)) == ""
    assert ProtectionCommittee.objects.count() == 2
    assert CommitteeMember.objects.filter(user__username="outreach").count() == 1
    assert Volunteer.objects.filter(kind="outreach").count() == 2
    assert SupervisionNote.objects.count() == 2
    space = SafeSpace.objects.get()
    assert space.managing_partner.acronym == "BENKADI"
    assert (
        SafeSpaceAttendance.objects.filter(safe_space=space).values("month").distinct().count() == 3
    )
    check = SafetyCheck.objects.get()
    assert check.follow_up_status == "open" and safespaces.is_overdue(check)
    assert Initiative.objects.get().partner_id == space.managing_partner_id
