"""Forms of the assessments and of the technical-assistance log."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.accounts.models import Organisation, User
from sutura.core.forms import DateInput
from sutura.governance.models.assessments import AssistanceKind, ChecklistKind


def _organisations(user: Any) -> Any:
    return visible(user, Organisation).filter(is_active=True).order_by("name")


class AssessmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ChecklistKind.choices)
    organisation = forms.ModelChoiceField(
        label=_("Organisation assessed"),
        queryset=Organisation.objects,
        required=False,
        help_text=_("For a capacity assessment; the status assessment is national."),
    )
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput)
    assessors = forms.ModelMultipleChoiceField(
        label=_("Assessors"), queryset=User.objects.none(), required=False
    )
    other_assessors = forms.CharField(label=_("Other assessors"), max_length=300, required=False)
    summary = forms.CharField(
        label=_("Summary"), max_length=4000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, user: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation: Any = self.fields["organisation"]
        organisation.queryset = _organisations(user)
        assessors: Any = self.fields["assessors"]
        assessors.queryset = staff


class AnswersForm(forms.Form):
    """One score and two notes per item of the assessment's checklist."""

    def __init__(self, *args: Any, answers: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.rows = []
        for answer in answers:
            item = answer.item
            key = str(item.pk)
            self.fields[f"score_{key}"] = forms.TypedChoiceField(
                label=f"{item.order}. {item.question}",
                choices=[("", "—"), *[(n, str(n)) for n in range(item.max_score + 1)]],
                coerce=int,
                empty_value=None,
                required=False,
                initial=answer.score,
                help_text=item.get_scale_display(),
            )
            self.fields[f"gaps_{key}"] = forms.CharField(
                label=_("Gaps"),
                max_length=2000,
                required=False,
                initial=answer.gaps,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.fields[f"opportunities_{key}"] = forms.CharField(
                label=_("Opportunities"),
                max_length=2000,
                required=False,
                initial=answer.opportunities,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
            self.rows.append(key)

    def answers(self) -> dict[str, dict[str, Any]]:
        data = self.cleaned_data
        return {
            key: {
                "score": data.get(f"score_{key}"),
                "gaps": data.get(f"gaps_{key}", ""),
                "opportunities": data.get(f"opportunities_{key}", ""),
            }
            for key in self.rows
        }


class AssistanceForm(forms.Form):
    provided_by_user = forms.ModelChoiceField(
        label=_("Given by"), queryset=User.objects.none(), required=False
    )
    provided_by = forms.ModelChoiceField(
        label=_("Given by (organisation)"), queryset=Organisation.objects, required=False
    )
    organisation = forms.ModelChoiceField(
        label=_("Organisation supported"), queryset=Organisation.objects
    )
    subject = forms.CharField(label=_("On what"), max_length=300)
    kind = forms.ChoiceField(label=_("Kind"), choices=AssistanceKind.choices)
    given_on = forms.DateField(label=_("Date"), widget=DateInput)
    follow_up_on = forms.DateField(label=_("Follow-up due"), widget=DateInput, required=False)
    follow_up_note = forms.CharField(
        label=_("Follow-up"), max_length=2000, required=False, widget=forms.Textarea
    )

    def __init__(self, *args: Any, user: Any, staff: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("provided_by", "organisation"):
            field: Any = self.fields[name]
            field.queryset = _organisations(user)
        adviser: Any = self.fields["provided_by_user"]
        adviser.queryset = staff


class FollowUpForm(forms.Form):
    follow_up_on = forms.DateField(label=_("Follow-up due"), widget=DateInput, required=False)
    follow_up_note = forms.CharField(
        label=_("Follow-up"), max_length=2000, required=False, widget=forms.Textarea
    )
    version = forms.IntegerField(widget=forms.HiddenInput)
