from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from sutura.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log can be searched, never edited or deleted."""

    list_display = (
        "at",
        "action",
        "actor_username",
        "organisation",
        "ip_address",
        "shown_object",
        "shown_detail",
    )
    list_filter = ("action", "organisation", "content_type")
    list_select_related = ("organisation", "content_type")
    search_fields = ("actor_username", "object_id", "object_label")
    date_hierarchy = "at"

    @admin.display(description=_("object"))
    def shown_object(self, entry: AuditEntry) -> str:
        return entry.shown_object()

    @admin.display(description=_("detail"))
    def shown_detail(self, entry: AuditEntry) -> str:
        return entry.shown_detail()

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
