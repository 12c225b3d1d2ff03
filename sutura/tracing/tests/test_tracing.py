"""Family tracing and reunification, on the access world (`tests/world_parts/tracing.py`: a
reunification with its visits on the first case of each side, one visit done and the others
overdue, and a request still open): each rule of the services, the access rules in both forms,
the section and the home card that flag overdue visits, the export and the indicators."""

from __future__ import annotations

import datetime
import sys
import types
from collections.abc import Iterator
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from sutura.access import visible
from sutura.access.tracing import RECORDS, works_on_record
from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.models import Case
from sutura.core import case_export, indicators, registry
from sutura.core.registry import DemoContext
from sutura.people.models import Person
from sutura.privacy.selectors import PERSON_RECORDS
from sutura.tracing import schedule, selectors, services
from sutura.tracing.models import RequestStatus, ReunificationVisit, TracingRequest
from tests.worlds import World

pytestmark = pytest.mark.django_db
DAY = datetime.date


def _part(world: World, name: str) -> Any:
    return world.parts["tracing"][name]


@pytest.fixture
def rollback(world: World) -> Iterator[None]:
    """What a test writes is undone: the module's world stays as built."""
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _found(manager: Any, case: Any, name: str = "Khady Ba", **extra: Any) -> TracingRequest:
    request = services.open_request(
        actor=manager,
        case=case,
        sought_name=name,
        relationship="aunt_uncle",
        opened_on=DAY(2026, 3, 1),
        **extra,
    )
    return services.record_outcome(
        actor=manager, request=request, status="found", outcome_on=DAY(2026, 3, 10)
    )


def _assessed(manager: Any, request: TracingRequest, recommendation: str = "suitable") -> Any:
    return services.assess_family(
        actor=manager,
        request=request,
        assessed_on=DAY(2026, 3, 12),
        findings="Maison sûre",
        recommendation=recommendation,
    )


def _bid(monkeypatch: pytest.MonkeyPatch, decided: bool) -> list[tuple[Any, str]]:
    """The children app's `has_decided_bid`, as it answers (the app is built beside this one:
    the module may not be in this branch yet)."""
    asked: list[tuple[Any, str]] = []

    def has_decided_bid(case: Any, *, question: str) -> bool:
        asked.append((case.pk, question))
        return decided

    module = types.ModuleType("sutura.children.selectors")
    module.has_decided_bid = has_decided_bid  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "sutura.children.selectors", module)
    return asked


# --- access: both forms, nobody outside the case team ---------------------------------------


def test_the_standing_and_the_filters_agree_for_every_user_and_record(world: World) -> None:
    checked = 0
    for model in RECORDS:
        rows = list(model.objects.select_related("case"))
        assert rows
        for user in world.users():
            seen = set(visible(user, model).values_list("pk", flat=True))
            for row in rows:
                assert works_on_record(user, row) == (row.pk in seen), (user, row)
                checked += 1
    assert checked >= 4 * len(world.users()) * 2


def test_a_mentor_and_the_other_organisation_see_nothing(world: World) -> None:
    a, b = world.a, world.b
    models: list[Any] = list(RECORDS)
    for user in (a.users[Role.COMMUNITY_MENTOR], b.users[Role.CASE_MANAGER], world.outside_agent):
        seen_a = [
            pk
            for model in models
            for pk in visible(user, model).filter(case=a.case).values_list("pk", flat=True)
        ]
        assert seen_a == [], user
    mentor = a.users[Role.COMMUNITY_MENTOR]
    assert all(not visible(mentor, model).exists() for model in RECORDS)
    assert selectors.case_tracing(mentor, a.case) == {}
    with pytest.raises(PermissionDenied):
        services.open_request(
            actor=b.users[Role.CASE_MANAGER], case=a.case, sought_name="X", relationship="other"
        )


def test_another_organisation_gets_404_and_reads_are_audited(world: World) -> None:
    found_a = _part(world, "found_a")
    url = reverse("tracing:request", args=[found_a.pk])
    outsider, manager = Client(), Client()
    outsider.force_login(world.b.users[Role.CASE_MANAGER])
    manager.force_login(world.a.users[Role.CASE_MANAGER])
    with transaction.atomic():
        assert outsider.get(url).status_code == 404
        assert manager.get(url).status_code == 200
        assert AuditEntry.objects.filter(
            action=Action.READ, actor=world.a.users[Role.CASE_MANAGER], object_id=str(found_a.pk)
        ).exists()
        api = f"/api/tracing/requests/{found_a.pk}/"
        assert outsider.get(api).status_code == 404
        transaction.set_rollback(True)


# --- the rules of the services ----------------------------------------------------------------


def test_a_childs_reunification_is_refused_without_a_decided_bid(
    world: World, rollback: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    manager, case = world.a.users[Role.CASE_MANAGER], world.a.case
    Case.objects.filter(pk=case.pk).update(case_type="uasc")
    case.refresh_from_db()
    assessment = _assessed(manager, _found(manager, case))
    asked = _bid(monkeypatch, decided=False)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.record_reunification(
            actor=manager, assessment=assessment, reunified_on=DAY(2026, 3, 20)
        )
    assert "best-interests determination" in refused.value.messages[0]
    assert asked == [(case.pk, "reunification")]
    _bid(monkeypatch, decided=True)
    done = services.record_reunification(
        actor=manager, assessment=assessment, reunified_on=DAY(2026, 3, 20)
    )
    assert done.bid_checked


def test_a_returned_child_is_reunified_only_under_a_bid_whatever_the_cases_type(
    world: World, rollback: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A child's reintegration case opened from a return is not typed UASC nor always screened:
    the person's age on the day makes the BID necessary."""
    manager, case = world.a.users[Role.CASE_MANAGER], world.a.case
    Person.objects.filter(pk=case.person_id).update(birth_date=DAY(2013, 5, 1))
    Case.objects.filter(pk=case.pk).update(case_type="return_reintegration", flags=[])
    case.refresh_from_db()
    assessment = _assessed(manager, _found(manager, case))
    _bid(monkeypatch, decided=False)
    with translation.override("en"), pytest.raises(ValidationError) as refused:
        services.record_reunification(
            actor=manager, assessment=assessment, reunified_on=DAY(2026, 3, 20)
        )
    assert "best-interests determination" in refused.value.messages[0]


def test_a_reunification_needs_an_assessment_that_recommends_it(
    world: World, rollback: None
) -> None:
    manager, case = world.a.users[Role.CASE_MANAGER], world.a.case
    request = _found(manager, case)
    refused = _assessed(manager, request, "not_suitable")
    with translation.override("en"), pytest.raises(ValidationError) as error:
        services.record_reunification(
            actor=manager, assessment=refused, reunified_on=DAY(2026, 3, 20)
        )
    assert "does not recommend" in error.value.messages[0]
    # …and no assessment before the person sought is found
    still_open = _part(world, "open_a")
    with translation.override("en"), pytest.raises(ValidationError) as early:
        _assessed(manager, still_open)
    assert "once the tracing request has found" in early.value.messages[0]
    # by the API, a reunification without an assessment is refused as input
    client = Client()
    client.force_login(manager)
    answer = client.post(
        "/api/tracing/reunifications/", {"reunified_on": "2026-03-20"}, "application/json"
    )
    assert answer.status_code == 400 and "assessment" in answer.json()["error"]["fields"]


def test_dates_follow_the_path(world: World, rollback: None) -> None:
    manager, case = world.a.users[Role.CASE_MANAGER], world.a.case
    request = services.open_request(
        actor=manager,
        case=case,
        sought_name="Ndeye",
        relationship="grandparent",
        opened_on=DAY(2026, 3, 1),
    )
    with pytest.raises(ValidationError) as before:
        services.record_outcome(
            actor=manager, request=request, status="found", outcome_on=DAY(2026, 2, 28)
        )
    assert "outcome_on" in before.value.message_dict
    services.record_outcome(
        actor=manager, request=request, status="not_found", outcome_on=DAY(2026, 3, 1)
    )
    request.refresh_from_db()
    with pytest.raises(ValidationError):  # an outcome is recorded once
        services.record_outcome(
            actor=manager, request=request, status="found", outcome_on=DAY(2026, 3, 2)
        )
    visit = _part(world, "visit_a")  # after a reunification on 10 February 2026
    with pytest.raises(ValidationError) as early:
        services.record_visit(
            actor=manager,
            visit=visit,
            done_on=DAY(2026, 2, 9),
            well_being="good",
            placement="stable",
        )
    assert "done_on" in early.value.message_dict


def test_a_reunification_answers_the_open_requests_for_that_person_and_schedules_visits(
    world: World, rollback: None, settings: Any
) -> None:
    settings.SUTURA_REUNIFICATION_VISITS = "1w,2m"
    manager, case = world.b.users[Role.CASE_MANAGER], world.b.case
    request = _found(manager, case, name="Khady  Ba")
    twin = services.open_request(
        actor=manager,
        case=case,
        sought_name="khady ba",
        relationship="aunt_uncle",
        through="other_organisation",
        organisation_name="CICR",
        opened_on=DAY(2026, 3, 5),
    )
    other = _part(world, "open_b")  # a brother: still sought
    done = services.record_reunification(
        actor=manager, assessment=_assessed(manager, request), reunified_on=DAY(2026, 3, 31)
    )
    twin.refresh_from_db()
    other.refresh_from_db()
    assert (twin.status, twin.outcome_on) == (RequestStatus.FOUND, DAY(2026, 3, 31))
    assert other.status == RequestStatus.OPEN
    assert [v.due_on for v in visible(manager, ReunificationVisit).filter(reunification=done)] == [
        DAY(2026, 4, 7),
        DAY(2026, 5, 31),
    ]


def test_the_visit_schedule_reads_weeks_days_and_months() -> None:
    assert schedule.due_dates(DAY(2026, 1, 31), "2w,1m,3m") == [
        DAY(2026, 2, 14),
        DAY(2026, 2, 28),
        DAY(2026, 4, 30),
    ]
    assert schedule.due_dates(DAY(2026, 1, 1), "10d") == [DAY(2026, 1, 11)]
    with pytest.raises(ValueError, match="not like"):
        schedule.parse("soon")


# --- overdue visits: flagged on the case and on the case manager's home page -------------------


def test_overdue_visits_are_flagged_on_the_case_and_the_home_page(world: World) -> None:
    manager = world.a.users[Role.CASE_MANAGER]
    section = selectors.case_tracing(manager, world.a.case)
    assert section["overdue"] == 2  # one month and three months after 10 February 2026
    overdue = selectors.overdue_visits_for(manager)
    assert _part(world, "visit_a") in overdue
    assert _part(world, "visit_done_a") not in overdue
    with translation.override("en"):
        titles = [str(card.title) for card in registry.home_cards(manager)]
    assert "Reunification visits overdue" in titles
    # the case page shows the section, with the overdue visits
    client = Client()
    client.force_login(manager)
    with translation.override("en"):
        page = client.get(reverse("cases:detail", args=[world.a.case.pk]))
    assert page.status_code == 200
    assert b"tracing-title" in page.content
    # the colleague of another case, the mentor: no card
    for user in (world.a.colleague, world.a.users[Role.COMMUNITY_MENTOR]):
        assert selectors.overdue_visits_for(user) == []


# --- pages and the API ---------------------------------------------------------------------------


def test_the_case_team_opens_a_request_on_a_phone_form(world: World) -> None:
    manager = world.a.users[Role.CASE_MANAGER]
    client = Client()
    client.force_login(manager)
    url = reverse("tracing:request_new", args=[world.a.case.pk])
    with transaction.atomic():
        form = client.get(url)
        assert form.status_code == 200
        assert b"?category=family_tracing" in form.content  # refer to a tracing service
        answer = client.post(
            url,
            {
                "sought_name": "Awa Diallo",
                "relationship": "mother",
                "sources": ["phone", "social_media"],
                "through": "own",
                "opened_on": "2026-03-01",
            },
        )
        assert answer.status_code == 302
        made = visible(manager, TracingRequest).get(sought_name="Awa Diallo")
        assert made.sources == ["phone", "social_media"]
        transaction.set_rollback(True)


def test_the_api_takes_only_a_family_tracing_referral_of_the_case(world: World) -> None:
    client = Client()
    client.force_login(world.a.users[Role.CASE_MANAGER])
    body = {
        "case": str(world.a.case.pk),
        "sought_name": "Awa",
        "relationship": "mother",
        "referral": str(world.referral_ab.pk),  # a referral of the case, to another service
    }
    with transaction.atomic():
        answer = client.post("/api/tracing/requests/", body, "application/json")
        assert answer.status_code == 400 and "referral" in answer.json()["error"]["fields"]
        transaction.set_rollback(True)


# --- the export and the indicators --------------------------------------------------------------


def test_the_export_gives_the_case_team_its_figures_and_others_nothing(world: World) -> None:
    group = next(g for g in case_export.groups() if g.name == "tracing")
    values = group.read(world.a.users[Role.CASE_MANAGER], world.a.case)
    assert values == {
        "tracing.open_requests": 1,
        "tracing.last_outcome": "found",
        "tracing.last_outcome_on": "2026-02-01",
        "tracing.reunified_on": "2026-02-10",
        "tracing.visits_done": 1,
        "tracing.visits_overdue": 2,
    }
    assert group.read(world.b.users[Role.CASE_MANAGER], world.a.case) == {}
    assert group.read(world.a.users[Role.COMMUNITY_MENTOR], world.a.case) == {}


def test_the_indicators_count_ones_own_organisation(world: World) -> None:
    officer = world.a.users[Role.ME_OFFICER]
    traced = indicators.get("tracing.families_traced").value(officer, "2026", by=("sex",))
    assert (traced.total, traced.cells) == (1, {("female",): 1})
    assert indicators.get("tracing.visits_done").value(officer, "2026").total == 1
    # a returnee's case, not a child's
    assert indicators.get("tracing.children_reunified").value(officer, "2026").total == 0
    focal_point = world.a.users[Role.MHPSS_FOCAL_POINT]
    assert indicators.get("tracing.visits_done").value(focal_point, "2026").total == 0


def test_the_persons_records_join_their_subject_access_export() -> None:
    exported = {model for model, _path in PERSON_RECORDS}
    assert set(RECORDS) <= exported


# --- the demo -----------------------------------------------------------------------------------


def test_the_demo_reunifies_fatou_with_her_aunt_and_leaves_a_request_open(
    world: World, rollback: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The demo's step on the access world's organisation A standing in for AIM-SN, with a
    child Fatou Diouf registered as the children's demo would (and her BID decided)."""
    from sutura.cases.services import lifecycle
    from sutura.people import services as people
    from sutura.people.consent import record_consent
    from sutura.tracing import demo

    a = world.a
    manager = a.users[Role.CASE_MANAGER]
    monkeypatch.setattr(demo, "ORGANISATION", a.organisation.acronym)
    # (the world's cases of A already have their tracing requests: no other one is opened)
    assert demo.seed_step(DemoContext(persons=0)).startswith("no child's case for Fatou Diouf")
    fatou = people.register_person(
        actor=manager, given_names="Fatou", family_name="Diouf", sex="female"
    )
    record_consent(
        actor=manager,
        person=fatou,
        purpose="registration",
        status="given",
        method="verbal",
        decided_on=DAY(2026, 1, 5),
    )
    case = lifecycle.open_case(
        actor=manager, person=fatou, case_type="uasc", opened_on=DAY(2026, 1, 10)
    )
    _bid(monkeypatch, decided=True)
    assert "Fatou Diouf" in demo.seed_step(DemoContext(persons=0))
    section = selectors.case_tracing(manager, case)
    (request,) = section["requests"]
    assert (request.relationship, request.status) == ("aunt_uncle", RequestStatus.FOUND)
    assert request.assessed[0].recommendation == "suitable"
    (reunification,) = section["reunifications"]
    assert reunification.reunified_on == timezone.localdate() - datetime.timedelta(days=60)
    assert [v.done_on is not None for v in reunification.all_visits] == [True, False, False]
    assert section["overdue"] == 1
    # a second run adds nothing
    before = TracingRequest.objects.count()
    demo.seed_step(DemoContext(persons=0))
    assert TracingRequest.objects.count() == before
