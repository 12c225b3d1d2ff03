from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sutura.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from sutura.cases import home
        from sutura.core import registry
        from sutura.core.registry import DemoStep

        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(DemoStep(order=40, name="cases", run="sutura.cases.demo.seed_step"))
