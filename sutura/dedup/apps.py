from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DedupConfig(AppConfig):
    name = "sutura.dedup"
    label = "dedup"
    verbose_name = _("Duplicate files")

    def ready(self) -> None:
        # Home cards, menu items, demo step: registered here (core.registry), see home.py.
        pass
