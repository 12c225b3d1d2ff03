"""The trafficking forms: phone first (one column, radio buttons large enough to tap), French
first. They explain errors; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.core.forms import DateInput
from sutura.trafficking.models import (
    Answer,
    Authority,
    Confidentiality,
    CooperationDecision,
    IndicatorItem,
    Level,
    SafetyMeasure,
    VictimStatus,
)
from sutura.trafficking.selectors import items_by_group

TEXT = {"rows": 3}
CONFIDENTIALITY_HELP = _(
    "Restricted: only the case manager and the programme managers read it. The case team: "
    "everyone who works on the case."
)


def confidentiality_field(keeps_restricted: bool) -> forms.ChoiceField:
    """Restricted by default, for those who may keep it so; the others record for the team."""
    choices = (
        Confidentiality.choices
        if keeps_restricted
        else [(Confidentiality.CASE_TEAM.value, Confidentiality.CASE_TEAM.label)]
    )
    return forms.ChoiceField(
        label=_("Who may read it"),
        choices=choices,
        initial=Confidentiality.RESTRICTED if keeps_restricted else Confidentiality.CASE_TEAM,
        widget=forms.RadioSelect,
        help_text=CONFIDENTIALITY_HELP,
    )


class RecordForm(forms.Form):
    def __init__(self, *args: Any, keeps_restricted: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["confidentiality"] = confidentiality_field(keeps_restricted)


class IdentificationForm(RecordForm):
    """The checklist's items by group (yes / no / unknown each), then the result."""

    status = forms.ChoiceField(
        label=_("Resulting status"), choices=VictimStatus.choices, widget=forms.RadioSelect
    )
    identified_on = forms.DateField(label=_("Date"), widget=DateInput())
    authority = forms.ChoiceField(
        label=_("Identifying authority"),
        choices=[("", _("None: the organisation alone")), *Authority.choices],
        required=False,
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs=TEXT), max_length=4000
    )

    def __init__(self, *args: Any, items: list[IndicatorItem], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = items
        for item in items:
            self.fields[f"answer_{item.key}"] = forms.ChoiceField(
                label=item.text,
                choices=Answer.choices,
                initial=Answer.UNKNOWN,
                widget=forms.RadioSelect(attrs={"class": "inline-choices"}),
            )
        self.order_fields([f"answer_{item.key}" for item in items])

    def groups(self) -> list[tuple[str, list[Any]]]:
        return [
            (label, [self[f"answer_{item.key}"] for item in items])
            for label, items in items_by_group(self.indicators)
        ]

    def result_fields(self) -> list[Any]:
        names = ("status", "identified_on", "authority", "notes", "confidentiality")
        return [self[name] for name in names]

    def arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "answers": {item.key: data[f"answer_{item.key}"] for item in self.indicators},
            "status": data["status"],
            "identified_on": data["identified_on"],
            "authority": data["authority"],
            "notes": data["notes"],
            "confidentiality": data["confidentiality"],
        }


def _level(label: Any) -> forms.ChoiceField:
    return forms.ChoiceField(label=label, choices=Level.choices, widget=forms.RadioSelect)


class RiskAssessmentForm(RecordForm):
    assessed_on = forms.DateField(label=_("Date"), widget=DateInput())
    re_trafficking = _level(_("Risk of re-trafficking"))
    trafficker_threats = _level(_("Threats from traffickers"))
    family_risk = _level(_("Risk to the family"))
    details = forms.CharField(
        label=_("Details"), required=False, widget=forms.Textarea(attrs=TEXT), max_length=4000
    )
    measures = forms.MultipleChoiceField(
        label=_("Safety measures"),
        choices=SafetyMeasure.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    measures_text = forms.CharField(
        label=_("Measures, in words"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        max_length=4000,
    )
    safe_contacts = forms.CharField(
        label=_("Safe contacts"),
        required=False,
        widget=forms.Textarea(attrs=TEXT),
        max_length=2000,
        help_text=_("Who the person can call in danger, and how."),
    )
    relocation = forms.CharField(
        label=_("Relocation"), required=False, widget=forms.Textarea(attrs=TEXT), max_length=2000
    )
    review_on = forms.DateField(
        label=_("Review the safety plan on"), required=False, widget=DateInput()
    )

    PLAN = ("measures", "measures_text", "safe_contacts", "relocation", "review_on")

    def assessment_fields(self) -> list[Any]:
        names = ("assessed_on", "re_trafficking", "trafficker_threats", "family_risk", "details")
        return [self[name] for name in (*names, "confidentiality")]

    def plan_fields(self) -> list[Any]:
        return [self[name] for name in self.PLAN]

    def arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        plan = {name: data.pop(name) for name in self.PLAN}
        has_plan = any(plan[name] for name in self.PLAN)
        return {**data, "safety_plan": plan if has_plan else None}


class CooperationForm(RecordForm):
    decision = forms.ChoiceField(
        label=_("The person's decision"),
        choices=CooperationDecision.choices,
        widget=forms.RadioSelect,
        help_text=_(
            "Ask, never press: assistance never depends on this decision, and the person may "
            "change their mind at any time."
        ),
    )
    decided_on = forms.DateField(label=_("Date"), widget=DateInput())
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs=TEXT), max_length=4000
    )


class ConfidentialityForm(forms.Form):
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"), choices=Confidentiality.choices, widget=forms.RadioSelect
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
