"""The duplicates API: same services, same access rules as the pages."""

from __future__ import annotations

from typing import Any

import pytest
from rest_framework.test import APIClient

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.dedup.models import DedupRun, Merge, PairDecision, Proposal, ProposalStatus
from sutura.people import services as people
from sutura.people.models import Person
from tests.worlds import World

pytestmark = pytest.mark.django_db


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def _pair(world: World) -> Proposal:
    reviewer = world.a.users[Role.PROGRAMME_MANAGER]
    twin = people.register_person(
        actor=reviewer, given_names="Aminata", family_name="Ndiay", sex="female"
    )
    run = DedupRun.objects.create(organisation=world.a.organisation, started_by=reviewer)
    first, second = sorted((world.a.person, twin), key=lambda p: p.pk)
    return Proposal.objects.create(
        organisation=world.a.organisation,
        run=run,
        first=first,
        second=second,
        probability=0.9,
        reasons=["same_phone"],
    )


def test_proposals_are_listed_with_their_reasons(world: World) -> None:
    proposal = _pair(world)
    answer = _api(world.a.users[Role.PROGRAMME_MANAGER]).get("/api/duplicates/proposals/")
    assert answer.status_code == 200
    rows = {row["id"]: row for row in answer.json()["results"]}
    assert rows[str(proposal.pk)]["reasons"] == ["same_phone"]
    assert (
        _api(world.b.users[Role.PROGRAMME_MANAGER])
        .get(f"/api/duplicates/proposals/{proposal.pk}/")
        .status_code
        == 404
    )


def test_merge_and_undo_through_the_api(world: World) -> None:
    proposal = _pair(world)
    client = _api(world.a.users[Role.PROGRAMME_MANAGER])
    twin = proposal.second_id if proposal.first_id == world.a.person.pk else proposal.first_id
    body = {
        "kept": str(twin),
        "merged": str(world.a.person.pk),
        "proposal": str(proposal.pk),
        "reason": "Même téléphone",
    }
    made = client.post("/api/duplicates/merges/", body, format="json")
    assert made.status_code == 201, made.json()
    assert made.json()["moved"]
    assert Person.objects.get(pk=world.a.person.pk).merged_into_id == twin
    again = client.post("/api/duplicates/merges/", body, format="json")
    assert again.status_code in (404, 409)  # the merged file is hidden by now
    merge_id = made.json()["id"]
    undone = client.post(f"/api/duplicates/merges/{merge_id}/undo/", {"reason": "Erreur"})
    assert undone.status_code == 200
    twice = client.post(f"/api/duplicates/merges/{merge_id}/undo/", {"reason": "Erreur"})
    assert twice.status_code == 409
    assert Merge.objects.get(pk=merge_id).undone_at is not None


def test_a_merge_through_the_api_takes_the_details_chosen(world: World) -> None:
    proposal = _pair(world)
    client = _api(world.a.users[Role.PROGRAMME_MANAGER])
    person = world.a.person
    twin = proposal.second if proposal.first_id == person.pk else proposal.first
    body = {
        "kept": str(twin.pk),
        "merged": str(person.pk),
        "reason": "Même passeport",
        "choices": {"name": "merged", "eyes": "kept"},
    }
    refused = client.post("/api/duplicates/merges/", body, format="json")
    assert refused.status_code == 400 and "eyes" in str(refused.json())
    body["choices"] = {"name": "merged", "sex": "sideways"}
    assert client.post("/api/duplicates/merges/", body, format="json").status_code == 400
    body["choices"] = {"name": "merged"}
    made = client.post("/api/duplicates/merges/", body, format="json")
    assert made.status_code == 201, made.json()
    assert Person.objects.get(pk=twin.pk).family_name == person.family_name


def test_files_of_another_organisation_are_not_found(world: World) -> None:
    body = {"kept": str(world.a.person.pk), "merged": str(world.b.person.pk), "reason": "x"}
    answer = _api(world.a.users[Role.PROGRAMME_MANAGER]).post(
        "/api/duplicates/merges/", body, format="json"
    )
    assert answer.status_code == 404


def test_a_decision_through_the_api_closes_the_proposal(world: World) -> None:
    proposal = _pair(world)
    client = _api(world.a.users[Role.PROGRAMME_MANAGER])
    made = client.post("/api/duplicates/decisions/", {"proposal": str(proposal.pk)})
    assert made.status_code == 201
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOT_DUPLICATE
    listed = client.get("/api/duplicates/decisions/").json()["results"]
    assert made.json()["id"] in {row["id"] for row in listed}
    assert (
        client.post("/api/duplicates/decisions/", {"proposal": str(proposal.pk)}).status_code == 409
    )


def test_a_decision_is_read_and_withdrawn_through_the_api(world: World) -> None:
    proposal = _pair(world)
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    client = _api(manager)
    made = client.post("/api/duplicates/decisions/", {"proposal": str(proposal.pk)}).json()
    url = f"/api/duplicates/decisions/{made['id']}/"
    read = client.get(url)
    assert read.status_code == 200
    assert {read.json()["first"], read.json()["second"]} == {
        str(proposal.first_id),
        str(proposal.second_id),
    }
    reads = AuditEntry.objects.filter(
        action=Action.READ,
        actor=manager,
        object_id__in=[str(proposal.first_id), str(proposal.second_id)],
    )
    assert reads.count() == 2
    other = _api(world.b.users[Role.PROGRAMME_MANAGER])
    assert other.get(url).status_code == 404
    assert other.post(f"{url}withdraw/", {"reason": "x"}).status_code == 404
    assert _api(world.a.users[Role.CASE_MANAGER]).get(url).status_code == 403

    assert client.post(f"{url}withdraw/", {}).status_code == 400
    withdrawn = client.post(f"{url}withdraw/", {"reason": "Même passeport"})
    assert withdrawn.status_code == 200, withdrawn.json()
    assert withdrawn.json() == {"id": made["id"], "proposals_reopened": 1}
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN
    assert PairDecision.objects.get(pk=made["id"]).withdrawn_at is not None
    read = client.get(url).json()
    assert read["withdrawn_at"] and read["withdraw_reason"] == "Même passeport"
    assert made["id"] not in {
        row["id"] for row in client.get("/api/duplicates/decisions/").json()["results"]
    }
    assert client.post(f"{url}withdraw/", {"reason": "Encore"}).status_code == 409


def test_a_case_manager_may_not(world: World) -> None:
    assert _api(world.a.users[Role.CASE_MANAGER]).get("/api/duplicates/merges/").status_code == 403
