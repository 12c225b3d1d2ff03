from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "sutura.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from sutura.core import indicators as indicator_registry
        from sutura.referrals import indicators as referrals_indicators

        indicator_registry.add(*referrals_indicators.INDICATORS)
        from sutura.core import registry, sections
        from sutura.core.registry import DemoStep
        from sutura.core.sections import Section
        from sutura.referrals import home

        # A case's page lists its referrals (cases knows nothing of referrals).
        for page, template in (
            ("case", "referrals/case_referrals.html"),
            ("case_minimal", "referrals/case_referrals_minimal.html"),
        ):
            sections.add(
                Section(
                    page=page,
                    name="referrals",
                    order=10,
                    template=template,
                    selector="sutura.referrals.selectors.referrals_for_case",
                )
            )
        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(
            DemoStep(order=60, name="referrals", run="sutura.referrals.demo.seed_step")
        )
        from sutura.referrals import signals  # noqa: F401
