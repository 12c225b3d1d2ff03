"""Forms of the roadmap."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.accounts.models import Organisation
from sutura.core.forms import DateInput
from sutura.governance.models.roadmap import RoadmapActionStatus


class RoadmapForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("From"), widget=DateInput)
    ends_on = forms.DateField(label=_("To"), widget=DateInput)


class PriorityForm(forms.Form):
    title = forms.CharField(label=_("Priority"), max_length=300)
    description = forms.CharField(
        label=_("Description"), max_length=4000, required=False, widget=forms.Textarea
    )


class ActionForm(forms.Form):
    title = forms.CharField(label=_("Action"), max_length=300)
    responsible = forms.ModelChoiceField(
        label=_("Responsible organisation"), queryset=Organisation.objects, required=False
    )
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    status = forms.ChoiceField(label=_("Status"), choices=RoadmapActionStatus.choices)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        responsible: Any = self.fields["responsible"]
        responsible.queryset = visible(user, Organisation).filter(is_active=True).order_by("name")


class ActionEditForm(ActionForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class NoteForm(forms.Form):
    written_on = forms.DateField(label=_("Date"), widget=DateInput, required=False)
    text = forms.CharField(label=_("Progress"), max_length=4000, widget=forms.Textarea)
