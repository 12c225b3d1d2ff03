from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeoConfig(AppConfig):
    name = "sutura.geo"
    label = "geo"
    verbose_name = _("Locations")

    def ready(self) -> None:
        from sutura.core import registry
        from sutura.core.registry import DemoStep

        registry.add_demo(DemoStep(order=10, name="places", run="sutura.geo.demo.seed_step"))
