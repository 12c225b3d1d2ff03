"""The communities part's URLs in the URL × role matrix (records: `tests/world_parts/
community_communities.py`).

Users without a community role (mentors, provider agents, case managers…) get 404 everywhere.
A community is read by whoever stands on it (its organisation's officers, programme managers
and M&E officers, a partner's staff); it is edited by its organisation's protection officer
(404 for the others). Key informants are listed (API) only to those who read personal rows.
"""

from __future__ import annotations

from typing import Any

from sutura.access.community import community_standing, has_community_role, manages_communities
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Route,
    a_form,
    api,
    api_post,
    page,
)
from tests.worlds import World

KINDS = ("flows", "notes", "groups", "services", "interviews")


def _part(world: World) -> dict[str, Any]:
    return world.parts["community_communities"]


def communities(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        f"community {side}": (
            {"pk": _part(world)[side]["community"].pk},
            _part(world)[side]["community"],
        )
        for side in ("a", "b")
    }


def entry_pages(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = {}
    for side in ("a", "b"):
        for kind in KINDS:
            entry = _part(world)[side][kind]
            found[f"{kind} {side}"] = (
                {"pk": entry.community_id, "kind": kind, "entry": entry.pk},
                entry,
            )
    return found


def new_entry_pages(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = {}
    for side in ("a", "b"):
        community = _part(world)[side]["community"]
        for kind in ("flows", "interviews"):
            found[f"{kind} {side}"] = ({"pk": community.pk, "kind": kind}, community)
    return found


def api_entries(kind: str) -> Any:
    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {
            f"{kind} {side}": (
                {"community_pk": _part(world)[side]["community"].pk},
                _part(world)[side]["community"],
            )
            for side in ("a", "b")
        }

    return records


def api_entry(kind: str) -> Any:
    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        return {
            f"{kind} {side}": (
                {
                    "community_pk": _part(world)[side]["community"].pk,
                    "pk": _part(world)[side][kind].pk,
                },
                _part(world)[side][kind],
            )
            for side in ("a", "b")
        }

    return records


def _community_of(record: Any) -> Any:
    return getattr(record, "community", record)


def role(user: Any, world: World, record: Any) -> str:
    return OK if has_community_role(user) else MISSING


def officer(user: Any, world: World, record: Any) -> str:
    return OK if manages_communities(user) else MISSING


def api_opens(user: Any, world: World, record: Any) -> str:
    """The role first (404), then the officer's permission (403)."""
    if not has_community_role(user):
        return MISSING
    return OK if manages_communities(user) else FORBIDDEN


def sees(user: Any, world: World, record: Any) -> str:
    return OK if community_standing(user, _community_of(record)).sees else MISSING


def edits(user: Any, world: World, record: Any) -> str:
    return OK if community_standing(user, _community_of(record)).edits else MISSING


def reads_personal(user: Any, world: World, record: Any) -> str:
    return OK if community_standing(user, _community_of(record)).reads_personal else MISSING


def _new_community(world: World, record: Any) -> dict[str, Any]:
    return {"name": "Nouvelle communauté", "location": world.a.organisation.country_id}


# A decision rests on every active criterion's score (the criteria seeded by migration 0002).
CRITERIA = ("migration_pressure", "protection_risks", "returnee_presence", "service_gaps",
            "access_security", "community_engagement", "partner_presence")  # fmt: skip
SELECTION = {
    "status": "not_selected",
    "rationale": "Accès difficile",
    "scores": dict.fromkeys(CRITERIA, 2),
}
FLOW = {
    "period_start": "2025-07-01",
    "period_end": "2025-12-31",
    "direction": "departures",
    "estimated_number": 40,
    "reliability": "low",
    "source": "Chef de village",
}
ENTRY_DATA: dict[str, dict[str, Any]] = {
    "flows": FLOW,
    "notes": {"topic": "security", "text": "Tensions", "source": "Focus group"},
    "groups": {"kind": "women", "name": "Association", "source": "Focus group"},
    "services": {"name": "École", "source": "Observation"},
    "interviews": {
        "informant_role": "Sage-femme",
        "held_on": "2026-03-04",
        "source": "Entretien",
    },
}


def _api_routes() -> dict[str, Route | tuple[Route, ...]]:
    found: dict[str, Route | tuple[Route, ...]] = {}
    for kind in KINDS:
        found[f"api-community-{kind}-list"] = (
            api(reads_personal if kind == "interviews" else sees, api_entries(kind)),
            api_post(edits, api_entries(kind), data=ENTRY_DATA[kind]),
        )
        found[f"api-community-{kind}-detail"] = Route(
            edits, api_entry(kind), method="patch", api=True, data={"version": 1}
        )
    return found


ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "community:communities": page(role),
    "community:community_create": a_form(page(officer, audited=False)),
    "community:community": page(sees, communities, audited=False),
    "community:community_edit": a_form(page(edits, communities, audited=False)),
    "community:community_selection": a_form(page(edits, communities, audited=False)),
    "community:diagnosis": page(sees, communities),
    "community:diagnosis_report": page(sees, communities),
    "community:diagnosis_entry_create": a_form(page(edits, new_entry_pages, audited=False)),
    "community:diagnosis_entry_edit": a_form(page(edits, entry_pages, audited=False)),
    "community:community_meeting": a_form(page(edits, communities, audited=False)),
    "api-community-list": (
        api(role),
        api_post(api_opens, data=_new_community),
    ),
    "api-community-detail": (
        api(sees, communities, audited=False),
        Route(edits, communities, method="patch", api=True, data={"version": 1}),
    ),
    "api-community-selection": api_post(edits, communities, data=SELECTION),
    **_api_routes(),
}
