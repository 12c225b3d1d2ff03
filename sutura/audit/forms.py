from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.contenttypes.models import ContentType
from django.utils.translation import gettext_lazy as _

from sutura.accounts.models import Organisation
from sutura.audit.models import Action
from sutura.core.models import AuditedModel


def _audited_types() -> list[int]:
    ids = [ct.pk for ct in ContentType.objects.all() if _is_audited(ct)]
    return ids


def _type_label(content_type: ContentType) -> str:
    model = content_type.model_class()
    return str(model._meta.verbose_name).capitalize() if model else content_type.model


def _is_audited(content_type: ContentType) -> bool:
    model = content_type.model_class()
    return model is not None and issubclass(model, AuditedModel)


class AuditFilterForm(forms.Form):
    user = forms.CharField(label=_("User"), required=False)
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all(), required=False
    )
    action = forms.ChoiceField(
        label=_("Action"), choices=[("", _("All actions")), *Action.choices], required=False
    )
    object_type = forms.ModelChoiceField(
        label=_("Object type"), queryset=ContentType.objects.none(), required=False
    )
    object_id = forms.CharField(label=_("Object id"), required=False)
    date_from = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["object_type"]
        field.queryset = ContentType.objects.filter(pk__in=_audited_types())
        field.label_from_instance = _type_label

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            self.add_error("date_to", _("The end date is before the start date."))
        return data
