"""What family tracing and reunification adds to the pages, registries and jobs of the apps
below it (called by `TracingConfig.ready()`): the case page's section, the home card of overdue
visits, the central database export's group, the indicators, the demo step, and the person's
subject-access export and anonymisation."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from sutura.core import case_export, indicators, registry, sections
from sutura.tracing import indicators as tracing_indicators

SELECTORS = "sutura.tracing.selectors"

EXPORT = case_export.FieldGroup(
    name="tracing",
    fields=(
        case_export.ExportField(
            "tracing.open_requests", _("Tracing requests still open"), "integer"
        ),
        case_export.ExportField("tracing.last_outcome", _("Last tracing outcome"), "code"),
        case_export.ExportField("tracing.last_outcome_on", _("Last tracing outcome on"), "date"),
        case_export.ExportField("tracing.reunified_on", _("Reunified on"), "date"),
        case_export.ExportField(
            "tracing.visits_done", _("Follow-up visits done after reunification"), "integer"
        ),
        case_export.ExportField(
            "tracing.visits_overdue", _("Follow-up visits overdue after reunification"), "integer"
        ),
    ),
    values=f"{SELECTORS}.export_values",
)


def _privacy() -> None:
    """The person's subject-access export holds these records, and an anonymisation clears
    what people typed in them (the codes and dates stay: they are counted)."""
    from sutura.privacy import selectors as privacy_selectors
    from sutura.privacy import services as privacy_services
    from sutura.privacy.services import ANONYMOUS
    from sutura.tracing.models import (
        FamilyAssessment,
        Reunification,
        ReunificationVisit,
        TracingRequest,
    )

    privacy_selectors.add_person_records(
        *(
            (model, "case__person")
            for model in (TracingRequest, FamilyAssessment, Reunification, ReunificationVisit)
        )
    )
    texts = [
        (
            TracingRequest,
            "case",
            {
                "sought_name": ANONYMOUS,
                "last_known_place_details": "",
                "organisation_name": "",
                "outcome_notes": "",
            },
        ),
        (FamilyAssessment, "case", {"family_member": ANONYMOUS, "findings": ""}),
        (Reunification, "case", {"place_details": ""}),
        (ReunificationVisit, "case", {"observations": ""}),
    ]
    privacy_services.add_case_text(*texts)


def register() -> None:
    from sutura.tracing import home

    sections.add(
        sections.Section(
            page="case",
            name="tracing",
            order=20,
            template="tracing/case_section.html",
            selector=f"{SELECTORS}.case_tracing",
        )
    )
    registry.add_cards(home.cards)
    case_export.add(EXPORT)
    indicators.add(*tracing_indicators.INDICATORS)
    registry.add_demo(
        registry.DemoStep(order=220, name="tracing", run="sutura.tracing.demo.seed_step")
    )
    _privacy()
