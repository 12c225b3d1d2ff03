from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "sutura.cases"
    label = "cases"
    verbose_name = _("Cases")

    def ready(self) -> None:
        from sutura.cases import home
        from sutura.core import registry, sections
        from sutura.core.registry import DemoStep
        from sutura.core.sections import Section

        # The person's file lists their cases (people knows nothing of cases).
        sections.add(
            Section(
                page="person",
                name="cases",
                order=10,
                template="cases/person_cases.html",
                selector="sutura.cases.selectors.cases_of_person",
                serializer="sutura.cases.api.CaseLinkSerializer",
            )
        )
        from sutura.cases import indicators as case_indicators
        from sutura.core import indicators

        indicators.add(*case_indicators.INDICATORS)
        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(DemoStep(order=40, name="cases", run="sutura.cases.demo.seed_step"))
        # After every app opened its demo cases, before the reports count them.
        registry.add_demo(
            DemoStep(order=280, name="registration dates", run="sutura.cases.demo.dates_step")
        )
