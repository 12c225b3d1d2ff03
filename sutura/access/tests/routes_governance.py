"""Governance's URLs in the URL × role matrix (records: `tests/world_parts/governance.py`).

Protocol and membership pages: `view_governance` reads (403 otherwise), `manage_governance`
(the NRM coordinator) writes. Committees: whoever is not part of a committee (nor a
coordinator) gets 404 on it; keeping it (members, meetings) then needs the chair, the
secretariat or a coordinator (403)."""

from __future__ import annotations

from typing import Any

from sutura.access import can
from sutura.access.governance import committee_standing
from sutura.access.tests.url_matrix import (
    Records,
    a_form,
    api,
    api_post,
    gate,
    page,
    post,
    row_then_gate,
    signed_in,
)
from sutura.accounts.roles import Perm
from sutura.governance.selectors.protocols import membership

VIEW = gate(Perm.VIEW_GOVERNANCE)
MANAGE = gate(Perm.MANAGE_GOVERNANCE)
# A record of governance: an account without an organisation sees none (fail closed).
VIEW_ROW = gate(Perm.VIEW_GOVERNANCE, row=lambda user, record: user.organisation_id is not None)


def reads_version(user: Any, version: Any) -> bool:
    """A draft or a version under review: the coordinator and members' staff only."""
    if user.organisation_id is None:
        return False
    if version.status not in ("draft", "under_review"):
        return True
    return can(user, Perm.MANAGE_GOVERNANCE) or membership(user.organisation_id).is_member


VERSION = gate(Perm.VIEW_GOVERNANCE, row=reads_version)


def part(*names: str) -> Records:
    def records(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
        found = world.parts["governance"]
        return {name: ({"pk": found[name].pk}, found[name]) for name in names}

    return records


def sees(user: Any, committee: Any) -> bool:
    return committee_standing(user, committee).sees


def keeps(user: Any, committee: Any) -> bool:
    return committee_standing(user, committee).records


COMMITTEE = row_then_gate(sees, keeps)
SEAT = row_then_gate(lambda u, m: sees(u, m.committee), lambda u, m: keeps(u, m.committee))


def organisations(world: Any) -> dict[str, tuple[dict[str, Any], Any]]:
    return {
        "member A": ({"pk": world.a.organisation.pk}, world.a.organisation),
        "outside C": ({"pk": world.outside_agent.organisation.pk}, None),
    }


def outsider_signs(world: Any, record: Any) -> dict[str, Any]:
    return {"organisation": str(world.outside_agent.organisation_id), "signed_on": "2025-01-02"}


ROUTES = {
    # --- the data-sharing protocol and NRM membership (not personal data: no audit trace)
    "governance:membership": page(VIEW, audited=False),
    "governance:protocols": page(VIEW, audited=False),
    "governance:protocol_new": a_form(page(MANAGE, audited=False)),
    "governance:protocol": page(VIEW_ROW, part("protocol"), audited=False),
    "governance:version_new": a_form(page(MANAGE, part("protocol"), audited=False)),
    "governance:version": page(VERSION, part("version", "draft"), audited=False),
    "governance:version_edit": a_form(page(MANAGE, part("draft"), audited=False)),
    "governance:version_step": post(MANAGE, part("draft"), data={"to_status": "under_review"}),
    "governance:version_upload": post(MANAGE, part("version")),
    "governance:version_pdf": page(VIEW_ROW, part("version"), audited=False),
    "governance:signature_new": a_form(page(MANAGE, part("version"), audited=False)),
    "governance:signature_end": a_form(page(MANAGE, part("signature"), audited=False)),
    # --- committees: members and coordinators only
    "governance:committees": page(signed_in, audited=False),
    "governance:committee_new": a_form(page(MANAGE, audited=False)),
    "governance:committee": page(gate(row=sees), part("committee")),
    "governance:committee_terms": a_form(
        page(
            row_then_gate(sees, lambda user, _committee: can(user, Perm.MANAGE_GOVERNANCE)),
            part("committee"),
            audited=False,
        )
    ),
    "governance:committee_member_new": a_form(page(COMMITTEE, part("committee"), audited=False)),
    "governance:committee_member_end": post(
        SEAT, part("member"), data={"mandate_end": "2026-01-31", "version": 1}
    ),
    "governance:committee_meeting_new": a_form(page(COMMITTEE, part("committee"), audited=False)),
    # --- the API
    "api-governance-protocol-list": (
        api(VIEW),
        api_post(MANAGE, data={"title": "Protocole régional"}),
    ),
    "api-governance-protocol-detail": api(VIEW_ROW, part("protocol"), audited=False),
    "api-governance-protocol-versions": api_post(
        MANAGE, part("protocol"), data={"purpose_fr": "Révision"}
    ),
    "api-governance-version-detail": api(VERSION, part("version", "draft"), audited=False),
    "api-governance-version-step": api_post(
        MANAGE, part("draft"), data={"to_status": "under_review"}
    ),
    "api-governance-version-sign": api_post(MANAGE, part("version"), data=outsider_signs),
    "api-governance-signature-list": api(VIEW),
    "api-governance-signature-detail": api(VIEW_ROW, part("signature"), audited=False),
    "api-governance-signature-end": api_post(
        MANAGE,
        part("signature"),
        data={"ended_on": "2026-01-31", "reason": "withdrawn", "version": 1},
    ),
    "api-governance-membership-list": api(VIEW),
    "api-governance-membership-detail": api(VIEW, organisations, audited=False),
    "api-governance-committee-list": (
        api(signed_in),
        api_post(MANAGE, data={"kind": "working_group", "name": "Groupe de travail X"}),
    ),
    "api-governance-committee-detail": api(gate(row=sees), part("committee")),
    "api-governance-committee-members": api_post(
        COMMITTEE,
        part("committee"),
        data={
            "organisation": None,
            "name": "Awa Diallo",
            "role": "member",
            "mandate_start": "2025-01-01",
        },
    ),
}
