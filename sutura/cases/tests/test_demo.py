"""The demo holds cases in every status, told through the services, and never duplicates them."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db.models import Count, F, Min, Q
from django.utils import timezone

from sutura.accounts.demo import CASEWORK_ORGANISATIONS as CASEWORK
from sutura.accounts.models import User
from sutura.cases.models import (
    Case,
    CaseNumberCounter,
    CaseStatus,
    CaseTransition,
    ClosureReason,
    Confidentiality,
    PlanStatus,
    Programme,
    ReintegrationPlan,
)
from sutura.cases.selectors import overdue_follow_ups_for
from sutura.cases.services.lifecycle import open_case
from sutura.dedup.demo import planted_files
from sutura.people.consent import record_consent
from sutura.people.models import Consent, ConsentPurpose, ConsentStatus, Person
from sutura.people.services import register_person
from tests.demo_fixture import DEMO_PERSONS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]


def told_cases() -> object:
    """The cases demo's stories: its cases opened through the services (bulk cases have no
    transitions), in the casework organisations (other apps' stories add their own: the
    duplicates demo's six files, each with a case, are not the cases demo's)."""
    return (
        Case.objects.filter(transitions__isnull=False, organisation__acronym__in=CASEWORK)
        .exclude(person__in=Person.objects.filter(planted_files()))
        .distinct()
    )


def test_seed_demo_twice_tells_the_same_stories_once():
    counts = (Case.objects.count(), CaseTransition.objects.count(), Consent.objects.count())
    call_command("seed_demo", persons=DEMO_PERSONS, quiet_logins=True)  # the second time
    assert (Case.objects.count(), CaseTransition.objects.count(), Consent.objects.count()) == counts
    # The cases' programmes (the community demo adds its partner's own, ECHO and AICS).
    assert Programme.objects.filter(organisation__acronym__startswith="AIM").count() == 2
    assert not Person.objects.annotate(n=Count("cases")).filter(n__gt=1).exists()


def test_the_told_cases_cover_every_status_plan_and_closure():
    cases = Case.objects.filter(pk__in=told_cases())
    assert 35 <= cases.count() <= 45
    assert set(cases.values_list("status", flat=True)) == set(CaseStatus.values)
    plans = ReintegrationPlan.objects.filter(case__in=cases)
    assert set(plans.values_list("status", flat=True)) == set(PlanStatus.values)
    assert plans.filter(decisions__actor__username="manager").exists()
    reasons = set(cases.filter(status=CaseStatus.CLOSED).values_list("closure_reason", flat=True))
    assert {
        ClosureReason.PLAN_COMPLETED,
        ClosureReason.WITHDREW,
        ClosureReason.DUPLICATE,
    } <= reasons
    reopened = CaseTransition.objects.filter(case__in=cases, from_status=CaseStatus.CLOSED)
    assert reopened.exclude(case__status=CaseStatus.CLOSED).exists()
    assert cases.filter(priority=4, flags__overlap=["vot", "uasc"]).count() >= 3
    assert cases.filter(mentor__username="mentor").exists()
    assert cases.filter(notes__confidentiality=Confidentiality.RESTRICTED).exists()
    assert Consent.objects.filter(purpose=ConsentPurpose.REFERRAL, status="withdrawn").exists()
    assert not cases.filter(opened_on__gt=timezone.localdate()).exists()


def test_the_case_manager_has_overdue_follow_ups_on_the_home_page():
    for username in ("casemanager", "casemanager.ml"):
        user = User.objects.get(username=username)
        overdue = list(overdue_follow_ups_for(user))
        assert overdue, username
        today = timezone.localdate()
        assert all(case.next_follow_up_on and case.next_follow_up_on < today for case in overdue)


def test_bulk_cases_give_every_demo_person_one_case_and_keep_the_numbers_going():
    # The bulk people go to the casework organisations; other apps' stories (the community
    # demo's cases behind its trends) add theirs elsewhere.
    # Later apps' stories told at a casework organisation (the children demo's two children,
    # who have a child's profile; the returnee whose case opened from the return journey) are
    # not bulk people.
    # The duplicates demo's six files too (people registered twice, each with a case).
    planted = Person.objects.filter(planted_files())
    later_case = (
        Q(child_profile__isnull=False) | Q(transitions__cause="from_return") | Q(person__in=planted)
    )
    later = (
        Q(cases__child_profile__isnull=False)
        | Q(cases__transitions__cause="from_return")
        | Q(pk__in=planted)
    )
    people = Person.objects.filter(organisation__acronym__in=CASEWORK).exclude(later)
    assert people.count() == DEMO_PERSONS
    cases = Case.objects.filter(organisation__acronym__in=CASEWORK).exclude(later_case)
    assert cases.count() == DEMO_PERSONS
    assert not Person.objects.filter(cases__isnull=True).exists()
    assert len(set(Case.objects.filter(pk__in=told_cases()).values_list("status"))) == 7
    # Bulk cases have no records, so they are only newly registered or closed without a plan.
    bulk = cases.exclude(pk__in=told_cases())
    assert set(bulk.values_list("status", flat=True)) == {"registered", "closed"}
    assert not bulk.filter(closure_reason__in=["plan_completed", "reintegrated"]).exists()
    for counter in CaseNumberCounter.objects.all():
        prefix = f"{counter.country_code}-{counter.year}-"
        assert Case.objects.filter(number__startswith=prefix).count() == counter.last

    # A case opened afterwards continues the counter instead of colliding.
    # (`persons` counts every person of the casework organisations, later stories' too.)
    told_later = Person.objects.filter(later, organisation__acronym__in=CASEWORK).distinct().count()
    call_command("seed_demo", persons=DEMO_PERSONS + 1 + told_later, quiet_logins=True)
    assert cases.count() == DEMO_PERSONS + 1
    manager = User.objects.get(username="casemanager")
    person = register_person(actor=manager, given_names="Awa", family_name="Diop")
    record_consent(
        actor=manager,
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        method="verbal",
    )
    case = open_case(actor=manager, person=person, case_type="return_reintegration")
    assert Case.objects.filter(number=case.number).count() == 1


def test_each_person_is_registered_by_the_day_of_their_first_case():
    """The walk: the people registered in any past quarter read 0 beside its cases, because
    the demo registered everyone at seeding time and dated their cases over past years."""
    late = (
        Person.objects.annotate(first=Min("cases__opened_on"))
        .filter(first__isnull=False, created_at__date__gt=F("first"))
        .count()
    )
    assert late == 0
    assert Person.objects.filter(created_at__year__lt=timezone.localdate().year).exists()
