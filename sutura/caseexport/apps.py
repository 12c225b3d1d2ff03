from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CaseExportConfig(AppConfig):
    name = "sutura.caseexport"
    label = "caseexport"
    verbose_name = _("Export to a central case database")

    def ready(self) -> None:
        pass
