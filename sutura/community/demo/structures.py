"""Demo data of protection committees, outreach volunteers, safe spaces and initiatives, kept
by Oumar Maïga (`protection`, PSF):

- a protection committee in Kayes N'Di and in Gao Château, with their members (one of them
  the Kayes outreach volunteer, by her account);
- two outreach volunteers (`outreach` in Kayes, `outreach2` in Gao: their accounts are
  `accounts.demo`'s), with a supervision note each, and a training of Kayes N'Di (a meeting of
  the community) attended by the volunteer and two committee members named on the sheet;
- in Mopti Bas-Fonds, a women and girls' safe space managed by the partner association
  Benkadi, three months of attendance, one safety check with a finding to follow up; and an
  initiative run by Benkadi.

Idempotent: what exists (by name) is left as it is."""

from __future__ import annotations

import datetime
from typing import Any

from django.utils import timezone

from sutura.accounts.models import Organisation, User
from sutura.audit.context import acting_as
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    Community,
    FollowUpStatus,
    Initiative,
    ProtectionCommittee,
    SafeSpace,
)
from sutura.community.services import committees, initiatives, safespaces
from sutura.core.registry import DemoContext
from sutura.geo.models import Location
from sutura.meetings import attendance
from sutura.meetings import services as meetings
from sutura.meetings.models import Meeting, MeetingKind
from sutura.mentoring.models import Volunteer, VolunteerKind
from sutura.mentoring.services import volunteers

SINCE = datetime.date(2026, 2, 1)

COMMITTEES: dict[str, tuple[str, list[tuple[str | None, str, str, str]]]] = {
    "Kayes N'Di": (
        "Comité de protection de Kayes N'Di",
        [
            # name, role, sex, age group (None: the Kayes volunteer's account)
            ("Mariam Diakité", "Présidente", "female", "25_59"),
            ("Boubacar Sidibé", "Secrétaire", "male", "25_59"),
            ("Awa Keïta", "Point focal jeunesse", "female", "18_24"),
            (None, "Relais communautaire", "female", "25_59"),
        ],
    ),
    "Gao Château": (
        "Réseau de protection de Gao Château",
        [
            ("Alassane Maïga", "Président", "male", "60_plus"),
            ("Fatouma Cissé", "Vice-présidente", "female", "25_59"),
            ("Ibrahim Touré", "Point focal enfance", "male", "18_24"),
        ],
    ),
}

VOLUNTEERS = [
    # username, area, languages, supervision note
    (
        "outreach",
        "ML-1",
        ["fr", "bm", "snk"],
        "Bonne mobilisation des femmes pour le dialogue ; renforcer la référence des cas.",
    ),
    (
        "outreach2",
        "ML-7",
        ["fr", "son"],
        "Sensibilisations régulières au marché ; rappeler les principes de confidentialité.",
    ),
]

SAFETY_ANSWERS = {"fire_safety": ("partly", "Extincteur à recharger")}


def _community(officer: Any, name: str) -> Community | None:
    return Community.objects.filter(organisation_id=officer.organisation_id, name=name).first()


def _committees(officer: User) -> int:
    made = 0
    volunteer = User.objects.filter(username="outreach").first()
    for community_name, (name, members) in COMMITTEES.items():
        community = _community(officer, community_name)
        if community is None or ProtectionCommittee.objects.filter(community=community).exists():
            continue
        committee = committees.create_committee(
            actor=officer,
            community=community,
            kind="committee" if "Comité" in name else "network",
            name=name,
            established_on=datetime.date(2025, 11, 20),
        )
        for member_name, role, sex, age_group in members:
            if member_name is None and volunteer is None:
                continue
            committees.add_member(
                actor=officer,
                committee=committee,
                user=volunteer if member_name is None else None,
                name=member_name or "",
                role=role,
                sex=sex,
                age_group=age_group,
                since=SINCE,
            )
        made += 1
    return made


def _volunteers(officer: User) -> int:
    made = 0
    for username, area, languages, note in VOLUNTEERS:
        user = User.objects.filter(username=username).first()
        location = Location.objects.filter(iso_code=area).first()
        if user is None or location is None or Volunteer.objects.filter(user=user).exists():
            continue
        volunteer = volunteers.create_volunteer(
            actor=officer,
            user=user,
            kind=VolunteerKind.OUTREACH,
            areas=[location],
            languages=languages,
            is_returnee=username == "outreach",
            starts_on=datetime.date(2026, 1, 5),
            code_of_conduct_signed_on=datetime.date(2026, 1, 5),
        )
        volunteers.add_supervision_note(
            actor=officer, volunteer=volunteer, text=note, noted_on=datetime.date(2026, 3, 10)
        )
        made += 1
    return made


def _training(officer: User) -> int:
    """A training of Kayes N'Di on community-based protection: the volunteer and two committee
    members (named on the sheet) attended."""
    community = _community(officer, "Kayes N'Di")
    kind = MeetingKind.objects.filter(code="training").first()
    volunteer = User.objects.filter(username="outreach").first()
    if community is None or kind is None:
        return 0
    title = "Formation protection à base communautaire — Kayes N'Di"
    if (
        Meeting.objects.filter(context_kind=COMMUNITY_CONTEXT, context_id=community.pk)
        .filter(title=title)
        .exists()
    ):
        return 0
    meeting = meetings.create_meeting(
        officer,
        kind=kind,
        title=title,
        starts_at=datetime.datetime(2026, 3, 3, 9, 0, tzinfo=datetime.UTC),
        context_kind=COMMUNITY_CONTEXT,
        context_id=community.pk,
        location=community.location,
        address="Mairie de Kayes N'Di, salle de réunion",
        status="held",
    )
    if volunteer is not None:
        attendance.add_participant(officer, meeting, user=volunteer, sex="female")
    for name, sex, age_group in (
        ("Mariam Diakité", "female", "25_59"),
        ("Boubacar Sidibé", "male", "25_59"),
    ):
        attendance.add_participant(
            officer, meeting, name=name, sex=sex, age_group=age_group, category="community"
        )
    return 1


def _first_of(months_back: int) -> datetime.date:
    day = timezone.localdate().replace(day=1)
    for _step in range(months_back):
        day = (day - datetime.timedelta(days=1)).replace(day=1)
    return day


def _mopti(officer: User) -> str:
    community = _community(officer, "Mopti Bas-Fonds")
    partner = Organisation.objects.filter(acronym="BENKADI").first()
    if community is None or partner is None:
        return ""
    said = []
    if not SafeSpace.objects.filter(community=community).exists():
        space = safespaces.create_safe_space(
            actor=officer,
            community=community,
            kind="wgss",
            name="Espace sûr des femmes et des filles de Bas-Fonds",
            location=community.location,
            address="Quartier Bas-Fonds, près du marché aux poissons",
            managing_partner=partner,
            opening_hours="Du lundi au vendredi, 9 h – 13 h ; samedi 9 h – 12 h",
            activities=(
                "Groupes de parole, alphabétisation, couture, séances d’information sur les "
                "services, activités récréatives pour les adolescentes."
            ),
            opened_on=datetime.date(2025, 10, 1),
        )
        grids = [
            {("female", "12_17"): 34, ("female", "18_24"): 41, ("female", "25_59"): 58},
            {("female", "12_17"): 29, ("female", "18_24"): 45, ("female", "25_59"): 63},
            {
                ("female", "0_11"): 12,
                ("female", "12_17"): 38,
                ("female", "18_24"): 47,
                ("female", "25_59"): 66,
                ("female", "60_plus"): 7,
            },
        ]
        for back, counts in zip((3, 2, 1), grids, strict=True):
            safespaces.record_attendance(
                actor=officer, space=space, month=_first_of(back), counts=counts
            )
        version = safespaces.current_safety_checklist()
        answers: dict[str, Any] = {
            key: SAFETY_ANSWERS.get(key, ("yes", "")) for key in safespaces.answer_keys(version)
        }
        safespaces.record_check(
            actor=officer,
            space=space,
            version=version,
            checked_on=timezone.localdate() - datetime.timedelta(days=40),
            answers=answers,
            finding="L’extincteur est vide et l’éclairage de l’entrée ne fonctionne plus.",
            follow_up="Recharger l’extincteur et réparer l’éclairage (Benkadi).",
            follow_up_status=FollowUpStatus.OPEN,
        )
        said.append("a safe space")
    if not Initiative.objects.filter(community=community).exists():
        initiatives.create_initiative(
            actor=officer,
            community=community,
            title="Caisse de solidarité des femmes de Bas-Fonds",
            objective=(
                "Réduire le recours aux mécanismes d’adaptation négatifs des femmes chefs de "
                "ménage par une caisse d’épargne et de crédit gérée par la communauté."
            ),
            budget=3500000,
            currency="XOF",
            partner=partner,
            status="under_way",
            starts_on=datetime.date(2026, 2, 1),
            ends_on=datetime.date(2026, 9, 30),
        )
        said.append("an initiative")
    return " and ".join(said)


def seed(context: DemoContext) -> str:
    officer = User.objects.filter(username="protection").first()
    if officer is None or officer.organisation_id is None:
        return ""
    with acting_as(officer):
        volunteers_made = _volunteers(officer)
        committees_made = _committees(officer)
        trainings = _training(officer)
        mopti = _mopti(officer)
    said = []
    if committees_made:
        said.append(f"{committees_made} committees")
    if volunteers_made:
        said.append(f"{volunteers_made} outreach volunteers")
    if trainings:
        said.append("a community training")
    if mopti:
        said.append(f"in Mopti {mopti}")
    return ", ".join(said)
