from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "sutura.feedback"
    label = "feedback"
    verbose_name = _("Complaints and feedback")

    def ready(self) -> None:
        from sutura.core import indicators as indicator_registry
        from sutura.feedback import indicators as feedback_indicators

        indicator_registry.add(*feedback_indicators.INDICATORS)
        # Each part registers its home cards, menu items, sections and demo step in its own
        # module of `parts/`.
        from django.db.models.signals import post_migrate

        from sutura.feedback.parts import register_all

        register_all()
        # The categories are a data migration's rows: a database emptied by `flush` (a
        # transactional test's teardown) gets them back.
        post_migrate.connect(_categories, sender=self)


def _categories(using: str = "default", **kwargs: Any) -> None:
    import importlib

    from django.apps import apps

    importlib.import_module("sutura.feedback.migrations.0002_categories").add(apps, None)
