"""Forms of risk analyses, risks, assets and action plans: short, phone first (ratings are
selects of 1–5, participants a small grid of numbers)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.community.models import AssetKind, GroupKind, RecommendationStatus
from sutura.core.dates import date_format
from sutura.core.forms import DateInput
from sutura.geo.widgets import LocationField
from sutura.meetings.models import AgeGroup
from sutura.people.models import Sex

SEXES = (Sex.FEMALE, Sex.MALE)
AGES = (AgeGroup.ADOLESCENT, AgeGroup.YOUTH, AgeGroup.ADULT, AgeGroup.OLDER)
SCALE = [(n, str(n)) for n in range(1, 6)]


def count_name(sex: str, age: str) -> str:
    return f"n_{sex}_{age}"


def _meeting_label(meeting: Any) -> str:
    return f"{meeting.title} — {meeting.kind.name}, {meeting.starts_at:%d/%m/%Y}"


class MeetingChoiceMixin:
    """A choice among the community's meetings (ids as strings, the meeting in cleaned_data)."""

    def _set_meetings(self, meetings: list[Any], *, required: bool) -> None:
        self.meeting_choices = {str(m.pk): m for m in meetings}
        field: Any = self.fields["meeting"]  # type: ignore[attr-defined]
        field.required = required
        field.choices = [("", "—")] * (not required) + [
            (str(m.pk), _meeting_label(m)) for m in meetings
        ]

    def clean_meeting(self) -> Any:
        chosen = self.cleaned_data.get("meeting")  # type: ignore[attr-defined]
        return self.meeting_choices.get(chosen) if chosen else None


class AnalysisForm(MeetingChoiceMixin, forms.Form):
    held_on = forms.DateField(label=pgettext_lazy("risk analysis", "Held on"), widget=DateInput)
    meeting = forms.ChoiceField(label=_("Held at the meeting"), required=False)
    groups_represented = forms.MultipleChoiceField(
        label=_("Groups represented"),
        choices=GroupKind.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    note = forms.CharField(
        label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000, required=False
    )

    def __init__(self, *args: Any, meetings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_meetings(meetings, required=False)
        self.fields["meeting"].help_text = _("Optional: the consultation where it was held.")
        for sex in SEXES:
            for age in AGES:
                self.fields[count_name(sex, age)] = forms.IntegerField(
                    label=f"{Sex(sex).label} · {AgeGroup(age).label}",
                    min_value=0,
                    max_value=100000,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )

    def count_rows(self) -> list[tuple[str, list[Any]]]:
        """The participants' grid: one row per age group, a field per sex."""
        return [
            (str(AgeGroup(age).label), [self[count_name(sex, age)] for sex in SEXES])
            for age in AGES
        ]

    def sex_labels(self) -> list[str]:
        return [str(Sex(sex).label) for sex in SEXES]

    def participants(self) -> dict[tuple[str, str], int]:
        return {
            (sex, age): self.cleaned_data.get(count_name(sex, age)) or 0
            for sex in SEXES
            for age in AGES
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.is_bound and not any(self.participants().values()) and not self.errors:
            raise forms.ValidationError(_("Count the participants (at least one)."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "held_on": data["held_on"],
            "meeting": data.get("meeting"),
            "groups_represented": data.get("groups_represented") or [],
            "note": data.get("note", ""),
            "participants": self.participants(),
        }


class AnalysisEditForm(AnalysisForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RiskForm(forms.Form):
    threat = forms.CharField(label=_("Threat"), max_length=300)
    affected = forms.CharField(label=_("Who is affected"), max_length=300)
    likelihood = forms.TypedChoiceField(label=_("Likelihood (1–5)"), choices=SCALE, coerce=int)
    impact = forms.TypedChoiceField(label=_("Impact (1–5)"), choices=SCALE, coerce=int)
    vulnerabilities = forms.CharField(
        label=_("Vulnerabilities"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    capacities = forms.CharField(
        label=_("Existing capacities and coping"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    mitigations = forms.CharField(
        label=_("Recommended mitigations"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=4000,
        required=False,
    )

    def __init__(self, *args: Any, earlier: list[tuple[str, str]] | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        if earlier is not None:
            self.fields["key"] = forms.ChoiceField(
                label=_("Same risk as in an earlier analysis"),
                choices=[("", _("No: a new risk")), *earlier],
                required=False,
                help_text=_("So that the comparison of the analyses follows it."),
            )
            self.order_fields(["key"])


class RiskEditForm(RiskForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class AssetForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=AssetKind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=200,
        help_text=_("A leader by their position, e.g. “village chief”."),
    )
    description = forms.CharField(
        label=_("Description"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
    )
    location = LocationField(label=_("Place"), required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"), max_digits=9, decimal_places=6, required=False,
        validators=[MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))],
    )  # fmt: skip
    longitude = forms.DecimalField(
        label=_("Longitude"), max_digits=9, decimal_places=6, required=False,
        validators=[MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))],
    )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None) and not self.errors:
            raise forms.ValidationError(_("Give both the latitude and the longitude, or neither."))
        return data


class AssetEditForm(AssetForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class RecommendationForm(forms.Form):
    action = forms.CharField(label=_("Action"), max_length=500)
    risks = forms.MultipleChoiceField(
        label=_("Risks answered"), widget=forms.CheckboxSelectMultiple, required=False
    )
    responsible_text = forms.CharField(label=_("Responsible"), max_length=300)
    partners = forms.CharField(label=_("Partners"), max_length=500, required=False)
    resources = forms.CharField(
        label=_("Resources"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        required=False,
    )
    estimated_cost = forms.DecimalField(
        label=_("Estimated cost"), max_digits=14, decimal_places=2, min_value=0, required=False
    )
    currency = forms.CharField(label=_("Currency"), max_length=3, initial="XOF", required=False)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput, required=False)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput, required=False)

    def __init__(self, *args: Any, risks: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.risk_choices = {str(r.pk): r for r in risks}
        field: Any = self.fields["risks"]
        field.choices = [
            (
                str(r.pk),
                f"{r.threat} ({r.priority}) · "
                f"{date_format(r.analysis.held_on, 'SHORT_DATE_FORMAT')}",
            )
            for r in risks
        ]

    def clean_currency(self) -> str:
        return (self.cleaned_data.get("currency") or "").upper()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        starts, ends = data.get("starts_on"), data.get("ends_on")
        if starts and ends and ends < starts:
            self.add_error("ends_on", _("The end comes after the start."))
        if data.get("estimated_cost") is not None and not data.get("currency"):
            self.add_error("currency", _("Give the currency of the cost."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data["risks"] = [self.risk_choices[pk] for pk in data.get("risks", [])]
        data.pop("version", None)
        return data


class RecommendationEditForm(RecommendationForm):
    status = forms.ChoiceField(label=_("Status"), choices=RecommendationStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)


class ProgressForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=RecommendationStatus.choices)
    text = forms.CharField(
        label=_("Progress"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000
    )
    noted_on = forms.DateField(label=_("Date"), widget=DateInput, required=False)


class ValidationForm(MeetingChoiceMixin, forms.Form):
    meeting = forms.ChoiceField(label=_("Validated at the consultation"))
    text = forms.CharField(
        label=_("Decision, as written in the minutes"),
        widget=forms.Textarea(attrs={"rows": 8}),
        max_length=4000,
        help_text=_(
            "Prefilled from the plan's recommendations: correct it to say what the "
            "consultation decided, in its own words."
        ),
    )

    def __init__(self, *args: Any, meetings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._set_meetings(meetings, required=True)


class CompareForm(forms.Form):
    before = forms.ChoiceField(label=_("Earlier analysis"))
    after = forms.ChoiceField(label=_("Later analysis"))

    def __init__(self, *args: Any, analyses: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [(str(a.pk), f"{a.held_on:%d/%m/%Y}") for a in analyses]
        for name in ("before", "after"):
            field: Any = self.fields[name]
            field.choices = choices
