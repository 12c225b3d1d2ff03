"""This app's settings, read by `sutura/settings/base.py` (no model may be imported here)."""

from __future__ import annotations

ENUM_NAMES: dict[str, str] = {
    # French or English: one name for the choice set wherever a field offers it.
    "LanguageEnum": "sutura.reports.models.Language",
}
SETTINGS: dict[str, object] = {
    # The registry's indicators every programme report shows (besides the computed indicators
    # of the programme's results framework); codes the registry does not know are skipped.
    "SUTURA_REPORT_INDICATORS": (
        "people.registered",
        "cases.registered",
        "cases.active",
        "cases.vulnerable",
        "cases.plans_approved",
        "cases.assistance_committed",
        "cases.assistance_disbursed",
        "referrals.made",
        "referrals.completed",
        "mentoring.people_supported",
        "meetings.participants",
    ),
    # A donor report leaves the organisation: its tables follow the small-number rule.
    "SUTURA_REPORT_SUPPRESS": True,
}
