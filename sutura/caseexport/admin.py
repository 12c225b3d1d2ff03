"""Mappings in the administration. The platform's default (no organisation) is read-only:
a new default version comes by migration. An organisation's system administrators add and
edit their own organisation's mappings (`access.caseexport.keeps_mapping`), checked by the
model's `clean()` (unknown sources, twice the same target, transforms); once used for an
export, a mapping keeps its fields: "Copy as a new version" makes the next version, inactive
until reviewed. Superusers see every organisation's."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Max, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.access.caseexport import keeps_mapping, keeps_mappings
from sutura.caseexport.models import ExportMapping


class MappingForm(forms.ModelForm):
    class Meta:
        model = ExportMapping
        fields = ("name", "code", "version", "description", "active", "fields", "organisation")


@admin.register(ExportMapping)
class ExportMappingAdmin(admin.ModelAdmin):
    form = MappingForm
    list_display = ("name", "code", "version", "organisation", "active", "first_used_at")
    list_filter = ("active",)
    actions = ["copy_as_new_version"]

    def _may(self, request: HttpRequest) -> bool:
        return request.user.is_superuser or keeps_mappings(request.user)

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return self._may(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return self._may(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None:
            return self._may(request)
        return keeps_mapping(request.user, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return obj is not None and not obj.used and keeps_mapping(request.user, obj)

    def get_queryset(self, request: HttpRequest) -> QuerySet[ExportMapping]:
        if request.user.is_superuser:
            return ExportMapping.objects.all()
        return visible(request.user, ExportMapping)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        fixed: tuple[str, ...] = ("format_version", "first_used_at")
        if not request.user.is_superuser:
            fixed += ("organisation",)
        if obj is not None and obj.used:
            fixed += ("code", "version", "fields", "organisation")
        return tuple(dict.fromkeys(fixed))

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        user: Any = request.user
        if not change and not user.is_superuser:
            obj.organisation_id = user.organisation_id
        super().save_model(request, obj, form, change)
        pending = obj.unknown_sources()
        if pending:
            messages.warning(
                request,
                gettext("Not provided by any installed app yet (exported empty): %(keys)s.")
                % {"keys": ", ".join(pending)},
            )

    def get_form(
        self, request: HttpRequest, obj: Any = None, change: bool = False, **kwargs: Any
    ) -> Any:
        form = super().get_form(request, obj, change, **kwargs)
        user: Any = request.user
        if not request.user.is_superuser and obj is None:
            # The organisation is the administrator's own: set before the model's clean().
            base = form

            class OwnOrganisation(base):  # type: ignore[misc, valid-type]
                def _post_clean(self) -> None:
                    self.instance.organisation_id = user.organisation_id
                    super()._post_clean()

            return OwnOrganisation
        return form

    @admin.action(description=_("Copy as a new version (inactive until reviewed)"))
    def copy_as_new_version(self, request: HttpRequest, queryset: QuerySet[ExportMapping]) -> None:
        user: Any = request.user
        organisation = user.organisation_id
        made = 0
        with transaction.atomic():
            for mapping in queryset:
                owner = organisation if mapping.organisation_id is None else mapping.organisation_id
                if owner is None or not (
                    request.user.is_superuser or owner == user.organisation_id
                ):
                    continue
                latest = (
                    ExportMapping.objects.filter(organisation_id=owner, code=mapping.code)
                    .aggregate(v=Max("version"))
                    .get("v")
                    or 0
                )
                ExportMapping.objects.create(
                    organisation_id=owner,
                    name=mapping.name,
                    code=mapping.code,
                    version=latest + 1,
                    format_version=mapping.format_version,
                    description=mapping.description,
                    active=False,
                    fields=mapping.fields,
                )
                made += 1
        self.message_user(
            request, gettext("%(count)d new version(s), inactive until reviewed.") % {"count": made}
        )
