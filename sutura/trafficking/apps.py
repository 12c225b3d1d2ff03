from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TraffickingConfig(AppConfig):
    name = "sutura.trafficking"
    label = "trafficking"
    verbose_name = _("Victims of trafficking")

    def ready(self) -> None:
        pass
