"""The reports' part of the demo: AIM-SN's programme (the programmes step gave it donors,
envelopes and a results framework) gets its report for the last complete quarter, written and
submitted by its programme manager — its figures frozen — with its PDF and XLSX in French
built at once. Idempotent: a programme that has a report for that quarter is left alone."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.utils import timezone

from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import Role
from sutura.cases.demo.stories import PROGRAMMES
from sutura.cases.models import Programme
from sutura.core.registry import DemoContext
from sutura.reports import services, tasks
from sutura.reports.models import ProgrammeReport

NARRATIVE = {
    "summary": (
        "Au cours du trimestre, le programme a poursuivi l'accueil et l'accompagnement des "
        "personnes de retour à Dakar et Thiès : évaluation des besoins, plans de réintégration "
        "approuvés en comité et premières assistances versées."
    ),
    "achievements": (
        "Plans de réintégration approuvés dans les délais ; deux sessions de formation en "
        "gestion de petites entreprises ; groupes de parole animés par les mentors."
    ),
    "challenges": (
        "Retards de décaissement liés au circuit de validation ; accès difficile à certaines "
        "communes pendant l'hivernage. Des visites groupées ont été organisées."
    ),
    "lessons": (
        "Associer les familles dès l'évaluation des besoins améliore l'adhésion aux plans."
    ),
    "next_period": (
        "Accélérer les décaissements, lancer l'enquête de durabilité à 6 mois, renforcer "
        "l'orientation vers les services psychosociaux."
    ),
}


def last_quarter(today: date) -> str:
    quarter = (today.month - 1) // 3  # the current quarter's index from 0: the one before
    if quarter == 0:
        return f"{today.year - 1}-Q4"
    return f"{today.year}-Q{quarter}"


def seed_step(context: DemoContext) -> str:
    acronym = next(iter(PROGRAMMES), None)
    if acronym is None:
        return ""
    organisation = Organisation.objects.filter(acronym=acronym).first()
    if organisation is None:
        return ""
    programme = Programme.objects.filter(
        organisation=organisation, name=PROGRAMMES[acronym][0]
    ).first()
    manager = (
        User.objects.filter(
            organisation=organisation, is_active=True, roles__contains=[Role.PROGRAMME_MANAGER]
        )
        .order_by("username")
        .first()
    )
    if programme is None or manager is None:
        return ""
    period = last_quarter(timezone.localdate())
    if ProgrammeReport.objects.filter(programme=programme, period=period).exists():
        return ""
    report = services.create_report(
        actor=manager, programme=programme, period=period, language="fr", **NARRATIVE
    )
    report = services.submit(actor=manager, report=report)
    built = _build_files(report)
    return f"a submitted quarterly report ({period}) of {acronym}'s programme, {built} files"


def _build_files(report: Any) -> int:
    built = 0
    for found in report.files.all():
        tasks.build(found.pk)
        built += 1
    return built
