"""This app's fields in a case's export for the central case database (`core.case_export`):
codes and dates, only what the reader reads of the case (`selectors.export_values`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sutura.core import case_export
from sutura.core.case_export import ExportField

GROUP = case_export.FieldGroup(
    name="trafficking",
    fields=(
        ExportField("trafficking.status", _("Trafficking: identification status"), "code"),
        ExportField("trafficking.identified_on", _("Trafficking: identified on"), "date"),
        ExportField("trafficking.re_trafficking_risk", _("Risk of re-trafficking"), "code"),
        ExportField("trafficking.trafficker_threats", _("Threats from traffickers"), "code"),
        ExportField("trafficking.family_risk", _("Risk to the family"), "code"),
        ExportField("trafficking.safety_plan_review_on", _("Safety plan: review date"), "date"),
    ),
    values="sutura.trafficking.selectors.export_values",
)
