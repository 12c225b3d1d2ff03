"""The supervision pages' forms."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.access import supervision as rules
from sutura.accounts.models import User
from sutura.core.forms import DateInput


class ColleagueField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class NoteForm(forms.Form):
    noted_on = forms.DateField(label=_("Date"), widget=DateInput())
    text = forms.CharField(
        label=_("Note"), max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    follow_up_action = forms.CharField(
        label=_("Follow-up action"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    due_on = forms.DateField(label=_("Due date"), required=False, widget=DateInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["noted_on"].initial = timezone.localdate()


class ChooseCaseManagerForm(forms.Form):
    """Whose caseload to reassign from (the list of their open cases follows)."""

    source = ColleagueField(label=_("Case manager"), queryset=User.objects.none())

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["source"]
        field.queryset = rules.case_managers(user) | rules.former_case_managers(user)


def parse_choice(value: str) -> tuple[uuid.UUID, int] | None:
    """A ticked case: "<case id>:<the version the supervisor saw>"."""
    case_id, _sep, version = value.partition(":")
    try:
        return uuid.UUID(case_id), int(version)
    except ValueError:
        return None


class ReassignForm(forms.Form):
    cases = forms.MultipleChoiceField(label=_("Cases to reassign"), required=True)
    case_manager = ColleagueField(label=_("New case manager"), queryset=User.objects.none())

    def __init__(self, *args: Any, user: Any, choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field: Any = self.fields["case_manager"]
        field.queryset = rules.case_managers(user)
        # The values hold the version seen: a case changed since fails the service's check
        # (named in the message), not the form's.
        cases: Any = self.fields["cases"]
        cases.choices = choices
        cases.valid_value = lambda value: parse_choice(str(value)) is not None

    def chosen(self) -> list[tuple[uuid.UUID, int]]:
        found = [parse_choice(str(value)) for value in self.cleaned_data["cases"]]
        return [pair for pair in found if pair is not None]
