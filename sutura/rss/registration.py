"""What the sustainability survey adds to the pages, registries and jobs of the apps below it
(called by `RssConfig.ready()`): the case page's section, the menu, the indicators, the demo
step, and the person's subject-access export."""

from __future__ import annotations

from sutura.core import indicators, registry, sections

SELECTORS = "sutura.rss.selectors"


def _privacy() -> None:
    """The person's subject-access export holds their survey responses. Nothing to clear at
    an anonymisation: a response holds answer codes and scores, never words people typed."""
    from sutura.privacy import selectors as privacy_selectors
    from sutura.rss.models import SurveyResponse

    privacy_selectors.add_person_records((SurveyResponse, "case__person"))


def register() -> None:
    from sutura.rss import home
    from sutura.rss.indicators import INDICATORS

    sections.add(
        sections.Section(
            page="case",
            name="rss",
            order=25,
            template="rss/case_section.html",
            selector=f"{SELECTORS}.case_rss",
        )
    )
    registry.add_menu(*home.MENU)
    indicators.add(*INDICATORS)
    registry.add_demo(registry.DemoStep(order=280, name="rss", run="sutura.rss.demo.seed_step"))
    _privacy()
