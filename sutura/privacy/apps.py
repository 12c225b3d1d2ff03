from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "sutura.privacy"
    label = "privacy"
    verbose_name = _("Data protection")

    def ready(self) -> None:
        from sutura.core import registry, sections
        from sutura.core.sections import Section
        from sutura.privacy import home

        # A person's page offers the export and a request to those who handle them.
        sections.add(
            Section(
                page="person",
                name="privacy",
                order=90,
                template="privacy/person_section.html",
                selector="sutura.privacy.selectors.requests_for_person",
            )
        )
        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(
            registry.DemoStep(order=90, name="privacy", run="sutura.privacy.demo.seed_step")
        )
