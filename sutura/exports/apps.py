from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "sutura.exports"
    label = "exports"
    verbose_name = _("Exports")

    def ready(self) -> None:
        from sutura.core import registry
        from sutura.exports import home, lists

        lists.register_all()
        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
