from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "sutura.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from sutura.core import registry
        from sutura.core.registry import DemoStep
        from sutura.referrals import home

        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(
            DemoStep(order=60, name="referrals", run="sutura.referrals.demo.seed_step")
        )
        from sutura.referrals import signals  # noqa: F401
