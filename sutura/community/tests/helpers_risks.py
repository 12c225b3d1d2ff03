"""Shared set-up of the risks part's tests: a community of A's officer with B as partner CBO,
and a consultation of it (a meeting of the community)."""

from __future__ import annotations

import datetime
from typing import Any

from sutura.accounts.roles import Role
from sutura.community.models import COMMUNITY_CONTEXT, Community
from sutura.community.services import communities
from sutura.meetings import services as meetings
from sutura.meetings.models import MeetingKind

DAY = datetime.date(2026, 3, 2)


def community_with_partner(
    users_a: dict[Role, Any], users_b: dict[Role, Any], where: Any
) -> Community:
    officer = users_a[Role.PROTECTION_OFFICER]
    community = communities.create_community(actor=officer, name="Kayes N'Di", location=where)
    communities.add_partner(
        actor=officer,
        community=community,
        organisation=users_b[Role.PROTECTION_OFFICER].organisation,
        role="cbo",
    )
    return community


def consultation(
    officer: Any,
    community: Community,
    code: str = "community_consultation",
    starts_at: datetime.datetime | None = None,
) -> Any:
    return meetings.create_meeting(
        officer,
        kind=MeetingKind.objects.get(code=code),
        title="Consultation communautaire",
        starts_at=starts_at or datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC),
        context_kind=COMMUNITY_CONTEXT,
        context_id=community.pk,
    )
