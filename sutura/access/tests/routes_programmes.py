"""The programmes URLs in the URL × role matrix (records: world part `programmes`).

A programme is seen by the holders of `view_indicators` or `manage_programmes` of its
organisation and of its implementing partners (B's programme has A as partner); others get
404. Only the running organisation's programme managers keep it (403 for other readers).
Programmes hold no personal data: their reads are not audited (refusals are).
"""

from __future__ import annotations

from typing import Any

from sutura.access import can
from sutura.access.programmes import manages_programme, sees_programme
from sutura.access.tests.url_matrix import (
    FORBIDDEN,
    MISSING,
    OK,
    Route,
    a_form,
    about,
    api,
    api_post,
    gate,
    page,
    post,
)
from sutura.accounts.roles import Perm
from tests.worlds import World

READERS = (Perm.VIEW_INDICATORS, Perm.MANAGE_PROGRAMMES)
READS = gate(*READERS)
KEEPS = gate(Perm.MANAGE_PROGRAMMES)
SEES = gate(*READERS, row=lambda user, programme: sees_programme(user, programme))


def keeps(user: Any, world: World, programme: Any) -> str:
    """403 without a reader's role, 404 unless the programme is seen, 403 unless kept."""
    if not any(can(user, perm) for perm in READERS):
        return FORBIDDEN
    if not sees_programme(user, programme):
        return MISSING
    return OK if manages_programme(user, programme) else FORBIDDEN


def api_keeps(user: Any, world: World, programme: Any) -> str:
    """The API asks the role first (`required_perms`: keepers only), then the programme."""
    if not can(user, Perm.MANAGE_PROGRAMMES):
        return FORBIDDEN
    if not sees_programme(user, programme):
        return MISSING
    return OK if manages_programme(user, programme) else FORBIDDEN


def _part(world: World) -> dict[str, Any]:
    return world.parts["programmes"]


def programmes(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
    found = _part(world)
    return {
        f"programme {s}": ({"pk": found[f"programme_{s}"].pk}, found[f"programme_{s}"])
        for s in "ab"
    }


def _with(name: str, key: str) -> Any:
    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        found = _part(world)
        return {
            f"{name} {s}": (
                {"pk": found[f"programme_{s}"].pk, key: found[f"{name}_{s}"].pk},
                found[f"programme_{s}"],
            )
            for s in "ab"
        }

    return records


def _api_of(name: str) -> Any:
    """The record itself by its id (the rules follow its programme)."""

    def records(world: World) -> dict[str, tuple[dict[str, Any], Any]]:
        found = _part(world)
        return {
            f"{name} {s}": ({"pk": found[f"{name}_{s}"].pk}, found[f"programme_{s}"]) for s in "ab"
        }

    return records


def _result_api(world: World, programme: Any) -> dict[str, Any]:
    goal = _part(world)["goal_a" if programme == _part(world)["programme_a"] else "goal_b"]
    return {
        "programme": str(programme.pk),
        "parent": str(goal.pk),
        "level": "outcome",
        "statement": "Accès",
    }


def _indicator_api(world: World, programme: Any) -> dict[str, Any]:
    letter = "a" if programme == _part(world)["programme_a"] else "b"
    return {"result": str(_part(world)[f"goal_{letter}"].pk), "name": "Comités", "source": "PV"}


def _period_api(world: World, programme: Any) -> dict[str, Any]:
    letter = "a" if programme == _part(world)["programme_a"] else "b"
    return {
        "indicator": str(_part(world)[f"indicator_{letter}"].pk),
        "period": "2026-Q2",
        "target": "5",
    }


def _meeting(world: World, programme: Any) -> dict[str, Any]:
    letter = "a" if programme == _part(world)["programme_a"] else "b"
    return {"kind": "meeting", "object_id": str(world.parts["meetings"][f"meeting_{letter}"].pk)}


ENVELOPE = {"budget_line": "2 Formation", "currency": "EUR", "amount": "1000"}
NEW = {"name": "Nouveau programme", "warning_percent": "80", "alert_percent": "100"}

ROUTES: dict[str, Route | tuple[Route, ...]] = {
    "programmes:list": page(READS, audited=False),
    "programmes:new": (*a_form(page(KEEPS, audited=False)), post(KEEPS, data=NEW)),
    "programmes:donors": page(READS, audited=False),
    "programmes:donor_new": post(KEEPS, data={"name": "Coopération"}),
    "programmes:detail": page(SEES, programmes, audited=False),
    "programmes:edit": a_form(page(keeps, programmes, audited=False)),
    "programmes:envelope_new": (
        *a_form(page(keeps, programmes, audited=False)),
        post(keeps, programmes, data=ENVELOPE),
    ),
    "programmes:envelope_edit": a_form(
        page(keeps, _with("envelope", "envelope_id"), audited=False)
    ),
    "programmes:results": page(SEES, programmes, audited=False),
    "programmes:result_new": a_form(page(keeps, programmes, audited=False)),
    "programmes:indicator_new": a_form(page(keeps, _with("goal", "result_id"), audited=False)),
    "programmes:period": a_form(page(keeps, _with("indicator", "indicator_id"), audited=False)),
    "programmes:tags": page(keeps, programmes, audited=False),
    "programmes:tag": post(keeps, programmes, data=_meeting),
    "programmes:untag": post(keeps, _with("tag", "tag_id")),
    "api-programme-list": (
        api(READS, audited=False),
        api_post(KEEPS, data={"name": "Nouveau programme"}),
    ),
    "api-programme-detail": (
        api(SEES, programmes, audited=False),
        Route(
            api_keeps,
            programmes,
            method="patch",
            api=True,
            data={"name": "Renommé", "version": 1, "warning_percent": 80, "alert_percent": 100},
        ),
    ),
    "api-programme-envelopes": api_post(api_keeps, programmes, data=ENVELOPE),
    "api-programme-results": api(SEES, programmes, audited=False),
    "api-programme-result-list": api_post(api_keeps, about(programmes), data=_result_api),
    "api-programme-result-detail": api(SEES, _api_of("goal"), audited=False),
    "api-programme-indicator-list": api_post(api_keeps, about(programmes), data=_indicator_api),
    "api-programme-indicator-detail": api(SEES, _api_of("indicator"), audited=False),
    "api-programme-period-list": api_post(api_keeps, about(programmes), data=_period_api),
    "api-programme-period-detail": api(SEES, _api_of("period"), audited=False),
}
