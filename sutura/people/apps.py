from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "sutura.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        from sutura.core import indicators, registry
        from sutura.core.registry import DemoStep
        from sutura.people import home
        from sutura.people import indicators as people_indicators

        indicators.add(*people_indicators.INDICATORS)

        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(DemoStep(order=30, name="people", run="sutura.people.demo.seed_step"))
