from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommunityConfig(AppConfig):
    name = "sutura.community"
    label = "community"
    verbose_name = _("Community-based protection")

    def ready(self) -> None:
        from sutura.community import home
        from sutura.community.models import COMMUNITY_CONTEXT
        from sutura.core import registry
        from sutura.meetings import contexts

        contexts.register(
            contexts.Context(COMMUNITY_CONTEXT, _("Community"), "community:community")
        )
        home.register()
        registry.add_demo(
            registry.DemoStep(order=97, name="community", run="sutura.community.demo.seed_step")
        )
