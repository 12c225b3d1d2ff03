from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sutura.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from sutura.core import registry
        from sutura.core.registry import NavItem

        registry.add_menu(
            NavItem(_("Home"), "core:home", order=0),
            NavItem(_("API documentation"), "api-docs", staff_only=True, order=100),
        )
