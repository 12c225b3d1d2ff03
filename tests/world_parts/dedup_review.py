"""The duplicate review part of the access world (through the services):

- `proposal_a`, `proposal_b`: an open proposal on each side, between the side's person and a
  second file of her registered by the side's programme manager (`twin_a`, `twin_b`);
- `merge_a`, `merge_b`: a merge on each side of two more files registered by its programme
  manager (no records: the world's cases stay where they are);
- `decision_a`, `decision_b`: a "not the same person" on each side, made without a proposal,
  on two more files of its programme manager.
"""

from __future__ import annotations

from typing import Any

from sutura.accounts.roles import Role
from sutura.dedup.models import DedupRun, Proposal
from sutura.dedup.services.decisions import mark_not_duplicate
from sutura.dedup.services.merges import merge_persons
from sutura.people import services as people


def _side(side: Any, letter: str) -> dict[str, Any]:
    reviewer = side.users[Role.PROGRAMME_MANAGER]

    def register(given: str, family: str) -> Any:
        return people.register_person(
            actor=reviewer, given_names=given, family_name=family, sex="female"
        )

    twin = register("Aminata", f"{side.person.family_name}e")
    run = DedupRun.objects.create(organisation=side.organisation, started_by=reviewer)
    first, second = sorted((side.person, twin), key=lambda person: person.pk)
    proposal = Proposal.objects.create(
        organisation=side.organisation,
        run=run,
        first=first,
        second=second,
        probability=0.96,
        reasons=["same_phone", "name_variant"],
    )
    kept, merged = register("Awa", "Sarr"), register("Awa", "Sar")
    merge = merge_persons(actor=reviewer, kept=kept, merged=merged, reason="Même personne")
    decision = mark_not_duplicate(
        actor=reviewer,
        first=register("Khady", "Faye"),
        second=register("Khadija", "Faye"),
        reason="Deux cousines",
    )
    return {
        f"twin_{letter}": twin,
        f"proposal_{letter}": proposal,
        f"merge_{letter}": merge,
        f"decision_{letter}": decision,
    }


def build(world: Any) -> dict[str, Any]:
    return {**_side(world.a, "a"), **_side(world.b, "b")}
