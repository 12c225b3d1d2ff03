"""The demo's intake points and complaints, told through the services acting as the demo users.

- an intake point (public form and QR poster) for each organisation that runs a programme
  (AIM-SN, AIM-ML, PSF) and one for each of PSF's communities;
- about thirty items of AIM-SN, PSF and AIM-ML, of every category and channel (the public
  form's through the intake points), in every status: some received weeks ago and never
  acknowledged (overdue), some referred (to PSF, to an investigation channel), closed with the
  complainant informed, unreachable, or anonymous;
- **the check scenario**: Kadiatou Sissoko (`outreach`, PSF's outreach volunteer in Kayes)
  records a complaint of sexual exploitation and abuse that implicates PSF's case manager
  (`casemanager.psf`); PSF's PSEA focal point (`psea.psf`) takes it and reads it. The case
  manager, her manager (`manager.psf`) and the protection officer (`protection`) find nothing
  of it anywhere.

The services stamp everything "now"; once an item's story is told, its dates (and its steps')
are moved back to when each happened, so the figures' delays mean something. Skipped when the
demo already has items.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from sutura.accounts.models import Organisation, User
from sutura.audit.context import acting_as
from sutura.community.models import Community
from sutura.feedback import selectors as item_selectors
from sutura.feedback.models import (
    Category,
    FeedbackItem,
    IntakeKind,
    IntakePoint,
    ItemStep,
    StepKind,
)
from sutura.feedback.services import intake, workflow
from sutura.geo.models import Location

# code, organisation, kind, name, place (ISO code) or community
POINTS = [
    ("aimsn", "AIM-SN", IntakeKind.ORGANISATION, "AIM Sénégal — bureau de Dakar", "SN-DK"),
    ("aimml", "AIM-ML", IntakeKind.ORGANISATION, "AIM Mali — bureau de Kayes", "ML-1"),
    ("psf", "PSF", IntakeKind.ORGANISATION, "Protection sans frontières — Mali", "ML-BKO"),
    ("psf-kayes", "PSF", IntakeKind.COMMUNITY, "Kayes N'Di", "community"),
    ("psf-gao", "PSF", IntakeKind.COMMUNITY, "Gao Château", "community"),
    ("psf-mopti", "PSF", IntakeKind.COMMUNITY, "Mopti Bas-Fonds", "community"),
]

# Who handles an organisation's items (normal, sensitive).
HANDLERS = {"PSF": ("protection", "psea.psf"), "AIM-SN": ("manager", "manager.2fa")}


@dataclass(frozen=True)
class Story:
    """One item: who recorded it (or the intake point it came through: "@code"), what about,
    how, how many days ago, and where it stands ("received", "acknowledged", "in_review",
    "responded", "referred:<acronym or channel>", "closed:<closure>")."""

    organisation: str
    by: str
    category: str
    channel: str
    days: int
    fate: str
    text: str
    fields: dict[str, Any] = field(default_factory=dict)
    implicated: str = ""  # a username


PHONE = {"contact_method": "phone", "contact_phone": "+22376000000"}
STORIES = [
    # --- PSF (Mali) ---
    Story(
        "PSF",
        "outreach",
        "sea",
        "volunteer",
        6,
        "in_review",
        "Une femme rapporte qu’un agent lui a demandé une faveur sexuelle en échange de son "
        "inscription à l’aide au retour.",
        {
            "contact_method": "trusted_person",
            "trusted_person": "Sa sœur, par la relais communautaire de Kayes N'Di",
            "sex": "female",
            "age_group": "18_24",
            "place": "ML-1",
        },
        implicated="casemanager.psf",
    ),
    Story(
        "PSF",
        "protection",
        "fraud",
        "hotline",
        20,
        "referred:Cellule d’enquête du réseau PSEA du Mali",
        "Un appelant affirme qu’on lui a demandé de l’argent pour figurer sur la liste des kits.",
        {**PHONE, "sex": "male", "age_group": "25_59", "place": "ML-7"},
    ),
    Story(
        "PSF",
        "@psf-mopti",
        "sea",
        "public_form",
        3,
        "received",
        "Un homme du centre propose de l’aide contre des relations.",
        {"sex": "female", "age_group": "under_18"},
    ),
    Story(
        "PSF",
        "outreach2",
        "information_request",
        "committee",
        40,
        "closed:informed",
        "Le comité demande les dates de la prochaine distribution.",
        {**PHONE, "sex": "male", "age_group": "18_24", "place": "ML-7"},
    ),
    Story(
        "PSF",
        "casemanager.psf",
        "service_quality",
        "in_person",
        30,
        "closed:unreachable",
        "L’attente au centre de santé a duré toute la journée.",
        {**PHONE, "sex": "female", "age_group": "25_59", "place": "ML-1"},
    ),
    Story(
        "PSF",
        "protection",
        "assistance_complaint",
        "suggestion_box",
        25,
        "received",
        "Billet dans la boîte : le kit d’hygiène promis n’est jamais arrivé.",
        {"place": "ML-5"},
    ),
    Story(
        "PSF",
        "outreach",
        "positive_feedback",
        "whatsapp",
        15,
        "closed:no_contact",
        "Merci pour la causerie sur les droits des migrants de retour.",
        {"sex": "female", "age_group": "60_plus", "place": "ML-1"},
    ),
    Story(
        "PSF",
        "protection",
        "safety",
        "sms",
        10,
        "acknowledged",
        "Des jeunes signalent des menaces sur le chemin de l’espace sûr le soir.",
        {**PHONE, "sex": "female", "age_group": "under_18", "place": "ML-5"},
    ),
    Story(
        "PSF",
        "manager.psf",
        "misconduct",
        "in_person",
        12,
        "in_review",
        "Le chauffeur d’un partenaire a insulté des bénéficiaires pendant le transport.",
        {**PHONE, "sex": "male", "age_group": "25_59", "place": "ML-1"},
    ),
    Story(
        "PSF",
        "provider.ml",
        "other",
        "email",
        2,
        "received",
        "Un partenaire demande à qui adresser les plaintes reçues dans son bureau.",
        {"contact_method": "email", "contact_email": "partenaire@example.org"},
    ),
    Story(
        "PSF",
        "@psf-kayes",
        "information_request",
        "public_form",
        8,
        "responded",
        "Comment s’inscrire à la formation en couture ?",
        {**PHONE, "sex": "female", "age_group": "18_24"},
    ),
    Story(
        "PSF",
        "@psf-gao",
        "service_quality",
        "public_form",
        50,
        "closed:informed",
        "Les séances de groupe commencent toujours en retard.",
        {**PHONE, "sex": "male", "age_group": "25_59"},
    ),
    Story(
        "PSF",
        "protection",
        "assistance_complaint",
        "hotline",
        60,
        "closed:informed",
        "Le montant reçu pour le loyer est inférieur à celui annoncé.",
        {**PHONE, "sex": "male", "age_group": "25_59", "place": "ML-5"},
    ),
    Story(
        "PSF",
        "protection",
        "information_request",
        "hotline",
        70,
        "closed:informed",
        "Où trouver un appui pour refaire l’acte de naissance de mon enfant ?",
        {**PHONE, "sex": "female", "age_group": "25_59", "place": "ML-5"},
    ),
    Story(
        "PSF",
        "outreach",
        "information_request",
        "volunteer",
        45,
        "closed:informed",
        "Une famille veut savoir si la clinique juridique est gratuite.",
        {**PHONE, "sex": "female", "age_group": "25_59", "place": "ML-1"},
    ),
    Story(
        "PSF",
        "outreach2",
        "information_request",
        "committee",
        35,
        "closed:informed",
        "Les jeunes demandent les critères de l’appui à l’installation.",
        {**PHONE, "sex": "male", "age_group": "18_24", "place": "ML-7"},
    ),
    Story(
        "PSF",
        "outreach2",
        "service_quality",
        "volunteer",
        18,
        "responded",
        "Les horaires de l’espace sûr ne conviennent pas aux femmes qui travaillent.",
        {**PHONE, "sex": "female", "age_group": "25_59", "place": "ML-7"},
    ),
    # --- AIM-SN (Senegal) ---
    Story(
        "AIM-SN",
        "casemanager",
        "service_quality",
        "hotline",
        22,
        "closed:informed",
        "Personne n’a rappelé après le premier rendez-vous.",
        {**PHONE, "sex": "female", "age_group": "25_59", "place": "SN-DK"},
    ),
    Story(
        "AIM-SN",
        "casemanager",
        "assistance_complaint",
        "in_person",
        28,
        "referred:PSF",
        "Le kit de démarrage fourni par le partenaire au Mali était incomplet.",
        {**PHONE, "sex": "male", "age_group": "25_59", "place": "SN-DK"},
    ),
    Story(
        "AIM-SN",
        "coordinator",
        "information_request",
        "email",
        9,
        "acknowledged",
        "Une association demande comment orienter des personnes vers le mécanisme.",
        {"contact_method": "email", "contact_email": "association@example.org"},
    ),
    Story(
        "AIM-SN",
        "mentor",
        "positive_feedback",
        "volunteer",
        33,
        "closed:informed",
        "Le groupe de parole de Thiès a beaucoup aidé mon frère.",
        {**PHONE, "sex": "male", "age_group": "18_24", "place": "SN-TH"},
    ),
    Story(
        "AIM-SN",
        "focalpoint",
        "sea",
        "in_person",
        14,
        "in_review",
        "Une jeune femme rapporte qu’un chauffeur d’un prestataire lui a fait des avances "
        "contre une place dans le véhicule.",
        {
            "contact_method": "in_person",
            "sex": "female",
            "age_group": "18_24",
            "place": "SN-DK",
        },
    ),
    Story(
        "AIM-SN",
        "casemanager",
        "fraud",
        "whatsapp",
        26,
        "closed:informed",
        "Message : quelqu’un se présente comme agent et vend des places sur la liste.",
        {**PHONE, "sex": "male", "age_group": "25_59", "place": "SN-DK"},
    ),
    Story(
        "AIM-SN",
        "mentor2",
        "misconduct",
        "sms",
        4,
        "received",
        "Un bénévole aurait divulgué la situation d’une personne à ses voisins.",
        {**PHONE, "sex": "female", "age_group": "25_59", "place": "SN-DK"},
    ),
    Story(
        "AIM-SN",
        "manager",
        "safety",
        "hotline",
        2,
        "acknowledged",
        "Des personnes de retour disent être menacées par un passeur à Thiès.",
        {**PHONE, "sex": "male", "age_group": "18_24", "place": "SN-TH"},
    ),
    Story(
        "AIM-SN",
        "focalpoint",
        "other",
        "suggestion_box",
        38,
        "closed:no_contact",
        "Billet anonyme : proposer des séances le samedi.",
        {"place": "SN-DK"},
    ),
    Story(
        "AIM-SN",
        "@aimsn",
        "information_request",
        "public_form",
        1,
        "received",
        "Quels papiers faut-il pour l’appui à la réintégration ?",
        {"sex": "male", "age_group": "18_24"},
    ),
    Story(
        "AIM-SN",
        "@aimsn",
        "service_quality",
        "public_form",
        19,
        "closed:unreachable",
        "Le bureau était fermé aux heures affichées.",
        {**PHONE, "sex": "female", "age_group": "25_59"},
    ),
    Story(
        "AIM-SN",
        "casemanager",
        "assistance_complaint",
        "whatsapp",
        13,
        "responded",
        "Le paiement du loyer a un mois de retard.",
        {**PHONE, "sex": "female", "age_group": "25_59", "place": "SN-TH"},
    ),
    Story(
        "AIM-SN",
        "casemanager",
        "information_request",
        "sms",
        31,
        "closed:informed",
        "Peut-on changer de formation après l’inscription ?",
        {**PHONE, "sex": "male", "age_group": "18_24", "place": "SN-DK"},
    ),
    # --- AIM-ML (Mali): nobody handles feedback there yet, so its items wait ---
    Story(
        "AIM-ML",
        "@aimml",
        "assistance_complaint",
        "public_form",
        17,
        "received",
        "L’argent de la formation n’a pas été versé.",
        {"sex": "male", "age_group": "25_59"},
    ),
    Story(
        "AIM-ML",
        "@aimml",
        "information_request",
        "public_form",
        2,
        "received",
        "Où se trouve le bureau de Kayes ?",
        {},
    ),
]


def seed_points(users: dict[str, User]) -> dict[str, IntakePoint]:
    """Each point by its code (idempotent: kept as it is once made)."""
    places = {p.iso_code: p for p in Location.objects.exclude(iso_code="")}
    found = {}
    for code, acronym, kind, name, place in POINTS:
        organisation = Organisation.objects.filter(acronym=acronym).first()
        if organisation is None:
            continue
        community = None
        location = places.get(place)
        if place == "community":
            community = Community.objects.filter(organisation=organisation, name=name).first()
            if community is None:
                continue
            location = community.location
        point, _new = IntakePoint.objects.get_or_create(
            code=code,
            defaults={
                "organisation": organisation,
                "kind": kind,
                "name": name,
                "location": location,
                "community": community,
                "created_by": users.get("manager.psf" if acronym == "PSF" else "manager"),
            },
        )
        found[code] = point
    return found


def seed_items(users: dict[str, User], points: dict[str, IntakePoint]) -> int:
    if FeedbackItem.objects.exists():
        return 0
    categories = {c.code: c for c in Category.objects.all()}
    places = {str(p.iso_code): p for p in Location.objects.exclude(iso_code="")}
    now = timezone.now()
    told = 0
    for number, story in enumerate(STORIES):
        if story.by.startswith("@") and story.by[1:] not in points:
            continue
        item = _file(story, users, points, categories, places)
        item = _steps(item, story, users)
        _backdate(item, story, now - datetime.timedelta(days=story.days, hours=number % 7))
        told += 1
    _read_by_focal_point(users)
    return told


def _file(
    story: Story,
    users: dict[str, User],
    points: dict[str, IntakePoint],
    categories: dict[str, Category],
    places: dict[str, Location],
) -> FeedbackItem:
    fields = dict(story.fields)
    category = categories[story.category]
    if story.by.startswith("@"):
        return intake.submit_public(
            intake_point=points[story.by[1:]],
            category=category,
            description=story.text,
            **fields,
        )
    place = fields.pop("place", None)
    if place:
        fields["location"] = places[place]
    implicated = []
    if story.implicated:
        implicated = [{"kind": "staff", "user": users[story.implicated]}]
    actor = users[story.by]
    with acting_as(actor):
        return intake.record_item(
            actor=actor,
            category=category,
            channel=story.channel,
            description=story.text,
            implicated=implicated,
            **fields,
        )


def _steps(item: FeedbackItem, story: Story, users: dict[str, User]) -> FeedbackItem:
    """The item's story through the workflow, by its organisation's handler (a PSEA focal
    point for a sensitive item)."""
    fate, _, detail = story.fate.partition(":")
    if fate == "received" or story.organisation not in HANDLERS:
        return item
    normal, focal = HANDLERS[story.organisation]
    handler = users[focal if item.sensitive else normal]
    with acting_as(handler):
        if fate == "in_review":
            return workflow.assign(actor=handler, item=item, handler=handler)
        if fate == "referred":
            organisation = Organisation.objects.filter(acronym=detail).first()
            return workflow.refer(
                actor=handler,
                item=item,
                organisation=organisation,
                channel="" if organisation else detail,
                note="Relève de ce partenaire." if organisation else "Transmis pour enquête.",
            )
        item = workflow.acknowledge(actor=handler, item=item)
        if fate == "acknowledged":
            return item
        item = workflow.respond(
            actor=handler,
            item=item,
            response="Nous avons vérifié et expliqué la suite donnée.",
        )
        if fate == "closed":
            item = workflow.close(actor=handler, item=item, closure=detail)
        return item


# Each step's moment, as a share of the time between receipt and now.
WHEN: dict[str, float] = {
    StepKind.ACKNOWLEDGED: 0.15,
    StepKind.ASSIGNED: 0.15,
    StepKind.REFERRED: 0.4,
    StepKind.RESPONDED: 0.6,
    StepKind.CLOSED: 0.8,
}


def _backdate(item: FeedbackItem, story: Story, received_at: datetime.datetime) -> None:
    elapsed = timezone.now() - received_at
    # Acknowledged within the day for the most part, later for some.
    acknowledged = received_at + min(elapsed * WHEN[StepKind.ACKNOWLEDGED], _ack_delay(story))

    def moment(kind: str) -> datetime.datetime:
        if kind in (StepKind.ACKNOWLEDGED, StepKind.ASSIGNED):
            return acknowledged
        return received_at + elapsed * WHEN[kind]

    acknowledge_due, respond_due = intake.dues(item.category, received_at)
    FeedbackItem.objects.filter(pk=item.pk).update(
        received_at=received_at,
        acknowledge_due=acknowledge_due,
        respond_due=respond_due,
        acknowledged_at=acknowledged if item.acknowledged_at else None,
        responded_at=moment(StepKind.RESPONDED) if item.responded_at else None,
        closed_at=moment(StepKind.CLOSED) if item.closed_at else None,
        created_at=received_at,
    )
    ItemStep.objects.filter(item=item, kind=StepKind.RECEIVED).update(created_at=received_at)
    for kind in WHEN:
        ItemStep.objects.filter(item=item, kind=kind).update(created_at=moment(kind))


def _ack_delay(story: Story) -> datetime.timedelta:
    return datetime.timedelta(hours=(5, 20, 30, 60, 10)[story.days % 5])


def _read_by_focal_point(users: dict[str, User]) -> None:
    """PSF's focal point opens the complaint that implicates the case manager (an audited
    read: she sees who read it, and that nobody else did)."""
    focal = users["psea.psf"]
    item = (
        FeedbackItem.objects.filter(organisation=focal.organisation, category__code="sea")
        .filter(implicated__user=users["casemanager.psf"])
        .first()
    )
    if item is not None:
        with acting_as(focal):
            item_selectors.item_for(focal, item.pk)
