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

    def get_readonly_fields(self, request: Any, obj: Any = None) -> tuple[str, ...]:
        # A category's code and sensitivity are set once (a migration, or a new category):
        # making SEA "normal" here would open every SEA item to every handler.
        return ("code", "sensitivity") if obj is not None else ()

    def has_delete_permission(self, request: Any, obj: Any = None) -> bool:
        return False  # items refer to it: deactivate instead
