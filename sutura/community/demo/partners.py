"""Demo data of workplans and monitoring: in Mopti Bas-Fonds, a partner CBO (Association des
jeunes pour la paix de Mopti) linked to the community, its 2026 workplan under PSF tagged
ECHO (community dialogues, awareness sessions, safe-space sessions) with progress reported in
February, and a monitoring visit in March with its checklist, findings and a recommendation to
follow up. Idempotent: run twice, it adds nothing the second time."""

from __future__ import annotations

import datetime

from sutura.accounts.models import Organisation, OrganisationType, User
from sutura.audit.context import acting_as
from sutura.cases.models import Programme
from sutura.community.models import Community, CommunityPartner, PartnerRole, Workplan
from sutura.community.services import communities, visits, workplans
from sutura.core.registry import DemoContext
from sutura.geo.models import Location

CBO_NAME = "Association des jeunes pour la paix de Mopti"
TITLE = "Plan de travail AJPM 2026 — protection à base communautaire"
ACTIVITIES = [
    # description, target, unit, achieved in February, participants {(sex, age): n}
    (
        "Dialogues communautaires sur la cohésion sociale",
        12,
        "séances",
        3,
        {("female", "25_59"): 21, ("male", "25_59"): 26, ("female", "18_24"): 9},
    ),
    (
        "Sessions de sensibilisation sur les risques de la migration irrégulière",
        24,
        "séances",
        5,
        {("female", "18_24"): 34, ("male", "18_24"): 41, ("male", "12_17"): 18},
    ),
    (
        "Personnes orientées vers les services de protection",
        150,
        "personnes",
        22,
        {},
    ),
]
ANSWERS = {
    "activities_as_planned": ("partly", "Deux dialogues reportés (saison des pluies)."),
    "participants_registered": ("yes", ""),
    "community_involved": ("yes", "Le chef de quartier co-anime les dialogues."),
    "safety_respected": ("yes", ""),
    "data_protected": ("partly", "Listes de présence rangées dans une armoire non fermée."),
    "visibility_donor": ("yes", ""),
    "supplies_available": ("no", "Manque de supports visuels pour la sensibilisation."),
}


def _cbo(country: Location) -> Organisation:
    found = Organisation.objects.filter(name=CBO_NAME).first()
    if found is not None:
        return found
    return Organisation.objects.create(
        name=CBO_NAME, acronym="AJPM", type=OrganisationType.CBO, country=country
    )


def seed(context: DemoContext) -> str:
    officer = User.objects.filter(username="protection").first()
    if officer is None or officer.organisation_id is None:
        return ""
    community = Community.objects.filter(
        organisation_id=officer.organisation_id, name="Mopti Bas-Fonds"
    ).first()
    if community is None:
        return ""
    if Workplan.objects.filter(organisation_id=officer.organisation_id, title=TITLE).exists():
        return ""
    organisation = Organisation.objects.get(pk=officer.organisation_id)
    with acting_as(officer):
        cbo = _cbo(organisation.country)
        if not CommunityPartner.objects.filter(community=community, organisation=cbo).exists():
            communities.add_partner(
                actor=officer,
                community=community,
                organisation=cbo,
                role=PartnerRole.CBO,
                since=datetime.date(2026, 1, 1),
            )
        echo = Programme.objects.filter(
            organisation_id=officer.organisation_id, donor__icontains="ECHO"
        ).first()
        plan = workplans.create_workplan(
            actor=officer,
            partner=cbo,
            title=TITLE,
            starts_on=datetime.date(2026, 1, 1),
            ends_on=datetime.date(2026, 12, 31),
            programmes=[echo] if echo is not None else [],
        )
        for description, target, unit, achieved, participants in ACTIVITIES:
            activity = workplans.add_activity(
                actor=officer,
                workplan=plan,
                community=community,
                description=description,
                target=target,
                unit=unit,
            )
            workplans.report_progress(
                actor=officer,
                activity=activity,
                period_start=datetime.date(2026, 2, 1),
                period_end=datetime.date(2026, 2, 28),
                achieved=achieved,
                participants=participants,
                note="Rapport mensuel de l’AJPM, février 2026.",
            )
        visit = visits.record_visit(
            actor=officer,
            visited_on=datetime.date(2026, 3, 12),
            community=community,
            workplan=plan,
            visitors=[officer],
            findings=(
                "Les dialogues communautaires mobilisent bien les femmes et les jeunes ; deux "
                "séances ont été reportées. Les listes de présence ne sont pas rangées en lieu "
                "sûr et le matériel de sensibilisation manque."
            ),
            answers=ANSWERS,
        )
        visits.add_recommendation(
            actor=officer,
            visit=visit,
            text="Ranger les listes de présence dans une armoire fermée à clé.",
            due_on=datetime.date(2026, 3, 31),
        )
        visits.add_recommendation(
            actor=officer,
            visit=visit,
            text="Produire des supports visuels en fulfulde et en bambara pour les sessions.",
            due_on=datetime.date(2026, 4, 30),
        )
    return "1 partner workplan, 1 monitoring visit"
