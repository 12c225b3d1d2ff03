"""The return journey's forms: one per step (pages and the API's steps share the checks of the
services; these explain the input)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.accounts.models import Organisation
from sutura.cases.models import Currency
from sutura.core.forms import DateInput
from sutura.people.models import ConsentMethod
from sutura.returns.models import (
    Assistance,
    CancelReason,
    Decision,
    DocumentKind,
    DocumentStatus,
    Eligibility,
    Fitness,
    Topic,
    Vulnerability,
)

CHECKBOXES = forms.CheckboxSelectMultiple


class OpenReturnForm(forms.Form):
    receiving_organisation = forms.ModelChoiceField(
        label=_("Receiving organisation (the office at home)"),
        queryset=Organisation.objects.none(),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["receiving_organisation"]
        field.queryset = (  # type: ignore[attr-defined]
            Organisation.objects.filter(is_active=True)
            .exclude(pk=user.organisation_id)
            .order_by("acronym")
        )


class CounsellingForm(forms.Form):
    held_on = forms.DateField(label=_("Date"), widget=DateInput())
    topics = forms.MultipleChoiceField(
        label=_("Topics discussed"), choices=Topic.choices, widget=CHECKBOXES
    )
    decision = forms.ChoiceField(
        label=_("The person's informed decision"),
        choices=[("", "—"), *Decision.choices],
        required=False,
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False, max_length=4000)


class DepartureFactsForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    eligibility = forms.ChoiceField(
        label=_("Eligibility"), choices=[("", "—"), *Eligibility.choices], required=False
    )
    vulnerabilities = forms.MultipleChoiceField(
        label=_("Vulnerabilities at departure"),
        choices=Vulnerability.choices,
        widget=CHECKBOXES,
        required=False,
    )
    vulnerability_note = forms.CharField(
        label=_("Note on vulnerability"), widget=forms.Textarea, required=False, max_length=4000
    )
    fitness = forms.ChoiceField(
        label=_("Medical fitness to travel"), choices=[("", "—"), *Fitness.choices], required=False
    )
    fitness_on = forms.DateField(label=_("Date of the check"), widget=DateInput(), required=False)
    fitness_by = forms.CharField(label=_("Checked by"), required=False, max_length=200)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Type"), choices=DocumentKind.choices)
    status = forms.ChoiceField(label=_("Status"), choices=DocumentStatus.choices)
    issued_by = forms.CharField(label=_("Issued by"), required=False, max_length=200)
    number = forms.CharField(label=_("Number"), required=False, max_length=60)


class MovementForm(forms.Form):
    departs_on = forms.DateField(label=_("Departure date"), widget=DateInput())
    route = forms.CharField(label=_("Route"), max_length=200)
    carrier = forms.CharField(label=_("Carrier"), required=False, max_length=120)
    escort = forms.CharField(label=_("Escort"), required=False, max_length=200)
    departure_point = forms.CharField(label=_("Departure point"), max_length=200)
    arrival_point = forms.CharField(label=_("Arrival point"), max_length=200)


class CancelForm(forms.Form):
    reason = forms.ChoiceField(label=_("Reason"), choices=CancelReason.choices)


class ConfirmForm(forms.Form):
    """A step that takes nothing but the click (ready, hand over)."""


class ArrivalForm(forms.Form):
    arrived_on = forms.DateField(label=_("Arrival date"), widget=DateInput())
    met_by = forms.CharField(label=_("Met by"), max_length=200)
    assistance = forms.MultipleChoiceField(
        label=_("Immediate assistance given"),
        choices=Assistance.choices,
        widget=CHECKBOXES,
        required=False,
    )
    cash_amount = forms.DecimalField(
        label=_("Cash given"), required=False, min_value=0, max_digits=12, decimal_places=2
    )
    currency = forms.ChoiceField(
        label=_("Currency"), choices=[("", "—"), *Currency.choices], required=False
    )
    note = forms.CharField(label=_("Note"), widget=forms.Textarea, required=False, max_length=4000)


class OpenCaseForm(forms.Form):
    consent_method = forms.ChoiceField(
        label=_("Registration consent given at arrival, how"), choices=ConsentMethod.choices
    )
    consent_on = forms.DateField(label=_("Date of the consent"), widget=DateInput())
    guardian_name = forms.CharField(
        label=_("Parent or guardian who consented (a child)"), required=False, max_length=200
    )
    childs_views = forms.CharField(
        label=_("The child's own views"), widget=forms.Textarea, required=False, max_length=4000
    )
    best_interests_basis = forms.CharField(
        label=_("Best-interests decision relied on"),
        help_text=_("A child without a parent or guardian: who decided, when, and its reference."),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=4000,
    )
    opened_on = forms.DateField(label=_("Case opened on"), widget=DateInput())
