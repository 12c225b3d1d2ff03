from importlib import import_module
from pkgutil import iter_modules

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# The package's own plumbing; every other module of the package holds one domain's rules.
PLUMBING = frozenset({"apps", "permissions", "scopes"})


class AccessConfig(AppConfig):
    name = "sutura.access"
    label = "access"
    verbose_name = _("Access control")

    def ready(self) -> None:
        # Each domain module registers its scopes when imported: import them all, so a new
        # domain's rules apply as soon as its module exists (`access/<domain>.py`).
        for module in iter_modules(import_module(self.name).__path__):
            if not module.ispkg and module.name not in PLUMBING:
                import_module(f"{self.name}.{module.name}")
