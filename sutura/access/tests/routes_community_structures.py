"""The structures part's URLs in the URL × role matrix (records: `tests/world_parts/
community.py` and `community_structures.py`).

Committees, safe spaces (their attendance and checks) and initiatives are read by whoever sees
their community (its organisation's community roles, partners' community-role staff) and
written by its protection officer only (403 for the other readers); everyone else — mentors
and provider agents first — gets 404. Committee members are named: read by the owner's officer
and programme manager only (M&E officers and partners get the counts, and 404 on the names).
An outreach volunteer's page is for the protection officer of their organisation only."""

from __future__ import annotations

from typing import Any

from sutura.access.community import (
    community_standing,
    has_community_role,
    manages_communities,
    manages_outreach,
    record_community,
)
from sutura.access.tests.url_matrix import (
    MISSING,
    OK,
    Records,
    Route,
    a_form,
    api,
    api_post,
    gate,
    page,
    post,
    row_then_gate,
)
from tests.worlds import World


def _standing(user: Any, record: Any) -> Any:
    community = record if record.__class__.__name__ == "Community" else record_community(record)
    return community_standing(user, community)


def sees(user: Any, record: Any) -> bool:
    return _standing(user, record).sees


def edits(user: Any, record: Any) -> bool:
    return _standing(user, record).edits


def reads_names(user: Any, record: Any) -> bool:
    return _standing(user, record).reads_personal


def _officer(user: Any, world: World, record: Any) -> str:
    return OK if manages_communities(user) else MISSING


def _community_role(user: Any, world: World, record: Any) -> str:
    return OK if has_community_role(user) else MISSING


def _records(part: str, side_key: str, names: dict[str, str]) -> Records:
    def found(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        records = {}
        for side in ("a", "b"):
            record = world.parts[part][side][side_key]
            records[names[side]] = ({"pk": record.pk}, record)
        return records

    return found


communities = _records("community", "community", {"a": "A's community", "b": "B's community"})


def in_body(records: Records) -> Records:
    """The same records, named in the request's body (a list's POST) rather than its URL."""

    def found(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {label: ({}, record) for label, (_kwargs, record) in records(world).items()}

    return found


committees = _records("community", "committee", {"a": "A's committee", "b": "B's committee"})
members = _records("community", "member", {"a": "A's member", "b": "B's member"})
volunteers = _records(
    "community_structures", "volunteer", {"a": "A's volunteer", "b": "B's volunteer"}
)
spaces = _records(
    "community_structures", "space", {"a": "A's space (managed by B)", "b": "B's space"}
)
checks = _records("community_structures", "check", {"a": "A's check", "b": "B's check"})
initiatives = _records(
    "community_structures", "initiative", {"a": "A's initiative", "b": "B's initiative"}
)

SEES = gate(row=sees)
EDITS = row_then_gate(sees, edits)
NAMES = gate(row=reads_names)
SUPERVISES = gate(row=manages_outreach)


def _with_community(extra: dict[str, Any]) -> Any:
    return lambda world, record: {"community": str(record.pk), **extra}


COMMITTEE = {"kind": "network", "name": "Réseau des jeunes"}
MEMBER = {
    "name": "Aminata Diallo",
    "role": "Membre",
    "sex": "female",
    "age_group": "18_24",
    "since": "2026-03-01",
}
SPACE_OF = lambda world, record: {  # noqa: E731 - the data of one request
    "community": str(record.pk),
    "kind": "cfs",
    "name": "Espace ami des enfants",
    "location": str(record.location_id),
    "managing_partner": str(record.organisation_id),
}
MONTH = {"month": "2026-01-01", "cells": [{"sex": "male", "age_group": "0_11", "count": 12}]}
CHECK = {"checked_on": "2026-03-01", "answers": []}  # refused (400): every item is due
INITIATIVE = {"title": "Jardin communautaire", "objective": "Revenus des jeunes"}

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "community:structures": page(SEES, communities, audited=False),
    "community:committee_new": a_form(page(EDITS, communities, audited=False)),
    "community:committee": page(SEES, committees, audited=False),
    "community:committee_edit": a_form(page(EDITS, committees, audited=False)),
    "community:member_new": a_form(page(EDITS, committees, audited=False)),
    "community:member_edit": a_form(page(row_then_gate(reads_names, edits), members)),
    "community:outreach_new": a_form(page(_officer, audited=False)),
    "community:outreach": page(SUPERVISES, volunteers),
    "community:outreach_note": post(
        SUPERVISES, volunteers, data={"noted_on": "2026-03-05", "text": "Visite de suivi"}
    ),
    "community:safe_space_new": a_form(page(EDITS, communities, audited=False)),
    "community:safe_space": page(SEES, spaces, audited=False),
    "community:safe_space_edit": a_form(page(EDITS, spaces, audited=False)),
    "community:safe_space_attendance": a_form(page(EDITS, spaces, audited=False)),
    "community:safety_check_new": a_form(page(EDITS, spaces, audited=False)),
    "community:safety_check": page(SEES, checks, audited=False),
    "community:safety_check_follow_up": post(
        EDITS, checks, data={"follow_up_status": "in_progress", "version": 1}
    ),
    "community:initiative_new": a_form(page(EDITS, communities, audited=False)),
    "community:initiative": page(SEES, initiatives, audited=False),
    "community:initiative_edit": a_form(page(EDITS, initiatives, audited=False)),
    # --- the API
    "api-community-committee-list": (
        api(_community_role),
        api_post(EDITS, in_body(communities), data=_with_community(COMMITTEE)),
    ),
    "api-community-committee-detail": (
        api(SEES, committees, audited=False),
        Route(EDITS, committees, method="patch", api=True, data={"version": 1}),
    ),
    "api-community-committee-members": (
        api(NAMES, committees),
        api_post(row_then_gate(reads_names, edits), committees, data=MEMBER),
    ),
    "api-community-safe-space-list": (
        api(_community_role),
        api_post(EDITS, in_body(communities), data=SPACE_OF),
    ),
    "api-community-safe-space-detail": (
        api(SEES, spaces, audited=False),
        Route(EDITS, spaces, method="patch", api=True, data={"version": 1}),
    ),
    "api-community-safe-space-attendance": (
        api(SEES, spaces, audited=False),
        api_post(EDITS, spaces, data=MONTH),
    ),
    "api-community-safe-space-checks": (
        api(SEES, spaces, audited=False),
        api_post(EDITS, spaces, data=CHECK),
    ),
    "api-community-initiative-list": (
        api(_community_role),
        api_post(EDITS, in_body(communities), data=_with_community(INITIATIVE)),
    ),
    "api-community-initiative-detail": (
        api(SEES, initiatives, audited=False),
        Route(EDITS, initiatives, method="patch", api=True, data={"version": 1}),
    ),
}
