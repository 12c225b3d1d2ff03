"""Possible duplicates at registration, with the spelling variants of the domain notes."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

import pytest
from django.conf import settings
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from sutura.access.people import sees_whole_registry
from sutura.accounts.roles import Role
from sutura.audit.models import AuditEntry
from sutura.people import duplicates, matching
from sutura.people.duplicates import find_possible_duplicates
from sutura.people.match_reasons import label
from sutura.people.matching import refresh_frequencies
from sutura.people.models import NameWord, Person, PersonNameWord
from sutura.people.services import add_identity_document
from tests.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

KAMARA: dict[str, Any] = {"family_name": "KAMARA", "given_names": "Mohamed", "sex": "male"}
LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


@pytest.fixture
def trained_prior(monkeypatch):
    """The trained λ, as for an office of some 1,300 files or more (`matching.prior`): an office
    of four believes each of its files likely to be the person typed, whatever the evidence."""
    monkeypatch.setattr(matching, "ON_FILE_SHARE", 0.0)


@pytest.fixture
def on_file(org_a, org_b):
    people = {
        "ndiaye": PersonFactory.create(
            organisation=org_a,
            family_name="N'Diaye",
            given_names="Mamadou",
            birth_date=datetime.date(1994, 5, 2),
        ),
        "coulibaly": PersonFactory.create(
            organisation=org_a,
            family_name="Coulibaly",
            given_names="Seydou",
            birth_date=datetime.date(1990, 1, 1),
            birth_date_estimated=True,
        ),
        "diallo": PersonFactory.create(
            organisation=org_a, family_name="Diallo", given_names="Awa", phone="+221770000001"
        ),
        "other_org": PersonFactory.create(
            organisation=org_b,
            family_name="Ndiaye",
            given_names="Mamadou",
            birth_date=datetime.date(1994, 5, 2),
        ),
        "far": PersonFactory.create(
            organisation=org_a,
            family_name="Ndiaye",
            given_names="Mamadou",
            birth_date=datetime.date(1960, 5, 2),
        ),
    }
    return people


def keep_to_own_cases(organisation, *users):
    """The organisation's case managers see only their own cases from now on."""
    organisation.case_managers_see_all_cases = False
    organisation.save()
    for user in users:
        user.refresh_from_db()


def carriers(mine, family, given, *, givens, families):
    """People carrying `family` with each of `givens`, and `given` with each of `families`:
    an office where both words of a name are common."""
    for other in givens:
        PersonFactory.create(**mine, family_name=family, given_names=other)
    for other in families:
        PersonFactory.create(**mine, family_name=other, given_names=given)


def names(candidates):
    return [c.person.pk for c in candidates]


@pytest.mark.parametrize(
    ("family", "given", "birth"),
    [
        ("NDIAYE", "Mamadou", "1995-01-01"),
        ("Ndiaye", "Mamadu", "1993-07-07"),
        ("Mamadou", "N'DIAYE", "1994-05-02"),
        ("ndiaye", "mamadou", None),
    ],
)
def test_spelling_variants_and_swapped_names_are_proposed(
    users_a, on_file, family, given, birth, monkeypatch
):
    """Ranked first whatever the spelling and order. Whether the list is shown is the model's:
    in this office of four, each file is likely the person typed, and every variant is listed.
    In an office large enough for the trained prior, Mamadou Ndiaye is among the commonest
    names of the region, so only the exact birth date is evidence enough
    (`test_a_small_office_does_not_call_a_common_name_rare`)."""
    ask: dict[str, Any] = {
        "family_name": family,
        "given_names": given,
        "birth_date": datetime.date.fromisoformat(birth) if birth else None,
    }
    found = find_possible_duplicates(users_a[Role.CASE_MANAGER], **ask, threshold=0.0)
    # Listed: with no date, the two Mamadou Ndiaye of four people make it a common name, but
    # an office so small lists the files of the name as typed whatever their probability.
    assert find_possible_duplicates(users_a[Role.CASE_MANAGER], **ask)
    monkeypatch.setattr(matching, "ON_FILE_SHARE", 0.0)  # as `trained_prior`
    shown = find_possible_duplicates(users_a[Role.CASE_MANAGER], **ask)
    assert bool(shown) is (birth == "1994-05-02")
    if birth:
        assert names(found)[0] == on_file["ndiaye"].pk
    else:  # no date to tell them apart: both namesakes come first, in either order
        assert set(names(found)[:2]) == {on_file["ndiaye"].pk, on_file["far"].pk}
    assert on_file["other_org"].pk not in names(found)  # nothing the user may not see


def test_transliterations_meet(users_a, on_file):
    found = find_possible_duplicates(
        users_a[Role.CASE_MANAGER],
        family_name="Kulibali",
        given_names="Seydou",
        birth_date=datetime.date(1990, 8, 14),
    )
    # The file's date is an estimate (1 January 1990): a date in that year is not held against
    # the match.
    assert names(found)[0] == on_file["coulibaly"].pk


def test_a_shared_phone_or_document_number_is_proposed_whatever_the_name(
    users_a, on_file, trained_prior
):
    user = users_a[Role.CASE_MANAGER]
    found = find_possible_duplicates(
        user, family_name="Jallow", given_names="Awa", phones=["+221770000001"]
    )
    assert names(found) == [on_file["diallo"].pk]
    # Whatever the name, the phone brings her file to be scored (blocking never cuts it).
    stranger: dict[str, Any] = {
        "family_name": "Kane",
        "given_names": "Ibrahima",
        "phones": ["+221770000001"],
    }
    scored = find_possible_duplicates(user, **stranger, threshold=0.0)
    assert names(scored) == [on_file["diallo"].pk] and "same_phone" in scored[0].reasons
    # The same family name and phone with another given name is how a sister looks: scored
    # (the phone reaches her whatever the name) and said, not listed as the same person.
    sister: dict[str, Any] = {
        "family_name": "Jallow",
        "given_names": "Aisha",
        "phones": ["+221770000001"],
    }
    (relative,) = find_possible_duplicates(user, **sister, threshold=0.0)
    assert relative.person.pk == on_file["diallo"].pk and "perhaps_relative" in relative.reasons
    assert find_possible_duplicates(user, **sister) == []
    # An office of four would list her, with the reason that says who she may be.
    with pytest.MonkeyPatch.context() as small:
        small.setattr(matching, "ON_FILE_SHARE", 1 / 8)
        (listed,) = find_possible_duplicates(user, **sister)
        assert "perhaps_relative" in listed.reasons
    add_identity_document(actor=user, person=on_file["far"], type="passport", number="a123456")
    found = find_possible_duplicates(
        user, family_name="Sarr", given_names="Khady", document_numbers=["A123456"]
    )
    assert names(found) == [on_file["far"].pk]


def test_a_clearly_different_age_ranks_lower(users_a, on_file):
    found = find_possible_duplicates(
        users_a[Role.CASE_MANAGER],
        family_name="Ndiaye",
        given_names="Mamadou",
        birth_date=datetime.date(1994, 1, 1),
        threshold=0.0,
    )
    assert names(found).index(on_file["ndiaye"].pk) < (
        names(found).index(on_file["far"].pk) if on_file["far"].pk in names(found) else 99
    )


def test_registration_shows_candidates_then_records_a_confirmed_new_person(
    client, users_a, on_file
):
    client.force_login(users_a[Role.CASE_MANAGER])
    data = {
        "family_name": "NDIAYE",
        "given_names": "Mamadu",
        "sex": "male",
        "birth_date": "1994-05-02",
    }
    page = client.post(reverse("people:register"), data)
    assert page.status_code == 200
    assert page.context["candidates"][0].person.pk == on_file["ndiaye"].pk
    assert reverse("people:detail", args=[on_file["ndiaye"].pk]) in page.content.decode()
    # The file may be looked at without losing the registration typed (browser walk: Back
    # after "open their file" asked to send the form again).
    assert 'target="_blank" rel="noopener"' in page.content.decode()
    assert Person.objects.count() == 5
    done = client.post(reverse("people:register"), {**data, "confirm_new": "1"})
    assert done.status_code == 302
    new = Person.objects.exclude(pk__in=[p.pk for p in on_file.values()]).get()
    assert AuditEntry.objects.filter(
        object_id=str(new.pk), detail__contains="possible duplicate"
    ).exists()


def test_a_duplicate_document_number_is_explained_next_to_the_field(client, users_a, on_file):
    user = users_a[Role.CASE_MANAGER]
    add_identity_document(
        actor=user, person=on_file["diallo"], type="national_id", number="1 234 567"
    )
    client.force_login(user)
    response = client.post(
        reverse("people:document", args=[on_file["ndiaye"].pk]),
        {"type": "national_id", "number": "1 234 567"},
    )
    assert response.status_code == 200
    assert "number" in response.context["form"].errors


# --- the duplicate model at registration (issue 19) ----------------------------------------


def test_a_person_of_another_organisation_is_never_a_candidate_whatever_they_share(
    users_a, users_b, org_b
):
    theirs = PersonFactory.create(
        organisation=org_b,
        family_name="Goudiaby",
        given_names="Zeinabou",
        birth_date=datetime.date(1991, 3, 4),
        phone="+221770000099",
    )
    add_identity_document(
        actor=users_b[Role.CASE_MANAGER], person=theirs, type="passport", number="B7777777"
    )
    ask: dict[str, Any] = {
        "family_name": "Goudiaby",
        "given_names": "Zeinabou",
        "birth_date": datetime.date(1991, 3, 4),
        "phones": ["+221770000099"],
        "documents": [("passport", "B7777777")],
    }
    assert find_possible_duplicates(users_a[Role.CASE_MANAGER], **ask) == []
    # The control: the same question from their own organisation finds them.
    assert names(find_possible_duplicates(users_b[Role.CASE_MANAGER], **ask)) == [theirs.pk]


def test_a_case_manager_who_sees_only_assigned_cases_is_not_shown_a_colleagues_person(
    users_a, org_a
):
    colleague_registered = PersonFactory.create(
        organisation=org_a,
        family_name="Goudiaby",
        given_names="Zeinabou",
        birth_date=datetime.date(1991, 3, 4),
        phone="+221770000098",
    )
    manager = users_a[Role.CASE_MANAGER]
    ask: dict[str, Any] = {
        "family_name": "Goudiaby",
        "given_names": "Zeinabou",
        "phones": ["+221770000098"],
    }
    assert names(find_possible_duplicates(manager, **ask)) == [colleague_registered.pk]
    org_a.case_managers_see_all_cases = False
    org_a.save()
    manager.refresh_from_db()
    assert find_possible_duplicates(manager, **ask) == []


def test_candidates_carry_their_probability_and_reasons_strongest_first(users_a, on_file):
    found = find_possible_duplicates(
        users_a[Role.CASE_MANAGER],
        family_name="Jallow",
        given_names="Awa",
        phones=["+221770000001"],
    )
    assert names(found) == [on_file["diallo"].pk]
    assert found[0].reasons[0] == "same_phone"
    assert "name_variant" in found[0].reasons  # Diallo ~ Jallow
    with translation.override("en"):
        assert found[0].reason_labels[0] == "same phone number"
    assert 0 < found[0].probability < 1 and found[0].band in {"high", "medium", "low"}


def test_only_candidates_at_or_above_the_threshold_are_shown(users_a, on_file, trained_prior):
    """(An office of four would list its files of the name as typed whatever the threshold:
    `test_in_a_small_office_a_file_of_the_same_name_is_always_listed`.)"""
    user = users_a[Role.CASE_MANAGER]
    ask: dict[str, Any] = {
        "family_name": "Ndiaye",
        "given_names": "Mamadou",
        "birth_date": datetime.date(1994, 5, 2),
    }
    everyone = find_possible_duplicates(user, **ask, threshold=0.0)
    assert {on_file["ndiaye"].pk, on_file["far"].pk} <= set(names(everyone))
    cutoff = (everyone[0].probability + everyone[-1].probability) / 2
    shown = find_possible_duplicates(user, **ask, threshold=cutoff)
    assert shown and all(c.probability >= cutoff for c in shown)
    assert len(shown) < len(everyone)
    assert find_possible_duplicates(user, **ask, threshold=1.0) == []


def test_a_document_holder_is_shown_however_many_namesakes_rank_above(users_a, org_a):
    """The service refuses a second person with a document number on file: whoever holds it
    is listed even when the list is full of likelier namesakes."""
    holder = PersonFactory.create(organisation=org_a, family_name="Sarr", given_names="Khady")
    add_identity_document(
        actor=users_a[Role.CASE_MANAGER], person=holder, type="passport", number="A7777777"
    )
    for _ in range(4):  # a household's phone: four likely candidates
        PersonFactory.create(
            organisation=org_a,
            family_name="Goudiaby",
            given_names="Zeinabou",
            birth_date=datetime.date(1995, 1, 1),
            phone="+221770000077",
        )
    user = users_a[Role.CASE_MANAGER]
    ask: dict[str, Any] = {
        "family_name": "Goudiaby",
        "given_names": "Zeinabou",
        "birth_date": datetime.date(1995, 1, 1),
        "phones": ["+221770000077"],
        "documents": [("passport", "a7777777")],
    }
    listed = find_possible_duplicates(user, **ask, limit=2)
    assert len(listed) == 3 and names(listed)[-1] == holder.pk
    assert "same_document" in listed[-1].reasons


def test_a_case_manager_kept_to_their_cases_learns_nothing_from_a_colleagues_people(users_a, org_a):
    """Name counts over the whole organisation would tell a case manager who sees only their
    own cases how many of a colleague's people carry a name: their candidates, order and
    probabilities do not move when a colleague registers more."""
    org_a.case_managers_see_all_cases = False
    org_a.save()
    manager = users_a[Role.CASE_MANAGER]
    manager.refresh_from_db()
    colleague = users_a[Role.PROGRAMME_MANAGER]
    mine = [
        PersonFactory.create(
            organisation=org_a,
            registered_by=manager,
            family_name="Goudiaby",
            given_names=given,
            birth_date=datetime.date(1990 + i, 1, 1),
            birth_date_estimated=True,
        )
        for i, given in enumerate(["Zeinabou", "Mamadou Zeinabou", "Awa"])
    ]
    ask: dict[str, Any] = {"family_name": "Goudiaby", "given_names": "Zeinabou"}

    def listed() -> list[tuple[Any, float, list[str]]]:
        refresh_frequencies()
        found = find_possible_duplicates(manager, **ask, threshold=0.0)
        return [(c.person.pk, c.probability, c.reasons) for c in found]

    before = listed()
    assert mine[0].pk in {pk for pk, _p, _r in before}
    assert {pk for pk, _p, _r in before} <= {p.pk for p in mine}
    org_a.case_managers_see_all_cases = True
    org_a.save()
    manager.refresh_from_db()
    seeing_all = listed()
    org_a.case_managers_see_all_cases = False
    org_a.save()
    manager.refresh_from_db()
    for _ in range(25):
        PersonFactory.create(
            organisation=org_a,
            registered_by=colleague,
            family_name="Goudiaby",
            given_names="Zeinabou Awa",
        )
    assert listed() == before
    # The same registrations do move what a colleague who sees everyone is shown.
    org_a.case_managers_see_all_cases = True
    org_a.save()
    manager.refresh_from_db()
    with override_settings(CACHES=LOCMEM):
        assert [p for _pk, p, _r in listed()[:1]] != [p for _pk, p, _r in seeing_all[:1]]


def test_the_named_candidates_kept_are_those_whose_shared_keys_tell_the_most(
    users_a, org_a, monkeypatch
):
    """Of the people sharing a name key, the few kept for scoring are those whose shared keys
    are rarest, not the most numerous: the three year keys an estimated date gives one word
    are one word's worth, less than both names of the person written with no date."""
    from sutura.people import duplicates

    written = PersonFactory.create(
        organisation=org_a, family_name="Goudiaby", given_names="Zeinabou", birth_date=None
    )
    namesake = PersonFactory.create(
        organisation=org_a,
        family_name="Sarr",
        given_names="Zeinabou",
        birth_date=datetime.date(1990, 1, 1),
        birth_date_estimated=True,
    )
    refresh_frequencies()
    monkeypatch.setattr(duplicates, "MAX_NAMED", 1)
    user = users_a[Role.CASE_MANAGER]
    ask: dict[str, Any] = {
        "family_name": "Goudiaby",
        "given_names": "Zeinabou",
        "birth_date": datetime.date(1990, 1, 1),
        "birth_date_estimated": True,
    }
    assert names(find_possible_duplicates(user, **ask, threshold=0.0)) == [written.pk]
    monkeypatch.setattr(duplicates, "MAX_NAMED", 2)
    assert set(names(find_possible_duplicates(user, **ask, threshold=0.0))) == {
        written.pk,
        namesake.pk,
    }


def test_a_common_name_alone_is_not_enough_to_interrupt_a_registration(users_a, org_a, monkeypatch):
    """Mamadou Diallo, born 1 January 1995 (estimated), in a registry of 200,000 where one in
    ten is a Mamadou and one in fifteen a Diallo: no candidate list, unless a phone says more.
    A rare name with the same little else is proposed."""
    namesake = PersonFactory.create(
        organisation=org_a,
        family_name="Diallo",
        given_names="Mamadou",
        birth_date=datetime.date(1995, 1, 1),
        birth_date_estimated=True,
        phone="+221770000055",
    )
    rare = PersonFactory.create(
        organisation=org_a,
        family_name="Goudiaby",
        given_names="Zeinabou",
        birth_date=datetime.date(1995, 1, 1),
        birth_date_estimated=True,
    )
    refresh_frequencies()  # the vocabulary's phonetic keys
    monkeypatch.setattr(matching, "registry_size", lambda *args: 200_000)
    # The organisation's name index says how common a word is: 20,000 of its people carry
    # Mamadou, 13,000 Diallo (rows of one filler file: only the counts matter).
    filler = PersonFactory.create(organisation=org_a, family_name="Filler", given_names="X")
    PersonNameWord.objects.bulk_create(
        [PersonNameWord(organisation=org_a, person=filler, word="mamadu") for _ in range(20_000)]
        + [PersonNameWord(organisation=org_a, person=filler, word="jalo") for _ in range(13_000)],
        batch_size=5000,
    )
    user = users_a[Role.CASE_MANAGER]
    ask: dict[str, Any] = {
        "family_name": "DIALLO",
        "given_names": "Mamadou",
        "birth_date": datetime.date(1995, 1, 1),
        "birth_date_estimated": True,
        "sex": "male",
    }
    assert find_possible_duplicates(user, **ask) == []
    with_phone = find_possible_duplicates(user, **ask, phones=["+221770000055"])
    assert names(with_phone) == [namesake.pk]
    rare_ask = {**ask, "family_name": "Goudiaby", "given_names": "Zeinabou"}
    assert names(find_possible_duplicates(user, **rare_ask)) == [rare.pk]


@pytest.mark.parametrize("restricted", [False, True])
def test_a_small_office_believes_its_one_namesake_more(users_a, org_a, restricted, monkeypatch):
    """In an office of 140 people where six carry Badji and five Malick, the one Malick Badji is
    likely the Malik Badji typed with no date (`matching.prior`: one registration in eight is
    someone on file, spread over 140 files); with the trained prior he read as a stranger. A
    user who may not count the office's people (a case manager kept to their own cases) is
    scored with the trained prior, and the office's size is never read for them
    (`test_a_case_manager_kept_to_their_cases_learns_nothing_from_a_colleagues_people`: nor do
    a colleague's registrations move their probabilities)."""
    user = users_a[Role.CASE_MANAGER]
    mine = {"organisation": org_a, "registered_by": user, "sex": "male"}
    badji = PersonFactory.create(**mine, family_name="Badji", given_names="Malick")
    carriers(
        mine,
        "Badji",
        "Malick",
        givens=("Ousmane", "Lamine", "Ibrahima", "Pape", "Cheikh"),
        families=("Sané", "Diatta", "Coly", "Manga"),
    )
    refresh_frequencies()
    if restricted:
        keep_to_own_cases(org_a, user)
    ask: dict[str, Any] = {"family_name": "BADJI", "given_names": "Malik", "sex": "male"}
    asked: list[int | None] = []
    score = matching.score

    def scored(*args: Any, records: int | None = None, **options: Any) -> matching.Match:
        asked.append(records)
        return score(*args, records=records, **options)

    def unread(*args: Any) -> int:
        raise AssertionError("a restricted user's office size was read")

    monkeypatch.setattr(matching, "score", scored)
    probabilities = {}
    for share, size in ((1 / 8, 140), (0.0, 140), (1 / 8, 1_300)):
        monkeypatch.setattr(matching, "ON_FILE_SHARE", share)
        counted = unread if restricted else (lambda *args, size=size: size)
        monkeypatch.setattr(matching, "registry_size", counted)
        (first, *_) = find_possible_duplicates(user, **ask, threshold=0.0)
        assert first.person == badji and "name_variant" in first.reasons
        probabilities[share, size] = first.probability
    if restricted:
        assert set(asked) == {None}  # `matching.prior`: the trained λ
        assert len(set(probabilities.values())) == 1
    else:
        assert set(asked) == {140, 1_300}
        threshold = matching.threshold("registration")
        assert probabilities[1 / 8, 140] > threshold > probabilities[0.0, 140]


@pytest.mark.parametrize("restricted", [False, True])
def test_a_small_office_does_not_call_a_common_name_rare(users_a, org_a, restricted, trained_prior):
    """An office of two people carries Mamadou Diallo once: counted in a registry of the trained
    size, he would be one in 20,000, the rarest of names. The reason "nom complet peu courant"
    also asks the shares of the records the model was trained on
    (`matching.reference_frequencies`); a user who may not count the office's names is scored
    with those shares, so the common name alone stays under the threshold."""
    assert matching.reference_frequencies()["mamadu"] > 0.05  # one in ten: the commonest name
    user = users_a[Role.CASE_MANAGER]
    mine = {"organisation": org_a, "registered_by": user}
    common = PersonFactory.create(**mine, family_name="Diallo", given_names="Mamadou", sex="male")
    rare = PersonFactory.create(
        **mine, family_name="Goudiaby", given_names="Zeinabou", sex="female"
    )
    refresh_frequencies()
    if restricted:
        keep_to_own_cases(org_a, user)
    assert sees_whole_registry(user) is not restricted
    (found,) = find_possible_duplicates(
        user, family_name="DIALLO", given_names="Mamadou", sex="male", threshold=0.0
    )
    assert found.person == common
    assert "rare_name" not in found.reasons
    # Nor is the name alone enough to list him, for a user who counts the office's names or
    # not: the office's people are read with the region's people it lacks
    # (`matching.registration_frequencies`).
    assert found.probability < matching.threshold("registration")
    (found,) = find_possible_duplicates(
        user, family_name="Goudiaby", given_names="Zeinabou", sex="female"
    )
    assert found.person == rare
    assert found.probability > 0.5  # the badge's middle band at least
    assert "rare_name" in found.reasons


def test_the_registration_page_shows_the_band_and_the_reasons(client, users_a, on_file):
    client.force_login(users_a[Role.CASE_MANAGER])
    page = client.post(
        reverse("people:register"),
        {"family_name": "Jallow", "given_names": "Awa", "sex": "not_stated", "phone": "770000001"},
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert str(label("same_phone")) in body
    percent = page.context["candidates"][0].percent
    # The band, with the probability: in French a no-break space before "%" (the badge never
    # breaks there at phone width), in English none.
    assert f"({percent}\u00a0%)" in body
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # the language switcher's choice
    english = client.post(
        reverse("people:register"),
        {"family_name": "Jallow", "given_names": "Awa", "sex": "not_stated", "phone": "770000001"},
    )
    assert f"the same person ({percent}%)" in english.content.decode()


def test_what_argues_against_a_candidate_is_shown_apart(client, users_a, on_file):
    """A different nationality or birth years far apart are not reasons to pick the person:
    they are listed apart, under their own heading, and the nationality compared is shown."""
    person = on_file["ndiaye"]
    person.nationality = "SN"
    person.phone = "+221771234588"  # the same phone: listed, the nationality said against
    person.save()
    client.force_login(users_a[Role.CASE_MANAGER])
    with translation.override("fr"):
        page = client.post(
            reverse("people:register"),
            {
                "family_name": "Ndiaye",
                "given_names": "Mamadou",
                "birth_date": "1994-05-02",
                "sex": "male",
                "nationality": "ML",
                "phone": "+221771234588",
            },
            HTTP_ACCEPT_LANGUAGE="fr",
        )
        body = page.content.decode()
        (candidate,) = [c for c in page.context["candidates"] if c.person.pk == person.pk]
        assert str(label("different_nationality")) in candidate.labels_against
        assert str(label("different_nationality")) not in candidate.labels_for
        assert "Ce qui va contre" in body and "Sénégal" in body


def api_client(user):
    from rest_framework.test import APIClient

    api = APIClient()
    api.force_authenticate(user)
    return api


def test_the_api_answers_candidates_with_codes_and_labels_only_among_visible_people(
    users_a, users_b, on_file
):
    url = reverse("api-person-possible-duplicates")
    ask = {"family_name": "Jallow", "given_names": "Awa", "phone": "+221 77 000 00 01"}
    body = api_client(users_a[Role.CASE_MANAGER]).post(url, ask, format="json").json()
    assert [c["person"]["id"] for c in body["candidates"]] == [str(on_file["diallo"].pk)]
    first = body["candidates"][0]
    assert first["reasons"][0]["code"] == "same_phone"
    assert first["reasons"][0]["label"] in {"same phone number", "même numéro de téléphone"}
    assert 0 < first["probability"] < 1
    # What the register page shows of a candidate, not the whole file (address, aliases...).
    assert "current_address" not in first["person"] and "other_phones" not in first["person"]
    assert first["person"]["family_name"] == "Diallo"
    assert AuditEntry.objects.filter(detail__contains="possible duplicates").exists()
    # Organisation B's case manager may not see A's people: nothing, and no hint of them.
    other = api_client(users_b[Role.CASE_MANAGER]).post(url, ask, format="json").json()
    assert other == {"candidates": []}


def test_the_api_refuses_a_role_that_may_not_register_and_a_bad_request(users_a):
    url = reverse("api-person-possible-duplicates")
    ask = {"family_name": "Jallow", "given_names": "Awa"}
    assert api_client(users_a[Role.ME_OFFICER]).post(url, ask, format="json").status_code == 403
    bad = api_client(users_a[Role.CASE_MANAGER]).post(url, {"given_names": "Awa"}, format="json")
    assert bad.status_code == 400
    assert "family_name" in bad.json()["error"]["fields"]


# --- privacy review: the candidates shown are reads of their files ---------------------------


def test_each_candidate_shown_at_registration_is_an_audited_read(client, users_a, on_file):
    """The candidate list shows each candidate's name, birth date, origin and phone: a read of
    their file, audited per person (page and API), as the pair page does."""
    user = users_a[Role.CASE_MANAGER]
    client.force_login(user)
    data = {"family_name": "NDIAYE", "given_names": "Mamadu", "sex": "male"}
    page = client.post(reverse("people:register"), {**data, "birth_date": "1994-05-02"})
    shown = [c.person.pk for c in page.context["candidates"]]
    assert on_file["ndiaye"].pk in shown
    for pk in shown:
        assert AuditEntry.objects.filter(action="read", actor=user, object_id=str(pk)).exists(), (
            "candidate shown on the page without an audited read"
        )
    answer = client.post(
        reverse("api-person-possible-duplicates"),
        {**data, "birth_date": "1994-05-02"},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    listed = [c["person"]["id"] for c in answer.json()["candidates"]]
    assert str(on_file["ndiaye"].pk) in listed
    for pk in listed:
        assert AuditEntry.objects.filter(
            action="read", actor=user, object_id=pk, detail__startswith="API"
        ).exists()


def test_another_organisations_files_never_move_a_probability(users_a, org_a, org_b):
    """Name frequencies are counted in the user's own organisation: thirty files of another
    organisation carrying the same rare name change nothing the user sees."""
    PersonFactory.create(
        organisation=org_a,
        family_name="Goudiaby",
        given_names="Zeinabou",
        birth_date=datetime.date(1995, 1, 1),
        birth_date_estimated=True,
    )
    user = users_a[Role.CASE_MANAGER]
    ask: dict[str, Any] = {"family_name": "Goudiaby", "given_names": "Zeinabou"}
    refresh_frequencies()
    before = [c.probability for c in find_possible_duplicates(user, **ask)]
    for _ in range(30):
        PersonFactory.create(organisation=org_b, family_name="Goudiaby", given_names="Awa")
    refresh_frequencies()
    assert NameWord.objects.get(word="gujabi").people == 31  # counted in all organisations
    after = [c.probability for c in find_possible_duplicates(user, **ask)]
    assert before and after == before


def test_a_name_word_mistyped_by_one_letter_still_finds_the_file(users_a, org_a, org_b):
    """ "Aminta Koulibaly", no date, no phone: no key of hers is Aminata's, so only the words one
    slip away that the user's own registry carries bring the file to be scored."""
    user = users_a[Role.CASE_MANAGER]
    on_file = PersonFactory.create(
        organisation=org_a, family_name="Koulibaly", given_names="Aminata", sex="female"
    )
    PersonFactory.create(organisation=org_b, family_name="Koulibaly", given_names="Amintou")
    refresh_frequencies()
    ask: dict[str, Any] = {"family_name": "Koulibaly", "given_names": "Aminta", "sex": "female"}
    assert names(find_possible_duplicates(user, **ask, threshold=0.0)) == [on_file.pk]
    # Another organisation's words are not looked up: nothing of theirs picks the keys.
    assert duplicates._slipped_words(user, ["aminta"]) == {"aminta": ["aminata"]}


def test_a_given_name_in_another_form_brings_the_file_to_be_scored(users_a, org_a):
    """ "Modou Diallo", no date, no phone, for Mamadou Diallo: no key in common, so only the
    forms the dictionary relates to Modou bring the file to be scored; with the file's phone
    it is shown, as one name in two forms rather than a relative."""
    user = users_a[Role.CASE_MANAGER]
    on_file = PersonFactory.create(
        organisation=org_a,
        family_name="Diallo",
        given_names="Mamadou",
        sex="male",
        birth_date=None,
        phone="+221771234567",
    )
    refresh_frequencies()
    ask: dict[str, Any] = {"family_name": "Diallo", "given_names": "Modou", "sex": "male"}
    assert duplicates._related_words(ask) == {"modu": ["mamadu"]}
    # The related forms replace given names only: "Moussa Moussa" looks for Moïse Moussa.
    twice = {**ask, "family_name": "Moussa", "given_names": "Moussa", "aliases": []}
    related = duplicates._related_words(twice)
    keys = duplicates._slipped_keys(twice, related, {}, 1000, {}, in_family=False)
    assert any(set(key.split("|")) == {"musa", "muis"} for key in keys), keys
    (found,) = find_possible_duplicates(user, **ask, threshold=0.0)
    assert found.person.pk == on_file.pk and "related_given_names" in found.reasons
    (shown,) = find_possible_duplicates(user, **ask, phones=["77 123 45 67"])
    assert shown.person.pk == on_file.pk and "same_phone" in shown.reasons
    assert "different_given_names" not in shown.reasons


def test_a_name_many_files_carry_is_weaker_evidence_than_its_words_say(users_a, org_a):
    """Mohamed Kamara: each word one person in fifty of the registry, so the whole name one in
    2,500 by their product; forty files carry it, one in 500. The candidates carrying a name
    are a floor of its share (`matching.namesake_shares`), as they are of each word's: each
    namesake is less probably the person registered than when one file carried the name."""
    user = users_a[Role.CASE_MANAGER]
    trained_size = 20_000  # the registry is read as the size the model was trained on
    filler = PersonFactory.create(organisation=org_a, family_name="Filler", given_names="X")
    PersonNameWord.objects.bulk_create(
        [
            PersonNameWord(organisation=org_a, person=filler, word=word)
            for word in ("muhamid", "kamara")
            for _ in range(trained_size // 50)
        ],
        batch_size=5000,
    )
    mine = {"organisation": org_a, "family_name": "Kamara", "given_names": "Mohamed"}
    first = PersonFactory.create(**mine, sex="male", birth_date=None)
    ask: dict[str, Any] = dict(KAMARA)
    with override_settings(CACHES=LOCMEM):
        refresh_frequencies()
        (alone,) = find_possible_duplicates(user, **ask, threshold=0.0)
        PersonFactory.create_batch(39, **mine, sex="male", birth_date=None)
        refresh_frequencies()
        crowd = find_possible_duplicates(user, **ask, threshold=0.0, limit=100)
    assert alone.person == first and len(crowd) == 40
    assert all(c.probability < alone.probability / 2 for c in crowd)


def test_of_candidates_scored_alike_the_one_written_as_typed_comes_first(users_a, org_a):
    """Mamadou Sow and Mamadou Soh are one name to the model (one key): scored alike, the file
    written as the caseworker typed it, and born on the day typed, is listed first, whatever
    order the files' ids would give."""
    user = users_a[Role.CASE_MANAGER]
    born = datetime.date(1995, 3, 14)
    mine = {"organisation": org_a, "given_names": "Mamadou", "sex": "male"}
    soh = PersonFactory.create(
        **mine, id=uuid.UUID(int=1), family_name="Soh", birth_date=datetime.date(1995, 6, 1)
    )
    sow = PersonFactory.create(
        **mine, id=uuid.UUID(int=2**127), family_name="Sow", birth_date=datetime.date(1995, 6, 1)
    )
    sow_born = PersonFactory.create(
        **mine, id=uuid.UUID(int=2**128 - 1), family_name="Sow", birth_date=born
    )
    refresh_frequencies()
    ask: dict[str, Any] = {"family_name": "Sow", "given_names": "Mamadou", "sex": "male"}
    found = find_possible_duplicates(user, **ask, threshold=0.0)
    assert [c.person for c in found] == [sow, sow_born, soh]
    assert len({c.probability for c in found}) == 1
    dated = find_possible_duplicates(
        user, **ask, birth_date=born, birth_date_estimated=True, threshold=0.0
    )
    assert [c.person for c in dated] == [sow_born, sow, soh]


def test_a_document_holder_scored_near_certain_is_not_reordered_as_a_tie(users_a, org_a):
    """Near certainty every probability rounds to 1: the file holding the passport typed, the
    phone and the birth date comes before one sharing only the phone and the birth date, though
    that one's name is written as typed: ties are taken in bits, not in rounded probability."""
    user = users_a[Role.CASE_MANAGER]
    born = datetime.date(1995, 3, 14)
    mine = {"organisation": org_a, "given_names": "Mamadou", "sex": "male"}
    holder = PersonFactory.create(
        **mine,
        id=uuid.UUID(int=2**128 - 1),
        family_name="Soh",
        phone="+221770000001",
        birth_date=born,
    )
    add_identity_document(actor=user, person=holder, type="passport", number="A01234567")
    sow = PersonFactory.create(
        **mine, id=uuid.UUID(int=1), family_name="Sow", phone="+221770000001", birth_date=born
    )
    refresh_frequencies()
    found = find_possible_duplicates(
        user,
        family_name="Sow",
        given_names="Mamadou",
        sex="male",
        birth_date=born,
        phones=["+221770000001"],
        documents=[("passport", "A01234567")],
    )
    assert [c.person for c in found] == [holder, sow]


def test_colleagues_namesakes_do_not_move_a_restricted_managers_candidates(users_a, org_a):
    """A case manager kept to their own cases: thirty-nine Mohamed Kamara a colleague
    registers change nothing of what they are shown (people, order, probabilities, reasons)."""
    org_a.case_managers_see_all_cases = False
    org_a.save()
    manager = users_a[Role.CASE_MANAGER]
    manager.refresh_from_db()
    colleague = UserFactory.create(
        organisation=org_a, roles=[Role.CASE_MANAGER], username="colleague"
    )
    mine = {"organisation": org_a, "family_name": "Kamara", "given_names": "Mohamed"}
    own = PersonFactory.create_batch(2, **mine, sex="male", birth_date=None, registered_by=manager)
    assert not sees_whole_registry(manager)
    ask: dict[str, Any] = {**KAMARA, "threshold": 0.0, "limit": 100}
    with override_settings(CACHES=LOCMEM):
        refresh_frequencies()
        before = find_possible_duplicates(manager, **ask)
        PersonFactory.create_batch(39, **mine, sex="male", birth_date=None, registered_by=colleague)
        refresh_frequencies()
        after = find_possible_duplicates(manager, **ask)
    assert {c.person for c in after} == set(own)
    seen = [(c.person, c.probability, c.reasons) for c in after]
    assert seen == [(c.person, c.probability, c.reasons) for c in before]


def test_another_organisations_namesakes_do_not_move_a_probability(users_a, org_a, org_b):
    user = users_a[Role.CASE_MANAGER]
    mine = {"family_name": "Kamara", "given_names": "Mohamed", "sex": "male", "birth_date": None}
    PersonFactory.create_batch(2, organisation=org_a, **mine)
    ask: dict[str, Any] = {**KAMARA, "threshold": 0.0, "limit": 100}
    with override_settings(CACHES=LOCMEM):
        refresh_frequencies()
        before = find_possible_duplicates(user, **ask)
        PersonFactory.create_batch(39, organisation=org_b, **mine)
        refresh_frequencies()
        after = find_possible_duplicates(user, **ask)
    assert [(c.person, c.probability) for c in after] == [(c.person, c.probability) for c in before]


@pytest.mark.parametrize("alias_on", ["typed", "file"])
def test_an_alias_does_not_make_the_same_name_another(users_a, org_a, alias_on):
    """ "Ousmane Cissé alias Ous" is the same name as "Ousmane Cissé": compared with and without
    its aliases, the closer reading is kept (browser walk: an alias typed at registration read
    "a middle name more or less" and lowered the score)."""
    user = users_a[Role.CASE_MANAGER]
    born = datetime.date(1990, 3, 4)
    on_file = PersonFactory.create(
        organisation=org_a,
        family_name="Cisse",
        given_names="Ousmane",
        aliases=["Ous"] if alias_on == "file" else [],
        birth_date=born,
        sex="male",
    )
    refresh_frequencies()
    ask: dict[str, Any] = {
        "family_name": "CISSÉ",
        "given_names": "Ousmane",
        "birth_date": born,
        "sex": "male",
    }
    typed = ["Ous"] if alias_on == "typed" else []
    (found,) = find_possible_duplicates(user, **ask, aliases=typed, threshold=0.0)
    assert found.person == on_file
    assert "same_name" in found.reasons and "middle_name_missing" not in found.reasons
    if typed:  # the alias typed changes nothing of the reading
        (without,) = find_possible_duplicates(user, **ask, threshold=0.0)
        assert (found.probability, found.reasons) == (without.probability, without.reasons)


def test_a_given_name_written_in_two_words_finds_the_file_written_in_one(users_a, org_a):
    """ "Al Amine" and "Abou Bakr" are spellings of Lamine and Boubacar in the dictionary, but
    each word is keyed alone: the name is also read written as one (`names.written_as_one`).
    Demo walk: Al Amine Djob, Abou Bakr Diakhite listed nobody."""
    user = users_a[Role.CASE_MANAGER]
    mine = {"organisation": org_a, "sex": "male", "birth_date": datetime.date(1991, 2, 3)}
    lamine = PersonFactory.create(**mine, family_name="Diop", given_names="Lamine")
    boubacar = PersonFactory.create(**mine, family_name="Diakité", given_names="Boubacar")
    PersonFactory.create(  # "Al Amine" may be him too ("Al" a word more): born far apart
        **{**mine, "birth_date": datetime.date(1960, 5, 6)}, family_name="Diop", given_names="Amine"
    )
    refresh_frequencies()
    born: dict[str, Any] = {"sex": "male", "birth_date": datetime.date(1991, 2, 3)}
    (first, *_) = find_possible_duplicates(user, family_name="Djob", given_names="Al Amine", **born)
    assert first.person == lamine and "name_variant" in first.reasons
    (first, *_) = find_possible_duplicates(
        user, family_name="Diakhite", given_names="Abou Bakr", **born
    )
    assert first.person == boubacar and "name_variant" in first.reasons


@pytest.mark.parametrize("restricted", [False, True])
def test_in_a_small_office_a_file_of_the_same_name_is_always_listed(
    users_a, org_a, restricted, monkeypatch
):
    """Browser walk: "Dembélé Mamadou" typed again a minute after the first file was saved
    scored 11 % (a common name, no date) and was saved twice. In an office small enough for a
    prior of its own, a file of the same name (bar case, accents, order and spelling) with
    nothing against it is listed whatever its probability; not one of another sex, nor one
    with a word more, nor in a registry read at the trained prior, nor for a user who may not
    count the office."""
    user = users_a[Role.CASE_MANAGER]
    mine = {"organisation": org_a, "registered_by": user, "sex": "male"}
    # The first file, and the same person saved twice again since, as in the walk.
    files = {
        PersonFactory.create(**mine, family_name="Dembélé", given_names="Mamadou").pk
        for _ in range(3)
    }
    carriers(
        mine,
        "Dembélé",
        "Mamadou",
        givens=("Oumar", "Drissa", "Moussa", "Adama"),
        families=("Traoré", "Keïta", "Diarra", "Coulibaly"),
    )
    refresh_frequencies()
    if restricted:
        keep_to_own_cases(org_a, user)
    cutoff = matching.threshold("registration")
    for size, listed in ((117, not restricted), (5_000, False)):
        monkeypatch.setattr(matching, "registry_size", lambda *args, size=size: size)
        again: dict[str, Any] = {"family_name": "DEMBELE", "given_names": "Mamadou", "sex": "male"}
        scored = find_possible_duplicates(user, **again, threshold=0.0)
        assert set(names(scored[:3])) == files and scored[0].probability < cutoff
        found = find_possible_duplicates(user, **again)
        assert set(names(found)) == (files if listed else set()), size
        assert all("same_name" in candidate.reasons for candidate in found)
        reordered = find_possible_duplicates(
            user, **{**again, "given_names": "", "family_name": "Mamadou Dembélé"}
        )
        assert names(reordered) == names(found)
        assert not find_possible_duplicates(user, **{**again, "sex": "female"})
        # A spelling of the same name is the same name (second walk: Sissé Ousmane, with two
        # Cissé Ousmane on file, listed nobody); a name with a word more is another reading.
        variant = find_possible_duplicates(user, **{**again, "given_names": "Mamadu"})
        assert set(names(variant)) == set(names(found))
        more = {**again, "given_names": "Mamadou Lamine"}
        assert not {c.person.pk for c in find_possible_duplicates(user, **more)} & files
