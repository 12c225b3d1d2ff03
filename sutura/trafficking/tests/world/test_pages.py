"""The trafficking pages and API as a case manager uses them: the section on the case page,
the identification checklist by group, the risk assessment with its safety plan, the
cooperation decision; one record's page and who may read it; the export fields and the
indicator."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.core import case_export, indicators
from sutura.trafficking.models import (
    Confidentiality,
    Identification,
    LawEnforcementCooperation,
    RiskAssessment,
)
from tests.worlds import World

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def rolled_back() -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _part(world: World, name: str) -> Any:
    return world.parts["trafficking"][name]


def test_the_case_page_shows_the_section_with_what_each_reader_reads(
    world: World, client: Any
) -> None:
    b = world.b
    url = reverse("cases:detail", args=[b.case.pk])
    client.force_login(b.users[Role.CASE_MANAGER])
    page = client.get(url).content.decode()
    assert reverse("trafficking:identify", args=[b.case.pk]) in page
    assert str(_part(world, "risk_b").pk) in page  # restricted: the case manager reads it
    client.force_login(b.colleague)
    page = client.get(url).content.decode()
    assert str(_part(world, "identification_b").pk) in page
    assert str(_part(world, "risk_b").pk) not in page
    # the mentor's minimal profile has no such section
    client.force_login(world.a.users[Role.COMMUNITY_MENTOR])
    page = client.get(reverse("cases:detail", args=[world.a.case.pk])).content.decode()
    assert "trafficking" not in page


def test_the_identification_form_lists_the_checklist_by_group_and_records(
    world: World, client: Any, rolled_back: None
) -> None:
    a = world.a
    client.force_login(a.users[Role.CASE_MANAGER])
    client.cookies["django_language"] = "en"
    url = reverse("trafficking:identify", args=[a.case.pk])
    page = client.get(url).content.decode()
    for group in ("Recruitment", "Movement", "Exploitation", "Control"):
        assert f"<h2>{group}</h2>" in page
    assert page.count('type="radio" name="answer_') == 16 * 3
    data = {f"answer_{key}": "no" for key in ("deceived_job", "forced_work")}
    data |= {
        "answer_forced_work": "yes",
        "status": "presumed",
        "identified_on": TODAY.isoformat(),
        "confidentiality": "restricted",
    }
    response = client.post(url, data)
    assert response.status_code == 200  # the other answers are required (unknown by default)
    from sutura.trafficking.selectors import current_items

    data |= {f"answer_{item.key}": "unknown" for item in current_items()}
    data["answer_forced_work"] = "yes"
    response = client.post(url, data)
    assert response.status_code == 302
    found = Identification.objects.filter(case=a.case).latest("created_at")
    assert found.answers["forced_work"] == "yes" and found.recorded_by == a.users[Role.CASE_MANAGER]
    assert client.get(response["Location"]).status_code == 200


def test_the_risk_form_refuses_a_high_risk_without_a_plan_then_records_it(
    world: World, client: Any, rolled_back: None
) -> None:
    a = world.a
    client.force_login(a.users[Role.CASE_MANAGER])
    url = reverse("trafficking:assess", args=[a.case.pk])
    data = {
        "assessed_on": TODAY.isoformat(),
        "re_trafficking": "high",
        "trafficker_threats": "low",
        "family_risk": "low",
        "confidentiality": "restricted",
    }
    assert client.post(url, data).status_code == 200
    review = (TODAY + datetime.timedelta(days=30)).isoformat()
    response = client.post(url, data | {"measures": ["change_phone"], "review_on": review})
    assert response.status_code == 302
    found = RiskAssessment.objects.filter(case=a.case).latest("created_at")
    assert found.safety_plan.measures == ["change_phone"]


def test_the_cooperation_form_says_assistance_never_depends_on_it(
    world: World, client: Any, rolled_back: None
) -> None:
    b = world.b
    client.force_login(b.colleague)  # records for the case team: the only choice offered
    client.cookies["django_language"] = "en"
    url = reverse("trafficking:cooperation", args=[b.case.pk])
    page = client.get(url).content.decode()
    assert "never depends" in page and 'value="restricted"' not in page
    data = {"decision": "does_not_wish", "decided_on": TODAY.isoformat()}
    response = client.post(url, data | {"confidentiality": "case_team"})
    assert response.status_code == 302
    assert LawEnforcementCooperation.objects.filter(case=b.case, decision="does_not_wish").exists()


def test_the_case_manager_opens_a_record_to_the_team_a_colleague_may_not(
    world: World, client: Any, rolled_back: None
) -> None:
    b = world.b
    record = _part(world, "identification_b")
    url = reverse("trafficking:confidentiality", args=["identification", record.pk])
    client.force_login(b.colleague)
    assert client.post(url, {"confidentiality": "restricted", "version": 1}).status_code == 403
    client.force_login(b.users[Role.CASE_MANAGER])
    response = client.post(url, {"confidentiality": "restricted", "version": record.version})
    assert response.status_code == 302
    record.refresh_from_db()
    assert record.confidentiality == Confidentiality.RESTRICTED


def test_the_api_creates_and_reads_each_record(
    world: World, client: Any, rolled_back: None
) -> None:
    a = world.a
    client.force_login(a.users[Role.CASE_MANAGER])
    items = client.get(reverse("api-trafficking-checklist-list")).json()
    assert len(items) == 16
    created = client.post(
        reverse("api-trafficking-risk-list"),
        {
            "case": str(a.case.pk),
            "re_trafficking": "high",
            "trafficker_threats": "medium",
            "family_risk": "low",
            "safety_plan": {"measures": ["relocation"], "review_on": TODAY.isoformat()},
        },
        content_type="application/json",
    )
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["confidentiality"] == "restricted"
    assert body["safety_plan"]["measures"] == ["relocation"]
    detail = client.get(reverse("api-trafficking-risk-detail", args=[body["id"]]))
    assert detail.json()["safety_plan"]["review_on"] == TODAY.isoformat()
    created = client.post(
        reverse("api-trafficking-identification-list"),
        {"case": str(a.case.pk), "answers": {"forced_work": "yes"}, "status": "presumed"},
        content_type="application/json",
    )
    assert created.status_code == 201 and created.json()["answers"]["forced_work"] == "yes"
    refused = client.post(
        reverse("api-trafficking-cooperation-list"),
        {"case": str(a.case.pk), "decision": "maybe"},
        content_type="application/json",
    )
    assert refused.status_code == 400


def test_the_export_gives_only_what_the_reader_reads(world: World) -> None:
    group = {g.name: g for g in case_export.groups()}["trafficking"]
    b = world.b
    full = group.read(b.users[Role.CASE_MANAGER], b.case)
    assert full["trafficking.status"] == "presumed"
    assert full["trafficking.re_trafficking_risk"] == "high"
    assert full["trafficking.safety_plan_review_on"] == "2099-01-01"
    # B's colleague: the team identification, not the restricted assessment or its plan
    partial = group.read(b.colleague, b.case)
    assert set(partial) == {"trafficking.status", "trafficking.identified_on"}
    assert group.read(world.a.users[Role.CASE_MANAGER], b.case) == {}


def test_the_indicator_counts_victims_by_status_sex_and_age(world: World) -> None:
    indicator = indicators.get("trafficking.victims_identified")
    start, end = TODAY - datetime.timedelta(days=1), TODAY
    counted = indicator.value(world.a.users[Role.ME_OFFICER], start, end)
    assert counted["total"] == 1
    assert counted["by_status"] == {"presumed": 1} and counted["by_sex"] == {"female": 1}
    assert counted["by_age_group"] == {"18_59": 1}
    assert indicator.value(world.a.users[Role.CASE_MANAGER], start, end)["total"] == 0
    assert indicator.value(world.a.users[Role.ME_OFFICER], start, start)["total"] == 0
