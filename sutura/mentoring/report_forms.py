"""Forms of the peer groups, monthly reports and check-ins (short: a phone, a poor line)."""

from __future__ import annotations

import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.core.forms import DateInput
from sutura.geo.widgets import LocationField
from sutura.meetings.models import AgeGroup, MeetingStatus
from sutura.mentoring.selectors.reports import recent_months
from sutura.people.models import Sex

COUNTED_SEXES = (Sex.FEMALE, Sex.MALE)
COUNTED_AGES = (AgeGroup.ADOLESCENT, AgeGroup.YOUTH, AgeGroup.ADULT, AgeGroup.OLDER)


class VersionField(forms.IntegerField):
    widget = forms.HiddenInput

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(required=False, min_value=0, **kwargs)


class GroupForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=160)
    description = forms.CharField(
        label=_("What the group is for"), max_length=2000, required=False, widget=forms.Textarea
    )
    mentor: Any = forms.ModelChoiceField(label=_("Mentor facilitating"), queryset=None)
    co_facilitator: Any = forms.ModelChoiceField(
        label=_("MHPSS staff co-facilitating"), queryset=None
    )
    location = LocationField(label=_("Place"), required=False)
    starts_on = forms.DateField(
        label=pgettext_lazy("a peer group", "Started on"), widget=DateInput()
    )
    ends_on = forms.DateField(
        label=pgettext_lazy("a peer group", "Ended on"), widget=DateInput(), required=False
    )
    version = VersionField()

    def __init__(self, *args: Any, mentors: Any, co_facilitators: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["mentor"].queryset = mentors
        fields["mentor"].label_from_instance = lambda v: v.user.get_full_name() or v.user
        fields["co_facilitator"].queryset = co_facilitators
        fields["co_facilitator"].label_from_instance = lambda u: u.get_full_name() or u

    def group_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            name: data[name]
            for name in ("name", "description", "co_facilitator", "location", "starts_on")
        } | {"ends_on": data.get("ends_on")}


class SessionForm(forms.Form):
    """A session in a few taps: the day, from–to, held or planned, who came."""

    on = forms.DateField(label=_("Date"), widget=DateInput())
    starts = forms.TimeField(label=_("From"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("To"), widget=forms.TimeInput(attrs={"type": "time"}))
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[
            (MeetingStatus.HELD, MeetingStatus.HELD.label),
            (MeetingStatus.PLANNED, MeetingStatus.PLANNED.label),
        ],
        initial=MeetingStatus.HELD,
    )
    persons = forms.MultipleChoiceField(
        label=_("Returnees who came"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args: Any, returnees: list[tuple[Any, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["persons"].choices = [(str(pk), name) for pk, name in returnees]
        if not returnees:
            del self.fields["persons"]
        for sex in COUNTED_SEXES:
            for age in COUNTED_AGES:
                self.fields[f"count_{sex}_{age}"] = forms.IntegerField(
                    label=_("%(sex)s, %(age)s")
                    % {"sex": Sex(sex).label, "age": AgeGroup(age).label},
                    min_value=0,
                    max_value=500,
                    required=False,
                    widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
                )
        self.initial.setdefault("on", timezone.localdate())

    def count_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if name.startswith("count_")]

    def main_fields(self) -> list[Any]:
        return [self[name] for name in self.fields if not name.startswith("count_")]

    def counts(self) -> dict[tuple[str, str], int]:
        found = {}
        for sex in COUNTED_SEXES:
            for age in COUNTED_AGES:
                number = self.cleaned_data.get(f"count_{sex}_{age}") or 0
                if number:
                    found[(str(sex), str(age))] = number
        return found


class MonthChoice(forms.Select):
    """Months in words ("novembre 2026"), large on a phone, instead of the browsers' month
    input (tiny or missing on cheap Android phones). The value stays "YYYY-MM"."""

    def format_value(self, value: Any) -> Any:  # Select answers a list of chosen values
        if isinstance(value, datetime.date):
            return [value.strftime("%Y-%m")]
        return super().format_value(value)


class ReportMonthForm(forms.Form):
    month = forms.DateField(
        label=_("Month"), widget=MonthChoice, input_formats=["%Y-%m", "%Y-%m-%d"]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["month"].widget.choices = [
            (month.strftime("%Y-%m"), capfirst(date_format(month, "YEAR_MONTH_FORMAT")))
            for month in recent_months()
        ]

    def clean_month(self) -> datetime.date:
        month: datetime.date = self.cleaned_data["month"]
        return month.replace(day=1)


class ReportTextForm(forms.Form):
    highlights = forms.CharField(
        label=_("Highlights"), max_length=4000, required=False, widget=forms.Textarea
    )
    challenges = forms.CharField(
        label=_("Challenges"), max_length=4000, required=False, widget=forms.Textarea
    )
    ideas = forms.CharField(
        label=_("Ideas"), max_length=4000, required=False, widget=forms.Textarea
    )
    version = VersionField()


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comments"), max_length=4000, required=False, widget=forms.Textarea
    )


class ScheduleForm(forms.Form):
    mentor: Any = forms.ModelChoiceField(label=_("Mentor"), queryset=None)
    scheduled_on = forms.DateField(label=_("Planned for"), widget=DateInput())

    def __init__(self, *args: Any, mentors: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        fields: Any = self.fields
        fields["mentor"].queryset = mentors
        fields["mentor"].label_from_instance = lambda v: v.user.get_full_name() or v.user


class CheckInRecordForm(forms.Form):
    held_on = forms.DateField(label=pgettext_lazy("a check-in", "Held on"), widget=DateInput())
    wellbeing = forms.CharField(
        label=_("The mentor's own well-being"),
        max_length=4000,
        required=False,
        widget=forms.Textarea,
    )
    difficulties = forms.CharField(
        label=_("Difficulties"), max_length=4000, required=False, widget=forms.Textarea
    )
    ideas = forms.CharField(
        label=_("Ideas shared"), max_length=4000, required=False, widget=forms.Textarea
    )
    actions = forms.CharField(
        label=_("Actions agreed"), max_length=4000, required=False, widget=forms.Textarea
    )
    version = VersionField()
