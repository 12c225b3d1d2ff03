from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MentoringConfig(AppConfig):
    name = "sutura.mentoring"
    label = "mentoring"
    verbose_name = _("Community mentoring")

    def ready(self) -> None:
        from sutura.core import indicators as indicator_registry
        from sutura.mentoring import indicators as mentoring_indicators

        indicator_registry.add(*mentoring_indicators.INDICATORS)
        from sutura.accounts import signin
        from sutura.core import registry
        from sutura.meetings import contexts
        from sutura.mentoring import (
            home,
            signals,  # noqa: F401  (closing a case, withdrawn consent)
        )
        from sutura.mentoring.models import PEER_GROUP_CONTEXT, PeerGroup
        from sutura.mentoring.services.volunteers import sign_in_refusal

        # A volunteer whose engagement ended signs in no more (their records stay).
        signin.register(sign_in_refusal)
        contexts.register(
            contexts.Context(
                PEER_GROUP_CONTEXT,
                _("Peer-support group"),
                "mentoring:group",
                opens=contexts.seen(PeerGroup),
            )
        )
        home.register()
        registry.add_demo(
            registry.DemoStep(order=75, name="mentoring", run="sutura.mentoring.demo.seed_step")
        )
