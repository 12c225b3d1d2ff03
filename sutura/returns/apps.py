from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReturnsConfig(AppConfig):
    name = "sutura.returns"
    label = "returns"
    verbose_name = _("Assisted voluntary return")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from sutura.accounts.demo import DemoUser, add_organisations, add_users
        from sutura.accounts.models import OrganisationType
        from sutura.accounts.roles import Role
        from sutura.cases.services import lifecycle
        from sutura.core import case_export, indicators, registry, sections, texts
        from sutura.core.sections import Section
        from sutura.privacy.models import Anonymisation
        from sutura.privacy.selectors import add_person_records
        from sutura.returns import home, services
        from sutura.returns.models import Arrival, Counselling, Movement, Return, TravelDocument

        # The departure case's "Return" section; the reintegration case's "Return journey".
        sections.add(
            Section(
                page="case",
                name="returns",
                order=5,
                template="returns/case_section.html",
                selector="sutura.returns.selectors.case_section",
            )
        )
        lifecycle.add_transition_guard(services.returned_closure_guard)
        # An anonymised person's identity leaves the copies made at the handover too.
        post_save.connect(
            services.forget_identity, sender=Anonymisation, dispatch_uid="returns-anonymised"
        )
        texts.add_term("return_step", _step_title)
        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        registry.add_demo(
            # The departure offices' countries, before the organisations (order 20) are made.
            registry.DemoStep(
                order=15, name="return countries", run="sutura.returns.demo.seed_countries"
            ),
            registry.DemoStep(order=240, name="returns", run="sutura.returns.demo.seed_step"),
        )
        agency = "Agence internationale pour les migrations"
        add_organisations(
            (f"{agency} — Libye", "AIM-LY", OrganisationType.UN_AGENCY, "LY", None),
            (f"{agency} — Niger", "AIM-NE", OrganisationType.UN_AGENCY, "NE", None),
            (f"{agency} — Algérie", "AIM-DZ", OrganisationType.UN_AGENCY, "DZ", None),
        )
        # The departure offices' case managers (their organisations: sutura/returns/demo.py).
        add_users(
            DemoUser("casemanager.ly", "Salem", "Ben Ali", "AIM-LY", (Role.CASE_MANAGER,), ()),
            DemoUser("casemanager.ne", "Hadiza", "Issoufou", "AIM-NE", (Role.CASE_MANAGER,), ()),
            DemoUser("casemanager.dz", "Karim", "Haddad", "AIM-DZ", (Role.CASE_MANAGER,), ()),
        )
        # The subject-access export names what is held on the departure case's person (privacy
        # sits below returns: the list is extended here, by registration).
        # The reception at home is the receiving organisation's: it joins the file of the
        # person it registered (the reintegration case's), never the departure office's.
        add_person_records(
            (Return, "departure_case__person"),
            *(
                (model, "assisted_return__departure_case__person")
                for model in (Counselling, TravelDocument, Movement)
            ),
            (Arrival, "assisted_return__reintegration_case__person"),
        )
        F = case_export.ExportField
        case_export.add(
            case_export.FieldGroup(
                name="returns",
                fields=(
                    F("returns.from_country", _("Return: from country"), "code"),
                    F("returns.departure_date", _("Return: departure date"), "date"),
                    F("returns.arrival_date", _("Return: arrival date"), "date"),
                    F("returns.reception_assistance", _("Return: reception assistance"), "list"),
                    F(
                        "returns.days_arrival_to_case",
                        _("Return: days from arrival to reintegration case"),
                        "integer",
                    ),
                ),
                values="sutura.returns.selectors.export_values",
            )
        )
        from sutura.returns import indicators as returns_indicators

        indicators.add(*returns_indicators.INDICATORS)


def _step_title(code: str) -> Any:
    from sutura.returns.views import step_title

    return step_title(code)
