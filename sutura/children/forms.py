"""The children app's forms: they explain errors to people; the services hold the rules."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from sutura.access.accounts import colleagues
from sutura.accounts.models import User
from sutura.accounts.roles import Perm
from sutura.children.models import (
    AssessmentForm,
    BidDecision,
    BidQuestion,
    CareKind,
    CheckOutcome,
    ChildStatus,
)
from sutura.children.services.determinations import MIN_PANEL
from sutura.core.forms import DateInput

OUTSIDE_ROWS = 4


class UserChoices(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class ProfileForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Child's status"), choices=ChildStatus.choices, widget=forms.RadioSelect
    )
    caregiver_name = forms.CharField(label=_("Current caregiver"), max_length=200, required=False)
    caregiver_relationship = forms.CharField(
        label=_("Caregiver's relationship to the child"), max_length=100, required=False
    )
    caregiver_phone = forms.CharField(label=_("Caregiver's phone"), max_length=30, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ArrangementForm(forms.Form):
    kind = forms.ChoiceField(label=_("Interim care arrangement"), choices=CareKind.choices)
    started_on = forms.DateField(label=_("Since"), widget=DateInput())
    place = forms.CharField(label=_("Place or centre"), max_length=200, required=False)
    caregiver_name = forms.CharField(label=_("Caregiver"), max_length=200, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["started_on"].initial = timezone.localdate()


class CheckForm(forms.Form):
    checked_on = forms.DateField(label=_("Date of the check"), widget=DateInput())
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=CheckOutcome.choices, widget=forms.RadioSelect
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["checked_on"].initial = timezone.localdate()


class AssessmentRecordForm(forms.Form):
    """A best-interests assessment: one text field per item of the form's version, by domain."""

    assessed_on = forms.DateField(label=_("Date of the assessment"), widget=DateInput())
    childs_views = forms.CharField(
        label=_("The child's own views"),
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("In the child's words where possible."),
        error_messages={"required": _("Record the child's own views.")},
    )
    recommendation = forms.CharField(
        label=_("Recommendation"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, form: AssessmentForm, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["assessed_on"].initial = timezone.localdate()
        self.questions = list(form.questions.order_by("order"))
        for item in self.questions:
            self.fields[f"item_{item.key}"] = forms.CharField(
                label=item.text,
                required=False,
                max_length=4000,
                widget=forms.Textarea(attrs={"rows": 2}),
            )

    def domains(self) -> list[tuple[Any, list[Any]]]:
        """The item fields grouped by domain, for the template."""
        from sutura.children.models import Domain

        return [
            (label, [self[f"item_{i.key}"] for i in self.questions if i.domain == code])
            for code, label in Domain.choices
            if any(i.domain == code for i in self.questions)
        ]

    def answers(self) -> dict[str, str]:
        return {i.key: self.cleaned_data.get(f"item_{i.key}", "") for i in self.questions}


class DeterminationForm(forms.Form):
    question = forms.ChoiceField(label=_("Question"), choices=BidQuestion.choices)
    question_detail = forms.CharField(
        label=_("The question, in detail"), max_length=250, required=False
    )
    panel_on = forms.DateField(label=_("Date of the panel"), widget=DateInput())
    assessments = forms.MultipleChoiceField(
        label=_("Assessments reviewed"), required=False, widget=forms.CheckboxSelectMultiple
    )
    evidence = forms.CharField(
        label=_("Other evidence reviewed"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    panel_users = UserChoices(
        label=_("Panel members from your organisation"),
        queryset=User.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("", _("Not decided yet (draft)")), *BidDecision.choices],
        required=False,
    )
    reasons = forms.CharField(
        label=_("Reasons"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, user: Any, assessments: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["panel_on"].initial = timezone.localdate()
        panel: Any = self.fields["panel_users"]
        panel.queryset = colleagues(user, perm=Perm.MANAGE_CASES)
        self.assessment_rows = {str(a.pk): a for a in assessments}
        reviewed: Any = self.fields["assessments"]
        reviewed.choices = [
            (str(a.pk), _("Assessment of %(date)s") % {"date": date_format(a.assessed_on)})
            for a in assessments
        ]
        # The panel reviews the assessments already done: ticked by default (a draft cannot be
        # changed once recorded, and one without an assessment can never be decided).
        reviewed.initial = list(self.assessment_rows)
        for row in range(OUTSIDE_ROWS):
            self.fields[f"outside_name_{row}"] = forms.CharField(
                label=_("Outside member: name"), max_length=200, required=False
            )
            self.fields[f"outside_role_{row}"] = forms.CharField(
                label=_("Their role"), max_length=200, required=False
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        outside = []
        for row in range(OUTSIDE_ROWS):
            name = data.pop(f"outside_name_{row}", "").strip()
            role = data.pop(f"outside_role_{row}", "").strip()
            if name and not role:
                self.add_error(f"outside_role_{row}", _("Give this member's role."))
            elif role and not name:
                self.add_error(f"outside_name_{row}", _("Give this member's name."))
            elif name:
                outside.append({"name": name, "role": role})
        data["outside_members"] = outside
        data["assessments"] = [self.assessment_rows[pk] for pk in data.get("assessments", [])]
        data["panel_users"] = list(data.get("panel_users") or [])
        if not data["assessments"]:
            self.add_error(
                "assessments",
                _(
                    "Tick the best-interests assessment the panel reviews: a determination is "
                    "decided on one, and a recorded draft cannot be changed."
                ),
            )
        size = len(data["panel_users"]) + len(outside)
        if size < MIN_PANEL:
            self.add_error(
                "panel_users",
                _(
                    "A panel has at least %(min)s members: tick colleagues or name outside "
                    "members (a recorded draft cannot be changed)."
                )
                % {"min": MIN_PANEL},
            )
        if data.get("decision") and not data.get("reasons", "").strip():
            self.add_error("reasons", _("Give the reasons for the decision."))
        return data


class DecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("Decision"), choices=BidDecision.choices)
    reasons = forms.CharField(label=_("Reasons"), widget=forms.Textarea(attrs={"rows": 4}))
    version = forms.IntegerField(widget=forms.HiddenInput)
