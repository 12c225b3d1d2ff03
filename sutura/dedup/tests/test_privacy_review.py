"""Privacy review of issue 19: what another organisation's reviewer, or anybody, learns from
the duplicate pages and API about files they may not open (nothing), and that each refusal is
in the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sutura.access.people import works_on_person
from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from tests.worlds import World

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_another_organisations_reviewer_gets_404_everywhere_and_the_refusal_is_audited(
    world: World,
) -> None:
    stranger = world.b.users[Role.PROGRAMME_MANAGER]
    client = _client(stranger)
    part = world.parts["dedup_review"]
    proposal, merge = part["proposal_a"], part["merge_a"]
    pages = [
        reverse("dedup:pair", args=[proposal.pk]),
        reverse("dedup:merge_detail", args=[merge.pk]),
        reverse("api-dedup-proposal-detail", args=[proposal.pk]),
        reverse("api-dedup-merge-detail", args=[merge.pk]),
    ]
    for url in pages:
        answer = client.get(url)
        assert answer.status_code == 404, url
        text = answer.content.decode()
        for theirs in (str(world.a.person.pk), str(merge.kept_id), str(merge.merged_id), "Sarr"):
            assert theirs not in text
    refused = AuditEntry.objects.filter(action=Action.REFUSED, actor=stranger)
    assert {str(proposal.pk), str(merge.pk)} <= set(refused.values_list("object_id", flat=True))
    # Naming A's files in a merge or a decision: 404, and nothing of them in the answer.
    for url, data in (
        (reverse("api-dedup-merge-list"), {"kept": merge.kept_id, "merged": part["twin_a"].pk}),
        (
            reverse("api-dedup-decision-list"),
            {"first": world.a.person.pk, "second": part["twin_a"].pk},
        ),
    ):
        answer = client.post(
            url, {**{k: str(v) for k, v in data.items()}, "reason": "x"}, "application/json"
        )
        assert answer.status_code == 404, answer.content
        assert "Sarr" not in answer.content.decode()


def test_a_merged_files_old_address_points_to_the_kept_file_only_for_who_may_open_it(
    world: World,
) -> None:
    merge = world.parts["dedup_review"]["merge_a"]
    url = reverse("people:detail", args=[merge.merged_id])
    kept = reverse("people:detail", args=[merge.kept_id])
    for user in [*world.a.users.values(), *world.b.users.values()]:
        answer = _client(user).get(url)
        if works_on_person(user, merge.kept):
            assert answer.status_code == 410 and kept in answer.content.decode()
        else:  # the ordinary 404: nothing learned of either file
            assert answer.status_code == 404 and str(merge.kept_id) not in answer.content.decode()
    assert _client(world.a.users[Role.PROGRAMME_MANAGER]).get(url).status_code == 410
    assert (
        _client(world.a.users[Role.PROGRAMME_MANAGER])
        .get(reverse("people:detail", args=[merge.kept_id]))
        .status_code
        == 200
    )
