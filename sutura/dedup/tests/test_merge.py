"""Merging two files of one person moves every record of every app, and an undo moves back
exactly those."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from sutura.accounts.roles import Role
from sutura.audit.models import AuditEntry
from sutura.cases.models import Case, CaseNote
from sutura.dedup.models import Merge, PairDecision, Proposal, ProposalStatus
from sutura.dedup.services.merges import (
    KEPT,
    MERGED,
    differing,
    merge_persons,
    person_relations,
    undo_merge,
)
from sutura.people import services as people
from sutura.people.models import Consent, HouseholdMember, IdentityDocument, Person
from sutura.referrals.models import Referral
from tests.factories import PersonFactory
from tests.worlds import World

pytestmark = pytest.mark.django_db


def _reviewer(world: World) -> Any:
    return world.a.users[Role.PROGRAMME_MANAGER]


def _twin(world: World, **extra: Any) -> Person:
    """A second file of A's person, registered at the border by another spelling."""
    return people.register_person(
        actor=world.a.users[Role.PROGRAMME_MANAGER],
        given_names="Aminata",
        family_name="Ndiay",
        sex="female",
        phone="+221770000001",
        **extra,
    )


def _records_of(person: Person) -> dict[str, set[Any]]:
    return {
        "cases": set(Case.objects.filter(person=person).values_list("pk", flat=True)),
        "consents": set(Consent.objects.filter(person=person).values_list("pk", flat=True)),
        "documents": set(
            IdentityDocument.objects.filter(person=person).values_list("pk", flat=True)
        ),
        "household": set(
            HouseholdMember.objects.filter(person=person).values_list("pk", flat=True)
        ),
    }


def _proposal(world: World, one: Person, other: Person) -> Proposal:
    from sutura.dedup.models import DedupRun

    run = DedupRun.objects.create(organisation=world.a.organisation, started_by=_reviewer(world))
    first, second = sorted((one, other), key=lambda p: p.pk)
    return Proposal.objects.create(
        organisation=world.a.organisation,
        run=run,
        first=first,
        second=second,
        probability=0.97,
        reasons=["same_phone", "name_variant"],
    )


def test_every_relation_to_a_person_is_moved_by_a_merge_except_its_own_bookkeeping() -> None:
    names = {f"{f.model._meta.label}.{f.name}" for f in person_relations()}
    assert {
        "cases.Case.person",
        "people.Consent.person",
        "people.IdentityDocument.person",
        "people.HouseholdMember.person",
        "meetings.Participant.person",
    } <= names
    assert not {n for n in names if n.startswith(("dedup.", "people.Person."))}
    assert "people.PersonNameWord.person" not in names


def test_a_merge_moves_the_records_of_every_app_and_an_undo_moves_them_back(world: World) -> None:
    person = world.a.person
    kept = _twin(world)
    before = _records_of(person)
    notes = set(CaseNote.objects.filter(case=world.a.case).values_list("pk", flat=True))
    referrals = set(Referral.objects.filter(case=world.a.case).values_list("pk", flat=True))
    assert before["cases"] and before["consents"] and before["documents"] and before["household"]
    assert notes and referrals
    proposal = _proposal(world, person, kept)

    merge = merge_persons(
        actor=_reviewer(world), kept=kept, merged=person, reason="Même téléphone", proposal=proposal
    )

    assert _records_of(kept) == before
    assert _records_of(person) == {k: set() for k in before}
    # The case keeps its notes and referrals: they hang on the case, which moved.
    assert set(CaseNote.objects.filter(case=world.a.case).values_list("pk", flat=True)) == notes
    assert Case.objects.get(pk=world.a.case.pk).person_id == kept.pk
    person.refresh_from_db()
    kept.refresh_from_db()
    assert person.merged_into_id == kept.pk
    assert "Aminata Ndiaye" in kept.aliases  # still found by the merged file's name
    assert "+221771234567" in kept.other_phones
    assert kept.birth_date == world.a.person.birth_date
    assert merge.moved["cases.Case.person"] == [str(pk) for pk in before["cases"]] or set(
        merge.moved["cases.Case.person"]
    ) == {str(pk) for pk in before["cases"]}
    assert merge.snapshot["before"]["birth_date"] is None
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.MERGED
    assert AuditEntry.objects.filter(object_id=str(kept.pk), detail__startswith="Merge:").exists()
    assert AuditEntry.objects.filter(object_id=str(person.pk), detail__startswith="Merge:").exists()
    assert not Person.objects.get(pk=person.pk).name_words.exists()

    # A case opened on the kept file after the merge stays with it.
    from sutura.cases.services import lifecycle

    later = lifecycle.open_case(
        actor=_reviewer(world),
        person=kept,
        case_type="return_reintegration",
        opened_on=world.a.case.opened_on,
    )
    undo_merge(actor=_reviewer(world), merge=merge, reason="Deux personnes")

    assert _records_of(person) == before
    assert _records_of(kept)["cases"] == {later.pk}
    person.refresh_from_db()
    kept.refresh_from_db()
    assert person.merged_into_id is None
    assert person.name_words.exists()
    assert kept.aliases == [] and kept.other_phones == [] and kept.birth_date is None
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN  # back in the queue, to be decided
    assert AuditEntry.objects.filter(
        object_id=str(kept.pk), detail__startswith="Merge undone"
    ).exists()


def test_an_undo_keeps_what_the_reviewers_edited_on_the_kept_file_since(world: World) -> None:
    kept = _twin(world)
    merge = merge_persons(actor=_reviewer(world), kept=kept, merged=world.a.person, reason="x")
    kept.refresh_from_db()
    assert kept.birth_date is not None
    people.update_person(
        actor=_reviewer(world),
        person=kept,
        expected_version=kept.version,
        birth_date=kept.birth_date.replace(year=1995),
    )
    Person.objects.filter(pk=kept.pk).update(aliases=[*kept.aliases, "Ami"])
    undo_merge(actor=_reviewer(world), merge=Merge.objects.get(pk=merge.pk), reason="erreur")
    kept.refresh_from_db()
    assert kept.birth_date is not None and kept.birth_date.year == 1995  # edited: kept
    assert kept.aliases == ["Ami"]  # the merge's aliases gone, the one added by hand kept


def test_an_undone_merge_cannot_be_undone_twice(world: World) -> None:
    merge = merge_persons(
        actor=_reviewer(world), kept=_twin(world), merged=world.a.person, reason="x"
    )
    undo_merge(actor=_reviewer(world), merge=merge, reason="erreur")
    with translation.override("en"), pytest.raises(ValidationError, match="already undone"):
        undo_merge(actor=_reviewer(world), merge=Merge.objects.get(pk=merge.pk), reason="encore")


def test_a_merge_whose_kept_file_was_merged_since_is_undone_after_that_one(world: World) -> None:
    middle = _twin(world)
    last = _twin(world)
    first_merge = merge_persons(
        actor=_reviewer(world), kept=middle, merged=world.a.person, reason="x"
    )
    second_merge = merge_persons(actor=_reviewer(world), kept=last, merged=middle, reason="y")
    assert Case.objects.get(pk=world.a.case.pk).person_id == last.pk
    with translation.override("en"), pytest.raises(ValidationError, match="undo that later"):
        undo_merge(actor=_reviewer(world), merge=first_merge, reason="erreur")
    undo_merge(actor=_reviewer(world), merge=second_merge, reason="erreur")
    undo_merge(actor=_reviewer(world), merge=Merge.objects.get(pk=first_merge.pk), reason="z")
    assert Case.objects.get(pk=world.a.case.pk).person_id == world.a.person.pk


def test_files_of_two_organisations_are_never_merged(world: World) -> None:
    with translation.override("en"), pytest.raises(ValidationError, match="two organisations"):
        merge_persons(
            actor=_reviewer(world), kept=world.a.person, merged=world.b.person, reason="x"
        )
    assert Person.objects.get(pk=world.b.person.pk).merged_into_id is None


def test_only_reviewers_merge_and_only_files_they_may_open(world: World) -> None:
    with pytest.raises(PermissionDenied):
        merge_persons(
            actor=world.a.users[Role.CASE_MANAGER],
            kept=_twin(world),
            merged=world.a.person,
            reason="x",
        )


def test_a_reason_is_required(world: World) -> None:
    with pytest.raises(ValidationError):
        merge_persons(actor=_reviewer(world), kept=_twin(world), merged=world.a.person, reason=" ")


def test_the_second_merge_of_the_same_pair_is_refused_with_a_message(world: World) -> None:
    kept = _twin(world)
    stale_kept = Person.objects.get(pk=kept.pk)
    stale_merged = Person.objects.get(pk=world.a.person.pk)
    merge_persons(actor=_reviewer(world), kept=kept, merged=world.a.person, reason="x")
    with translation.override("en"), pytest.raises(ValidationError, match="merged in the meantime"):
        merge_persons(actor=_reviewer(world), kept=stale_kept, merged=stale_merged, reason="x")
    assert Merge.objects.filter(merged=world.a.person).count() == 1


def test_an_anonymised_file_is_never_merged(world: World) -> None:
    from sutura.privacy.models import Anonymisation

    kept = _twin(world)
    other = PersonFactory.create(organisation=world.a.organisation)
    Anonymisation.objects.create(person=other, cause="request", outcome={})
    with translation.override("en"), pytest.raises(ValidationError, match="anonymised"):
        merge_persons(actor=_reviewer(world), kept=kept, merged=other, reason="x")
    assert Person.objects.get(pk=other.pk).merged_into_id is None


def test_a_decided_pair_is_remembered(world: World) -> None:
    from sutura.dedup.services.decisions import mark_not_duplicate

    twin = _twin(world)
    proposal = _proposal(world, world.a.person, twin)
    decision = mark_not_duplicate(
        actor=_reviewer(world), first=twin, second=world.a.person, proposal=proposal
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOT_DUPLICATE
    assert PairDecision.objects.filter(pk=decision.pk, first=proposal.first).exists()
    with translation.override("en"), pytest.raises(ValidationError, match="already"):
        mark_not_duplicate(actor=_reviewer(world), first=world.a.person, second=twin)


def test_both_files_at_one_meeting_refuse_the_merge_whole_naming_it(world: World) -> None:
    """One meeting lists a registered person once: the files' two lines are settled first."""
    from sutura.meetings import attendance
    from sutura.meetings.models import Participant

    meeting = world.parts["meetings"]["meeting_a"]
    twin = _twin(world)
    attendance.add_participant(_reviewer(world), meeting, person=twin)
    cases_before = _records_of(world.a.person)
    with translation.override("en"), pytest.raises(ValidationError, match="participant"):
        merge_persons(actor=_reviewer(world), kept=twin, merged=world.a.person, reason="x")
    assert _records_of(world.a.person) == cases_before  # nothing moved
    assert Participant.objects.filter(meeting=meeting, person=world.a.person).exists()
    assert Person.objects.get(pk=world.a.person.pk).merged_into_id is None


def test_an_exact_date_of_birth_replaces_an_estimated_one_and_an_undo_puts_it_back(
    world: World,
) -> None:
    """The kept file knew only "1 January 1994 (estimated)", the other file the exact date: the
    merged file's page says everything it held is on the kept file (browser walk)."""
    person = world.a.person
    exact = datetime.date(1994, 6, 12)
    type(person).objects.filter(pk=person.pk).update(birth_date=exact, birth_date_estimated=False)
    person.refresh_from_db()
    kept = _twin(world, birth_date=datetime.date(1994, 1, 1), birth_date_estimated=True)
    merge = merge_persons(actor=_reviewer(world), kept=kept, merged=person, reason="Même village")
    kept.refresh_from_db()
    assert (kept.birth_date, kept.birth_date_estimated) == (exact, False)
    undo_merge(actor=_reviewer(world), merge=Merge.objects.get(pk=merge.pk), reason="erreur")
    kept.refresh_from_db()
    assert (kept.birth_date, kept.birth_date_estimated) == (datetime.date(1994, 1, 1), True)
    # An exact date on the kept file stays, whatever the other file says.
    other = _twin(world, birth_date=datetime.date(1994, 3, 3))
    merge_persons(actor=_reviewer(world), kept=other, merged=person, reason="Même village")
    other.refresh_from_db()
    assert other.birth_date == datetime.date(1994, 3, 3)


def test_an_undo_that_says_two_people_is_never_proposed_again(world: World) -> None:
    """Undone because they are two people: the pair does not come back to the queue at 99 %
    (browser walk); the decision is remembered as a "not the same person"."""
    person = world.a.person
    kept = _twin(world)
    proposal = _proposal(world, person, kept)
    merge = merge_persons(
        actor=_reviewer(world), kept=kept, merged=person, reason="x", proposal=proposal
    )
    undo_merge(actor=_reviewer(world), merge=merge, reason="Deux sœurs", two_people=True)
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOT_DUPLICATE
    first, second = sorted((person.pk, kept.pk))
    decision = PairDecision.objects.get(first_id=first, second_id=second)
    assert decision.reason == "Deux sœurs"


def test_the_reviewer_chooses_whose_value_the_kept_file_carries_and_an_undo_puts_it_back(
    world: World,
) -> None:
    """Where both files hold a detail with different values, the reviewer says which is right:
    the name and phone not chosen stay findable (alias, other phone); an undo restores all."""
    person = world.a.person
    type(person).objects.filter(pk=person.pk).update(
        birth_date=datetime.date(1994, 6, 12), birth_date_estimated=False, nationality="SN"
    )
    person.refresh_from_db()
    kept = _twin(world, birth_date=datetime.date(1995, 1, 1), nationality="GM")
    old = (kept.given_names, kept.family_name, kept.phone, kept.nationality)
    assert {"name", "birth_date", "phone", "nationality"} <= set(differing(kept, person))
    merge = merge_persons(
        actor=_reviewer(world),
        kept=kept,
        merged=person,
        reason="Même passeport",
        choices={"name": MERGED, "phone": MERGED, "birth_date": MERGED, "nationality": KEPT},
    )
    kept.refresh_from_db()
    assert (kept.given_names, kept.family_name) == (person.given_names, person.family_name)
    assert kept.phone == person.phone and old[2] in kept.other_phones
    assert f"{old[0]} {old[1]}" in kept.aliases
    assert (kept.birth_date, kept.birth_date_estimated) == (datetime.date(1994, 6, 12), False)
    assert kept.nationality == "GM"
    undo_merge(actor=_reviewer(world), merge=Merge.objects.get(pk=merge.pk), reason="erreur")
    kept.refresh_from_db()
    assert (kept.given_names, kept.family_name, kept.phone, kept.nationality) == old
    assert kept.birth_date == datetime.date(1995, 1, 1)
    assert f"{old[0]} {old[1]}" not in kept.aliases and person.phone not in kept.other_phones


def test_the_kept_files_estimated_date_stays_when_the_reviewer_chooses_it(world: World) -> None:
    person = world.a.person
    type(person).objects.filter(pk=person.pk).update(
        birth_date=datetime.date(1994, 6, 12), birth_date_estimated=False
    )
    person.refresh_from_db()
    kept = _twin(world, birth_date=datetime.date(1990, 1, 1), birth_date_estimated=True)
    merge_persons(
        actor=_reviewer(world),
        kept=kept,
        merged=person,
        reason="x",
        choices={"birth_date": KEPT},
    )
    kept.refresh_from_db()
    assert (kept.birth_date, kept.birth_date_estimated) == (datetime.date(1990, 1, 1), True)


def test_a_choice_never_empties_a_detail_and_an_unknown_one_is_refused(world: World) -> None:
    person = world.a.person
    type(person).objects.filter(pk=person.pk).update(nationality="")
    person.refresh_from_db()
    kept = _twin(world, nationality="GM")
    with pytest.raises(ValidationError) as refused:
        merge_persons(
            actor=_reviewer(world), kept=kept, merged=person, reason="x", choices={"eyes": KEPT}
        )
    assert "eyes" in str(refused.value)
    merge_persons(
        actor=_reviewer(world),
        kept=kept,
        merged=person,
        reason="x",
        choices={"nationality": MERGED},
    )
    kept.refresh_from_db()
    assert kept.nationality == "GM"


def test_an_undo_after_an_edit_keeps_the_old_phone_and_name_findable_and_whole(
    world: World,
) -> None:
    """The merge took the other file's phone and name; since, someone edited the phone and
    the family name. The undo leaves those edits, keeps the phone and the name they replaced
    as another phone and an alias, and never mixes two names (second privacy review)."""
    person = world.a.person
    kept = _twin(world)
    old_phone, old_name = kept.phone, f"{kept.given_names} {kept.family_name}"
    merge = merge_persons(
        actor=_reviewer(world),
        kept=kept,
        merged=person,
        reason="x",
        choices={"name": MERGED, "phone": MERGED},
    )
    Person.objects.filter(pk=kept.pk).update(phone="+221779990000", family_name="Ndiayé")
    undo_merge(actor=_reviewer(world), merge=Merge.objects.get(pk=merge.pk), reason="erreur")
    kept.refresh_from_db()
    assert kept.phone == "+221779990000" and old_phone in kept.other_phones
    assert (kept.given_names, kept.family_name) == (person.given_names, "Ndiayé")
    assert old_name in kept.aliases


def test_a_choice_of_a_detail_the_files_do_not_both_hold_changes_nothing(world: World) -> None:
    person = world.a.person
    type(person).objects.filter(pk=person.pk).update(
        birth_date=datetime.date(1994, 6, 12), birth_date_estimated=False
    )
    person.refresh_from_db()
    kept = _twin(world)
    assert kept.birth_date is None
    merge_persons(
        actor=_reviewer(world), kept=kept, merged=person, reason="x", choices={"birth_date": KEPT}
    )
    kept.refresh_from_db()
    assert kept.birth_date == datetime.date(1994, 6, 12)  # filled, as without a choice


def test_the_audit_log_keeps_no_snapshot_of_the_names_a_merge_replaced(world: World) -> None:
    kept = _twin(world)
    merge = merge_persons(
        actor=_reviewer(world), kept=kept, merged=world.a.person, reason="x", choices={}
    )
    name = f"{world.a.person.given_names} {world.a.person.family_name}"
    assert name in str(merge.snapshot)  # the merged file's name, added to the aliases
    written = AuditEntry.objects.filter(object_id=str(merge.pk))
    assert written.exists()
    assert all(name not in str(entry.changes) for entry in written)
