from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseExportConfig(AppConfig):
    name = "sutura.caseexport"
    label = "caseexport"
    verbose_name = _("Export to a central case database")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sutura.caseexport import fields
        from sutura.core import registry, sections
        from sutura.core.sections import Section

        # What the case management keeps today; the apps above add their own groups.
        fields.register()
        sections.add(
            Section(
                page="case",
                name="case_export",
                order=90,
                template="caseexport/case_section.html",
                selector="sutura.caseexport.views.case_section",
            )
        )
        registry.add_demo(
            registry.DemoStep(order=200, name="caseexport", run="sutura.caseexport.demo.seed_step")
        )
        # The platform's default mapping is a data migration's row: a database emptied by
        # `flush` (a transactional test's teardown) gets it back.
        post_migrate.connect(_default_mapping, sender=self)


def _default_mapping(using: str = "default", **kwargs: Any) -> None:
    import importlib

    from django.apps import apps

    importlib.import_module("sutura.caseexport.migrations.0002_default_mapping").add(apps, None)
