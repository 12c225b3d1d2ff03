"""The demo's governance of the referral mechanism, through the services, as the NRM
coordinator (`coordinator`).

Two steps:
- `seed_membership` (before the referrals demo, which shares personal data with members only):
  one data-sharing protocol per country, signed and in force, signed by the organisations the
  accounts demo lists as members (on their dates) — in Senegal the five members — and one
  **lapsed signature**: the Groupement des femmes de Thiaroye (GFT, three services in the
  directory) signed in 2023 and withdrew five weeks ago, so a referral that shares personal
  data with it is refused, with the date and the reason;
- `seed_step` (after the referrals demo): the Senegal steering committee with its members and
  two meetings, their decisions and action items — one of them overdue, for the coordinator.

Both are idempotent: a second run adds nothing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.html import escape
from weasyprint import HTML, URLFetcher

from sutura.accounts.demo import ORGANISATIONS
from sutura.accounts.models import Organisation, User
from sutura.audit.context import acting_as
from sutura.core.registry import DemoContext
from sutura.governance.models import (
    Committee,
    CommitteeKind,
    MemberRole,
    Protocol,
    ProtocolVersion,
    Signature,
    SignatureEnd,
    VersionStatus,
)
from sutura.governance.services import committees as committee_services
from sutura.governance.services import protocols as services
from sutura.meetings import attendance, sheets
from sutura.meetings.models import ActionItem, Meeting, MeetingStatus
from sutura.meetings.services import add_action_item, add_decision

# The same title as the data migration gives the protocols it creates from the old dates.
TITLE = "Protocole de partage de données du MNR — {country}"
LAPSED = "GFT"
LAPSED_SIGNED_ON = datetime.date(2023, 5, 2)
LAPSED_WEEKS_AGO = 5
COMMITTEE = "Comité de pilotage du mécanisme national de référencement — Sénégal"

SECTIONS = {
    "purpose_fr": "Organiser le référencement des personnes migrantes et de retour entre les "
    "membres du mécanisme national, et le partage des données strictement nécessaire à leur "
    "prise en charge.",
    "purpose_en": "Organise referrals of migrants and returnees between the members of the "
    "national mechanism, and the sharing of the data their care strictly needs.",
    "target_group_fr": "Personnes migrantes en situation de vulnérabilité, migrants de retour, "
    "victimes de la traite et enfants non accompagnés.",
    "roles_fr": "Chaque membre désigne un point focal, répond aux référencements dans les délais "
    "convenus et rend compte de la prise en charge à l’organisation qui a référé.",
    "coordination_fr": "Le comité de pilotage se réunit chaque trimestre ; le secrétariat est "
    "assuré par la coordination du mécanisme.",
    "funding_fr": "Chaque membre prend en charge ses propres coûts ; aucun transfert de fonds "
    "n’est prévu par le présent protocole.",
    "duration_fr": "Trois ans, renouvelables par une nouvelle version signée.",
    "confidentiality_fr": "Les données personnelles ne sont partagées qu’entre membres, avec le "
    "consentement de la personne, et seulement les rubriques nécessaires au service demandé. "
    "Tout membre qui se retire cesse de recevoir des données à la date de son retrait.",
}


# The signed attendance sheet of each steering-committee meeting (members from outside the
# demo's accounts), as the secretariat types it: French headers, categories and sexes in words.
COMMITTEE_SHEET: list[dict[str, Any]] = [
    {
        "name": "Dr Cheikh Diagne",
        "organisation_name": "CHRF",
        "category": "Gouvernement",
        "function": "Directeur",
        "sex": "Homme",
        "age_group": 52,
        "signed": "oui",
    },
    {
        "name": "Fatou Mbaye",
        "organisation_name": "CJDT",
        "category": "ONG nationale",
        "function": "Chargée de programme",
        "sex": "F",
        "age_group": 34,
        "signed": "oui",
    },
    {
        "name": "Moussa Sarr",
        "organisation_name": "Ministère des Affaires étrangères et des Sénégalais de l’extérieur",
        "category": "Gouvernement",
        "function": "Point focal migration",
        "sex": "M",
        "age_group": "25-59",
        "signed": "oui",
    },
]


def _coordinator() -> User | None:
    return User.objects.filter(username="coordinator", is_active=True).first()


@transaction.atomic
def seed_membership(context: DemoContext) -> str:
    coordinator = _coordinator()
    if coordinator is None or not context.organisations:
        return ""
    by_country: dict[Any, list[tuple[Organisation, datetime.date]]] = {}
    for _name, acronym, _kind, _country, member_since in ORGANISATIONS:
        organisation = context.organisations.get(acronym)
        if organisation is not None and member_since is not None:
            by_country.setdefault(organisation.country, []).append((organisation, member_since))
    lapsed = context.organisations.get(LAPSED)
    if lapsed is not None:
        by_country.setdefault(lapsed.country, []).append((lapsed, LAPSED_SIGNED_ON))
    signatures = 0
    with acting_as(coordinator):
        for country, signatories in by_country.items():
            version = _version_in_force(coordinator, country, signatories)
            for organisation, signed_on in signatories:
                signatures += _signed(coordinator, version, organisation, signed_on)
            if not version.signed_pdf:
                _attach_scan(coordinator, version, signatories)
        if lapsed is not None:
            _withdraw(coordinator, lapsed)
    context.made["protocols"] = len(by_country)
    return f"{len(by_country)} protocols in force, {signatures} signatures, 1 withdrawn"


def _version_in_force(
    coordinator: User, country: Any, signatories: list[tuple[Organisation, datetime.date]]
) -> ProtocolVersion:
    title = TITLE.format(country=country.name_fr)
    protocol = Protocol.objects.filter(title=title).first() or services.create_protocol(
        coordinator, title=title, country=country
    )
    version = protocol.versions.filter(status=VersionStatus.SIGNED).first()
    if version is not None:
        return version
    start = min(day for _org, day in signatories)
    version = protocol.versions.filter(status=VersionStatus.DRAFT).first() or (
        services.create_version(coordinator, protocol, effective_from=start, **SECTIONS)
    )
    services.move_version(coordinator, version, to_status=VersionStatus.UNDER_REVIEW)
    return services.move_version(
        coordinator,
        version,
        to_status=VersionStatus.SIGNED,
        note="Signé lors de l’atelier de validation du mécanisme national.",
    )


def _attach_scan(
    coordinator: User,
    version: ProtocolVersion,
    signatories: list[tuple[Organisation, datetime.date]],
) -> None:
    """A stand-in for the scanned signed protocol: its text and the signatories, as a PDF."""
    rows = "".join(
        f"<li>{escape(str(organisation))} — {day.isoformat()}</li>"
        for organisation, day in signatories
    )
    sections = "".join(
        f"<h2>{escape(label)}</h2><p>{escape(text)}</p>"
        for _code, label, text in version.sections()
    )
    html = (
        f"<html><body><h1>{escape(version.protocol.title)}</h1>{sections}"
        f"<h2>Signataires</h2><ul>{rows}</ul></body></html>"
    )
    content = HTML(string=html, url_fetcher=URLFetcher(allowed_protocols={"data"})).write_pdf()
    services.attach_signed_pdf(
        coordinator,
        version,
        upload=SimpleUploadedFile("protocole-signe.pdf", content, "application/pdf"),
    )


def _signed(
    coordinator: User, version: ProtocolVersion, organisation: Organisation, day: datetime.date
) -> int:
    if Signature.objects.filter(protocol_version__protocol=version.protocol_id).filter(
        organisation=organisation
    ):
        return 0
    services.add_signature(
        coordinator,
        version,
        organisation=organisation,
        signed_on=day,
        signed_by_name="Direction",
    )
    return 1


def _withdraw(coordinator: User, organisation: Organisation) -> None:
    signature = Signature.objects.filter(organisation=organisation, ended_on__isnull=True).first()
    if signature is None:
        return
    services.end_signature(
        coordinator,
        signature,
        expected_version=signature.version,
        ended_on=timezone.localdate() - datetime.timedelta(weeks=LAPSED_WEEKS_AGO),
        reason=SignatureEnd.WITHDRAWN,
        note="Lettre de retrait reçue : l’association se recentre sur ses activités "
        "communautaires.",
    )


# --- the steering committee ---------------------------------------------------------------

# (username or "", name, function, organisation acronym, role)
MEMBERS = [
    ("", "Dr Cheikh Diagne", "Directeur", "CHRF", MemberRole.CHAIR),
    ("coordinator", "", "Coordinatrice du mécanisme", "AIM-SN", MemberRole.SECRETARIAT),
    ("manager", "", "Responsable de programme", "AIM-SN", MemberRole.MEMBER),
    ("provider", "", "Point focal", "JSM", MemberRole.MEMBER),
    ("", "Fatou Mbaye", "Coordinatrice juridique", "CJDT", MemberRole.MEMBER),
    ("", "Moussa Sarr", "Chargé de programme", "CKE", MemberRole.OBSERVER),
]


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    coordinator = _coordinator()
    if coordinator is None or not context.organisations:
        return ""
    if Committee.objects.filter(name=COMMITTEE).exists():
        return "1 steering committee"
    today = timezone.localdate()
    with acting_as(coordinator):
        committee = committee_services.create_committee(
            coordinator,
            kind=CommitteeKind.STEERING,
            name=COMMITTEE,
            description="Pilote le mécanisme national de référencement : protocole, procédures, "
            "feuille de route.",
        )
        users = {u.username: u for u in User.objects.filter(username__in=[m[0] for m in MEMBERS])}
        for username, name, function, acronym, role in MEMBERS:
            committee_services.add_member(
                coordinator,
                committee,
                organisation=context.organisations[acronym],
                role=role,
                mandate_start=today - datetime.timedelta(days=400),
                mandate_end=today + datetime.timedelta(days=330),
                user=users.get(username),
                name=name,
                function=function,
            )
        first = _meeting(coordinator, committee, today - datetime.timedelta(weeks=10), 1)
        second = _meeting(coordinator, committee, today - datetime.timedelta(weeks=3), 2)
        _minutes(coordinator, context, first, second, users, today)
    return "1 steering committee, 6 members, 2 meetings"


def _meeting(coordinator: User, committee: Committee, day: datetime.date, number: int) -> Meeting:
    starts = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30)))
    return committee_services.record_meeting(
        coordinator,
        committee,
        title=f"Comité de pilotage — session {number}",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=3),
        address="Bureau de l’AIM, Dakar",
        status=MeetingStatus.HELD,
        objectives="Suivre la mise en œuvre du protocole et de la feuille de route.",
        minutes="Ouverture par le président ; revue des référencements du trimestre ; "
        "points sur les signatures du protocole.",
    )


def _minutes(
    coordinator: User,
    context: DemoContext,
    first: Meeting,
    second: Meeting,
    users: dict[str, User],
    today: datetime.date,
) -> None:
    decision = add_decision(
        coordinator,
        first,
        text="Mettre à jour l’annuaire des services avant la fin du trimestre.",
    )
    done = add_action_item(
        coordinator,
        first,
        what="Envoyer aux membres la liste des services à vérifier",
        responsible_user=coordinator,
        due_on=today - datetime.timedelta(weeks=8),
        decision=decision,
    )
    ActionItem.objects.filter(pk=done.pk).update(
        status="done", done_on=today - datetime.timedelta(weeks=8)
    )
    add_decision(
        coordinator,
        second,
        text="Prendre acte du retrait du Groupement des femmes de Thiaroye du protocole.",
    )
    follow_up = add_decision(
        coordinator,
        second,
        text="Préparer la révision du protocole (version 2) pour consultation des membres.",
    )
    # The overdue action item, on the coordinator's home page.
    add_action_item(
        coordinator,
        second,
        what="Diffuser le projet de version 2 du protocole aux membres",
        responsible_user=coordinator,
        due_on=today - datetime.timedelta(weeks=1),
        decision=follow_up,
    )
    add_action_item(
        coordinator,
        second,
        what="Proposer les mises à jour des services de Jamra",
        responsible_user=users.get("provider"),
        due_on=today + datetime.timedelta(weeks=3),
    )
    # Attendance: the members present are added by account, the others come from the signed
    # sheet, imported as the secretariat would (the meetings app's own template and import).
    for meeting in (first, second):
        for username in ("coordinator", "manager", "provider"):
            user = users.get(username)
            if user is not None:
                attendance.add_participant(
                    coordinator,
                    meeting,
                    user=user,
                    category="un_agency" if username != "provider" else "national_ngo",
                    invited=True,
                    signed=True,
                )
        sheet = sheets.filled("fr", COMMITTEE_SHEET)
        upload = SimpleUploadedFile("presence-copil.xlsx", sheet, content_type=sheets.XLSX)
        reading = sheets.read(upload)
        attendance.import_attendance(coordinator, meeting, rows=reading.rows)
