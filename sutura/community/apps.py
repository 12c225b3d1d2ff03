from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "sutura.community"
    label = "community"
    verbose_name = _("Community-based protection")

    def ready(self) -> None:
        from sutura.community import indicators as community_indicators
        from sutura.core import indicators as indicator_registry

        indicator_registry.add(*community_indicators.INDICATORS)
        from django.db.models.signals import post_migrate

        from sutura.community import home
        from sutura.community.models import COMMUNITY_CONTEXT, Community
        from sutura.core import registry
        from sutura.meetings import contexts

        contexts.register(
            contexts.Context(
                COMMUNITY_CONTEXT,
                _("Community"),
                "community:community",
                community_groups=True,  # attendance by the community's groups
                opens=contexts.seen(Community),
            )
        )
        home.register()
        # Criteria, checklists and the validation meeting kind are a data migration's rows: a
        # database emptied by `flush` (a transactional test's teardown) gets them back, like
        # the meeting kinds and the governance checklists.
        post_migrate.connect(_reference_data, sender=self)
        registry.add_demo(
            registry.DemoStep(order=97, name="community", run="sutura.community.demo.seed_step")
        )


def _reference_data(using: str = "default", **kwargs: Any) -> None:
    import importlib

    from django.apps import apps

    seed = importlib.import_module("sutura.community.migrations.0002_reference_data")
    seed.add(apps, None)  # update_or_create / get_or_create: adds only what a flush removed
