"""Supervision's part of the demo (step 250): a caseload with overdue work at AIM-SN.

AIM-SN gets a second case manager, `casemanager2` (Ousmane Faye); the programme manager
(`manager`) reassigns four of Mariama Diop's open cases to him through the service (both are
told); three open cases opened more than five weeks ago have had nothing recorded since their
first weeks (their records dated back: inactive on the caseload page), next to the stories'
overdue follow-ups; two supervision notes; one case conference planned on a child's case.
Idempotent: once AIM-SN holds a supervision note, it adds nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from sutura.accounts.demo import DemoUser
from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import Role
from sutura.audit.context import acting_as
from sutura.cases.models import Case, CaseDocument, CaseNote, CaseStatus, CaseTransition
from sutura.core.registry import DemoContext
from sutura.referrals.models import Referral
from sutura.supervision.models import SupervisionNote

USERS = [DemoUser("casemanager2", "Ousmane", "Faye", "AIM-SN", (Role.CASE_MANAGER,), ("SN-TH",))]
EARLY = (CaseStatus.REGISTERED, CaseStatus.SCREENING, CaseStatus.ASSESSMENT)
DUMMY_MAIL = "django.core.mail.backends.dummy.EmailBackend"


def seed_step(context: DemoContext) -> str:
    organisation = Organisation.objects.filter(acronym="AIM-SN").first()
    users = {u.username: u for u in User.objects.filter(organisation=organisation)}
    needed = ("manager", "casemanager", "casemanager2")
    if organisation is None or any(name not in users for name in needed):
        return ""
    if SupervisionNote.objects.filter(case__organisation=organisation).exists():
        return ""
    # Demo addresses cannot receive mail: the notifications stay in the app.
    with override_settings(EMAIL_BACKEND=DUMMY_MAIL), transaction.atomic():
        return _seed(organisation, users)


def _open_cases(organisation: Organisation, manager: User) -> list[Case]:
    return list(
        Case.objects.filter(organisation=organisation, case_manager=manager)
        .exclude(status=CaseStatus.CLOSED)
        .order_by("number")
    )


def _seed(organisation: Organisation, users: dict[str, User]) -> str:
    from sutura.meetings import services as meetings
    from sutura.meetings.models import MeetingKind
    from sutura.supervision import services

    manager, first, second = users["manager"], users["casemanager"], users["casemanager2"]
    today = timezone.localdate()
    mine = _open_cases(organisation, first)
    if len(mine) < 6:
        return ""
    # Half of an overloaded caseload goes to the new colleague, overdue work included.
    overdue = [c for c in mine if c.next_follow_up_on and c.next_follow_up_on < today]
    given = (overdue[:2] + [c for c in mine if c not in overdue[:2]])[:4]
    with acting_as(manager):
        moved = services.reassign_cases(
            actor=manager, cases=[(case, case.version) for case in given], case_manager=second
        )
    idle = _make_inactive(organisation, today, (first, first, second))
    noted = []
    with acting_as(manager):
        if idle:
            noted.append(
                services.add_note(
                    actor=manager,
                    case=idle[0],
                    text="Aucun contact enregistré depuis plus d'un mois. Vérifier si la "
                    "personne est toujours joignable et si le plan reste d'actualité.",
                    follow_up_action="Appeler la personne et fixer une visite à domicile.",
                    due_on=today + datetime.timedelta(days=7),
                )
            )
        late = next((c for c in moved if c.next_follow_up_on and c.next_follow_up_on < today), None)
        target = late or moved[0]
        noted.append(
            services.add_note(
                actor=manager,
                case=Case.objects.get(pk=target.pk),
                text="Dossier repris par Ousmane : le suivi est en retard, prioriser la visite.",
                follow_up_action="Faire la visite de suivi et mettre à jour la date suivante.",
                due_on=today + datetime.timedelta(days=3),
            )
        )
    child = (
        Case.objects.filter(organisation=organisation, flags__overlap=["uasc", "child"])
        .exclude(status=CaseStatus.CLOSED)
        .exclude(case_manager=None)
        .order_by("number")
        .first()
    ) or Case.objects.get(pk=moved[0].pk)
    conference_by: Any = child.case_manager
    with acting_as(conference_by):
        meetings.create_meeting(
            conference_by,
            kind=MeetingKind.objects.get(code="coordination_meeting"),
            title=f"Conférence de cas {child.number}",
            starts_at=timezone.now() + datetime.timedelta(days=2),
            address="Bureau de l'AIM, Dakar",
            context_kind="case_conference",
            context_id=child.pk,
            objectives="Faire le point avec le point focal et la famille sur la suite du dossier.",
        )
    return (
        f"{len(moved)} cases reassigned, {len(idle)} inactive cases, "
        f"{len(noted)} supervision notes, 1 case conference"
    )


def _make_inactive(
    organisation: Organisation, today: datetime.date, holders: tuple[User, ...]
) -> list[Case]:
    """One case per holder: an early open case opened more than five weeks ago, whose records
    (moves, notes, documents, referrals) are dated back to its opening week."""
    from sutura.access.supervision import active_since, inactive_cutoff

    found: list[Case] = []
    cutoff = inactive_cutoff(today, 30)
    for holder in holders:
        candidates = (
            Case.objects.filter(
                organisation=organisation,
                case_manager=holder,
                status__in=EARLY,
                opened_on__lt=today - datetime.timedelta(days=35),
            )
            .exclude(pk__in=[c.pk for c in found])
            .order_by("number")
        )
        for case in candidates:
            then = timezone.make_aware(datetime.datetime.combine(case.opened_on, datetime.time(10)))
            for model in (CaseTransition, CaseNote, CaseDocument, Referral):
                model.objects.filter(case=case).update(created_at=then)
            if not Case.objects.filter(pk=case.pk).filter(active_since(cutoff)).exists():
                found.append(case)
                break
    return found
