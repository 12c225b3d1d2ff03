from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlacementsConfig(AppConfig):
    name = "sutura.placements"
    label = "placements"
    verbose_name = _("Placements")

    def ready(self) -> None:
        from sutura.core import registry, sections
        from sutura.core.sections import Section
        from sutura.placements import home

        # The referral page shows the offer a proposal answers, to both sides; the case page
        # shows the case team whether the returnee may be proposed, and their proposals.
        sections.add(
            Section(
                page="referral",
                name="placement",
                order=20,
                template="placements/referral_section.html",
                selector="sutura.placements.selectors.proposal_of_referral",
            ),
            Section(
                page="case",
                name="placements",
                order=20,
                template="placements/case_section.html",
                selector="sutura.placements.selectors.placements_for_case",
            ),
        )
        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(
            registry.DemoStep(
                order=95,
                name="placements",
                run="sutura.placements.demo.seed_step",
            )
        )
