"""A world with real records of two organisations, for the tests that check every rule of the
access layer against every user: the URL × role matrix and the standing tests.

Organisation A restricts its case managers to the cases assigned to them; organisation B lets
them see all its cases. Each holds a user in every role (and a second case manager), a person
with everything a file can hold, a case in every kind of record, and services in the
directory. Referrals cross between them: A → B (accepted, sharing identity, contact and
documents), B → A (sent), an internal referral in A, a draft of A, and an onward referral
from B's agent to A. Everything is written through the services, as users would.
"""

from __future__ import annotations

import datetime
import importlib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile

from sutura.accounts.models import Organisation, User
from sutura.accounts.roles import Role
from sutura.cases.models import (
    AssistanceDelivery,
    Case,
    CaseDocument,
    CaseNote,
    FollowUp,
    NeedsAssessment,
    PlannedAssistance,
    ReintegrationPlan,
    VulnerabilityScreening,
)
from sutura.cases.services import lifecycle, plans, records, screening
from sutura.directory.models import Pathway, PathwayStep, Service, ServiceChange
from sutura.directory.services.proposals import propose_new_service
from sutura.mentoring.services import assignments, volunteers
from sutura.notifications.models import Notification
from sutura.people import services as people
from sutura.people.consent import record_consent
from sutura.people.models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    ConsentStatus,
    HouseholdMember,
    IdentityDocument,
    Person,
)
from sutura.referrals.models import Referral
from sutura.referrals.services import referring, workflow
from tests import files
from tests.factories import OrganisationFactory, ServiceFactory, UserFactory, seed_test_locations
from tests.membership import sign

PDF = files.pdf()
PNG = files.png()
MEMBER_SINCE = datetime.date(2024, 1, 1)


@dataclass
class Side:
    """One organisation and what it holds."""

    organisation: Organisation
    users: dict[Role, User]
    colleague: User  # a second case manager, assigned the second case
    person: Person
    case: Case  # assigned to the case manager, mentored by the mentor
    other_case: Case  # assigned to the colleague
    screening: VulnerabilityScreening
    assessment: NeedsAssessment
    plan: ReintegrationPlan
    item: PlannedAssistance
    delivery: AssistanceDelivery
    follow_up: FollowUp
    note: CaseNote
    restricted_note: CaseNote
    document: CaseDocument
    restricted_document: CaseDocument
    consent: Consent
    identity_document: IdentityDocument
    household_member: HouseholdMember
    service: Service
    notification: Notification


@dataclass
class World:
    a: Side
    b: Side
    referral_ab: Referral  # A's case referred to B's service, accepted by B
    referral_ba: Referral  # B's case referred to A's service, sent
    internal_a: Referral  # A's case manager refers to A's focal point
    draft_a: Referral  # A's draft to B
    onward_ba: Referral  # B's agent refers A's person onward to A's service
    declined_ab: Referral  # A's case referred to B, declined: B's access has ended
    completed_ab: Referral  # … completed
    closed_ab: Referral  # … closed for a no-show
    outside_a: Referral  # A's case referred to C, outside the NRM, under a named consent
    by_mentor_a: Referral  # A's mentor refers their returnee to A's focal point
    pathway: Pathway
    step: PathwayStep
    proposal: ServiceChange  # a directory change proposed by A's case manager
    outside_agent: User  # C's provider agent (C has not signed the NRM protocol)
    lone_person: Person  # registered by A's case manager, no case yet
    homeless: User  # an account with a role and no organisation
    # What later apps add (meetings, governance, placements…): `tests/world_parts/<app>.py`
    # each holds `build(world)`, called once the rest is built; its result is kept here under
    # the module's name (`world.parts["meetings"]`).
    parts: dict[str, Any] = field(default_factory=dict)

    @property
    def sides(self) -> tuple[Side, Side]:
        return self.a, self.b

    def users(self) -> list[User]:
        """Every role of both sides, their second case managers, C's agent and the account
        without an organisation."""
        staff = [user for side in self.sides for user in (*side.users.values(), side.colleague)]
        return [*staff, self.outside_agent, self.homeless]


def _users(organisation: Organisation, prefix: str) -> dict[Role, User]:
    return {
        role: UserFactory.create(
            organisation=organisation, roles=[role], username=f"{prefix}-{role}"
        )
        for role in Role
    }


def _consent(actor: User, person: Person, purpose: str, **extra: Any) -> Consent:
    return record_consent(
        actor=actor,
        person=person,
        purpose=purpose,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
        decided_on=datetime.date(2026, 1, 5),
        **extra,
    )


def _upload(actor: User, case: Case, name: str, confidentiality: str) -> CaseDocument:
    with files.committed():  # the file is written when the row commits
        return records.upload_document(
            actor=actor,
            case=case,
            upload=SimpleUploadedFile(name, PDF, "application/pdf"),
            description=name,
            confidentiality=confidentiality,
        )


def _side(prefix: str, country: Any, *, all_cases: bool, family_name: str) -> Side:
    organisation = OrganisationFactory.create(
        name=f"Organisation {prefix.upper()}",
        acronym=f"ORG-{prefix.upper()}",
        country=country,
        case_managers_see_all_cases=all_cases,
    )
    sign(organisation, MEMBER_SINCE)  # an NRM member (governance keeps the signatures)
    users = _users(organisation, prefix)
    manager = users[Role.CASE_MANAGER]
    colleague = UserFactory.create(
        organisation=organisation, roles=[Role.CASE_MANAGER], username=f"{prefix}-colleague"
    )
    person = people.register_person(
        actor=manager,
        given_names="Aminata",
        family_name=family_name,
        sex="female",
        birth_date=datetime.date(1996, 3, 14),
        nationality=country.iso_code,
        phone="+221771234567",
    )
    consent = _consent(manager, person, ConsentPurpose.REGISTRATION)
    for purpose in (ConsentPurpose.REFERRAL, ConsentPurpose.PHOTO):
        _consent(manager, person, purpose)
    with files.committed():
        people.set_photo(
            actor=manager, person=person, upload=SimpleUploadedFile("p.png", PNG, "image/png")
        )
    identity = people.add_identity_document(
        actor=manager, person=person, type="passport", number=f"P{prefix.upper()}12345"
    )
    household = people.add_household_member(
        actor=manager, person=person, name="Fatou", relationship="sister"
    )
    case = lifecycle.open_case(
        actor=manager,
        person=person,
        case_type="return_reintegration",
        opened_on=datetime.date(2026, 1, 10),
    )
    volunteers.create_volunteer(
        actor=users[Role.MHPSS_FOCAL_POINT],
        user=users[Role.COMMUNITY_MENTOR],
        focal_point=users[Role.MHPSS_FOCAL_POINT],
        languages=["fr", "wo"],
        starts_on=datetime.date(2025, 10, 1),
    )
    assignments.assign_mentor(
        actor=manager,
        case=case,
        mentor=users[Role.COMMUNITY_MENTOR],
        purpose="psychosocial",
        starts_on=datetime.date(2026, 1, 10),
        ends_on=datetime.date(2099, 12, 31),
    )
    case.refresh_from_db()
    other_person = people.register_person(
        actor=colleague, given_names="Ousmane", family_name=family_name, sex="male"
    )
    _consent(colleague, other_person, ConsentPurpose.REGISTRATION)
    other_case = lifecycle.open_case(
        actor=colleague,
        person=other_person,
        case_type="return_reintegration",
        opened_on=datetime.date(2026, 1, 11),
    )
    found = screening.record_screening(
        actor=manager, case=case, categories=[], screened_on=datetime.date(2026, 1, 12)
    )
    assessment = screening.record_assessment(
        actor=manager,
        case=case,
        assessed_on=datetime.date(2026, 1, 13),
        economic="Pas de revenu",
        social="",
        psychosocial="Stress",
    )
    plan = plans.plan_for_case(actor=manager, case=case)
    item = plans.add_item(
        actor=manager,
        plan=plan,
        dimension="economic",
        kind="Kit de couture",
        amount=Decimal("150000"),
        currency="XOF",
        planned_on=datetime.date(2026, 1, 20),
    )
    plan.refresh_from_db()
    plan = plans.submit_plan(actor=manager, plan=plan, expected_version=plan.version)
    delivery = plans.record_delivery(
        actor=manager, item=item, delivered_on=datetime.date(2026, 1, 25), amount=Decimal("50000")
    )
    follow_up = records.record_follow_up(
        actor=manager,
        case=case,
        happened_on=datetime.date(2026, 1, 26),
        type="home_visit",
        next_due_on=datetime.date(2026, 2, 26),
    )
    note = records.add_note(actor=manager, case=case, text="Note", confidentiality="normal")
    restricted = records.add_note(
        actor=manager, case=case, text="Confidentiel", confidentiality="restricted"
    )
    service = ServiceFactory.create(provider=organisation, name_fr=f"Service {prefix}")
    return Side(
        organisation=organisation,
        users=users,
        colleague=colleague,
        person=person,
        case=case,
        other_case=other_case,
        screening=found,
        assessment=assessment,
        plan=plan,
        item=item,
        delivery=delivery,
        follow_up=follow_up,
        note=note,
        restricted_note=restricted,
        document=_upload(manager, case, "certificat.pdf", "normal"),
        restricted_document=_upload(manager, case, "medical.pdf", "restricted"),
        consent=consent,
        identity_document=identity,
        household_member=household,
        service=service,
        notification=Notification.objects.create(
            recipient=manager, title="Bienvenue", body="", link=""
        ),
    )


def build_world() -> World:
    """Two organisations with everything on file, and referrals between them (a few seconds)."""
    places = seed_test_locations()
    a = _side("a", places["SN"], all_cases=False, family_name="Ndiaye")
    b = _side("b", places["ML"], all_cases=True, family_name="Keïta")
    a_manager, b_manager = a.users[Role.CASE_MANAGER], b.users[Role.CASE_MANAGER]
    b_agent = b.users[Role.PROVIDER_AGENT]
    shared = ["identity", "contact", "documents"]
    referral_ab = referring.create_referral(
        actor=a_manager,
        case=a.case,
        service=b.service,
        category=b.service.category,
        reason="Accompagnement",
        shared_sections=shared,
        send=True,
    )
    referral_ab = workflow.accept(actor=b_agent, referral=referral_ab)
    onward = referring.refer_onward(
        actor=b_agent,
        parent=referral_ab,
        service=a.service,
        category=a.service.category,
        reason="Orientation vers A",
        shared_sections=["identity"],
    )
    referral_ba = referring.create_referral(
        actor=b_manager,
        case=b.case,
        service=a.service,
        category=a.service.category,
        reason="Formation",
        shared_sections=["identity"],
        send=True,
    )
    internal = referring.create_referral(
        actor=a_manager,
        case=a.case,
        to_user=a.users[Role.MHPSS_FOCAL_POINT],
        category="mhpss",
        reason="Écoute",
        shared_sections=["identity", "health"],
        send=True,
    )
    draft = referring.create_referral(
        actor=a_manager,
        case=a.case,
        service=b.service,
        category=b.service.category,
        reason="Brouillon",
    )
    pathway = Pathway.objects.create(need="mhpss", title_fr="Parcours", title_en="Pathway")
    step = PathwayStep.objects.create(
        pathway=pathway, order=1, category="mhpss", title_fr="Écoute", title_en="Listening"
    )
    step.services.add(a.service, b.service)
    proposal = propose_new_service(
        actor=a_manager,
        data={"name_fr": "Nouveau service", "provider": b.organisation.pk, "category": "mhpss"},
    )
    ended = _ended_referrals(a, b)
    outside, outside_agent = _outside_referral(a)
    by_mentor = referring.create_referral(
        actor=a.users[Role.COMMUNITY_MENTOR],
        case=a.case,
        to_user=a.users[Role.MHPSS_FOCAL_POINT],
        category="mhpss",
        reason="Détresse signalée par le mentor",
        shared_sections=["identity", "contact"],
        send=True,
    )
    lone = people.register_person(
        actor=a_manager, given_names="Mariama", family_name="Ba", sex="female"
    )
    homeless = UserFactory.create(organisation=None, roles=[Role.CASE_MANAGER], username="nobody")
    world = World(
        a=a,
        b=b,
        referral_ab=referral_ab,
        referral_ba=referral_ba,
        internal_a=internal,
        draft_a=draft,
        onward_ba=onward,
        declined_ab=ended["declined"],
        completed_ab=ended["completed"],
        closed_ab=ended["closed"],
        outside_a=outside,
        by_mentor_a=by_mentor,
        pathway=pathway,
        step=step,
        proposal=proposal,
        outside_agent=outside_agent,
        lone_person=lone,
        homeless=homeless,
    )
    for name in world_part_names():
        world.parts[name] = importlib.import_module(f"tests.world_parts.{name}").build(world)
    return world


def world_part_names() -> list[str]:
    """The modules of `tests/world_parts/`, in name order (a part may read an earlier one)."""
    folder = Path(__file__).resolve().parent / "world_parts"
    return sorted(path.stem for path in folder.glob("*.py") if not path.stem.startswith("_"))


def _ended_referrals(a: Side, b: Side) -> dict[str, Referral]:
    """A's case referred to B three more times: declined, completed, closed (no-show)."""
    manager, agent = a.users[Role.CASE_MANAGER], b.users[Role.PROVIDER_AGENT]

    def sent() -> Referral:
        return referring.create_referral(
            actor=manager,
            case=a.case,
            service=b.service,
            category=b.service.category,
            reason="Suivi",
            shared_sections=["identity", "contact", "documents"],
            send=True,
        )

    declined = workflow.decline(actor=agent, referral=sent(), reason="no_capacity")
    completed = workflow.accept(actor=agent, referral=sent())
    completed = workflow.complete(
        actor=agent, referral=completed, outcome="provided", feedback="Reçue"
    )
    closed = workflow.accept(actor=agent, referral=sent())
    closed = workflow.close(actor=agent, referral=closed, reason="no_show")
    return {"declined": declined, "completed": completed, "closed": closed}


def _outside_referral(a: Side) -> tuple[Referral, User]:
    """A's case referred to C, which has not signed the NRM protocol: it receives the person's
    identity only under their consent to C by name."""
    outside = OrganisationFactory.create(name="Organisation C", acronym="ORG-C")
    agent = UserFactory.create(
        organisation=outside, roles=[Role.PROVIDER_AGENT], username="c-provider_agent"
    )
    manager = a.users[Role.CASE_MANAGER]
    _consent(manager, a.person, ConsentPurpose.SHARING, shared_with=outside)
    service = ServiceFactory.create(provider=outside, name_fr="Service c")
    referral = referring.create_referral(
        actor=manager,
        case=a.case,
        service=service,
        category=service.category,
        reason="Accueil",
        shared_sections=["identity"],
        send=True,
    )
    return referral, agent
