"""What the children app adds to other apps' pages and registries: the case page's section,
the export fields, the indicators and the demo step."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sutura.children import indicators as children_indicators
from sutura.core import case_export, indicators, registry, sections
from sutura.core.case_export import ExportField
from sutura.core.sections import Section

SELECTORS = "sutura.children.selectors"

EXPORT = case_export.FieldGroup(
    name="children",
    fields=(
        ExportField("children.status", _("Child's status"), "code"),
        ExportField("children.care_arrangement", _("Interim care arrangement"), "code"),
        ExportField("children.care_since", _("In this arrangement since"), "date"),
        ExportField(
            "children.last_bia_date", _("Date of the last best-interests assessment"), "date"
        ),
        ExportField("children.bid_question", _("Best-interests determination: question"), "code"),
        ExportField("children.bid_status", _("Best-interests determination: status"), "code"),
        ExportField("children.bid_decision", _("Best-interests determination: decision"), "code"),
        ExportField(
            "children.bid_date", _("Best-interests determination: date of the panel"), "date"
        ),
    ),
    values=f"{SELECTORS}.export_values",
)


def register_privacy() -> None:
    """The child's records join the person's subject-access export and the anonymisation."""
    from sutura.children import models as m
    from sutura.privacy.selectors import add_person_records
    from sutura.privacy.services import add_case_text

    add_person_records(
        (m.ChildProfile, "case__person"),
        (m.CareArrangement, "case__person"),
        (m.CareCheck, "case__person"),
        (m.BestInterestsAssessment, "case__person"),
        (m.BestInterestsDetermination, "case__person"),
        (m.PanelMember, "case__person"),
    )
    gone = "—"
    add_case_text(
        (
            m.ChildProfile,
            "case",
            {"caregiver_name": gone, "caregiver_relationship": "", "caregiver_phone": ""},
        ),
        (m.CareArrangement, "case", {"place": "", "caregiver_name": "", "notes": ""}),
        (m.CareCheck, "case", {"notes": ""}),
        (
            m.BestInterestsAssessment,
            "case",
            {"answers": {}, "childs_views": gone, "recommendation": ""},
        ),
        (
            m.BestInterestsDetermination,
            "case",
            {"question_detail": "", "evidence": "", "reasons": gone},
        ),
        (m.PanelMember, "case", {"name": gone, "organisation_name": ""}),
    )


def register() -> None:
    register_privacy()
    sections.add(
        Section(
            page="case",
            name="child_protection",
            order=5,
            template="children/case_section.html",
            selector=f"{SELECTORS}.child_section",
        )
    )
    case_export.add(EXPORT)
    indicators.add(*children_indicators.INDICATORS)
    registry.add_demo(
        registry.DemoStep(
            order=210,
            name="children",
            run="sutura.children.demo.seed_step",
        )
    )
