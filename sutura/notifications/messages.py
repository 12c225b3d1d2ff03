"""What a notification says, kept as codes (`sutura.core.texts`, shared with the audit log):

notify(
    receivers,
    Text(gettext_noop("Referral %(number)s: %(status)s"), number=r.number,
         status=choice(ReferralStatus(r.status))),
    link=...,
)
"""

from sutura.core.texts import Text, choice, choices, moment, render

__all__ = ["Text", "choice", "choices", "moment", "render"]
