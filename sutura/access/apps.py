from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccessConfig(AppConfig):
    name = "sutura.access"
    label = "access"
    verbose_name = _("Access control")

    def ready(self) -> None:
        from sutura.access import rules  # noqa: F401
