"""The pages' forms: each explains refused input to the person typing it."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.access.accounts import colleagues
from sutura.accounts.models import User
from sutura.accounts.roles import Perm
from sutura.core.forms import DateInput
from sutura.geo.widgets import LocationField
from sutura.people.models import Sex
from sutura.referrals.models import Referral
from sutura.tracing.models import (
    OUTCOMES,
    PlacementOutcome,
    Recommendation,
    Relationship,
    Source,
    Through,
    WellBeing,
)
from sutura.tracing.selectors import family_tracing_referrals

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class ReferralChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        to = obj.service or obj.to_organisation or ""
        return f"{obj.number} · {to} · {obj.get_status_display()}"


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class TracingRequestForm(forms.Form):
    sought_name = forms.CharField(label=_("Name of the person sought"), max_length=200)
    relationship = forms.ChoiceField(label=_("Relationship"), choices=Relationship.choices)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    age = forms.IntegerField(label=_("Age, if known"), min_value=0, max_value=120, required=False)
    last_known_place = LocationField(label=_("Last known place"), required=False)
    last_known_place_details = forms.CharField(
        label=_("Last known place, in words"),
        max_length=300,
        required=False,
        help_text=_("Neighbourhood, village, landmark, who lived nearby."),
    )
    sources = forms.MultipleChoiceField(
        label=_("Sources tried"),
        choices=Source.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    through = forms.ChoiceField(
        label=_("Who traces"),
        choices=Through.choices,
        widget=forms.RadioSelect,
        initial=Through.OWN,
    )
    organisation_name = forms.CharField(
        label=_("Other organisation"),
        max_length=200,
        required=False,
        help_text=_("When another organisation traces without a referral recorded here."),
    )
    referral = ReferralChoiceField(
        label=_("Referral to a family tracing service"),
        queryset=Referral.objects.none(),
        required=False,
    )
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput())

    def __init__(self, *args: Any, user: Any, case: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opened_on"].initial = timezone.localdate()
        referral: Any = self.fields["referral"]
        referral.queryset = family_tracing_referrals(user, case)


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(label=_("Outcome"), choices=OUTCOMES, widget=forms.RadioSelect)
    outcome_on = forms.DateField(label=_("Outcome date"), widget=DateInput())
    outcome_notes = forms.CharField(label=_("Outcome notes"), required=False, widget=TEXTAREA)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AssessmentForm(forms.Form):
    family_member = forms.CharField(label=_("Family member assessed"), max_length=200)
    assessed_on = forms.DateField(label=_("Date"), widget=DateInput())
    assessor = UserChoiceField(label=_("Assessor"), queryset=User.objects.none())
    findings = forms.CharField(label=_("Findings"), widget=forms.Textarea(attrs={"rows": 5}))
    recommendation = forms.ChoiceField(
        label=_("Recommendation"), choices=Recommendation.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        assessor: Any = self.fields["assessor"]
        assessor.queryset = colleagues(user, perm=Perm.MANAGE_CASES)
        assessor.initial = user.pk


class ReunificationForm(forms.Form):
    reunified_on = forms.DateField(label=_("Date of the reunification"), widget=DateInput())
    place = LocationField(label=_("Place"), required=False)
    place_details = forms.CharField(label=_("Place, in words"), max_length=300, required=False)


class VisitForm(forms.Form):
    done_on = forms.DateField(label=_("Date of the visit"), widget=DateInput())
    well_being = forms.ChoiceField(
        label=_("Child's well-being"), choices=WellBeing.choices, widget=forms.RadioSelect
    )
    placement = forms.ChoiceField(
        label=_("Placement"), choices=PlacementOutcome.choices, widget=forms.RadioSelect
    )
    observations = forms.CharField(label=_("Notes"), required=False, widget=TEXTAREA)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
