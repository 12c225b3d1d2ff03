from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    name = "sutura.children"
    label = "children"
    verbose_name = _("Unaccompanied and separated children")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from sutura.cases.services.lifecycle import add_transition_guard
        from sutura.children.registrations import register
        from sutura.children.services.guard import durable_decision_guard

        register()
        # A child's case reaches no durable decision without a decided BID.
        add_transition_guard(durable_decision_guard)
        # The assessment form is a data migration's rows: a database emptied by `flush` (a
        # transactional test's teardown) gets them back.
        post_migrate.connect(_assessment_form, sender=self)


def _assessment_form(using: str = "default", **kwargs: Any) -> None:
    import importlib

    from django.apps import apps

    importlib.import_module("sutura.children.migrations.0002_assessment_form").add(apps, None)
