"""Cases: the mentor's minimal view, restricted notes, assigned-only case managers, audit, and
refused writes that change nothing. Who reaches which URL: access/tests/test_url_matrix_*.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from sutura.access import visible
from sutura.accounts.roles import Role
from sutura.cases.models import Case, CaseNote, Confidentiality
from sutura.cases.services.lifecycle import set_mentor
from sutura.cases.services.records import add_note
from sutura.cases.tests.helpers import open_test_case
from tests.audit_words import said

pytestmark = pytest.mark.django_db


@pytest.fixture
def cases(users_a, users_b):
    case_a = open_test_case(users_a[Role.CASE_MANAGER], family_name="Ndiaye")
    case_b = open_test_case(users_b[Role.CASE_MANAGER], family_name="Keïta")
    mentor = users_a[Role.COMMUNITY_MENTOR]
    case_a = set_mentor(case=case_a, mentor=mentor)
    return case_a, case_b


def test_a_mentor_sees_a_minimal_profile_of_their_returnee_and_nothing_else(client, users_a, cases):
    case_a, _ = cases
    add_note(
        actor=users_a[Role.CASE_MANAGER],
        case=case_a,
        text="Confidential story",
        confidentiality=Confidentiality.NORMAL,
    )
    client.force_login(users_a[Role.COMMUNITY_MENTOR])
    page = client.get(reverse("cases:detail", args=[case_a.pk])).content.decode()
    assert case_a.person.given_names in page  # enough to meet them
    content = page.split("<main", 1)[1]  # the header names the signed-in mentor
    assert case_a.person.family_name not in content  # no more: first name, age, area, phone
    assert "Confidential story" not in page
    for name in ("cases:plan", "cases:screening", "cases:note"):  # no way into the records
        assert reverse(name, args=[case_a.pk]) not in page
    for name in ("cases:plan", "cases:screening", "cases:note"):
        assert client.get(reverse(name, args=[case_a.pk])).status_code in (403, 404)
    assert client.get(reverse("people:detail", args=[case_a.person.pk])).status_code in (403, 404)


def test_restricted_notes_reach_the_case_manager_and_supervisor_only(users_a, cases):
    case_a, _ = cases
    case_manager = users_a[Role.CASE_MANAGER]
    add_note(
        actor=case_manager,
        case=case_a,
        text="GBV narrative",
        confidentiality=Confidentiality.RESTRICTED,
    )
    colleague = users_a[Role.CASE_MANAGER].__class__.objects.create(
        username="colleague", organisation=case_manager.organisation, roles=[Role.CASE_MANAGER]
    )
    assert visible(case_manager, CaseNote).count() == 1
    assert visible(users_a[Role.PROGRAMME_MANAGER], CaseNote).count() == 1
    assert visible(colleague, CaseNote).count() == 0


def test_an_organisation_can_restrict_case_managers_to_their_own_cases(users_a, cases):
    case_a, _ = cases
    organisation = case_a.organisation
    organisation.case_managers_see_all_cases = False
    organisation.save()
    other = users_a[Role.CASE_MANAGER].__class__.objects.create(
        username="other.cm", organisation=organisation, roles=[Role.CASE_MANAGER]
    )
    other.organisation = organisation
    assert not visible(other, Case).exists()
    assert visible(users_a[Role.CASE_MANAGER], Case).count() == 1
    assert visible(users_a[Role.PROGRAMME_MANAGER], Case).count() == 1


def test_reading_a_case_is_audited(client, users_a, cases):
    from sutura.audit.models import Action, AuditEntry

    case_a, _ = cases
    client.force_login(users_a[Role.PROGRAMME_MANAGER])
    client.get(reverse("cases:detail", args=[case_a.pk]))
    entry = AuditEntry.objects.get(action=Action.READ, object_id=str(case_a.pk))
    assert entry.actor == users_a[Role.PROGRAMME_MANAGER]
    assert "Ndiaye" not in entry.object_label


def test_browsing_the_case_list_is_audited_without_the_search_text(client, users_a, cases):
    from sutura.audit.models import Action, AuditEntry

    client.force_login(users_a[Role.CASE_MANAGER])
    client.get(reverse("cases:list"), {"q": "Ndiaye"})
    entry = AuditEntry.objects.get(action=Action.READ, actor=users_a[Role.CASE_MANAGER])
    assert said(entry) == "cases list, page 1, search"


def test_writes_by_url_from_another_organisation_change_nothing(client, users_a, users_b, cases):
    from sutura.cases.services import plans

    case_a, _ = cases
    actor = users_a[Role.CASE_MANAGER]
    plan = plans.plan_for_case(actor=actor, case=case_a)
    item = plans.add_item(
        actor=actor,
        plan=plan,
        dimension="social",
        kind="Loyer",
        amount=Decimal(1000),
        currency="XOF",
    )
    person = case_a.person
    posts = [
        (
            reverse("cases:move", args=[case_a.pk]),
            {"to_status": "closed", "closure_reason": "other"},
        ),
        (reverse("cases:plan_decide", args=[case_a.pk]), {"decision": "approve", "version": 1}),
        (
            reverse("cases:deliver", args=[case_a.pk, item.pk]),
            {"delivered_on": "2026-02-01", "amount": "10"},
        ),
        (
            reverse("cases:open", args=[person.pk]),
            {"case_type": "other", "opened_on": "2026-02-01"},
        ),
        (
            reverse("people:consent", args=[person.pk]),
            {
                "purpose": "referral",
                "status": "given",
                "method": "verbal",
                "decided_on": "2026-02-01",
            },
        ),
        (reverse("people:document", args=[person.pk]), {"type": "passport", "number": "X1"}),
        (reverse("people:household", args=[person.pk]), {"name": "A", "relationship": "B"}),
        (reverse("people:photo", args=[person.pk]), {}),
    ]
    for role, user in users_b.items():
        client.force_login(user)
        for url, data in posts:
            assert client.post(url, data).status_code in (403, 404), (role, url)
    case_a.refresh_from_db()
    assert case_a.status == "registered"
    assert person.consents.count() == 1 and not person.documents.exists()
    assert not person.household.exists() and not item.deliveries.exists()


def test_nobody_opens_someone_elses_notification(client, users_a):
    from sutura.notifications.messages import Text
    from sutura.notifications.services import notify

    (notification,) = notify([users_a[Role.MHPSS_FOCAL_POINT]], Text("Urgent"), Text("x"))
    client.force_login(users_a[Role.PROGRAMME_MANAGER])
    assert client.post(reverse("notifications:open", args=[notification.pk])).status_code == 404
    assert "Urgent" not in client.get(reverse("notifications:list")).content.decode()
    notification.refresh_from_db()
    assert notification.read_at is None
    client.force_login(users_a[Role.MHPSS_FOCAL_POINT])
    assert "Urgent" in client.get(reverse("notifications:list")).content.decode()
    client.post(reverse("notifications:open", args=[notification.pk]))
    notification.refresh_from_db()
    assert notification.read_at is not None
