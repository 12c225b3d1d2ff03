from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RssConfig(AppConfig):
    name = "sutura.rss"
    label = "rss"
    verbose_name = _("Reintegration sustainability survey")

    def ready(self) -> None:
        from sutura.rss import registration

        registration.register()
