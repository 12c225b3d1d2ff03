from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "sutura.accounts"
    label = "accounts"
    verbose_name = _("Organisations and users")

    def ready(self) -> None:
        from sutura.accounts import home, receivers
        from sutura.core import registry
        from sutura.core.registry import DemoStep

        receivers.connect("accounts.User")
        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(
            DemoStep(
                order=20,
                name="organisations and users",
                run="sutura.accounts.demo.seed_step",
                logins="sutura.accounts.demo.logins",
            )
        )
