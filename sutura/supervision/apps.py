from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupervisionConfig(AppConfig):
    name = "sutura.supervision"
    label = "supervision"
    verbose_name = _("Caseloads and supervision")

    def ready(self) -> None:
        from sutura.access.supervision import opens_conference_case
        from sutura.core import registry, sections
        from sutura.core.sections import Section
        from sutura.meetings import contexts
        from sutura.privacy import selectors as privacy_selectors
        from sutura.privacy import services as privacy_services
        from sutura.supervision import home
        from sutura.supervision.models import SupervisionNote

        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        from sutura.accounts import demo as accounts_demo
        from sutura.supervision.demo import USERS

        accounts_demo.add_users(*USERS)
        registry.add_demo(
            registry.DemoStep(
                order=250, name="supervision", run="sutura.supervision.demo.seed_step"
            )
        )
        selectors = "sutura.supervision.selectors"
        sections.add(
            Section(
                page="case",
                name="supervision",
                order=60,
                template="supervision/case_section.html",
                selector=f"{selectors}.case_section",
            ),
            Section(
                page="case",
                name="case_conferences",
                order=61,
                template="supervision/conferences_section.html",
                selector=f"{selectors}.conferences_section",
            ),
        )
        # Who sees a case conference is in sutura/access/supervision.py; its page is the case.
        contexts.register(
            contexts.Context(
                "case_conference",
                _("Case conference"),
                "supervision:conference_case",
                opens=opens_conference_case,
            )
        )
        # The person's subject-access export lists the notes kept on their cases, and an
        # anonymisation clears what the supervisors wrote (privacy sits below: we register).
        privacy_selectors.add_person_records((SupervisionNote, "case__person"))
        privacy_services.add_case_text(
            (SupervisionNote, "case", {"text": "", "follow_up_action": ""})
        )
