from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "sutura.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from sutura.core import registry
        from sutura.core.registry import NavItem

        registry.add_menu(
            NavItem(_("Home"), "core:home", order=0),
            NavItem(_("API documentation"), "api-docs", staff_only=True, order=100),
        )
        # The menu's groups, by domain, and the URL namespaces whose items each gathers (a
        # new app adds its namespace: `registry.add_menu_group("cases", namespaces=("x",))`).
        for key, label, order, namespaces in (
            ("cases", _("Cases and people"), 10,
             ("cases", "supervision", "people", "dedup", "returns", "children", "tracing",
              "trafficking")),
            ("referrals", _("Referrals and services"), 20,
             ("referrals", "nrm", "directory", "placements")),
            ("mentoring", _("Community mentoring"), 30, ("mentoring",)),
            ("community", _("Community protection"), 40, ("community",)),
            ("feedback", _("Complaints and feedback"), 50, ("feedback", "feedback_ratings")),
            ("figures", _("Programmes and figures"), 60,
             ("programmes", "reports", "dashboards", "rss")),
            ("coordination", _("Coordination and meetings"), 70,
             ("meetings", "governance", "library", "roadmap")),
            ("account", _("Account and administration"), 90,
             ("notifications", "accounts", "exports", "privacy", "audit", "admin", "api-docs")),
        ):  # fmt: skip
            registry.add_menu_group(key, label, order, namespaces)
