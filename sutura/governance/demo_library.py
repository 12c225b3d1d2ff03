"""The library, the roadmap and the assessments in the demo, written through the services as
the coordinator (and the consulted organisations' staff) would:

- the referral SOPs: v1 validated a year ago at a steering committee, v2 consulted on (JSM and
  PSF commented; some comments integrated, one not, one waiting), then validated at today's
  validation workshop, which makes v1 superseded; an information leaflet under consultation;
- the roadmap 2026–2027: v1 validated (frozen) at the steering committee, v2 the current draft
  (an action delayed, a progress note);
- JSM's capacity assessed twice (the second shows what changed), the national status once;
- two entries of the technical-assistance log.

Idempotent: each part is written only when its first record is missing.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from sutura.access import visible
from sutura.access.accounts import members
from sutura.accounts.models import Organisation, User
from sutura.audit.context import acting_as
from sutura.core.registry import DemoContext
from sutura.governance.demo import COMMITTEE
from sutura.governance.models import Committee
from sutura.governance.models.assessments import Answer, Assessment, TechnicalAssistance
from sutura.governance.models.library import LibraryDocument
from sutura.governance.models.roadmap import Roadmap
from sutura.governance.services import assessments, library, roadmap
from sutura.governance.services.committees import set_terms_of_reference
from sutura.meetings.models import Meeting, MeetingKind
from sutura.meetings.services import create_meeting

SOP_TITLE = "Procédures opérationnelles standard du mécanisme national de référencement"
ROADMAP_TITLE = "Feuille de route du mécanisme national de référencement 2026–2027"


def _pdf(title: str) -> bytes:
    """A one-page PDF naming the document (enough to download and open)."""
    from io import BytesIO

    from pypdf import PdfWriter
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    writer = PdfWriter()
    page = writer.add_blank_page(width=595, height=842)
    font = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Font"),
            NameObject("/Subtype"): NameObject("/Type1"),
            NameObject("/BaseFont"): NameObject("/Helvetica"),
        }
    )
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): writer._add_object(font)})}
    )
    text = title.encode("latin-1", "replace").replace(b"(", b"[").replace(b")", b"]")
    stream = DecodedStreamObject()
    stream.set_data(b"BT /F1 14 Tf 50 780 Td (" + text + b") Tj ET")
    page[NameObject("/Contents")] = writer._add_object(stream)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def _upload(name: str, title: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, _pdf(title), "application/pdf")


def _meeting(coordinator: User, code: str, title: str, when: datetime.datetime) -> Meeting:
    found = visible(coordinator, Meeting).filter(title=title).first()
    if found is not None:
        return found
    return create_meeting(
        coordinator,
        kind=MeetingKind.objects.get(code=code),
        title=title,
        starts_at=when,
        status="held",
        address="Dakar, salle de conférence de l’AIM",
    )


def _seed_terms_of_reference(coordinator: User, meeting: Any) -> None:
    """The steering committee's terms of reference: a library document validated at the
    committee's annual session, linked to the committee (governance's demo step made it)."""
    terms = library.create_document(
        coordinator,
        kind="tor",
        title_fr="Termes de référence du comité de pilotage du MNR",
        title_en="Terms of reference of the NRM steering committee",
        description="Mandat, composition, présidence, secrétariat, fréquence des réunions.",
    )
    version = library.add_version(
        coordinator,
        terms,
        upload=_upload("tdr-copil-v1.pdf", "TDR du comité de pilotage v1"),
        changes="Première version.",
    )
    library.validate_version(coordinator, version, meeting=meeting)
    committee = visible(coordinator, Committee).filter(name=COMMITTEE).first()
    if committee is not None:
        set_terms_of_reference(coordinator, committee, document=terms)


def _seed_library(coordinator: User, people: dict[str, User], today: datetime.date) -> None:
    if LibraryDocument.objects.filter(title_fr=SOP_TITLE).exists():
        return
    now = timezone.now()
    committee = _meeting(
        coordinator,
        "steering_committee",
        "Comité de pilotage du MNR — session annuelle",
        now - datetime.timedelta(days=365),
    )
    workshop = _meeting(
        coordinator,
        "validation_workshop",
        "Atelier de validation des POS du MNR",
        now.replace(hour=9, minute=0, second=0, microsecond=0),
    )
    sop = library.create_document(
        coordinator,
        kind="sop",
        title_fr=SOP_TITLE,
        title_en="Standard operating procedures of the national referral mechanism",
        description="Qui fait quoi, dans quels délais, du repérage au suivi du référencement.",
    )
    first = library.add_version(
        coordinator,
        sop,
        upload=_upload("pos-mnr-v1.pdf", "POS du MNR v1"),
        changes="Première version.",
    )
    library.validate_version(coordinator, first, meeting=committee)
    second = library.add_version(
        coordinator,
        sop,
        upload=_upload("pos-mnr-v2.pdf", "POS du MNR v2"),
        changes="Délais de réponse révisés, section sur le consentement, annexe des formulaires.",
    )
    consultation = library.open_consultation(
        coordinator,
        second,
        opens_on=today - datetime.timedelta(days=21),
        closes_on=today,
        organisations=[people["provider"].organisation, people["protection"].organisation],
    )
    comments = [
        library.add_comment(
            people["provider"],
            consultation,
            reference="Section 3.2",
            text="Le délai de 24 heures pour les cas urgents est irréaliste le week-end.",
        ),
        library.add_comment(
            people["provider"],
            consultation,
            reference="Page 7",
            text="Ajouter le formulaire de consentement en langue locale.",
        ),
        library.add_comment(
            people["protection"],
            consultation,
            reference="Section 5",
            text="Préciser qui informe la personne quand un référencement est refusé.",
        ),
        library.add_comment(
            people["protection"],
            consultation,
            reference="Annexe 2",
            text="La liste des points focaux est à mettre à jour chaque trimestre.",
        ),
    ]
    answers = [
        ("integrated", "Délai porté à 24 heures ouvrées, avec une astreinte."),
        ("integrated", "Formulaire traduit en wolof et en bambara (annexe 4)."),
        ("not_integrated", "Déjà couvert par la section 4.1 : le service référent informe."),
    ]
    for comment, (integration, reply) in zip(comments, answers, strict=False):
        library.answer_comment(
            coordinator, comment, expected_version=1, integration=integration, reply=reply
        )
    library.validate_version(coordinator, second, meeting=workshop, validated_on=today)
    library.present_document(coordinator, workshop, version=second)
    _seed_terms_of_reference(coordinator, committee)
    leaflet = library.create_document(
        coordinator,
        kind="leaflet",
        title_fr="Dépliant d’information pour les personnes de retour",
        title_en="Information leaflet for returnees",
    )
    draft = library.add_version(
        coordinator, leaflet, upload=_upload("depliant-v1.pdf", "Depliant v1"), changes="Projet."
    )
    leaflet_consultation = library.open_consultation(
        coordinator,
        draft,
        opens_on=today - datetime.timedelta(days=3),
        closes_on=today + datetime.timedelta(days=25),
        organisations=[people["provider"].organisation],
    )
    library.add_comment(
        people["provider"],
        leaflet_consultation,
        reference="Verso",
        text="Ajouter le numéro vert gratuit.",
    )


def _seed_roadmap(coordinator: User, organisations: dict[str, Organisation]) -> None:
    if Roadmap.objects.filter(title=ROADMAP_TITLE).exists():
        return
    committee = visible(coordinator, Meeting).get(
        title="Comité de pilotage du MNR — session annuelle"
    )
    plan = roadmap.create_roadmap(
        coordinator,
        title=ROADMAP_TITLE,
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2027, 12, 31),
    )
    first = plan.versions.get()
    d = datetime.date
    priorities = [
        (
            "Institutionnaliser le mécanisme",
            [
                ("Adopter l’arrêté créant le MNR", "MINASF", d(2026, 1, 15), d(2026, 9, 30)),
                ("Inscrire une ligne budgétaire nationale", "DNPS", d(2026, 6, 1), d(2027, 6, 30)),
            ],
        ),
        (
            "Renforcer les capacités des partenaires",
            [
                ("Former 120 agents aux POS", "AIM-SN", d(2026, 2, 1), d(2026, 12, 15)),
                (
                    "Accompagner les ONG nationales en protection des données",
                    "PSF",
                    d(2026, 4, 1),
                    d(2027, 3, 31),
                ),
            ],
        ),
        (
            "Suivre et évaluer",
            [
                (
                    "Évaluer l’état du mécanisme chaque année",
                    "AIM-SN",
                    d(2026, 10, 1),
                    d(2027, 11, 30),
                ),
            ],
        ),
    ]
    for title, actions in priorities:
        priority = roadmap.add_priority(coordinator, first, title=title)
        for action_title, acronym, starts, ends in actions:
            roadmap.add_action(
                coordinator,
                priority,
                title=action_title,
                starts_on=starts,
                ends_on=ends,
                responsible=organisations.get(acronym),
            )
    roadmap.validate_roadmap_version(coordinator, first, meeting=committee)
    draft = roadmap.start_next_version(coordinator, plan)
    for priority in draft.priorities.order_by("order"):
        for action in priority.actions.order_by("order"):
            if action.title.startswith("Adopter"):
                roadmap.update_action(
                    coordinator, action, expected_version=action.version, status="delayed"
                )
                roadmap.add_progress_note(
                    coordinator,
                    action,
                    text="Projet d’arrêté transmis au Secrétariat général ; signature attendue.",
                )
            elif action.title.startswith("Former"):
                roadmap.update_action(
                    coordinator, action, expected_version=action.version, status="in_progress"
                )
                roadmap.add_progress_note(
                    coordinator, action, text="45 agents formés à Dakar et Thiès."
                )


def _scores(coordinator: User, assessment: Assessment, scores: dict[str, tuple[int, str]]) -> None:
    answers = {
        str(answer.item_id): {
            "score": scores[answer.item.key][0],
            "gaps": scores[answer.item.key][1],
            "opportunities": "",
        }
        for answer in Answer.objects.filter(assessment=assessment).select_related("item")
        if answer.item.key in scores
    }
    assessments.record_answers(coordinator, assessment, answers=answers)


def _seed_assessments(
    coordinator: User, people: dict[str, User], organisations: dict[str, Organisation]
) -> None:
    jsm = people["provider"].organisation
    if Assessment.objects.filter(kind="capacity", organisation=jsm).exists():
        return
    today = timezone.localdate()
    before = assessments.start_assessment(
        coordinator,
        kind="capacity",
        organisation=jsm,
        assessed_on=today - datetime.timedelta(days=300),
        assessors=[coordinator],
        summary="Première évaluation des besoins en capacités.",
    )
    _scores(
        coordinator,
        before,
        {
            "cm_standards": (1, "Pas de formation aux normes de gestion de cas."),
            "cm_staffing": (2, ""),
            "ref_procedures": (1, "Les POS ne sont pas connues."),
            "ref_feedback": (1, "Retours rarement donnés."),
            "dp_practice": (2, ""),
            "dp_training": (0, "Aucune formation."),
            "mhpss_capacity": (3, ""),
            "psea_policy": (1, ""),
            "reporting": (1, ""),
        },
    )
    after = assessments.start_assessment(
        coordinator,
        kind="capacity",
        organisation=jsm,
        assessed_on=today - datetime.timedelta(days=10),
        assessors=[coordinator],
        other_assessors="Oumar Maïga (PSF)",
        summary="Après la formation aux POS et l’accompagnement en protection des données.",
    )
    _scores(
        coordinator,
        after,
        {
            "cm_standards": (2, ""),
            "cm_staffing": (1, "Deux départs non remplacés."),
            "ref_procedures": (3, ""),
            "ref_feedback": (2, ""),
            "dp_practice": (2, ""),
            "dp_training": (2, ""),
            "mhpss_capacity": (3, ""),
            "psea_policy": (2, ""),
            "reporting": (2, ""),
        },
    )
    status = assessments.start_assessment(
        coordinator,
        kind="nrm_status",
        assessed_on=today - datetime.timedelta(days=30),
        assessors=[coordinator],
        summary="État des lieux annuel du mécanisme.",
    )
    _scores(
        coordinator,
        status,
        {
            "scope_defined": (2, ""),
            "scope_geography": (1, "Régions de Kolda et Tambacounda non couvertes."),
            "services_mapped": (3, ""),
            "inst_mandate": (1, "Arrêté en attente de signature."),
            "inst_budget": (0, "Aucun budget national."),
            "coord_committee": (3, ""),
            "coord_sops": (3, ""),
            "dp_protocol": (2, ""),
            "gaps_identified": (2, ""),
        },
    )
    if not TechnicalAssistance.objects.filter(organisation=jsm).exists():
        assessments.record_assistance(
            coordinator,
            provided_by_user=coordinator,
            provided_by=coordinator.organisation,
            organisation=jsm,
            subject="Application des POS du référencement",
            kind="training",
            given_on=today - datetime.timedelta(days=120),
            follow_up_on=today + datetime.timedelta(days=20),
            follow_up_note="Vérifier les délais de réponse aux référencements.",
        )
        assessments.record_assistance(
            coordinator,
            provided_by=organisations.get("PSF") or people["protection"].organisation,
            organisation=jsm,
            subject="Protection des données : registre et consentement",
            kind="coaching",
            given_on=today - datetime.timedelta(days=60),
        )


def seed_step(context: DemoContext) -> str:
    """This part's share of `seed_demo` (registered by the governance app)."""
    names = ("coordinator", "provider", "protection")
    people = {user.username: user for user in members(None).filter(username__in=names)}
    if len(people) < len(names):
        return ""
    coordinator = people["coordinator"]
    organisations = context.organisations or {
        o.acronym: o for o in Organisation.objects.exclude(acronym="")
    }
    today = timezone.localdate()
    with transaction.atomic(), acting_as(coordinator):
        _seed_library(coordinator, people, today)
        _seed_roadmap(coordinator, organisations)
        _seed_assessments(coordinator, people, organisations)
    return "library (3 documents), roadmap (frozen v1, draft v2), 3 assessments"
