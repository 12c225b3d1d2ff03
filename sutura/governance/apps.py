from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "sutura.governance"
    label = "governance"
    verbose_name = _("Referral mechanism governance")

    def ready(self) -> None:
        from sutura.governance import registrations_library

        registrations_library.register()
