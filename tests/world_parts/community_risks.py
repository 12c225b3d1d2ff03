"""The risks part of the access world (after `community.py`, whose communities, analyses and
risks it builds on): on each side's community, an asset with a GPS point, an action plan with
one recommendation answering the side's risk and one progress update, and a community
consultation (a meeting of the community) to validate the plan at. Made through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from sutura.accounts.roles import Role
from sutura.community.models import COMMUNITY_CONTEXT
from sutura.community.services import assets, plans
from sutura.meetings import services as meetings
from sutura.meetings.models import MeetingKind

DAY = datetime.date(2026, 3, 9)


def _side(side: Any, found: dict[str, Any]) -> dict[str, Any]:
    officer = side.users[Role.PROTECTION_OFFICER]
    community = found["community"]
    asset = assets.add_asset(
        actor=officer,
        community=community,
        kind="leader",
        name="Chef de village",
        latitude=Decimal("14.45"),
        longitude=Decimal("-11.44"),
    )
    recommendation = plans.add_recommendation(
        actor=officer,
        community=community,
        action="Sensibilisation des jeunes",
        risks=[found["risk"]],
        responsible_text="Association des jeunes",
        starts_on=DAY,
        ends_on=DAY + datetime.timedelta(days=90),
    )
    update = plans.record_progress(
        actor=officer,
        recommendation=recommendation,
        status="in_progress",
        text="Deux séances tenues",
        noted_on=DAY,
    )
    consultation = meetings.create_meeting(
        officer,
        kind=MeetingKind.objects.get(code="community_consultation"),
        title="Consultation communautaire",
        starts_at=datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC),
        context_kind=COMMUNITY_CONTEXT,
        context_id=community.pk,
    )
    return {
        "asset": asset,
        "plan": recommendation.plan,
        "recommendation": recommendation,
        "update": update,
        "consultation": consultation,
    }


def build(world: Any) -> dict[str, Any]:
    base = world.parts["community"]
    return {"a": _side(world.a, base["a"]), "b": _side(world.b, base["b"])}
