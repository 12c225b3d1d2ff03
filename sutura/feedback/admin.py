"""Categories are configured in the administration: names, sensitivity, deadlines, whether the
public form offers them. Items are never shown here (the access layer decides who reads one)."""

from typing import Any

from django.contrib import admin

from sutura.feedback.models import Category


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = (
        "code",
        "name_fr",
        "name_en",
        "sensitivity",
        "acknowledge_hours",
        "respond_days",
        "on_public_form",
        "active",
    )
    list_editable = ("acknowledge_hours", "respond_days", "on_public_form", "active")
    readonly_fields = ("code",)

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # items refer to it: deactivate instead
