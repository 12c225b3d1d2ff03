from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GovernanceConfig(AppConfig):
    name = "sutura.governance"
    label = "governance"
    verbose_name = _("Referral mechanism governance")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        # The checklists are a data migration's rows: a database emptied by `flush` (a
        # transactional test's teardown) gets them back, like the meeting kinds.
        post_migrate.connect(_checklists, sender=self)
        from sutura.governance import registrations_library

        registrations_library.register()
        from sutura.accounts import membership
        from sutura.accounts.roles import Perm
        from sutura.core import registry
        from sutura.governance import home
        from sutura.governance.models import Committee, ProtocolVersion
        from sutura.governance.selectors.protocols import membership as membership_of
        from sutura.meetings import contexts

        # Who sees these contexts' meetings is in sutura/access/governance.py.
        contexts.register(
            contexts.Context(
                "committee",
                _("Committee"),
                "governance:committee",
                opens=contexts.seen(Committee),
            )
        )
        contexts.register(
            contexts.Context(
                "protocol_consultation",
                _("Protocol consultation"),
                "governance:version",
                opens=contexts.seen(ProtocolVersion, Perm.VIEW_GOVERNANCE),
            )
        )
        # The accounts API says whether an organisation is a member without importing us.
        membership.register(membership_of)
        registry.add_cards(home.cards)
        registry.add_menu(*home.MENU)
        # Membership first (the referrals demo shares personal data with members only), then
        # the committee and its meetings once the other demo data exists.
        registry.add_demo(
            registry.DemoStep(
                order=45, name="NRM membership", run="sutura.governance.demo.seed_membership"
            )
        )
        registry.add_demo(
            registry.DemoStep(
                order=70, name="NRM governance", run="sutura.governance.demo.seed_step"
            )
        )


def _checklists(using: str = "default", **kwargs: Any) -> None:
    import importlib

    from django.apps import apps

    seed = importlib.import_module("sutura.governance.migrations.0002_assessment_checklists")
    seed.add(apps, None)  # get_or_create: adds only what a flush removed
