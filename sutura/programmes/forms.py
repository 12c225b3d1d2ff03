"""Programme forms: input checked where people read the message; the rules are the services'."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.accounts.models import Organisation
from sutura.cases.models import Currency, Dimension
from sutura.core.forms import DateInput
from sutura.geo.models import Location
from sutura.programmes.models import ResultLevel, TagKind, Unit

AMOUNT: dict[str, Any] = {"max_digits": 16, "decimal_places": 2}
FIGURE: dict[str, Any] = {"max_digits": 16, "decimal_places": 2, "required": False}


class Versioned(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        return data


class ProgrammeForm(Versioned):
    name = forms.CharField(label=_("Name"), max_length=200)
    code = forms.CharField(label=_("Code"), max_length=40, required=False)
    description = forms.CharField(
        label=_("Description"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    starts_on = forms.DateField(label=_("Starts on"), required=False, widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), required=False, widget=DateInput)
    donors: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Donors"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    areas: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Countries and areas"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_("Hold Ctrl (or a long press on a phone) to choose several."),
    )
    partners: forms.ModelMultipleChoiceField[Any] = forms.ModelMultipleChoiceField(
        label=_("Implementing partners"),
        queryset=None,
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    warning_percent = forms.IntegerField(
        label=_("Warn when plans committed this share of an envelope (%)"),
        min_value=1,
        max_value=1000,
    )
    alert_percent = forms.IntegerField(
        label=_("Alert when plans committed this share of an envelope (%)"),
        min_value=1,
        max_value=1000,
    )

    def __init__(self, *args: Any, user: Any, donors: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["donors"].queryset = donors  # type: ignore[attr-defined]
        self.fields["areas"].queryset = (  # type: ignore[attr-defined]
            visible(user, Location).filter(level__lte=2).order_by("level", "name_fr")
        )
        self.fields["partners"].queryset = (  # type: ignore[attr-defined]
            visible(user, Organisation)
            .filter(is_active=True)
            .exclude(pk=user.organisation_id)
            .order_by("name")
        )
        if not editing:
            del self.fields["version"]


class DonorForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    acronym = forms.CharField(label=_("Acronym"), max_length=30, required=False)


class EnvelopeForm(Versioned):
    budget_line = forms.CharField(label=_("Budget line"), max_length=120)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    dimension = forms.ChoiceField(
        label=_("Counts the plans' items of"),
        choices=[("", _("every dimension")), *Dimension.choices],
        required=False,
    )
    amount = forms.DecimalField(label=_("Amount"), min_value=0, **AMOUNT)


class ResultForm(forms.Form):
    level = forms.ChoiceField(label=_("Level"), choices=ResultLevel.choices)
    parent = forms.ChoiceField(label=_("Under"), required=False)
    code = forms.CharField(label=_("Code"), max_length=20, required=False)
    statement = forms.CharField(
        label=_("Result statement"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, parents: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.parents = {str(node.pk): node for node in parents}
        self.fields["parent"].choices = [  # type: ignore[attr-defined]
            ("", "—"),
            *((str(n.pk), f"{n.get_level_display()} {n}") for n in parents),
        ]

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["parent"] = self.parents.get(data.get("parent") or "")
        return data


class IndicatorForm(forms.Form):
    code = forms.ChoiceField(label=_("Indicator of the registry"), required=False)
    name = forms.CharField(
        label=_("Or an indicator entered by hand: its name"), max_length=300, required=False
    )
    unit = forms.ChoiceField(label=_("Unit (entered by hand)"), choices=Unit.choices)
    source = forms.CharField(
        label=_("Source and means of verification"), max_length=500, required=False
    )

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].choices = [("", "—"), *choices]  # type: ignore[attr-defined]


class PeriodForm(Versioned):
    period = forms.CharField(
        label=_("Period"),
        max_length=7,
        help_text=_("A year (2026), a quarter (2026-Q3) or a month (2026-05)."),
    )
    baseline = forms.DecimalField(label=_("Baseline"), **FIGURE)
    target = forms.DecimalField(label=_("Target"), **FIGURE)
    actual = forms.DecimalField(label=_("Actual (figures from outside Sutura)"), **FIGURE)
    actual_source = forms.CharField(label=_("Source of the actual"), max_length=500, required=False)

    def __init__(self, *args: Any, computed: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if computed:  # computed from the data: nothing to enter
            del self.fields["actual"]
            del self.fields["actual_source"]


class TagForm(forms.Form):
    kind = forms.ChoiceField(choices=TagKind.choices, widget=forms.HiddenInput)
    object_id = forms.CharField(label=_("Record to tag"), max_length=64)
