from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "sutura.referrals"
    label = "referrals"
    verbose_name = _("Referrals")

    def ready(self) -> None:
        from sutura.referrals import signals  # noqa: F401
