"""The data-protection life cycle: retention anonymises exactly what passed its period and keeps
the counts; the subject-access export holds everything on the person and nothing of another;
an erasure request is recorded, decided and carried out, each step audited; only those who
handle the organisation's requests reach any of it."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal
from io import BytesIO

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.models import (
    Case,
    CaseDocument,
    CaseNote,
    PlannedAssistance,
    VulnerabilityScreening,
)
from sutura.cases.services import plans
from sutura.meetings import services as meetings
from sutura.meetings.models import MeetingKind, Participant
from sutura.notifications.models import Notification
from sutura.people import services as people
from sutura.people.models import HouseholdMember, IdentityDocument, NameWord, Person
from sutura.privacy import services
from sutura.privacy.models import Anonymisation, DataRequest, RequestStatus
from sutura.privacy.selectors import PERSON_RECORDS
from sutura.referrals.models import Referral
from sutura.referrals.tests.helpers import (
    FACTOR,
    NOTE,
    PHONE,
    PSYCHOSOCIAL,
    make_world,
    refer,
)
from tests import files

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2032, 6, 1)
RELATIONSHIP = "Sœur aînée, vit à Kayes"
KIND = "Machine à coudre pour l'atelier d'Aminata"
PERIODS = {"closed_case_days": 5 * 365, "ended_referral_days": 3 * 365, "notification_days": 365}


@pytest.fixture
def world(users_a, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    world = make_world(users_a)
    manager = world.manager
    people.add_identity_document(
        actor=manager, person=world.case.person, type="passport", number="P1234567"
    )
    people.add_household_member(
        actor=manager, person=world.case.person, name="Fatou Sow", relationship=RELATIONSHIP
    )
    plan = plans.plan_for_case(actor=manager, case=world.case)
    plans.add_item(
        actor=manager,
        plan=plan,
        dimension="economic",
        kind=KIND,
        amount=Decimal("50000"),
        currency="XOF",
    )
    # She attended a community dialogue, listed by name with her phone.
    meeting = meetings.create_meeting(
        manager,
        kind=MeetingKind.objects.get(code="community_dialogue"),
        title="Dialogue",
        starts_at=timezone.now(),
    )
    Participant.objects.create(
        meeting=meeting, person=world.case.person, phone=PHONE, function="Aminata Sow, relais"
    )
    return world


def close(case: Case, on: datetime.date) -> None:
    Case.objects.filter(pk=case.pk).update(status="closed", closed_on=on)


# --- retention -------------------------------------------------------------------------------


def test_retention_anonymises_only_people_past_their_period_and_keeps_the_counts(world):
    person = world.case.person
    other = make_world_person(world)
    close(world.case, TODAY - datetime.timedelta(days=5 * 365 + 1))
    close(other, TODAY - datetime.timedelta(days=5 * 365 - 1))  # one day short
    counts_before = _counts(person)

    dry = services.apply_retention(today=TODAY, periods=PERIODS, dry_run=True)
    assert dry["persons"] == 1 and Person.objects.get(pk=person.pk).family_name == "Sow"

    with files.committed():
        services.apply_retention(today=TODAY, periods=PERIODS)
    gone = Person.objects.get(pk=person.pk)
    assert (gone.family_name, gone.given_names, gone.phone) == ("—", "—", "")
    assert gone.birth_date == datetime.date(person.birth_date.year, 1, 1)
    assert (gone.sex, gone.nationality) == (person.sex, person.nationality)
    assert not IdentityDocument.objects.filter(person=person).exists()
    assert HouseholdMember.objects.get(person=person).name == "—"
    assert CaseNote.objects.get(case=world.case).text == ""
    screening = VulnerabilityScreening.objects.get(case=world.case)
    assert screening.categories == ["mhpss"] and screening.individual_factors == ""
    assert not CaseDocument.objects.filter(case=world.case).exists()
    assert not list(files_in(world)), "the document's file is deleted"
    assert _counts(person) == counts_before  # cases, screenings, referrals: still counted
    assert Person.objects.get(pk=other.person_id).family_name != "—"
    assert not Person.objects.filter(name_words__word__icontains="sow", pk=person.pk).exists()
    assert HouseholdMember.objects.get(person=person).relationship == "—"
    assert PlannedAssistance.objects.get(plan__case=world.case).kind == "—"
    assert PlannedAssistance.objects.get(plan__case=world.case).dimension == "economic"


def test_anonymisation_leaves_nothing_of_the_person_behind(world):
    """Every text of every record held on the person (PERSON_RECORDS), and the shared name
    search vocabulary, hold none of what was written about them."""
    person = world.case.person
    make_world_person(world)  # Moussa Diallo: his words stay in the vocabulary
    written = ["Aminata", "Sow", "Fatou", PHONE, "P1234567", RELATIONSHIP, KIND, NOTE]
    written += [FACTOR, PSYCHOSOCIAL, "Certificat", "certificat.pdf"]
    from sutura.people.models import PersonBlockKey

    assert PersonBlockKey.objects.filter(person_id=person.pk, key__startswith="tel:").exists()
    with files.committed():
        services.anonymise_person(person, cause="request")
    left = []
    for model, path in PERSON_RECORDS:
        for row in model._default_manager.filter(**{path: person}).values():
            text = json.dumps(list(row.values()), default=str, ensure_ascii=False).lower()
            left += [(model._meta.label, w) for w in written if w.lower() in text]
    own = json.dumps(Person.objects.filter(pk=person.pk).values()[0], default=str).lower()
    left += [("people.Person", w) for w in written if w.lower() in own]
    assert left == []
    from sutura.people.names import search_key

    vocabulary = set(NameWord.objects.values_list("word", flat=True))
    assert not set(search_key("Sow", "Aminata").split()) & vocabulary
    assert set(search_key("Diallo", "Moussa").split()) <= vocabulary
    # What left the shared vocabulary is not told: it would say whether another organisation
    # carries the name.
    (done,) = Anonymisation.objects.filter(person=person)
    assert "people.NameWord" not in done.outcome["records"]
    logged = AuditEntry.objects.filter(object_id=str(person.pk)).values_list("changes", flat=True)
    assert "NameWord" not in json.dumps(list(logged))
    # The duplicate check's keys (names, birth year, phones) are gone with the names.
    assert not PersonBlockKey.objects.filter(person_id=person.pk).exists()


def test_a_form_opened_before_the_anonymisation_cannot_write_the_names_back(world):
    stale = Person.objects.get(pk=world.case.person_id)
    close(world.case, TODAY - datetime.timedelta(days=6 * 365))
    services.apply_retention(today=TODAY, periods=PERIODS)
    with pytest.raises(ValidationError, match="anonymisées"):
        people.update_person(
            actor=world.manager, person=stale, expected_version=stale.version, phone="+221770000000"
        )


def test_retention_runs_twice_without_changing_anything_more(world):
    close(world.case, TODAY - datetime.timedelta(days=6 * 365))
    services.apply_retention(today=TODAY, periods=PERIODS)
    entries = AuditEntry.objects.count()
    assert services.apply_retention(today=TODAY, periods=PERIODS)["persons"] == 0
    assert Anonymisation.objects.count() == 1
    assert AuditEntry.objects.count() == entries + 1  # only the run's own summary


def test_a_person_with_a_referral_under_way_is_kept(world):
    refer(world)
    close(world.case, TODAY - datetime.timedelta(days=6 * 365))
    assert services.apply_retention(today=TODAY, periods=PERIODS, dry_run=True)["persons"] == 0


def test_old_notifications_are_deleted_and_ended_referrals_lose_their_free_text(world):
    referral = refer(world)
    Referral.objects.filter(pk=referral.pk).update(
        status="declined",
        decline_reason="other",
        ended_at=datetime.datetime(2028, 1, 1, tzinfo=datetime.UTC),
    )
    Notification.objects.create(recipient=world.manager, title="x")
    Notification.objects.update(created_at=datetime.datetime(2030, 1, 1, tzinfo=datetime.UTC))
    call_command("apply_retention", "--dry-run")  # the command runs (today: nothing is due)
    services.apply_retention(today=TODAY, periods=PERIODS)
    assert Referral.objects.get(pk=referral.pk).reason == ""
    assert not Notification.objects.exists()


def test_the_audit_log_names_nobody(world):
    """Entries about people and cases carry ids and numbers, never names or personal values."""
    person = world.case.person
    people.update_person(
        actor=world.manager, person=person, expected_version=person.version, given_names="Mariètou"
    )
    text = json.dumps(list(AuditEntry.objects.values("object_label", "changes", "detail")))
    for personal in ("Sow", "Aminata", "Mariètou", "771234567", "P1234567", "Fatou", NOTE):
        assert personal not in text, text[max(0, text.find(personal) - 200) :][:300]


# --- export ----------------------------------------------------------------------------------


def test_the_export_holds_every_kind_of_record_and_nothing_of_another_person(
    world, client, users_a
):
    refer(world)
    other = make_world_person(world)
    handler = users_a[Role.PROGRAMME_MANAGER]
    client.force_login(handler)
    url = reverse("privacy:export", args=[world.case.person_id, "json"])
    data = json.loads(b"".join([client.get(url).content]))
    assert data["person"]["family_name"] == "Sow"
    held = {label for label, rows in data["records"].items() if rows}
    for label in ("people.IdentityDocument", "people.HouseholdMember", "people.Consent"):
        assert label in held
    for label in ("cases.Case", "cases.CaseNote", "cases.CaseDocument", "referrals.Referral"):
        assert label in held
    text = json.dumps(data)
    assert str(other.pk) not in text and str(other.person_id) not in text
    assert AuditEntry.objects.filter(action=Action.EXPORT, object_id=str(world.case.person_id))
    pdf = client.get(reverse("privacy:export", args=[world.case.person_id, "pdf"]))
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf["Cache-Control"] == "private, no-store"


def test_the_pdf_export_is_written_for_the_person_in_their_language(world, client, users_a):
    """No system internals in the PDF handed to the person: no timestamps, codes, reprs,
    usernames or stored file names; labels in French."""
    refer(world)
    handler = users_a[Role.PROGRAMME_MANAGER]
    Person.objects.filter(pk=world.case.person_id).update(nationality="SN", languages=["fr"])
    client.force_login(handler)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    response = client.get(
        reverse("privacy:export", args=[world.case.person_id, "pdf"]), HTTP_ACCEPT_LANGUAGE="fr"
    )
    text = "\n".join(page.extract_text() for page in PdfReader(BytesIO(response.content)).pages)
    assert "+00:00" not in text and "object (" not in text
    assert "Sénégal" in text and "Nationalité SN" not in text and "Langues fr" not in text
    assert "Marqueurs mhpss" not in text and "Besoins en santé mentale" in text
    french = ("Personne", "Enregistré par", "Transitions des dossiers", "Décisions sur le plan")
    for label in (*french, "Transitions des référencements"):
        assert label in text
    for english in ("Person ", "Recorded by", "Case transitions", "Referral transitions"):
        assert english not in text
    assert handler.username not in text
    document = CaseDocument.objects.filter(case=world.case).first()
    if document is not None:
        assert document.file.name.rsplit("/", 1)[-1] not in text


def test_every_model_that_points_at_a_person_or_a_case_is_exported():
    """A new model holding a person's data must join PERSON_RECORDS (or say it holds none)."""
    from django.apps import apps

    exported = {model for model, _ in PERSON_RECORDS}
    missing = []
    for model in apps.get_models():
        if model in exported or model._meta.app_label in ("audit", "privacy"):
            continue
        for field in model._meta.concrete_fields:
            target = getattr(field, "related_model", None)
            if isinstance(field, models.ForeignKey) and target in (Person, Case):
                missing.append(model._meta.label)
            # A person named by a plain column (derived tables kept by triggers) counts too.
            if field.attname in ("person_id", "case_id") and field.related_model is None:
                missing.append(model._meta.label)
    # Name indexes, derived from the person's own columns and kept with them (rebuilt on save;
    # the duplicate check's keys by trigger, gone with the names at an anonymisation).
    assert sorted(set(missing)) == ["people.PersonBlockKey", "people.PersonNameWord"]


# --- requests --------------------------------------------------------------------------------


def test_an_erasure_request_is_recorded_decided_and_carried_out(world, client, users_a):
    handler = users_a[Role.PROGRAMME_MANAGER]
    person = world.case.person
    client.force_login(handler)
    response = client.post(
        reverse("privacy:request", args=[person.pk]),
        {
            "kind": "erasure",
            "on_behalf_of": "self",
            "grounds": "consent_withdrawn",
            "received_on": "2026-02-01",
        },
    )
    request = DataRequest.objects.get()
    assert response.status_code == 302 and request.status == RequestStatus.PENDING
    detail = reverse("privacy:detail", args=[request.pk])
    # The case is still open: approving is refused with a message, nothing changes.
    response = client.post(detail, {"decision": "approve"})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    close(world.case, datetime.date(2026, 3, 1))
    assert client.post(detail, {"decision": "approve"}).status_code == 302
    with files.committed():
        assert client.post(reverse("privacy:carry_out", args=[request.pk])).status_code == 302
    request.refresh_from_db()
    assert request.status == RequestStatus.CARRIED_OUT and request.carried_out_by == handler
    assert request.outcome["files"] == 1
    assert request.outcome["records"]["people.Person"] == 1
    assert request.outcome["records"]["cases.CaseNote"] >= 1
    assert Person.objects.get(pk=person.pk).family_name == "—"
    # The request page says what was done, by translated record kinds, not model labels.
    page = client.get(detail, HTTP_ACCEPT_LANGUAGE="fr").content.decode()
    assert "cases.CaseNote" not in page and "people.Person" not in page
    assert "Fichiers supprimés : 1" in page
    # who recorded, decided and carried it out: by their names, never their logins
    assert handler.get_full_name() in page and handler.username not in page
    logged = AuditEntry.objects.filter(object_id=str(request.pk)).values_list("action", flat=True)
    assert list(logged).count(Action.UPDATE) >= 2 and Action.CREATE in logged


def test_a_refusal_needs_a_reason(world, users_a):
    handler = users_a[Role.PROGRAMME_MANAGER]
    request = services.record_request(
        actor=handler,
        person=world.case.person,
        kind="anonymisation",
        on_behalf_of="guardian",
        grounds="other",
        received_on=datetime.date(2026, 2, 1),
    )
    with pytest.raises(ValidationError):
        services.decide(actor=handler, request=request, approve=False)
    refused = services.decide(
        actor=handler, request=request, approve=False, refusal_reason="legal_hold"
    )
    assert refused.status == RequestStatus.REFUSED


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ((Role.PROGRAMME_MANAGER, "a"), 200),
        ((Role.SYSTEM_ADMIN, "a"), 403),  # no case contents for the administrator
        ((Role.CASE_MANAGER, "a"), 403),
        ((Role.ME_OFFICER, "a"), 403),
        ((Role.PROGRAMME_MANAGER, "b"), 404),
        ((Role.SYSTEM_ADMIN, "b"), 403),
    ],
)
def test_who_may_export_a_persons_data(world, client, users_a, users_b, who, expected):
    role, side = who
    client.force_login((users_a if side == "a" else users_b)[role])
    url = reverse("privacy:export", args=[world.case.person_id, "json"])
    assert client.get(url).status_code == expected


# --- helpers ---------------------------------------------------------------------------------


def make_world_person(world) -> Case:
    from sutura.referrals.tests.helpers import referable_case

    return referable_case(world.manager, given_names="Moussa", family_name="Diallo")


def files_in(world):
    from pathlib import Path

    from django.conf import settings

    return (p for p in Path(settings.MEDIA_ROOT).rglob("*.pdf") if p.is_file())


def _counts(person: Person) -> tuple[int, ...]:
    return (
        Case.objects.filter(person=person).count(),
        VulnerabilityScreening.objects.filter(case__person=person).count(),
        Referral.objects.filter(case__person=person).count(),
        Person.objects.filter(sex=person.sex, nationality=person.nationality).count(),
    )


def test_erasures_are_applied_again_after_restoring_an_older_backup(world, tmp_path):
    """The list of anonymised people, kept outside the backups, brings an erasure back after
    a restore from a backup taken before it (simulated: the anonymisation is rolled back)."""
    from django.db import transaction

    person = world.case.person
    listed = tmp_path / "anonymised.json"

    class Restored(Exception):
        pass

    with pytest.raises(Restored), transaction.atomic():
        services.anonymise_person(person, cause="request")
        call_command("reapply_erasures", "--export", str(listed))
        raise Restored  # the database goes back to before the erasure
    assert Person.objects.get(pk=person.pk).family_name == "Sow"
    assert json.loads(listed.read_text()) == [{"person": str(person.pk), "cause": "request"}]

    call_command("reapply_erasures", str(listed))
    assert Person.objects.get(pk=person.pk).family_name == "—"
    call_command("reapply_erasures", str(listed))  # a second run changes nothing
    assert Anonymisation.objects.filter(person=person).count() == 1


# --- an anonymised person --------------------------------------------------------------------


def test_nothing_personal_can_be_typed_back_for_an_anonymised_person(world, client):
    from sutura.cases.services import lifecycle

    person = world.case.person
    close(world.case, datetime.date(2026, 3, 1))
    with files.committed():
        services.anonymise_person(person, cause="request")
    person = Person.objects.get(pk=person.pk)
    manager = world.manager
    with pytest.raises(ValidationError, match="anonymisées"):
        people.update_person(
            actor=manager, person=person, expected_version=person.version, family_name="Sow"
        )
    with pytest.raises(ValidationError, match="anonymisées"):
        people.set_photo(actor=manager, person=person, upload=None)
    with pytest.raises(ValidationError, match="anonymisées"):
        lifecycle.open_case(actor=manager, person=person, case_type="return_reintegration")
    assert Person.objects.get(pk=person.pk).family_name == "—"
    client.force_login(manager)
    page = client.get(reverse("people:detail", args=[person.pk]), HTTP_ACCEPT_LANGUAGE="fr")
    text = page.content.decode()
    assert "Les données de cette personne ont été anonymisées le" in text
    for action in ("people:edit", "people:photo", "cases:open"):
        assert reverse(action, args=[person.pk]) not in text
    response = client.post(
        reverse("people:edit", args=[person.pk]),
        {"family_name": "Sow", "given_names": "Aminata", "version": person.version},
        HTTP_ACCEPT_LANGUAGE="fr",
    )
    assert Person.objects.get(pk=person.pk).family_name == "—"
    assert response.status_code == 200
