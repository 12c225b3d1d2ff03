from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "sutura.returns"
    label = "returns"
    verbose_name = _("Assisted voluntary return")

    def ready(self) -> None:
        pass
