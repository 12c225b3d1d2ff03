from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "sutura.supervision"
    label = "supervision"
    verbose_name = _("Caseloads and supervision")

    def ready(self) -> None:
        pass
