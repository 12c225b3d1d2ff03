from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "sutura.notifications"
    label = "notifications"
    verbose_name = _("Notifications")

    def ready(self) -> None:
        from sutura.core import registry
        from sutura.core.registry import NavItem

        registry.add_menu(NavItem(_("Notifications"), "notifications:list", order=80))
