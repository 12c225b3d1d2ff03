from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DedupConfig(AppConfig):
    name = "sutura.dedup"
    label = "dedup"
    verbose_name = _("Duplicate files")

    def ready(self) -> None:
        from sutura.core import registry
        from sutura.dedup import home

        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(
            registry.DemoStep(order=260, name="dedup", run="sutura.dedup.demo.seed_step")
        )
