"""Adding to a case never conflicts with adding to it; editing one record twice still does.

Real concurrency: each thread is its own request on its own database connection, all released
at once by a barrier (transaction=True tests: the threads see each other's commits).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from rest_framework.test import APIClient

from sutura.accounts.roles import Role
from sutura.cases.models import Case, FollowUp, VulnerabilityScreening
from sutura.cases.services import lifecycle
from sutura.directory.models import Pathway, PathwayStep
from sutura.directory.services import pathways
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db(transaction=True)


def at_once(count: int, work: Callable[[int], Any]) -> list[Any]:
    """Run `work(i)` in `count` threads released together; their results in order."""
    barrier = threading.Barrier(count)
    results: list[Any] = [None] * count

    def run(index: int) -> None:
        try:
            barrier.wait()
            results[index] = work(index)
        except Exception as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def open_case(manager: Any) -> Case:
    person = PersonFactory.create(organisation=manager.organisation, registered_by=manager)
    record_consent(
        actor=manager,
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
    )
    return lifecycle.open_case(actor=manager, person=person, case_type="return_reintegration")


def api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_eight_follow_ups_posted_at_once_on_one_case_are_all_saved(users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = open_case(manager)
    today = timezone.localdate().isoformat()

    def post(index: int) -> int:
        body = {"case": str(case.pk), "happened_on": today, "type": "phone", "notes": f"n{index}"}
        return api(manager).post("/api/follow-ups/", body, format="json").status_code

    assert at_once(8, post) == [201] * 8
    assert FollowUp.objects.filter(case=case).count() == 8


def test_screenings_and_follow_ups_at_once_on_one_case_are_all_saved(users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = open_case(manager)
    today = timezone.localdate().isoformat()

    def post(index: int) -> int:
        if index % 2:
            body = {"case": str(case.pk), "happened_on": today, "type": "phone"}
            return api(manager).post("/api/follow-ups/", body, format="json").status_code
        screening = {"case": str(case.pk), "categories": ["medical"], "screened_on": today}
        return api(manager).post("/api/screenings/", screening, format="json").status_code

    assert at_once(6, post) == [201] * 6
    assert FollowUp.objects.filter(case=case).count() == 3
    assert VulnerabilityScreening.objects.filter(case=case).count() == 3


def test_two_edits_of_one_case_one_wins_the_other_gets_the_conflict_message(users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = open_case(manager)
    version = case.version

    def edit(index: int) -> Any:
        answer = api(manager).patch(
            f"/api/cases/{case.pk}/",
            {"version": version, "priority": [3, 4][index]},
            format="json",
        )
        return answer.status_code, answer.json()

    results = sorted(at_once(2, edit), key=lambda result: result[0])
    assert [code for code, _body in results] == [200, 409]
    assert results[1][1]["error"]["message"].startswith("Quelqu’un d’autre a enregistré")


def test_two_edits_of_one_pathway_step_one_wins_the_other_gets_the_conflict_message(users_a):
    coordinator = users_a[Role.NRM_COORDINATOR]
    pathway = Pathway.objects.create(need="vot", title_fr="Abri")
    step = pathways.add_step(actor=coordinator, pathway=pathway, data={"title_fr": "Appeler"})
    clients = [Client(), Client()]
    for client in clients:
        client.force_login(coordinator)
    url = f"/directory/pathways/{pathway.pk}/steps/{step.pk}/"

    def edit(index: int) -> Any:
        body = {"title_fr": f"Appeler {index}", "version": step.version}
        answer = clients[index].post(url, body)
        return answer.status_code, answer.content.decode()

    results = sorted(at_once(2, edit), key=lambda result: result[0])
    assert [code for code, _page in results] == [200, 302]
    assert "a enregistré cette fiche après" in results[0][1]  # the page says why, in French
    step = PathwayStep.objects.get(pk=step.pk)
    assert step.version == 2
    assert step.title_fr in {"Appeler 0", "Appeler 1"}
