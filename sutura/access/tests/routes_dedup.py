"""The duplicate review URLs in the URL × role matrix (records: world part `dedup_review`).

Every page and endpoint is for the organisation's reviewers (`Perm.REVIEW_DUPLICATES`:
programme managers; 403 for everyone else); another organisation's proposal or merge is not
found (404): a pair is seen only when both files are (`access.dedup`).
"""

from __future__ import annotations

from typing import Any

from sutura.access.tests.url_matrix import Route, about, api, api_post, gate, in_view, page, post
from sutura.accounts.roles import Perm
from sutura.dedup.models import Merge, PairDecision, Proposal
from tests.worlds import World

REVIEWS = gate(Perm.REVIEW_DUPLICATES)
SEES_PROPOSAL = gate(Perm.REVIEW_DUPLICATES, row=in_view(Proposal))
SEES_MERGE = gate(Perm.REVIEW_DUPLICATES, row=in_view(Merge))
SEES_DECISION = gate(Perm.REVIEW_DUPLICATES, row=in_view(PairDecision))


def _proposals(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["dedup_review"]
    return {
        f"proposal {s}": ({"pk": found[f"proposal_{s}"].pk}, found[f"proposal_{s}"]) for s in "ab"
    }


def _merges(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["dedup_review"]
    return {f"merge {s}": ({"pk": found[f"merge_{s}"].pk}, found[f"merge_{s}"]) for s in "ab"}


def _decisions(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = world.parts["dedup_review"]
    return {
        f"decision {s}": ({"pk": found[f"decision_{s}"].pk}, found[f"decision_{s}"]) for s in "ab"
    }


def _merge_page(world: World, proposal: Any) -> dict[str, Any]:
    return {"kept": str(proposal.first_id), "reason": "Même téléphone, même village."}


def _merge_api(world: World, proposal: Any) -> dict[str, Any]:
    return {
        "kept": str(proposal.first_id),
        "merged": str(proposal.second_id),
        "proposal": str(proposal.pk),
        "reason": "Même téléphone, même village.",
    }


def _decision_api(world: World, proposal: Any) -> dict[str, Any]:
    return {"proposal": str(proposal.pk), "reason": "Deux sœurs."}


def _undo(world: World, merge: Any) -> dict[str, Any]:
    return {"reason": "Deux personnes différentes."}


ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "dedup:queue": page(REVIEWS),
    "dedup:pair": page(SEES_PROPOSAL, _proposals),
    "dedup:merge": post(SEES_PROPOSAL, _proposals, data=_merge_page),
    "dedup:not_duplicate": post(SEES_PROPOSAL, _proposals, data={"reason": "Deux sœurs."}),
    # (the world's proposals stand undecided: the reviewer is answered "nothing to withdraw")
    "dedup:withdraw": post(SEES_PROPOSAL, _proposals, data={"reason": "Même passeport."}),
    "dedup:decisions": page(REVIEWS),
    "dedup:decision": page(SEES_DECISION, _decisions),
    "dedup:decision_withdraw": post(SEES_DECISION, _decisions, data={"reason": "Même passeport."}),
    "dedup:merges": page(REVIEWS),
    "dedup:merge_detail": page(SEES_MERGE, _merges),
    "dedup:undo": post(SEES_MERGE, _merges, data=_undo),
    "api-dedup-proposal-list": api(REVIEWS),
    "api-dedup-proposal-detail": api(SEES_PROPOSAL, _proposals),
    "api-dedup-decision-list": (
        api(REVIEWS),
        api_post(SEES_PROPOSAL, about(_proposals), data=_decision_api),
    ),
    "api-dedup-decision-detail": api(SEES_DECISION, _decisions),
    "api-dedup-decision-withdraw": api_post(
        SEES_DECISION, _decisions, data={"reason": "Même passeport."}
    ),
    "api-dedup-merge-list": (
        api(REVIEWS),
        api_post(SEES_PROPOSAL, about(_proposals), data=_merge_api),
    ),
    "api-dedup-merge-detail": api(SEES_MERGE, _merges),
    "api-dedup-merge-undo": api_post(SEES_MERGE, _merges, data=_undo),
}
