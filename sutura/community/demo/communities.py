"""The three communities of the demo, opened by Oumar Maïga (`protection`, the community
protection officer of PSF): two diagnosed in Kayes and Gao (Mali's regions of departure and
return), one in Mopti where community-based protection runs. The diagnosis, risks, plans and
structures come with their parts."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sutura.accounts.models import User
from sutura.audit.context import acting_as
from sutura.community.models import (
    Community,
    DiagnosisNote,
    KeyInformantInterview,
    MigrationFlow,
    SelectionCriterion,
    SelectionStatus,
    ServicePresence,
    SocioEconomicGroup,
)
from sutura.community.services import communities, diagnosis
from sutura.core.registry import DemoContext
from sutura.directory.models import Service
from sutura.geo.models import Location
from sutura.meetings.models import MeetingKind

COMMUNITIES = [
    # name, region ISO code, languages, population, host, returnees, displaced, transit
    ("Kayes N'Di", "ML-1", ["fr", "bm", "snk"], 18500, 15200, 2100, 600, 600),
    ("Gao Château", "ML-7", ["fr", "son", "ff"], 24000, 17800, 1900, 3500, 800),
    ("Mopti Bas-Fonds", "ML-5", ["fr", "ff", "dgo", "bm"], 21000, 16000, 1400, 3300, 300),
]


def seed(context: DemoContext) -> str:
    officer = User.objects.filter(username="protection").first()
    if officer is None or officer.organisation_id is None:
        return ""
    made = 0
    with acting_as(officer):
        for name, iso, languages, population, host, returnees, displaced, transit in COMMUNITIES:
            location = Location.objects.filter(iso_code=iso).first()
            if location is None:
                continue
            if Community.objects.filter(
                organisation_id=officer.organisation_id, name=name
            ).exists():
                continue
            communities.create_community(
                actor=officer,
                name=name,
                location=location,
                languages=languages,
                population_estimate=population,
                population_source="Mairie, recensement administratif",
                population_on=datetime.date(2026, 1, 15),
                host_count=host,
                returnee_count=returnees,
                displaced_count=displaced,
                transit_count=transit,
            )
            made += 1
        diagnosed = sum(_diagnose(officer, name, plan) for name, plan in DIAGNOSES.items())
        selected = _select_mopti(officer)
    said = []
    if made:
        said.append(f"{made} communities")
    if diagnosed:
        said.append(f"{diagnosed} community diagnoses")
    if selected:
        said.append("Mopti Bas-Fonds selected")
    return ", ".join(said)


def _meeting_at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


PERIODS = [
    (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
    (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
    (datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
]

DIAGNOSES: dict[str, dict[str, Any]] = {
    "Kayes N'Di": {
        "point": (14.4469, -11.4453),
        "flows": [  # departures, returns, transit per period
            (850, 310, 120),
            (920, 540, 160),
            (260, 210, 40),
        ],
        "groups": [
            ("youth", "Association des jeunes de N'Di", 1200),
            ("women", "Groupement des femmes maraîchères", 340),
            ("returnees", "Association des migrants de retour de Kayes", 180),
            ("traders", "Commerçants du marché de N'Di", 150),
        ],
        "services": [
            ("Centre de santé communautaire de N'Di", "Soins de santé primaires"),
            ("Service local du développement social", "Appui psychosocial, état civil"),
        ],
        "informants": [
            ("Chef de quartier", "Bakary Sissoko"),
            ("Présidente des femmes", "Aminata Diallo"),
            ("Imam", "Mamadou Traoré"),
        ],
        "notes": [
            (
                "protection_challenge",
                "Pression sur les jeunes pour partir ; dettes liées aux départs ; "
                "retours forcés depuis l’Algérie et la Libye.",
            ),
            ("protection_opportunity", "Diaspora organisée, associations de retour actives."),
            ("security", "Contexte calme ; routes praticables toute l’année."),
            ("engagement_prospect", "Mairie et chefferie favorables à un comité de protection."),
        ],
        "scores": {
            "migration_pressure": 5,
            "protection_risks": 3,
            "returnee_presence": 5,
            "service_gaps": 3,
            "access_security": 4,
            "community_engagement": 4,
            "partner_presence": 3,
        },
        "decision": ("selected", "Forts départs et retours ; autorités engagées ; accès sûr."),
        "consultation": (
            datetime.date(2026, 2, 12),
            {"community": 34, "government": 4, "cbo": 6, "national_ngo": 2},
        ),
    },
    "Gao Château": {
        "point": (16.2788, -0.0412),
        "flows": [
            (420, 260, 1900),
            (380, 410, 2300),
            (90, 120, 640),
        ],
        "groups": [
            ("youth", "Jeunes de Château", 2100),
            ("women", "Association des femmes de Château", 420),
            ("herders", "Éleveurs transhumants", 300),
            ("traders", "Transporteurs et commerçants de la gare routière", 210),
        ],
        "services": [
            ("Hôpital régional de Gao", "Urgences, santé reproductive"),
            ("Point d’écoute de la gare routière", "Information et orientation des migrants"),
        ],
        "informants": [
            ("Chef de quartier", "Alhousseini Maïga"),
            ("Responsable de la gare routière", "Issa Touré"),
            ("Infirmière", "Fanta Cissé"),
        ],
        "notes": [
            (
                "protection_challenge",
                "Migrants en transit sans ressources ; risques d’exploitation "
                "sur l’axe Gao–Kidal ; enfants non accompagnés.",
            ),
            ("protection_opportunity", "Réseau de transporteurs prêt à signaler les cas."),
            (
                "security",
                "Présence de groupes armés sur les axes ; déplacements d’équipe en convoi.",
            ),
            ("engagement_prospect", "Leaders communautaires demandent des dialogues réguliers."),
        ],
        "scores": {
            "migration_pressure": 5,
            "protection_risks": 5,
            "returnee_presence": 3,
            "service_gaps": 4,
            "access_security": 2,
            "community_engagement": 4,
            "partner_presence": 2,
        },
        "decision": ("selected", "Transit massif et risques graves ; besoins non couverts."),
        "consultation": (
            datetime.date(2026, 2, 19),
            {"community": 41, "government": 3, "cbo": 5, "un_agency": 2},
        ),
    },
}


def _diagnose(officer: Any, name: str, plan: dict[str, Any]) -> int:
    """A community's diagnosis, selection and consultation, once (skipped when its flows are
    there)."""
    community = Community.objects.filter(organisation_id=officer.organisation_id, name=name).first()
    if community is None or MigrationFlow.objects.filter(community=community).exists():
        return 0
    lat, lon = plan["point"]
    d = 0.012  # about 1.3 km: the neighbourhood's rough outline around its point
    ring = [[lon - d, lat - d], [lon + d, lat - d * 0.8], [lon + d * 1.2, lat + d],
            [lon - d * 0.7, lat + d * 1.1], [lon - d, lat - d]]  # fmt: skip
    community = communities.update_community(
        actor=officer,
        community=community,
        expected_version=community.version,
        latitude=Decimal(str(lat)),
        longitude=Decimal(str(lon)),
        outline={"type": "Polygon", "coordinates": [ring]},
    )
    held_on, counts = plan["consultation"]
    kind = MeetingKind.objects.filter(code="community_consultation").first()
    meeting = None
    if kind is not None:
        meeting = communities.record_meeting(
            actor=officer,
            community=community,
            kind=kind,
            title=f"Consultation communautaire · {name}",
            starts_at=_meeting_at(held_on),
            status="held",
        )
        _count_attendance(officer, meeting, counts)
    source = "Groupe de discussion communautaire"
    for (start, end), numbers in zip(PERIODS, plan["flows"], strict=True):
        for direction, number in zip(("departures", "returns", "transit"), numbers, strict=True):
            validated = meeting is not None and end.year < 2026
            diagnosis.record_entry(
                officer,
                community,
                MigrationFlow,
                period_start=start,
                period_end=end,
                direction=direction,
                estimated_number=number,
                reliability="medium" if end.year < 2026 else "low",
                source="Mairie ; comptages des transporteurs",
                triangulation="validated" if validated else "triangulated",
                validated_at=meeting if validated else None,
            )
    for kind_code, group_name, size in plan["groups"]:
        diagnosis.record_entry(
            officer, community, SocioEconomicGroup, kind=kind_code, name=group_name,
            size_estimate=size, source=source, triangulation="triangulated",
        )  # fmt: skip
    for service_name, note in plan["services"]:
        found = Service.objects.filter(name_fr=service_name).first()
        diagnosis.record_entry(
            officer, community, ServicePresence, service=found, name=service_name, note=note,
            source="Cartographie des services", triangulation="single_source",
        )  # fmt: skip
    for role, informant in plan["informants"]:
        diagnosis.record_entry(
            officer, community, KeyInformantInterview, informant_role=role,
            informant_name=informant, held_on=held_on - datetime.timedelta(days=20),
            notes="Entretien semi-directif (guide IOM).", source="Entretien individuel",
            triangulation="single_source",
        )  # fmt: skip
    for topic, text in plan["notes"]:
        diagnosis.record_entry(
            officer, community, DiagnosisNote, topic=topic, text=text, source=source,
            triangulation="validated" if meeting else "triangulated", validated_at=meeting,
        )  # fmt: skip
    criteria = {c.code: c for c in SelectionCriterion.objects.filter(is_active=True)}
    status, rationale = plan["decision"]
    communities.set_selection(
        actor=officer,
        community=community,
        status=status,
        rationale=rationale,
        decided_on=held_on + datetime.timedelta(days=7),
        scores={
            criteria[code]: score for code, score in plan["scores"].items() if code in criteria
        },
    )
    return 1


def _count_attendance(officer: Any, meeting: Any, counts: dict[str, int]) -> None:
    """The consultation's attendance, counted by category (a public session: no names)."""
    from sutura.meetings import attendance

    rows: dict[tuple[str, str, str], int] = {}
    for category, number in counts.items():
        women = number // 2
        rows[(category, "female", "25_59")] = women
        rows[(category, "male", "25_59")] = number - women
    attendance.set_counts(officer, meeting, counts=rows)


def _select_mopti(officer: Any) -> bool:
    community = Community.objects.filter(
        organisation_id=officer.organisation_id, name="Mopti Bas-Fonds"
    ).first()
    if community is None or community.selection_status != SelectionStatus.PROPOSED:
        return False
    criteria = {c.code: c for c in SelectionCriterion.objects.filter(is_active=True)}
    scores = {"migration_pressure": 3, "protection_risks": 5, "returnee_presence": 3,
              "service_gaps": 4, "access_security": 3, "community_engagement": 5,
              "partner_presence": 4}  # fmt: skip
    communities.set_selection(
        actor=officer,
        community=community,
        status=SelectionStatus.SELECTED,
        rationale="Déplacés nombreux, risques élevés ; OBC partenaires et leaders engagés.",
        decided_on=datetime.date(2026, 1, 30),
        scores={criteria[code]: score for code, score in scores.items() if code in criteria},
    )
    return True
