from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DirectoryConfig(AppConfig):
    name = "sutura.directory"
    label = "directory"
    verbose_name = _("Service directory")

    def ready(self) -> None:
        from sutura.core import registry
        from sutura.core.registry import DemoStep
        from sutura.directory import home

        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(
            DemoStep(order=50, name="service directory", run="sutura.directory.demo.seed_step")
        )
