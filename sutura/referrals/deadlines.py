"""When a referral must be answered: clock hours or working days, per urgency (settings)."""

from __future__ import annotations

import re
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone

_DEADLINE = re.compile(r"^\s*(\d+)\s*(h|wd|d)\s*$")


def parse_deadline(text: str) -> tuple[int, str]:
    """'24h' → (24, 'h'); '2wd' → (2, 'wd') working days; '3d' → (3, 'd') calendar days."""
    match = _DEADLINE.match(text)
    if match is None:
        raise ImproperlyConfigured(
            f"Referral deadline {text!r}: write a number then h, d or wd (e.g. 24h, 2wd)."
        )
    return int(match.group(1)), match.group(2)


def add_working_days(start: datetime, days: int, weekend: set[int]) -> datetime:
    """`start` moved forward by `days` working days, at the same time of day. Sent on a
    weekend, the clock starts with the next working day, and the answer is due at the end of
    the last working day counted (23:59:59, not the next day's 00:00, which reads as a day
    late)."""
    moment = start
    weekend_start = moment.weekday() in weekend
    if weekend_start:
        moment = moment.replace(hour=0, minute=0, second=0, microsecond=0)
        while moment.weekday() in weekend:
            moment += timedelta(days=1)
    added = 0
    while added < days:
        moment += timedelta(days=1)
        if moment.weekday() not in weekend:
            added += 1
    if weekend_start:
        moment -= timedelta(seconds=1)
    return moment


def respond_by(urgency: str, sent_at: datetime) -> datetime:
    sent_at = timezone.localtime(sent_at)  # working days are counted in local time
    amount, unit = parse_deadline(settings.SUTURA_REFERRAL_DEADLINES[urgency])
    if unit == "h":
        return sent_at + timedelta(hours=amount)
    if unit == "d":
        return sent_at + timedelta(days=amount)
    return add_working_days(sent_at, amount, set(settings.SUTURA_WEEKEND_DAYS))


def deadline_label(urgency: str) -> str:
    """'24 h', '2 working days' — for forms and the referral PDF."""
    from django.utils.translation import gettext as _
    from django.utils.translation import ngettext

    amount, unit = parse_deadline(settings.SUTURA_REFERRAL_DEADLINES[urgency])
    if unit == "h":
        return _("%(count)d h") % {"count": amount}
    if unit == "d":
        return ngettext("%(count)d day", "%(count)d days", amount) % {"count": amount}
    return ngettext("%(count)d working day", "%(count)d working days", amount) % {"count": amount}
