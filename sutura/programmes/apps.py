from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammesConfig(AppConfig):
    name = "sutura.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        from sutura.core import registry
        from sutura.programmes import home, links

        links.register()

        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(
            registry.DemoStep(order=270, name="programmes", run="sutura.programmes.demo.seed_step")
        )
