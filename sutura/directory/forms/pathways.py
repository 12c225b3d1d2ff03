"""Forms of the referral pathways: the list's filters, a pathway, and a step with the
services to refer to."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.directory.forms.entries import ANY, TEXTAREA
from sutura.directory.models import Need, Service, ServiceCategory
from sutura.geo.widgets import LocationField

URGENCIES = [
    ("", "—"),
    ("emergency", _("Emergency")),
    ("high", _("High")),
    ("normal", _("Normal")),
]


class PathwayFilterForm(forms.Form):
    need = forms.ChoiceField(label=_("Need"), choices=[ANY, *Need.choices], required=False)
    area = LocationField(label=_("Place"), required=False)


class PathwayForm(forms.Form):
    need = forms.ChoiceField(label=_("Need"), choices=Need.choices)
    area = LocationField(
        label=_("Area"),
        required=False,
        help_text=_("Empty: applies everywhere unless an area has its own pathway."),
    )
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description_fr = forms.CharField(
        label=_("Description (French)"), required=False, widget=TEXTAREA
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=TEXTAREA
    )
    is_active = forms.BooleanField(label=_("In use"), required=False, initial=True)


class PathwayEditForm(PathwayForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class StepForm(forms.Form):
    position = forms.IntegerField(
        label=_("Position"),
        min_value=1,
        max_value=50,
        required=False,
        help_text=_("1 is the first step; empty: after the last."),
    )
    title_fr = forms.CharField(label=_("Step (French)"), max_length=200)
    title_en = forms.CharField(label=_("Step (English)"), max_length=200, required=False)
    detail_fr = forms.CharField(label=_("Details (French)"), required=False, widget=TEXTAREA)
    detail_en = forms.CharField(label=_("Details (English)"), required=False, widget=TEXTAREA)
    category = forms.ChoiceField(
        label=_("Kind of service"), choices=[("", "—"), *ServiceCategory.choices], required=False
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=URGENCIES, required=False)
    services = forms.MultipleChoiceField(
        label=_("Services to refer to"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._services = {
            str(service.pk): service
            for service in visible(user, Service)
            .filter(is_active=True)
            .select_related("provider")
            .order_by("category", "name_fr")
        }
        groups: dict[str, list[tuple[str, str]]] = {}
        for pk, service in self._services.items():
            label = f"{service.name} — {service.provider.acronym or service.provider.name}"
            groups.setdefault(service.get_category_display(), []).append((pk, label))
        services: Any = self.fields["services"]
        services.choices = list(groups.items())

    def clean_services(self) -> list[Service]:
        return [self._services[pk] for pk in self.cleaned_data.get("services", [])]


class StepEditForm(StepForm):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
