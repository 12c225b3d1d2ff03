from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AuditConfig(AppConfig):
    name = "sutura.audit"
    label = "audit"
    verbose_name = _("Audit log")

    def ready(self) -> None:
        from sutura.audit import home
        from sutura.core import registry

        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        from sutura.audit import signals  # noqa: F401
        from sutura.audit.routes import route_words
        from sutura.core import texts

        texts.add_term("route", route_words)
