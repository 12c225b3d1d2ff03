from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ChildrenConfig(AppConfig):
    name = "sutura.children"
    label = "children"
    verbose_name = _("Unaccompanied and separated children")

    def ready(self) -> None:
        pass
