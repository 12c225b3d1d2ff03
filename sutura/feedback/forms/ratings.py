"""Forms of feedback on services (the caseworker's, the person's own on the public page) and
of the figures' filter. The rules are in `services/ratings.py` and `figures.py`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.feedback.figures_grid import Period, period_choices
from sutura.feedback.models import Satisfaction

YES, NO, NOT_ASKED = "yes", "no", "not_asked"
ANSWERS = {YES: True, NO: False, NOT_ASKED: None}


class AnswerField(forms.ChoiceField):
    """Yes, no, or not asked (the person was not asked, or would rather not say): a boolean or
    None."""

    widget = forms.RadioSelect

    def __init__(self, *, unknown: Any = None, **kwargs: Any) -> None:
        choices = [(YES, _("Yes")), (NO, _("No")), (NOT_ASKED, unknown or _("Not asked"))]
        super().__init__(choices=choices, **kwargs)

    def clean(self, value: Any) -> Any:
        return ANSWERS[super().clean(value)]


class ServiceFeedbackForm(forms.Form):
    """The caseworker records what the person said of the service."""

    satisfaction = forms.ChoiceField(
        label=_("Was the person satisfied with the service?"),
        choices=Satisfaction.choices,
        widget=forms.RadioSelect,
    )
    timely = AnswerField(label=_("Was it given on time?"))
    respectful = AnswerField(label=_("Was the person treated with respect?"))
    would_recommend = AnswerField(label=_("Would they recommend it to someone else?"))


class PublicRateForm(forms.Form):
    """The person rates a service themselves (no account): the reference their caseworker gave
    them, and the same four questions, asked of them."""

    reference = forms.CharField(
        label=_("Your feedback reference"),
        max_length=40,
        help_text=_("As written on the paper you were given, for example REF-2026-000042-K7QM."),
        widget=forms.TextInput(attrs={"autocomplete": "off", "autocapitalize": "characters"}),
    )
    satisfaction = forms.ChoiceField(
        label=_("Were you satisfied with the service?"),
        choices=[
            ("satisfied", _("Yes, satisfied")),
            ("partly", _("Partly")),
            ("not_satisfied", _("No, not satisfied")),
        ],
        widget=forms.RadioSelect,
    )
    timely = AnswerField(label=_("Was it given on time?"), unknown=_("I prefer not to say"))
    respectful = AnswerField(
        label=_("Were you treated with respect?"), unknown=_("I prefer not to say")
    )
    would_recommend = AnswerField(
        label=_("Would you recommend it to someone else?"), unknown=_("I prefer not to say")
    )
    # Left empty by people, filled by robots (hidden from people by the style sheet).
    website = forms.CharField(
        label=_("Leave this field empty"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )
    # When and for which page the form was shown, signed (`public_guard.new_stamp`).
    stamp = forms.CharField(required=False, widget=forms.HiddenInput, max_length=300)


class FiguresFilterForm(forms.Form):
    """The figures' period: a year or one of its quarters."""

    period = forms.ChoiceField(label=_("Period"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        period: Any = self.fields["period"]
        period.choices = period_choices()

    def chosen_period(self) -> Period:
        given = self.cleaned_data.get("period") if self.is_valid() else ""
        return Period.parse(given or "") or Period.current_year()
