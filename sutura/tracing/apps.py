from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TracingConfig(AppConfig):
    name = "sutura.tracing"
    label = "tracing"
    verbose_name = _("Family tracing and reunification")

    def ready(self) -> None:
        from sutura.tracing import registration

        registration.register()
