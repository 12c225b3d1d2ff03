"""What follows for the dashboards from a change to an account (connected in
`DashboardsConfig.ready`): a deactivated account's snapshots are deleted, and so are those
counted under rights the account no longer has (the page would not show them anyway:
`services.rights_of`). A deleted account's go with it (the foreign key cascades)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save

# The fields `services.rights_of` reads; a save naming none of them (a login's last_login)
# changes nothing for the figures.
RIGHTS_FIELDS = frozenset({"organisation", "roles", "is_active", "is_superuser", "reports_to"})


def forget_snapshots_counted_under_other_rights(
    sender: Any, instance: Any, created: bool, **kwargs: Any
) -> None:
    if created or kwargs.get("raw"):
        return
    fields = kwargs.get("update_fields")
    if fields is not None and not RIGHTS_FIELDS & set(fields):
        return
    from sutura.dashboards import services

    if not instance.is_active:
        services.forget_user(instance)
    else:
        services.forget_user(instance, unless_rights=services.rights_of(instance))


def connect(user_model: Any) -> None:
    post_save.connect(
        forget_snapshots_counted_under_other_rights,
        sender=user_model,
        dispatch_uid="sutura.dashboards.forget_snapshots",
    )
