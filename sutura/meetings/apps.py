from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "sutura.meetings"
    label = "meetings"
    verbose_name = _("Meetings and trainings")

    def ready(self) -> None:
        from sutura.core import indicators as indicator_registry
        from sutura.meetings import indicators as meetings_indicators

        indicator_registry.add(*meetings_indicators.INDICATORS)
        from django.db.models.signals import post_migrate

        from sutura.core import registry, sections
        from sutura.core.sections import Section
        from sutura.meetings import home

        # Trainings attended: on a registered person's page, and on one's own account page.
        sections.add(
            Section(
                page="person",
                name="trainings",
                order=60,
                template="meetings/trainings_section.html",
                selector="sutura.meetings.selectors.trainings_of_person",
            ),
            Section(
                page="account",
                name="trainings",
                order=10,
                template="meetings/trainings_section.html",
                selector="sutura.meetings.selectors.trainings_of_account",
            ),
        )
        # Kinds and topics are a data migration's rows: a database emptied by `flush` (a
        # transactional test's teardown) gets them back, as Django's own permissions do.
        post_migrate.connect(_reference_data, sender=self)
        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(
            registry.DemoStep(order=70, name="meetings", run="sutura.meetings.demo.seed_step")
        )


def _reference_data(using: str = "default", **kwargs: Any) -> None:
    from sutura.meetings.reference import ensure_reference_data

    ensure_reference_data(using)
