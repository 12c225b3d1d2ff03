"""The export fields of what the case management keeps today (cases, people, screening, plan,
assistance, follow-ups, referrals), registered in `sutura.core.case_export` by this app's
`ready()`. The values are read in `selectors/values.py`, each group through the access layer.

Not exported: the case manager's account (username, id: an internal handle of this platform,
meaningless to a central system and a half of a sign-in), the mentor, free texts (notes, the
screening's factors, the plan's objectives: they stay with the case team), documents, photos.
The case manager's full name is: the central record needs whom to ask about the case, and the
name of a staff member acting in their role is what the agency's own forms carry (an
organisation whose central system should not hold it drops it from its mapping).
"""

from __future__ import annotations

from typing import Any

from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from sutura.cases.models import Currency
from sutura.core.case_export import ExportField, FieldGroup, add
from sutura.referrals.models import ReferralStatus

VALUES = "sutura.caseexport.selectors.values"


def _per_currency(group: str, stem: str, label: Any) -> tuple[ExportField, ...]:
    return tuple(
        ExportField(f"{group}.{stem}_{code.lower()}", format_lazy("{} ({})", label, code), "number")
        for code in Currency.values
    )


GROUPS = (
    FieldGroup(
        name="case",
        fields=(
            ExportField("case.number", _("Case number"), "text"),
            ExportField("case.type", _("Case type"), "code"),
            ExportField("case.status", _("Case status"), "code"),
            ExportField("case.opened_on", _("Opened on"), "date"),
            ExportField("case.closed_on", _("Closed on"), "date"),
            ExportField("case.closure_reason", _("Closure reason"), "code"),
            ExportField("case.priority", _("Priority (1 low to 4 urgent)"), "integer"),
            ExportField("case.risk_level", _("Risk level (1 low to 3 high)"), "integer"),
            ExportField("case.flags", _("Flags (vulnerability codes)"), "list"),
            ExportField("case.case_manager_name", _("Case manager's full name"), "text"),
        ),
        values=f"{VALUES}.case_values",
    ),
    FieldGroup(
        name="person",
        fields=(
            ExportField("person.identifier", _("Person's identifier in Sutura"), "text"),
            ExportField("person.given_names", _("Given names"), "text"),
            ExportField("person.family_name", _("Family name"), "text"),
            ExportField("person.sex", _("Sex"), "code"),
            ExportField("person.birth_date", _("Date of birth"), "date"),
            ExportField("person.birth_date_estimated", _("Date of birth is estimated"), "boolean"),
            ExportField("person.nationality", _("Nationality (ISO 3166 code)"), "code"),
            ExportField("person.phones", _("Phones (E.164)"), "list"),
            ExportField("person.current_place_pcode", _("Current place: P-code"), "code"),
            ExportField("person.current_place_name", _("Current place: name (in French)"), "text"),
            ExportField("person.languages", _("Languages (codes)"), "list"),
        ),
        values=f"{VALUES}.person_values",
    ),
    FieldGroup(
        name="screening",
        fields=(
            ExportField("screening.last_date", _("Latest screening: date"), "date"),
            ExportField("screening.categories", _("Latest screening: vulnerability codes"), "list"),
        ),
        values=f"{VALUES}.screening_values",
    ),
    FieldGroup(
        name="plan",
        fields=(
            ExportField("plan.status", _("Reintegration plan: status"), "code"),
            ExportField("plan.approved_on", _("Reintegration plan: approved on"), "date"),
            *_per_currency("plan", "planned", _("Planned in all")),
        ),
        values=f"{VALUES}.plan_values",
    ),
    FieldGroup(
        name="assistance",
        fields=(
            ExportField("assistance.deliveries", _("Assistance deliveries: count"), "integer"),
            *_per_currency("assistance", "delivered", _("Delivered in all")),
        ),
        values=f"{VALUES}.assistance_values",
    ),
    FieldGroup(
        name="followups",
        fields=(
            ExportField("followups.last_date", _("Latest follow-up: date"), "date"),
            ExportField("followups.next_due", _("Next follow-up due"), "date"),
        ),
        values=f"{VALUES}.followup_values",
    ),
    FieldGroup(
        name="referrals",
        fields=(
            ExportField("referrals.total", _("Referrals: count"), "integer"),
            *(
                ExportField(
                    f"referrals.{status}", format_lazy("{}: {}", _("Referrals"), label), "integer"
                )
                for status, label in ReferralStatus.choices
            ),
        ),
        values=f"{VALUES}.referral_values",
    ),
)


def register() -> None:
    for group in GROUPS:
        add(group)
