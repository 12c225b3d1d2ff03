from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "sutura.reports"
    label = "reports"
    verbose_name = _("Programme reports")

    def ready(self) -> None:
        import sutura.access.reports  # noqa: F401 - the scopes of this app's models
        from sutura.core import registry
        from sutura.reports import home

        registry.add_menu(*home.MENU)
        registry.add_demo(
            registry.DemoStep(order=290, name="reports", run="sutura.reports.demo.seed_step")
        )
