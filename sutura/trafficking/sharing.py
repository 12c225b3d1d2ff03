"""What leaves a case through a referral: inside the "protection history" section only, and only
while the reader may read that section (`referrals.sharing` calls `protection_facts` then): the
identification's status and date, the risk levels and the date of the assessment. Never a free
text, the checklist's answers, the safety plan, nor the decision about law enforcement."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from sutura.access.trafficking import sharing_facts
from sutura.core.dates import date_format
from sutura.referrals.models import Referral
from sutura.trafficking.models import Level, VictimStatus


def _fact(key: str, label: str, value: str, code: str) -> dict[str, Any]:
    return {"key": f"trafficking.{key}", "title": label, "value": value, "code": code}


def protection_facts(referral: Referral) -> list[dict[str, Any]]:
    """The facts a referral carries in its protection history: of the records its referrer
    reads (one cannot pass on what one may not read: a colleague who does not manage the case
    passes on no restricted record; an onward referral, none)."""
    identification, assessment = sharing_facts(referral.case, referral.referred_by)
    facts = []
    if identification is not None:
        facts += [
            _fact(
                "status",
                _("Trafficking: identification"),
                str(VictimStatus(identification.status).label),
                identification.status,
            ),
            _fact(
                "identified_on",
                _("Trafficking: identified on"),
                date_format(identification.identified_on),
                identification.identified_on.isoformat(),
            ),
        ]
    if assessment is not None:
        for key, label in (
            ("re_trafficking", _("Risk of re-trafficking")),
            ("trafficker_threats", _("Threats from traffickers")),
            ("family_risk", _("Risk to the family")),
        ):
            code = getattr(assessment, key)
            facts.append(_fact(key, label, str(Level(code).label), code))
        facts.append(
            _fact(
                "risk_assessed_on",
                _("Risks assessed on"),
                date_format(assessment.assessed_on),
                assessment.assessed_on.isoformat(),
            )
        )
    return facts
