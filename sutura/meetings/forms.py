"""Forms of the meetings pages: they explain errors to people; the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.access import visible
from sutura.accounts.models import Organisation
from sutura.core.forms import DateInput
from sutura.geo.widgets import LocationField
from sutura.meetings import attendance, contexts, selectors
from sutura.meetings.models import (
    ActionStatus,
    AgeGroup,
    MeetingStatus,
    Mode,
    ParticipantCategory,
)
from sutura.people.models import Sex

TEXTAREA = forms.Textarea(attrs={"rows": 3})
BLANK = [("", "—")]


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} ({obj.organisation})" if obj.organisation_id else name


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)


# --- lists ------------------------------------------------------------------------------------


def period_choices() -> list[tuple[str, Any]]:
    return [
        ("", _("Any time")),
        ("upcoming", _("Upcoming")),
        ("month", _("Past month")),
        ("quarter", _("Past three months")),
        ("year", _("Past year")),
        ("past", _("All past meetings")),
    ]


class MeetingFilterForm(forms.Form):
    q = forms.CharField(label=_("Title contains"), required=False, max_length=100)
    kind = forms.ChoiceField(label=_("Kind"), required=False)
    period = forms.ChoiceField(label=_("When"), required=False)
    context = forms.ChoiceField(label=_("Belongs to"), required=False)
    mine = forms.BooleanField(label=_("Only my meetings"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind_field: Any = self.fields["kind"]
        kind_field.choices = [("", _("All kinds"))] + [(k.code, k.name) for k in selectors.kinds()]
        period_field: Any = self.fields["period"]
        period_field.choices = period_choices()
        context_field: Any = self.fields["context"]
        context_field.choices = [
            ("", _("Everything")),
            ("own", _("Organisations' own meetings")),
        ] + [(c.code, c.label) for c in contexts.all_contexts()]

    def filters(self) -> selectors.MeetingFilters:
        data = self.cleaned_data if self.is_valid() else {}
        return selectors.MeetingFilters(
            kind=data.get("kind") or "",
            period=data.get("period") or "",
            context=data.get("context") or "",
            mine=bool(data.get("mine")),
            query=data.get("q") or "",
        )


# --- a meeting -------------------------------------------------------------------------------


class MeetingForm(forms.Form):
    kind = forms.ModelChoiceField(label=_("Kind"), queryset=selectors.kinds(), empty_label=None)
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())
    ends_at = forms.DateTimeField(label=_("Ends at"), widget=DateTimeInput(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices)
    mode = forms.ChoiceField(label=_("Held"), choices=Mode.choices)
    location = LocationField(label=_("Place"), required=False)
    address = forms.CharField(label=_("Address or venue"), max_length=300, required=False)
    online_link = forms.URLField(
        label=_("Online link"), max_length=500, required=False, assume_scheme="https"
    )
    objectives = forms.CharField(
        label=_("Objectives"), widget=TEXTAREA, max_length=4000, required=False
    )
    agenda = forms.CharField(
        label=_("Agenda"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=10000,
        required=False,
        help_text=_(
            "One item per line. To name who presents it, add it after a slash: "
            "“Budget review / Programme manager”."
        ),
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Training topics"),
        queryset=selectors.topics(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("For a training: what it covers."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def clean_agenda(self) -> list[tuple[str, str]]:
        items = []
        for number, line in enumerate(self.cleaned_data["agenda"].splitlines(), start=1):
            line = line.strip().lstrip("-•*").strip()
            if not line:
                continue
            title, _slash, presenter = line.partition(" / ")
            if len(title) > 300 or len(presenter) > 200:
                raise forms.ValidationError(
                    _("Line %(line)s of the agenda is too long.") % {"line": number}
                )
            items.append((title.strip(), presenter.strip()))
        if len(items) > 50:
            raise forms.ValidationError(_("At most 50 agenda items."))
        return items

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        mode = data.get("mode")
        if mode in (Mode.ONLINE, Mode.HYBRID) and not data.get("online_link"):
            self.add_error("online_link", _("Give the link of an online meeting."))
        if (
            mode in (Mode.IN_PERSON, Mode.HYBRID)
            and not data.get("location")
            and not data.get("address")
        ):
            self.add_error("address", _("Say where the meeting takes place."))
        starts, ends = data.get("starts_at"), data.get("ends_at")
        if starts and ends and ends < starts:
            self.add_error("ends_at", _("The end comes before the start."))
        kind = data.get("kind")
        if kind is not None and not kind.is_training:
            data["topics"] = []
        return data

    def meeting_fields(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = (
            "kind",
            "title",
            "starts_at",
            "ends_at",
            "status",
            "mode",
            "location",
            "address",
            "online_link",
            "objectives",
        )
        fields = {name: data.get(name) for name in names}
        for name in ("address", "online_link", "objectives"):
            fields[name] = fields[name] or ""
        return fields


class MinutesForm(VersionForm):
    minutes = forms.CharField(
        label=_("Minutes"),
        widget=forms.Textarea(attrs={"rows": 14}),
        max_length=50000,
        required=False,
    )
    status = forms.ChoiceField(label=_("Status"), choices=MeetingStatus.choices)


# --- decisions and action items ---------------------------------------------------------------


def _responsible_fields(form: forms.Form, user: Any, *, required: bool) -> None:
    form.fields["responsible_user"] = UserChoiceField(
        label=_("Responsible person"), queryset=selectors.users_to_choose(user), required=False
    )
    form.fields["responsible_organisation"] = forms.ModelChoiceField(
        label=_("Responsible organisation"),
        queryset=visible(user, Organisation).filter(is_active=True).order_by("name"),
        required=False,
        help_text=_("Left empty: the responsible person's organisation."),
    )


class DecisionForm(forms.Form):
    text = forms.CharField(label=_("Decision"), widget=TEXTAREA, max_length=4000)
    what = forms.CharField(label=_("Action to take (optional)"), max_length=500, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _responsible_fields(self, user, required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("what") and not (
            data.get("responsible_user") or data.get("responsible_organisation")
        ):
            self.add_error("responsible_user", _("Name a responsible person or organisation."))
        return data


class ActionItemForm(forms.Form):
    what = forms.CharField(label=_("What"), max_length=500)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _responsible_fields(self, user, required=True)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("responsible_user") or data.get("responsible_organisation")):
            self.add_error("responsible_user", _("Name a responsible person or organisation."))
        return data


class ActionStatusForm(VersionForm):
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    progress_note = forms.CharField(
        label=_("Progress note"), widget=TEXTAREA, max_length=2000, required=False
    )


# --- facilitators and participants -------------------------------------------------------------


class FacilitatorForm(forms.Form):
    name = forms.CharField(
        label=_("Or the name of someone from outside"), max_length=200, required=False
    )
    organisation_name = forms.CharField(
        label=_("Their organisation"), max_length=200, required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields = {
            "user": UserChoiceField(
                label=_("A user"), queryset=selectors.users_to_choose(user), required=False
            ),
            **self.fields,
        }


class CategoryField(forms.ChoiceField):
    """The categories fitting the meeting (a community's groups, or kinds of organisation),
    plus the values `kept` from before; another category is refused with a message saying
    which kind this meeting counts by."""

    def __init__(self, *, meeting: Any, kept: Any = (), blank: bool = False, **kwargs: Any) -> None:
        self.meeting = meeting
        self.kept = [value for value in kept if value]
        # The meeting's own categories first, then those kept from before.
        fitting = attendance.categories_for(meeting)
        kept_before = [c for c in ParticipantCategory if c in self.kept and c not in fitting]
        choices: list[tuple[str, Any]] = list(BLANK) if blank else []
        choices += [(c.value, c.label) for c in (*fitting, *kept_before)]
        community = contexts.counts_community_groups(meeting)
        super().__init__(
            label=_("Category"),
            choices=choices,
            help_text=_("The community's group. Someone from an organisation: “Other”.")
            if community
            else "",
            **kwargs,
        )

    def validate(self, value: Any) -> None:
        refusal = attendance.category_refusal(self.meeting, value, kept=self.kept)
        if refusal:
            raise forms.ValidationError(refusal, code="wrong_kind")
        super().validate(value)


class ParticipantForm(forms.Form):
    """One participant: a user, a registered person, or a name written in full."""

    name = forms.CharField(label=_("Or the participant's name"), max_length=200, required=False)
    organisation_name = forms.CharField(label=_("Organisation"), max_length=200, required=False)
    category = forms.ChoiceField(required=False)  # the meeting's (CategoryField, below)
    function = forms.CharField(label=_("Function"), max_length=120, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=BLANK + list(Sex.choices), required=False)
    age_group = forms.ChoiceField(
        label=_("Age group"), choices=AgeGroup.choices, initial=AgeGroup.UNKNOWN
    )
    phone = forms.CharField(label=_("Phone"), max_length=32, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    invited = forms.BooleanField(label=_("Invited"), required=False)
    attended = forms.BooleanField(
        label=pgettext_lazy("a participant's attendance", "Present"), required=False, initial=True
    )
    signed = forms.BooleanField(label=_("Signed the sheet"), required=False)

    def __init__(
        self, *args: Any, user: Any, meeting: Any, kept_category: str = "", **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["category"] = CategoryField(
            meeting=meeting, kept=[kept_category], blank=True, required=False
        )
        self.fields = {
            "user": UserChoiceField(
                label=_("A user"), queryset=selectors.users_to_choose(user), required=False
            ),
            "person": PersonChoiceField(
                label=_("Or a registered person"),
                queryset=selectors.persons_to_choose(user),
                required=False,
            ),
            **self.fields,
        }

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        chosen = [bool(data.get("user")), bool(data.get("person")), bool(data.get("name"))]
        if sum(chosen) == 0:
            self.add_error(
                "name",
                _("Choose a user or a registered person, or write the participant's name."),
            )
        elif sum(chosen) > 1:
            self.add_error("name", _("Choose only one: a user, a person or a name."))
        return data


class CountForm(forms.Form):
    """One cell of a counted session: so many people of this category, sex and age group."""

    category = forms.ChoiceField()  # the meeting's (CategoryField, below)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices)
    age_group = forms.ChoiceField(label=_("Age group"), choices=AgeGroup.choices)
    count = forms.IntegerField(
        label=pgettext_lazy("a count of people", "Number"), min_value=0, max_value=100000
    )

    def __init__(self, *args: Any, meeting: Any, counted: Any = (), **kwargs: Any) -> None:
        """`counted`: the categories already counted at this meeting (still offered, to
        correct or remove their cells)."""
        super().__init__(*args, **kwargs)
        self.fields["category"] = CategoryField(meeting=meeting, kept=counted)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Attendance sheet (XLSX)"),
        help_text=_("The template filled in, in French or in English."),
    )


class ScoresForm(forms.Form):
    """Pre- and post-test scores of each participant of a training."""

    def __init__(self, *args: Any, participants: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for participant in participants:
            pre = forms.DecimalField(
                label=_("Before"),
                min_value=0,
                max_value=100,
                decimal_places=1,
                max_digits=4,
                required=False,
                initial=participant.pre_test_score,
            )
            post = forms.DecimalField(
                label=_("After"),
                min_value=0,
                max_value=100,
                decimal_places=1,
                max_digits=4,
                required=False,
                initial=participant.post_test_score,
            )
            self.fields[f"pre_{participant.pk}"] = pre
            self.fields[f"post_{participant.pk}"] = post
            self.rows.append(participant)

    def bound_rows(self) -> list[tuple[Any, Any, Any]]:
        return [(p, self[f"pre_{p.pk}"], self[f"post_{p.pk}"]) for p in self.rows]

    def scores(self) -> dict[Any, tuple[Any, Any]]:
        return {
            p.pk: (self.cleaned_data.get(f"pre_{p.pk}"), self.cleaned_data.get(f"post_{p.pk}"))
            for p in self.rows
        }
