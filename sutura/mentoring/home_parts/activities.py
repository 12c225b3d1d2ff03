"""The activity log on the home page: for a mentor, four big buttons and this week's hours
against their cap; for a focal point, the open distress flags of their mentors and their
mentors' hours this week. Also the case page's section (the case team sees the mentoring of
its cases: date, kind, duration, the distress flag and its referral's status)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.roles import Perm
from sutura.core import sections
from sutura.core.registry import Card, NavItem
from sutura.mentoring.selectors import activities as selectors
from sutura.mentoring.selectors.hours import week_hours_of

MENU: tuple[Any, ...] = (
    NavItem(_("Log an activity"), "mentoring:log", Perm.RECORD_MENTORING, order=20),
    NavItem(
        _("Mentoring activities"),
        "mentoring:activities",
        Perm.RECORD_MENTORING,
        or_perm=Perm.SUPERVISE_MENTORS,
        order=21,
    ),
    NavItem(
        _("Mentoring counts"),
        "mentoring:activity_counts",
        Perm.VIEW_INDICATORS,
        or_perm=Perm.SUPERVISE_MENTORS,
        order=60,
    ),
)

# Registered when the home parts are (MentoringConfig.ready → home.register): the case page
# shows its mentoring to the case team.
sections.add(
    sections.Section(
        page="case",
        name="mentoring_activities",
        order=30,
        template="mentoring/activities/case_section.html",
        selector="sutura.mentoring.selectors.activities.activities_of_case",
    )
)


def cards(user: Any) -> Iterator[Card]:
    if can(user, Perm.RECORD_MENTORING):
        hours = week_hours_of(user, timezone.localdate())
        if hours is not None:
            yield Card(
                _("Log an activity"),
                _("A session, an event, an accompaniment or an idea: under a minute."),
                [(str(_("My activities")), reverse("mentoring:activities"))],
                template="mentoring/activities/cards/mentor.html",
                data={"hours": hours},
                order=5,
            )
    if can(user, Perm.SUPERVISE_MENTORS):
        flags = selectors.open_distress_flags(user)
        today = timezone.localdate()
        for flag in flags:
            flag.age_days = (today - flag.occurred_on).days  # type: ignore[attr-defined]
        yield Card(
            _("Open distress flags"),
            _("Sessions your mentors flagged whose referral is not over: %(count)s.")
            % {"count": len(flags)},
            [(str(_("Referrals received")), reverse("referrals:inbox"))],
            template="mentoring/activities/cards/flags.html",
            data=flags,
            order=6,
        )
        mentors = selectors.supervised_hours(user)
        if mentors:
            yield Card(
                _("My mentors this week"),
                _("Hours logged against each mentor's weekly limit."),
                [(str(_("Their activities")), reverse("mentoring:activities"))],
                template="mentoring/activities/cards/mentors.html",
                data=mentors,
                order=7,
            )
