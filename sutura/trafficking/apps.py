from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraffickingConfig(AppConfig):
    name = "sutura.trafficking"
    label = "trafficking"
    verbose_name = _("Victims of trafficking")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sutura.core import case_export, indicators, registry, sections
        from sutura.privacy.selectors import add_person_records
        from sutura.privacy.services import add_case_text
        from sutura.referrals.sharing import add_protection_history
        from sutura.trafficking import exports, sharing
        from sutura.trafficking.models import (
            Identification,
            LawEnforcementCooperation,
            RiskAssessment,
            SafetyPlan,
        )

        sections.add(
            sections.Section(
                page="case",
                name="trafficking",
                order=15,
                template="trafficking/case_section.html",
                selector="sutura.trafficking.views.case_section",
            )
        )
        # Only inside a referral's protection history: the status, dates and risk levels.
        add_protection_history(sharing.protection_facts)
        case_export.add(exports.GROUP)
        from sutura.trafficking import indicators as trafficking_indicators

        indicators.add(*trafficking_indicators.INDICATORS)
        add_person_records(
            (Identification, "case__person"),
            (RiskAssessment, "case__person"),
            (SafetyPlan, "assessment__case__person"),
            (LawEnforcementCooperation, "case__person"),
        )
        add_case_text(
            (Identification, "case", {"notes": ""}),
            (RiskAssessment, "case", {"details": ""}),
            (
                SafetyPlan,
                "assessment__case",
                {"measures_text": "", "safe_contacts": "", "relocation": ""},
            ),
            (LawEnforcementCooperation, "case", {"notes": ""}),
        )
        registry.add_demo(
            registry.DemoStep(
                order=230, name="trafficking", run="sutura.trafficking.demo.seed_step"
            )
        )
        # The checklist is a data migration's rows: a database emptied by `flush` (a
        # transactional test's teardown) gets it back.
        post_migrate.connect(_checklist, sender=self)


def _checklist(using: str = "default", **kwargs: Any) -> None:
    import importlib

    from django.apps import apps

    importlib.import_module("sutura.trafficking.migrations.0002_indicator_checklist").add(
        apps, None
    )
