"""Forms of committees and their members, outreach volunteers, safe spaces (the space, a
month's attendance grid, a safety check) and initiatives. Forms explain input errors; the
rules live in the services, whose refusals `core.forms.run_service` puts next to the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.access.accounts import colleagues
from sutura.accounts.models import Organisation
from sutura.cases.models import Programme
from sutura.community.forms.partners import PartnerChoiceField, offer_partners
from sutura.community.models import (
    Answer,
    CommitteeKind,
    FollowUpStatus,
    InitiativeStatus,
    SafeSpaceKind,
)
from sutura.community.selectors.partners import partner_organisations
from sutura.core.forms import DateInput
from sutura.geo.models import Location
from sutura.geo.widgets import LocationField
from sutura.meetings.models import AgeGroup
from sutura.people.models import LANGUAGE_CHOICES, Sex

TEXTAREA = forms.Textarea(attrs={"rows": 3})
AGE_GROUPS = [(code, label) for code, label in AgeGroup.choices if code != AgeGroup.UNKNOWN]
SEXES = [(Sex.FEMALE.value, Sex.FEMALE.label), (Sex.MALE.value, Sex.MALE.label)]


class Versioned(forms.Form):
    """A form that edits a record: its version travels with it (a stale save is refused)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not editing:
            del self.fields["version"]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data

    @property
    def expected_version(self) -> int:
        return self.cleaned_data.get("version") or 0


def initial_of(record: Any, fields: list[str]) -> dict[str, Any]:
    found = {name: getattr(record, name) for name in fields}
    found["version"] = record.version
    return found


# --- committees ----------------------------------------------------------------------------------


class CommitteeForm(Versioned):
    kind = forms.ChoiceField(label=_("Kind"), choices=CommitteeKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    established_on = forms.DateField(label=_("Established on"), widget=DateInput(), required=False)
    is_active = forms.BooleanField(label=_("Active"), required=False, initial=True)


class OrganisationUserField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class MemberForm(Versioned):
    user = OrganisationUserField(
        label=_("Account"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("If the member has an account on the platform; otherwise give their name."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    role = forms.CharField(
        label=_("Role in the committee"),
        max_length=120,
        help_text=_("President, secretary, focal point for children…"),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age_group = forms.ChoiceField(label=_("Age group"), choices=AgeGroup.choices)
    since = forms.DateField(label=_("Member since"), widget=DateInput())
    until = forms.DateField(
        label=_("Member until"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty while the person is a member."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["user"]
        field.queryset = colleagues(user).order_by("first_name", "last_name")

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["name"] = data.get("name") or ""
        return data


# --- outreach volunteers -------------------------------------------------------------------------


class OutreachForm(forms.Form):
    user = OrganisationUserField(
        label=_("Account"),
        queryset=Organisation.objects.none(),
        help_text=_(
            "Accounts of your organisation in the role of community outreach volunteer, without "
            "a volunteer profile yet (an administrator opens the account)."
        ),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas"),
        queryset=Location.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Where the volunteer works: the communities in these areas see them."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    is_returnee = forms.BooleanField(label=_("Returnee"), required=False)
    starts_on = forms.DateField(label=_("Engagement starts on"), widget=DateInput())
    code_of_conduct_signed_on = forms.DateField(
        label=_("Code of conduct signed on"), widget=DateInput(), required=False
    )

    def __init__(self, *args: Any, accounts: Any, areas: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        account_field: Any = self.fields["user"]
        account_field.queryset = accounts
        area_field: Any = self.fields["areas"]
        area_field.queryset = areas


class SupervisionNoteForm(forms.Form):
    noted_on = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(label=_("Note"), max_length=4000, widget=TEXTAREA)


# --- safe spaces --------------------------------------------------------------------------------


class SafeSpaceForm(Versioned):
    kind = forms.ChoiceField(label=_("Kind"), choices=SafeSpaceKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    location = LocationField(label=_("Place"))
    address = forms.CharField(label=_("Address"), max_length=300, required=False)
    managing_partner = PartnerChoiceField(
        label=_("Managing partner"),
        help_text=_("Its staff with a community role then see the community's records."),
    )
    opening_hours = forms.CharField(
        label=_("Opening hours"),
        max_length=300,
        required=False,
        help_text=_("For example: Monday to Friday, 9:00–13:00."),
    )
    activities = forms.CharField(
        label=_("Activities"), max_length=2000, widget=TEXTAREA, required=False
    )
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput(), required=False)
    closed_on = forms.DateField(label=_("Closed on"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, user: Any, current: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_partners(self, "managing_partner", partner_organisations(user, current))

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        for name in ("address", "opening_hours", "activities"):
            data[name] = data.get(name) or ""
        return data


def cell_name(sex: str, age_group: str) -> str:
    return f"n_{sex}_{age_group}"


class AttendanceForm(forms.Form):
    """A month's attendance: one number per sex × age group (the grid)."""

    month = forms.DateField(
        label=_("Month"),
        widget=forms.DateInput(attrs={"type": "month"}, format="%Y-%m"),
        input_formats=["%Y-%m", "%Y-%m-%d"],
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for sex, sex_label in SEXES:
            for age_group, age_label in AGE_GROUPS:
                self.fields[cell_name(sex, age_group)] = forms.IntegerField(
                    label=f"{sex_label} · {age_label}",
                    min_value=0,
                    max_value=100000,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )

    def grid(self) -> list[dict[str, Any]]:
        """Rows of the grid for the template: one per age group, a cell per sex."""
        return [
            {
                "label": age_label,
                "cells": [self[cell_name(sex, age_group)] for sex, _label in SEXES],
            }
            for age_group, age_label in AGE_GROUPS
        ]

    def counts(self) -> dict[tuple[str, str], int]:
        return {
            (sex, age_group): self.cleaned_data.get(cell_name(sex, age_group)) or 0
            for sex, _s in SEXES
            for age_group, _a in AGE_GROUPS
        }


class SafetyCheckForm(forms.Form):
    """The safety checklist: one answer (and an optional comment) per item."""

    checked_on = forms.DateField(label=_("Checked on"), widget=DateInput())
    finding = forms.CharField(label=_("Finding"), max_length=4000, widget=TEXTAREA, required=False)
    follow_up = forms.CharField(
        label=_("Follow-up"),
        max_length=4000,
        widget=TEXTAREA,
        required=False,
        help_text=_("What must be done about the finding; leave empty if nothing."),
    )

    def __init__(self, *args: Any, items: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.checklist_items = items
        for item in items:
            self.fields[f"answer_{item.key}"] = forms.ChoiceField(
                label=item.question, choices=Answer.choices, widget=forms.RadioSelect
            )
            self.fields[f"comment_{item.key}"] = forms.CharField(
                label=_("Comment"), max_length=1000, required=False
            )

    def answers(self) -> dict[str, tuple[str, str]]:
        return {
            item.key: (
                self.cleaned_data[f"answer_{item.key}"],
                self.cleaned_data.get(f"comment_{item.key}") or "",
            )
            for item in self.checklist_items
        }

    def rows(self) -> list[dict[str, Any]]:
        return [
            {"answer": self[f"answer_{item.key}"], "comment": self[f"comment_{item.key}"]}
            for item in self.checklist_items
        ]


class FollowUpForm(Versioned):
    follow_up_status = forms.ChoiceField(
        label=_("Follow-up status"),
        choices=[c for c in FollowUpStatus.choices if c[0] != FollowUpStatus.NONE_NEEDED],
    )


# --- initiatives ---------------------------------------------------------------------------------


class InitiativeForm(Versioned):
    title = forms.CharField(label=_("Title"), max_length=200)
    objective = forms.CharField(label=_("Objective"), max_length=2000, widget=TEXTAREA)
    partner = PartnerChoiceField(
        label=_("Partner organisation"),
        required=False,
        empty_label=_("None: the community runs it"),
        help_text=_("The CBO running it; leave empty if the community runs it itself."),
    )
    budget = forms.DecimalField(
        label=_("Budget"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    currency = forms.CharField(
        label=_("Currency"),
        max_length=3,
        required=False,
        help_text=_("Three letters: XOF, EUR…"),
    )
    status = forms.ChoiceField(label=_("Status"), choices=InitiativeStatus.choices)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput(), required=False)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput(), required=False)
    results = forms.CharField(label=_("Results"), max_length=4000, widget=TEXTAREA, required=False)
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes (donors)"),
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args: Any, user: Any, current: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_partners(self, "partner", partner_organisations(user, current))
        field: Any = self.fields["programmes"]
        field.queryset = visible(user, Programme).filter(organisation_id=user.organisation_id)

    def service_data(self) -> dict[str, Any]:
        data = super().service_data()
        data["currency"] = (data.get("currency") or "").upper()
        data["results"] = data.get("results") or ""
        data["programmes"] = list(data.get("programmes") or [])
        return data
