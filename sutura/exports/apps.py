from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "sutura.exports"
    label = "exports"
    verbose_name = _("Exports")

    def ready(self) -> None:
        from sutura.core import registry, texts
        from sutura.exports import home, lists
        from sutura.exports import registry as export_lists

        lists.register_all()
        texts.add_term("export_list", export_lists.label_of)
        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
