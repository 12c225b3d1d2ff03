"""The activity log's forms: four short forms a mentor fills on a phone in under a minute
(today and 30 minutes by default, few required fields), the edit forms, the list's filter and
the idea's status. Each create form carries the record's id, made when the form is served, so
a form sent twice makes one record."""

from __future__ import annotations

import uuid
from typing import Any, cast

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.cases.models import Case
from sutura.core.forms import DateInput
from sutura.directory.models import Service, ServiceCategory
from sutura.geo.widgets import LocationField
from sutura.meetings.models import AgeGroup
from sutura.mentoring.models import (
    MAX_DURATION_MINUTES,
    ActivityKind,
    AppointmentKind,
    EventKind,
    IdeaStatus,
    ReachedGroup,
    SessionKind,
    Topic,
)
from sutura.people.models import Sex

NOT_REGISTERED = "other"
DURATIONS = [15, 30, 45, 60, 90, 120, 180, 240]
TEXTAREA = forms.Textarea(attrs={"rows": 3})
# The grid of an event's participants: who × sex (the common age groups only: a phone row).
GRID_SEXES = (Sex.FEMALE, Sex.MALE)
GRID_AGES = (AgeGroup.ADOLESCENT, AgeGroup.YOUTH, AgeGroup.ADULT, AgeGroup.OLDER)


def _duration_field(initial: int = 30) -> forms.IntegerField:
    return forms.IntegerField(
        label=_("Duration (minutes)"),
        min_value=0,
        max_value=MAX_DURATION_MINUTES,
        initial=initial,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "list": "durations", "step": 5}),
    )


def _day_field() -> forms.DateField:
    return forms.DateField(label=_("Date"), widget=DateInput(), initial=timezone.localdate)


class ActivityIdForm(forms.Form):
    """The record's id, made when the form is served (the device may make its own)."""

    id = forms.UUIDField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["id"].initial = uuid.uuid4()


class ReturneeChoiceField(forms.ChoiceField):
    pass


def _returnee_choices(returnees: list[Case], with_other: bool) -> list[tuple[str, str]]:
    choices = [("", "—")]
    choices += [(str(c.pk), f"{c.person.given_names} · {c.number}") for c in returnees]
    if with_other:
        choices.append((NOT_REGISTERED, str(_("Someone not registered"))))
    return choices


class _WithReturnee(ActivityIdForm):
    def __init__(self, *args: Any, returnees: list[Case], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.returnees = {str(c.pk): c for c in returnees}

    def chosen_case(self) -> Case | None:
        return self.returnees.get(self.cleaned_data.get("returnee") or "")


class SessionForm(_WithReturnee):
    returnee = forms.ChoiceField(label=_("Returnee"))
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=[("", "—"), *AgeGroup.choices], required=False
    )
    occurred_on = _day_field()
    duration_minutes = _duration_field()
    session_kind = forms.ChoiceField(
        label=_("Kind of support"), choices=SessionKind.choices, widget=forms.RadioSelect
    )
    topics = forms.MultipleChoiceField(
        label=_("Topics"),
        choices=Topic.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    follow_up_needed = forms.BooleanField(label=_("Follow-up needed"), required=False)
    follow_up = forms.CharField(label=_("What follow-up"), max_length=500, required=False)
    distress = forms.BooleanField(
        label=_("Signs of distress: refer to my focal point now"),
        required=False,
        help_text=_(
            "Your focal point receives a referral at once (name and phone only) and will call "
            "you. In an emergency, also call them."
        ),
    )
    distress_reason = forms.CharField(
        label=_("What worried you (for your focal point)"),
        max_length=1000,
        required=False,
        widget=TEXTAREA,
    )
    note = forms.CharField(
        label=_("Note (only you and your focal point read it)"),
        max_length=2000,
        required=False,
        widget=TEXTAREA,
    )

    def __init__(self, *args: Any, returnees: list[Case], **kwargs: Any) -> None:
        super().__init__(*args, returnees=returnees, **kwargs)
        cast(forms.ChoiceField, self.fields["returnee"]).choices = _returnee_choices(
            returnees, with_other=True
        )
        self.fields["session_kind"].initial = SessionKind.SUPPORTIVE

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        returnee = data.get("returnee") or ""
        if returnee == NOT_REGISTERED:
            if not data.get("sex"):
                self.add_error("sex", _("Say the person's sex (for the counts)."))
            if not data.get("age_group"):
                self.add_error("age_group", _("Say the person's age group (for the counts)."))
        elif returnee not in self.returnees:
            self.add_error("returnee", _("Choose one of the returnees assigned to you."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "id": data.get("id"),
            "case": self.chosen_case(),
            "sex": data.get("sex") or "",
            "age_group": data.get("age_group") or "",
            "occurred_on": data["occurred_on"],
            "duration_minutes": data["duration_minutes"],
            "session_kind": data["session_kind"],
            "topics": data.get("topics") or [],
            "follow_up_needed": data.get("follow_up_needed") or False,
            "follow_up": data.get("follow_up") or "",
            "distress": data.get("distress") or False,
            "distress_reason": data.get("distress_reason") or "",
            "note": data.get("note") or "",
        }


def count_field_name(group: str, sex: str, age: str) -> str:
    return f"n_{group}_{sex}_{age}"


class EventForm(ActivityIdForm):
    occurred_on = _day_field()
    event_kind = forms.ChoiceField(
        label=_("Kind of event"), choices=EventKind.choices, widget=forms.RadioSelect
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    location = LocationField(label=_("Place"), required=False)
    venue = forms.CharField(label=_("Venue"), max_length=200, required=False)
    duration_minutes = _duration_field(120)
    description = forms.CharField(
        label=_("Short description"), max_length=2000, required=False, widget=TEXTAREA
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for group in ReachedGroup.values:
            for sex in GRID_SEXES:
                for age in GRID_AGES:
                    self.fields[count_field_name(group, sex, age)] = forms.IntegerField(
                        min_value=0,
                        max_value=100000,
                        required=False,
                        widget=forms.NumberInput(attrs={"inputmode": "numeric", "min": 0}),
                    )

    def grid(self) -> list[dict[str, Any]]:
        """The participants' grid, for the template: a block per group, a row per sex."""
        return [
            {
                "label": label,
                "rows": [
                    {
                        "label": Sex(sex).label,
                        "cells": [self[count_field_name(group, sex, age)] for age in GRID_AGES],
                    }
                    for sex in GRID_SEXES
                ],
            }
            for group, label in ReachedGroup.choices
        ]

    @staticmethod
    def age_labels() -> list[str]:
        return [str(AgeGroup(age).label) for age in GRID_AGES]

    def counts(self) -> list[tuple[str, str, str, int]]:
        found = []
        for group in ReachedGroup.values:
            for sex in GRID_SEXES:
                for age in GRID_AGES:
                    value = self.cleaned_data.get(count_field_name(group, sex, age)) or 0
                    if value:
                        found.append((group, str(sex), str(age), value))
        return found

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "id": data.get("id"),
            "occurred_on": data["occurred_on"],
            "duration_minutes": data["duration_minutes"],
            "event_kind": data["event_kind"],
            "title": data["title"],
            "location": data.get("location"),
            "venue": data.get("venue") or "",
            "description": data.get("description") or "",
            "counts": self.counts(),
        }


def mentor_services(user: Any) -> list[Service]:
    """Services a mentor accompanies people to most: psychosocial, health, legal, documents."""
    wanted = [
        ServiceCategory.MHPSS,
        ServiceCategory.HEALTH,
        ServiceCategory.LEGAL,
        ServiceCategory.DOCUMENTATION,
    ]
    return list(
        visible(user, Service)
        .filter(is_active=True, category__in=wanted)
        .select_related("provider")
        .order_by("name_fr")[:60]
    )


class AccompanimentForm(_WithReturnee):
    returnee = forms.ChoiceField(label=_("Returnee"))
    occurred_on = _day_field()
    appointment_kind = forms.ChoiceField(
        label=_("Kind of appointment"), choices=AppointmentKind.choices, widget=forms.RadioSelect
    )
    service = forms.ChoiceField(label=_("Where: a service of the directory"), required=False)
    venue = forms.CharField(label=_("…or another place"), max_length=200, required=False)
    outcome = forms.CharField(label=_("Outcome"), max_length=1000, required=False, widget=TEXTAREA)
    duration_minutes = _duration_field(120)

    def __init__(
        self, *args: Any, returnees: list[Case], services: list[Service], **kwargs: Any
    ) -> None:
        super().__init__(*args, returnees=returnees, **kwargs)
        cast(forms.ChoiceField, self.fields["returnee"]).choices = _returnee_choices(
            returnees, with_other=False
        )
        self.services = {str(s.pk): s for s in services}
        cast(forms.ChoiceField, self.fields["service"]).choices = [("", "—")] + [
            (str(s.pk), f"{s.name} — {s.provider.acronym or s.provider.name}") for s in services
        ]
        self.fields["appointment_kind"].initial = AppointmentKind.MHPSS

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("returnee") or "") not in self.returnees:
            self.add_error("returnee", _("Choose one of the returnees assigned to you."))
        if not data.get("service") and not (data.get("venue") or "").strip():
            self.add_error("venue", _("Say where: a service of the directory or a place."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "id": data.get("id"),
            "case": self.chosen_case(),
            "occurred_on": data["occurred_on"],
            "duration_minutes": data["duration_minutes"],
            "appointment_kind": data["appointment_kind"],
            "service": self.services.get(data.get("service") or ""),
            "venue": data.get("venue") or "",
            "outcome": data.get("outcome") or "",
        }


class IdeaForm(ActivityIdForm):
    title = forms.CharField(label=_("Your idea, in a few words"), max_length=200)
    description = forms.CharField(
        label=_("What it is"), max_length=2000, required=False, widget=TEXTAREA
    )
    beneficiaries = forms.CharField(label=_("Who would benefit"), max_length=500, required=False)

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "id": data.get("id"),
            "title": data["title"],
            "description": data.get("description") or "",
            "beneficiaries": data.get("beneficiaries") or "",
        }


def edit_form_class(kind: str) -> type[forms.Form]:
    """The edit form of a kind: the create form's fields the owner may change, and the
    version they read."""
    base: Any = {
        ActivityKind.SESSION: SessionForm,
        ActivityKind.EVENT: EventForm,
        ActivityKind.ACCOMPANIMENT: AccompanimentForm,
        ActivityKind.IDEA: IdeaForm,
    }[ActivityKind(kind)]
    dropped = {"id", "returnee", "sex", "age_group", "distress", "distress_reason"}

    class EditForm(base):
        version = forms.IntegerField(widget=forms.HiddenInput, required=False)

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            for name in dropped:
                self.fields.pop(name, None)

        def clean(self) -> dict[str, Any]:
            data = forms.Form.clean(self) or {}
            if data.get("follow_up_needed") and not (data.get("follow_up") or "").strip():
                self.add_error("follow_up", _("Say what follow-up is needed."))
            return data

        def chosen_case(self) -> Case | None:
            return None

    return EditForm


def edit_initial(activity: Any) -> dict[str, Any]:
    fields = [
        "occurred_on",
        "duration_minutes",
        "session_kind",
        "topics",
        "follow_up_needed",
        "follow_up",
        "note",
        "event_kind",
        "title",
        "location",
        "venue",
        "description",
        "appointment_kind",
        "outcome",
        "beneficiaries",
        "version",
    ]
    initial = {name: getattr(activity, name) for name in fields}
    initial["service"] = str(activity.service_id) if activity.service_id else ""
    for count in getattr(activity, "prefetched_counts", []):
        initial[count_field_name(count.group, count.sex, count.age_group)] = count.count
    return initial


class ActivityFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All")), *ActivityKind.choices], required=False
    )
    period = forms.ChoiceField(
        label=_("When"),
        choices=[("week", _("This week")), ("month", _("This month")), ("all", _("All"))],
        required=False,
        initial="month",
    )


class IdeaStatusForm(forms.Form):
    idea_status = forms.ChoiceField(label=_("Status"), choices=IdeaStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
