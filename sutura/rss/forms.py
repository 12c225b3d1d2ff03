"""The survey form: one list of answers per question, in the instrument's order, grouped by
dimension; the date, and for a new survey its kind (baseline or a follow-up months after
return). Which answers are required is the service's rule (`validation.py`: Q30 only after
Q29 "no", Q5 and Q13 may stay blank), so its message naming the question lands on that
question's field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.core.forms import DateInput
from sutura.rss import conf, texts
from sutura.rss.instrument import Instrument
from sutura.rss.models import SurveyKind

# Where each question is shown: its dimension's part of the form (Q4b with the economy).
PARTS = (
    ("economic", [f"q{n}" for n in (1, 2, 3, 4)] + ["q4b"] + [f"q{n}" for n in range(5, 10)]),
    ("social", [f"q{n}" for n in range(10, 20)]),
    ("psychosocial", [f"q{n}" for n in range(21, 31)]),
)
HINTS = {
    "q5": _("Leave blank if unknown."),
    "q13": _("Leave blank if the person does not answer."),
    "q30": _("Only if the answer to question 29 is “no”."),
    "q4b": _("Not scored."),
}


def _choices(instrument: Instrument, qid: str) -> list[tuple[str, Any]]:
    question = instrument.questions[qid]
    return [(code, texts.answer(qid, code)) for code in question.codes()]


class SurveyForm(forms.Form):
    surveyed_on = forms.DateField(label=_("Surveyed on"), widget=DateInput())

    def __init__(self, *args: Any, instrument: Instrument, new: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.instrument = instrument
        if not new:
            self.fields["version"] = forms.IntegerField(widget=forms.HiddenInput, min_value=0)
        if new:
            self.fields["surveyed_on"].initial = timezone.localdate()
            self.fields["kind"] = forms.ChoiceField(
                label=_("Survey"), choices=SurveyKind.choices, widget=forms.RadioSelect
            )
        months = conf.follow_up_months()
        self.fields["offset_months"] = forms.TypedChoiceField(
            label=_("Follow-up"),
            choices=[("", "—")]
            + [(m, _("%(months)s months after return") % {"months": m}) for m in months],
            coerce=int,
            empty_value=None,
            required=False,
            help_text=_("For a follow-up survey only."),
        )
        for _dimension, qids in PARTS:
            for qid in qids:
                self.fields[qid] = forms.ChoiceField(
                    label=f"{texts.number(qid)}. {texts.question(qid)}",
                    choices=_choices(instrument, qid),
                    widget=forms.RadioSelect,
                    required=False,
                    help_text=HINTS.get(qid, ""),
                )

    def parts(self) -> list[dict[str, Any]]:
        """The questions' fields by dimension, for the template."""
        return [
            {
                "name": dimension,
                "label": texts.DIMENSIONS[dimension],
                "fields": [self[q] for q in qids],
            }
            for dimension, qids in PARTS
        ]

    def answers(self) -> dict[str, str]:
        return {
            qid: self.cleaned_data.get(qid) or ""
            for _dimension, qids in PARTS
            for qid in qids
            if self.cleaned_data.get(qid)
        }
