"""Demo risk analyses, assets and action plans, by Oumar Maïga (`protection`):

- Kayes N'Di: a participatory risk analysis held eight months ago, repeated two months ago at
  a community consultation (a new risk, one gone, one priority up, one down); its strengths,
  resources and allies mapped with GPS points; an action plan validated at a validation
  meeting of the community (a decision of that meeting) and in progress — one
  recommendation done, one under way, one overdue;
- Gao Château: one analysis and a draft action plan.

Idempotent: each community's analyses, assets and plan are made only if it has none. The
communities come from the base part (found by name); the consultation and the validation
meeting are found by title or recorded through the meetings services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.utils import timezone

from sutura.accounts.models import User
from sutura.audit.context import acting_as
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    ActionPlan,
    Asset,
    Community,
    RecommendationStatus,
    RiskAnalysis,
)
from sutura.community.services import assets, plans, risks
from sutura.core.registry import DemoContext
from sutura.meetings import services as meetings
from sutura.meetings.models import Meeting, MeetingKind, MeetingStatus

CONSULTATION = "Consultation communautaire sur les risques de protection — Kayes N'Di"
VALIDATION = "Réunion de validation du plan d’action communautaire — Kayes N'Di"

# key, threat, who is affected, vulnerabilities, capacities, likelihood, impact, mitigations
KAYES_FIRST = [
    ("departs-irreguliers", "Départs irréguliers des jeunes vers l’Europe par le désert",
     "Jeunes hommes de 15 à 30 ans", "Chômage, pression familiale, passeurs actifs au marché",
     "Associations de jeunes, témoignages de migrants de retour", 4, 4,
     "Sensibilisation par les pairs ; orientation vers la formation professionnelle"),
    ("exploitation-transit", "Exploitation et travail forcé des migrants en transit",
     "Migrants en transit, surtout les femmes", "Absence de papiers, dettes envers les passeurs",
     "Centre de santé, un point d’écoute de l’ONG partenaire", 3, 4,
     "Référencement vers les services ; points d’information aux gares routières"),
    ("tensions-foncieres", "Tensions foncières avec les familles de migrants de retour",
     "Familles de retour", "Terres vendues pour financer le départ",
     "Médiation du chef de village", 3, 3, "Médiation communautaire"),
    ("mariage-enfants", "Mariages d’enfants", "Filles de 12 à 17 ans",
     "Pauvreté, absence des pères partis", "Association des femmes, imam favorable", 2, 4,
     "Dialogues communautaires avec les leaders religieux"),
]  # fmt: skip
KAYES_SECOND = [
    ("departs-irreguliers", "Départs irréguliers des jeunes vers l’Europe par le désert",
     "Jeunes hommes de 15 à 30 ans", "Chômage, pression familiale",
     "Associations de jeunes, témoignages de migrants de retour", 4, 4,
     "Sensibilisation par les pairs ; formation professionnelle"),
    ("exploitation-transit", "Exploitation et travail forcé des migrants en transit",
     "Migrants en transit, surtout les femmes", "Plus de passages depuis la fermeture de la route du nord",
     "Centre de santé, un point d’écoute", 4, 5,
     "Points d’information et référencement ; patrouilles des comités"),
    ("mariage-enfants", "Mariages d’enfants", "Filles de 12 à 17 ans",
     "Pauvreté", "Association des femmes, imam engagé depuis les dialogues", 2, 3,
     "Poursuivre les dialogues communautaires"),
    ("stigmatisation-retour", "Stigmatisation des migrants de retour",
     "Migrants de retour et leurs familles", "Retour « les mains vides », honte",
     "Association des migrants de retour", 3, 3, "Témoignages publics ; activités génératrices de revenus"),
]  # fmt: skip
GAO = [
    ("recrutement-armes", "Recrutement des jeunes par des groupes armés", "Garçons de 14 à 20 ans",
     "Déscolarisation, insécurité", "Comités de vigilance, leaders religieux", 3, 5,
     "Activités pour les jeunes ; espaces sûrs"),
    ("vbg-deplacees", "Violences basées sur le genre sur les sites de déplacés",
     "Femmes et filles déplacées", "Éclairage absent, latrines éloignées",
     "Groupes de femmes", 4, 4, "Éclairage ; latrines séparées ; référencement"),
    ("documents", "Absence de documents d’état civil", "Enfants déplacés et de retour",
     "Naissances non déclarées", "Mairie, audiences foraines", 4, 2, "Audiences foraines"),
]  # fmt: skip
KAYES_ASSETS = [
    ("leader", "Chef de village de Kayes N'Di", "Arbitre les litiges ; soutient les dialogues.", "14.4521", "-11.4402"),
    ("association", "Association des femmes Benkadi", "Tontine et alphabétisation ; 60 membres.", "14.4498", "-11.4371"),
    ("cbo", "Association des migrants de retour de Kayes", "Accueil et témoignages des migrants de retour.", "14.4476", "-11.4455"),
    ("safe_place", "Centre de santé communautaire (CSCom) de Kayes N'Di", "Soins, point d’écoute psychosocial.", "14.4533", "-11.4468"),
    ("service", "Centre de formation professionnelle", "Couture, mécanique, maraîchage.", "14.4442", "-11.4390"),
    ("infrastructure", "Gare routière", "Point de passage des migrants en transit.", "14.4460", "-11.4509"),
    ("leader", "Imam de la grande mosquée", "Engagé contre les mariages d’enfants.", None, None),
]  # fmt: skip
GAO_ASSETS = [
    ("leader", "Chef de quartier de Château", "Relais auprès des familles déplacées.", "16.2750", "-0.0440"),
    ("association", "Groupement des femmes de Château", "Maraîchage et épargne.", "16.2731", "-0.0468"),
]  # fmt: skip


def _meeting(officer: User, community: Community, code: str, title: str, days_ago: int) -> Any:
    found = Meeting.objects.filter(  # its title as written before the demo wrote ’, or now
        context_kind=COMMUNITY_CONTEXT,
        context_id=community.pk,
        title__in=[title, title.replace("’", "'")],
    ).first()
    if found is not None:
        return found
    starts = (timezone.now() - datetime.timedelta(days=days_ago)).replace(
        hour=9, minute=0, second=0, microsecond=0
    )
    return meetings.create_meeting(
        officer,
        kind=MeetingKind.objects.get(code=code),
        title=title,
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        context_kind=COMMUNITY_CONTEXT,
        context_id=community.pk,
        location=community.location,
        address="Maison des jeunes",
        status=MeetingStatus.HELD,
    )


def _analysis(
    officer: User, community: Community, held_on: datetime.date, rows: list[Any], **extra: Any
) -> RiskAnalysis:
    analysis = risks.record_analysis(actor=officer, community=community, held_on=held_on, **extra)
    for key, threat, affected, vulnerabilities, capacities, likelihood, impact, mitigations in rows:
        risks.add_risk(
            actor=officer,
            analysis=analysis,
            key=key,
            threat=threat,
            affected=affected,
            vulnerabilities=vulnerabilities,
            capacities=capacities,
            likelihood=likelihood,
            impact=impact,
            mitigations=mitigations,
        )
    return analysis


def _assets(officer: User, community: Community, rows: list[Any]) -> int:
    if Asset.objects.filter(community=community).exists():
        return 0
    for kind, name, description, latitude, longitude in rows:
        assets.add_asset(
            actor=officer,
            community=community,
            kind=kind,
            name=name,
            description=description,
            location=community.location,
            latitude=Decimal(latitude) if latitude else None,
            longitude=Decimal(longitude) if longitude else None,
        )
    return len(rows)


def _kayes(officer: User, community: Community, today: datetime.date) -> list[str]:
    said = []
    consultation = _meeting(officer, community, "community_consultation", CONSULTATION, days_ago=60)
    if not RiskAnalysis.objects.filter(community=community).exists():
        _analysis(
            officer,
            community,
            today - datetime.timedelta(days=240),
            KAYES_FIRST,
            groups_represented=["youth", "women", "returnees", "religious"],
            participants={
                ("female", "18_24"): 6, ("female", "25_59"): 9, ("male", "18_24"): 8,
                ("male", "25_59"): 7, ("male", "60_plus"): 3,
            },
        )  # fmt: skip
        _analysis(
            officer,
            community,
            consultation.starts_at.date(),
            KAYES_SECOND,
            meeting=consultation,
            groups_represented=["youth", "women", "returnees", "traders", "religious"],
            participants={
                ("female", "12_17"): 4, ("female", "18_24"): 7, ("female", "25_59"): 11,
                ("male", "18_24"): 9, ("male", "25_59"): 8, ("male", "60_plus"): 4,
            },
        )  # fmt: skip
        said.append("2 risk analyses")
    made = _assets(officer, community, KAYES_ASSETS)
    if made:
        said.append(f"{made} assets")
    if not ActionPlan.objects.filter(community=community).exists():
        latest = RiskAnalysis.objects.filter(community=community).order_by("-held_on").first()
        by_key = {risk.key: risk for risk in latest.risks.all()} if latest else {}
        rows = [
            ("Sensibilisation par les pairs sur les risques de la migration irrégulière",
             ["departs-irreguliers"], "Association des migrants de retour de Kayes", "PSF",
             "Animateurs, supports audio en soninké", "850000", -150, -30),
            ("Points d’information et de référencement à la gare routière",
             ["exploitation-transit"], "PSF", "CSCom, Croix-Rouge malienne",
             "Deux volontaires, dépliants", "1200000", -120, 60),
            ("Dialogues communautaires avec les leaders religieux sur les mariages d’enfants",
             ["mariage-enfants"], "Association des femmes Benkadi", "Imam de la grande mosquée",
             "Salle, rafraîchissements", "300000", -90, -10),
            ("Activités génératrices de revenus pour les migrants de retour",
             ["stigmatisation-retour", "departs-irreguliers"], "PSF",
             "Centre de formation professionnelle", "Kits de démarrage", "4500000", -30, 180),
        ]  # fmt: skip
        made_rows = []
        for action, keys, responsible, partners, resources, cost, start, end in rows:
            made_rows.append(
                plans.add_recommendation(
                    actor=officer,
                    community=community,
                    action=action,
                    risks=[by_key[key] for key in keys if key in by_key],
                    responsible_text=responsible,
                    partners=partners,
                    resources=resources,
                    estimated_cost=Decimal(cost),
                    currency="XOF",
                    starts_on=today + datetime.timedelta(days=start),
                    ends_on=today + datetime.timedelta(days=end),
                )
            )
        validation = _meeting(officer, community, "validation_meeting", VALIDATION, days_ago=45)
        plans.validate_plan(
            actor=officer,
            community=community,
            meeting=validation,
            text=(
                f"L’assemblée valide le plan d’action communautaire de {community.name} : "
                f"{len(made_rows)} recommandations, responsables et calendrier tels que présentés."
            ),
        )
        plans.record_progress(
            actor=officer,
            recommendation=made_rows[0],
            status=RecommendationStatus.IN_PROGRESS,
            text="Six séances tenues dans trois quartiers ; 240 jeunes touchés.",
            noted_on=today - datetime.timedelta(days=40),
        )
        plans.record_progress(
            actor=officer,
            recommendation=made_rows[0],
            status=RecommendationStatus.DONE,
            text="Douze séances tenues ; 510 jeunes touchés (dont 180 filles).",
            noted_on=today - datetime.timedelta(days=25),
        )
        plans.record_progress(
            actor=officer,
            recommendation=made_rows[1],
            status=RecommendationStatus.IN_PROGRESS,
            text="Point d’information ouvert ; 37 personnes orientées vers le CSCom.",
            noted_on=today - datetime.timedelta(days=12),
        )
        plans.record_progress(
            actor=officer,
            recommendation=made_rows[2],
            status=RecommendationStatus.DELAYED,
            text="Deux dialogues reportés pendant la saison des pluies.",
            noted_on=today - datetime.timedelta(days=20),
        )
        said.append("an action plan validated and in progress")
    return said


def _gao(officer: User, community: Community, today: datetime.date) -> list[str]:
    said = []
    if not RiskAnalysis.objects.filter(community=community).exists():
        _analysis(
            officer,
            community,
            today - datetime.timedelta(days=100),
            GAO,
            groups_represented=["youth", "women", "herders"],
            participants={
                ("female", "18_24"): 5, ("female", "25_59"): 8, ("male", "18_24"): 6,
                ("male", "25_59"): 6,
            },
        )  # fmt: skip
        said.append("1 risk analysis")
    made = _assets(officer, community, GAO_ASSETS)
    if made:
        said.append(f"{made} assets")
    if not ActionPlan.objects.filter(community=community).exists():
        latest = RiskAnalysis.objects.filter(community=community).order_by("-held_on").first()
        by_key = {risk.key: risk for risk in latest.risks.all()} if latest else {}
        for action, key, responsible, end in (
            ("Éclairage solaire et latrines séparées sur le site de déplacés", "vbg-deplacees",
             "PSF", 120),
            ("Audiences foraines pour les actes de naissance", "documents", "Mairie de Gao", 90),
        ):  # fmt: skip
            plans.add_recommendation(
                actor=officer,
                community=community,
                action=action,
                risks=[by_key[key]] if key in by_key else [],
                responsible_text=responsible,
                starts_on=today + datetime.timedelta(days=15),
                ends_on=today + datetime.timedelta(days=end),
            )
        said.append("a draft action plan")
    return said


def seed(context: DemoContext) -> str:
    officer = User.objects.filter(username="protection").first()
    if officer is None or officer.organisation_id is None:
        return ""
    today = timezone.localdate()
    said: list[str] = []
    with acting_as(officer):
        found = {
            c.name: c
            for c in Community.objects.filter(
                organisation_id=officer.organisation_id, name__in=["Kayes N'Di", "Gao Château"]
            )
        }
        if "Kayes N'Di" in found:
            said += _kayes(officer, found["Kayes N'Di"], today)
        if "Gao Château" in found:
            said += _gao(officer, found["Gao Château"], today)
    return ", ".join(said)
