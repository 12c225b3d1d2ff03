"""The stage of a case in plain words, for the returnee's mentor: where the file is and what
comes next ("Plan approved on 3 March", "first assistance expected"), so the mentor can answer
"where is my file?" without reading the file itself.

`access.mentoring.case_stage_facts` gives codes and dates only; this module puts them into
words in the reader's language (whole sentences, dates through `core.dates.date_format`,
counts through ngettext).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from sutura.access.mentoring import ReferralFacts, StageFacts
from sutura.cases.models import CaseStatus, PlanStatus
from sutura.core.dates import date_format
from sutura.directory.models import ServiceCategory
from sutura.referrals.models import ReferralStatus

EARLY = (CaseStatus.REGISTERED, CaseStatus.SCREENING, CaseStatus.ASSESSMENT)
WAITING = (ReferralStatus.SENT, ReferralStatus.RECEIVED)


@dataclass(frozen=True)
class Stage:
    """`code`: the stage as a code (for programs); `now`: where the file is; `next`: what comes
    next; `referral_lines`: one line per referral still open."""

    code: str
    now: str
    next: str
    referral_lines: list[str] = field(default_factory=list)

    @property
    def one_line(self) -> str:
        """The stage on one line (home cards): a waiting referral first, it is what the
        returnee asks about."""
        return self.referral_lines[0] if self.referral_lines else self.now


def _need(category: str) -> str:
    try:
        return str(ServiceCategory(category).label)
    except ValueError:
        return category


def referral_line(facts: ReferralFacts, today: date) -> str:
    need = _need(facts.category)
    if facts.status in WAITING:
        days = (today - facts.sent_on).days if facts.sent_on else 0
        if days <= 0:
            return _("Referred to a service (%(need)s) today, waiting for an answer.") % {
                "need": need
            }
        return ngettext(
            "Referred to a service (%(need)s), waiting for an answer for %(days)d day.",
            "Referred to a service (%(need)s), waiting for an answer for %(days)d days.",
            days,
        ) % {"need": need, "days": days}
    if facts.status == ReferralStatus.ACCEPTED:
        if facts.answered_on:
            return _(
                "Referral to a service (%(need)s) accepted on %(date)s: the service will "
                "contact the returnee."
            ) % {"need": need, "date": date_format(facts.answered_on)}
        return _(
            "Referral to a service (%(need)s) accepted: the service will contact the returnee."
        ) % {"need": need}
    return _("The service (%(need)s) is helping the returnee.") % {"need": need}


def stage_of(facts: StageFacts, today: date | None = None) -> Stage:
    """Where the case stands and what comes next, in the reader's language."""
    today = today or timezone.localdate()
    lines = [referral_line(r, today) for r in facts.open_referrals]
    status = facts.case_status
    follow_up = ""
    if facts.next_follow_up_on and facts.next_follow_up_on < today:
        follow_up = _(
            "A follow-up was due on %(date)s and has not been recorded yet: the case manager "
            "is late, the returnee may ask them."
        ) % {"date": date_format(facts.next_follow_up_on)}
    elif facts.next_follow_up_on:
        follow_up = _("Next follow-up due %(date)s.") % {
            "date": date_format(facts.next_follow_up_on)
        }
    if status == CaseStatus.CLOSED:
        now = (
            _("Case closed on %(date)s.") % {"date": date_format(facts.closed_on)}
            if facts.closed_on
            else _("Case closed.")
        )
        return Stage(
            "closed",
            now,
            _("Nothing more is planned; the case manager can reopen the case if needed."),
            lines,
        )
    if status in EARLY:
        return Stage(
            "interviews",
            _("Case opened: interviews with the case manager are under way."),
            _("Next: a reintegration plan is prepared with the returnee."),
            lines,
        )
    if status == CaseStatus.MONITORING:
        return Stage(
            "monitoring",
            _("Case in monitoring: the assistance has been delivered."),
            follow_up or _("Next: a follow-up call or visit by the case manager."),
            lines,
        )
    plan = facts.plan_status
    decided = date_format(facts.plan_decided_on) if facts.plan_decided_on else ""
    if plan == PlanStatus.APPROVED and facts.items_delivered:
        return Stage(
            "assistance",
            ngettext(
                "Assistance under way: %(delivered)d of %(planned)d item delivered.",
                "Assistance under way: %(delivered)d of %(planned)d items delivered.",
                facts.items_planned,
            )
            % {"delivered": facts.items_delivered, "planned": facts.items_planned},
            _("Next: the remaining items are delivered.")
            if facts.items_delivered < facts.items_planned
            else _("Next: the case moves to monitoring."),
            lines,
        )
    if plan == PlanStatus.APPROVED:
        return Stage(
            "plan_approved",
            _("Plan approved on %(date)s.") % {"date": decided} if decided else _("Plan approved."),
            _("Next: first assistance expected."),
            lines,
        )
    if plan == PlanStatus.SUBMITTED:
        return Stage(
            "plan_submitted",
            _("Plan submitted for approval."),
            _("Next: a manager approves the plan or returns it with comments."),
            lines,
        )
    if plan == PlanStatus.RETURNED:
        return Stage(
            "plan_returned",
            _("Plan returned for changes on %(date)s.") % {"date": decided}
            if decided
            else _("Plan returned for changes."),
            _("Next: the case manager revises the plan with the returnee."),
            lines,
        )
    return Stage(
        "plan_preparing",
        _("Reintegration plan being prepared with the case manager."),
        _("Next: the plan is submitted for approval."),
        lines,
    )
