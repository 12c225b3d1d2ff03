"""The demo's meetings, written through the services as AIM-SN's staff would:

- a coordination meeting of AIM-SN (agenda, a facilitator, attendance imported from a sheet
  built with the French template, minutes, a decision) with one action item for the case
  manager (`casemanager`, due in three weeks) and one overdue for the coordinator;
- a PSEA training for the mentor and the focal point (topics, pre/post scores, numbered
  certificates of attendance).

Idempotent: a meeting already there (by title) is left as it is."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sutura.accounts.models import User
from sutura.audit.context import acting_as
from sutura.core.registry import DemoContext
from sutura.meetings import attendance, services, sheets
from sutura.meetings.models import Meeting, MeetingKind, MeetingStatus, TrainingTopic
from sutura.meetings.reference import ensure_reference_data

COORDINATION = "Réunion mensuelle de coordination du référencement"
TRAINING = "Formation PEAS des mentors communautaires"

SHEET_ROWS: list[dict[str, Any]] = [
    {
        "name": "Aïssatou Ba",
        "organisation_name": "Direction régionale du développement communautaire",
        "category": "Gouvernement",
        "function": "Cheffe de service",
        "sex": "F",
        "age_group": 41,
        "phone": "+221 77 123 45 67",
        "signed": "oui",
    },
    {
        "name": "Cheikh Mbaye",
        "organisation_name": "OIM",
        "category": "Agence des Nations unies",
        "function": "Chargé de protection",
        "sex": "Homme",
        "age_group": "25–59",
        "signed": "oui",
    },
    {
        "name": "Ndèye Fatou Sène",
        "organisation_name": "Jeunesse Sans Migration",
        "category": "ONG nationale",
        "function": "Travailleuse sociale",
        "sex": "Femme",
        "age_group": "18–24",
        "email": "ndeye.sene@demo.sutura.invalid",
        "signed": "oui",
    },
    {
        "name": "Pape Diouf",
        "organisation_name": "Association des migrants de retour de Thiès",
        "category": "OCB",
        "function": "Président",
        "sex": "M",
        "age_group": 63,
        "signed": "non",
    },
]


def _users() -> dict[str, User]:
    wanted = ("manager", "casemanager", "coordinator", "focalpoint", "mentor")
    return {u.username: u for u in User.objects.filter(username__in=wanted)}


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    users = _users()
    if len(users) < 5:
        return ""
    ensure_reference_data()
    if not Meeting.objects.filter(title=COORDINATION).exists():
        with acting_as(users["manager"]):
            _coordination(users)
    if not Meeting.objects.filter(title=TRAINING).exists():
        with acting_as(users["focalpoint"]):
            _training(users)
    return "2 meetings (a coordination meeting, a PSEA training with certificates)"


def _coordination(users: dict[str, User]) -> None:
    manager = users["manager"]
    starts = (timezone.now() - datetime.timedelta(days=20)).replace(
        hour=9, minute=30, second=0, microsecond=0
    )
    meeting = services.create_meeting(
        manager,
        kind=MeetingKind.objects.get(code="coordination_meeting"),
        title=COORDINATION,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=2),
        address="Salle de réunion d’AIM-SN, Dakar",
        status=MeetingStatus.HELD,
        objectives="Faire le point sur les référencements du mois et les délais de réponse.",
    )
    services.set_agenda(
        manager,
        meeting,
        items=[
            ("Référencements du mois et délais de réponse", "Coordinatrice NRM"),
            ("Cas urgents en attente", "Gestionnaire de cas"),
            ("Divers", ""),
        ],
    )
    services.add_facilitator(manager, meeting, user=users["coordinator"])
    upload = SimpleUploadedFile(
        "presence.xlsx", sheets.filled("fr", SHEET_ROWS), content_type=sheets.XLSX
    )
    reading = sheets.read(upload)
    attendance.import_attendance(manager, meeting, rows=reading.rows)
    for username in ("casemanager", "coordinator"):
        attendance.add_participant(manager, meeting, user=users[username], signed=True)
    services.record_minutes(
        manager,
        meeting,
        expected_version=meeting.version,
        minutes=(
            "Douze référencements envoyés ce mois, dont deux sans réponse dans les délais.\n"
            "Les partenaires rappellent l’importance du consentement nommé hors mécanisme."
        ),
    )
    decision = services.add_decision(
        manager, meeting, text="Relancer chaque mardi les référencements sans réponse."
    )
    today = timezone.localdate()
    services.add_action_item(
        manager,
        meeting,
        what="Relancer les services qui n’ont pas répondu aux référencements urgents",
        responsible_user=users["casemanager"],
        due_on=today + datetime.timedelta(days=21),
        decision=decision,
    )
    services.add_action_item(
        manager,
        meeting,
        what="Mettre à jour la liste des points focaux du répertoire",
        responsible_user=users["coordinator"],
        due_on=today - datetime.timedelta(days=5),
    )


def _training(users: dict[str, User]) -> None:
    trainer = users["focalpoint"]
    starts = (timezone.now() - datetime.timedelta(days=45)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    meeting = services.create_meeting(
        trainer,
        kind=MeetingKind.objects.get(code="training"),
        title=TRAINING,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=7),
        address="Centre d’accueil de Thiès",
        status=MeetingStatus.HELD,
        topics=TrainingTopic.objects.filter(code__in=["psea", "protection_principles"]),
    )
    services.set_agenda(
        trainer,
        meeting,
        items=[("Définitions et obligations PEAS", ""), ("Signaler un abus en sécurité", "")],
    )
    services.add_facilitator(
        trainer, meeting, name="Rokhaya Diallo", organisation_name="Réseau PEAS Sénégal"
    )
    scores: dict[Any, tuple[Decimal | None, Decimal | None]] = {}
    for username, pre, post in (("mentor", 45, 85), ("focalpoint", 70, 95)):
        participant = attendance.add_participant(
            trainer, meeting, user=users[username], category="national_ngo", signed=True
        )
        scores[participant.pk] = (Decimal(pre), Decimal(post))
    attendance.record_scores(trainer, meeting, scores=scores)
    attendance.issue_certificates(trainer, meeting)
