from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "sutura.dashboards"
    label = "dashboards"
    verbose_name = _("Dashboards")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model

        from sutura.core import registry
        from sutura.dashboards import home, receivers

        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        receivers.connect(get_user_model())
