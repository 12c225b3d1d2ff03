from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from sutura.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only: the log can be searched, never edited or deleted."""

    list_display = ("at", "action", "actor_username", "organisation", "ip_address", "object_label")
    list_filter = ("action", "organisation", "content_type")
    search_fields = ("actor_username", "object_id", "object_label")
    date_hierarchy = "at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
