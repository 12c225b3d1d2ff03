from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.reports.models import FileFormat, Language


class NewReportForm(forms.Form):
    programme: forms.ModelChoiceField[Any] = forms.ModelChoiceField(
        queryset=None, label=_("Programme")
    )
    period = forms.CharField(
        label=_("Period"),
        max_length=12,
        help_text=_("A month (2026-05) or a quarter (2026-Q3)."),
    )
    language = forms.ChoiceField(label=_("Language of the report"), choices=Language.choices)

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]


class NarrativeForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the report"), choices=Language.choices)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea, required=False)
    achievements = forms.CharField(label=_("Achievements"), widget=forms.Textarea, required=False)
    challenges = forms.CharField(
        label=_("Challenges and how they were met"), widget=forms.Textarea, required=False
    )
    lessons = forms.CharField(label=_("Lessons learned"), widget=forms.Textarea, required=False)
    next_period = forms.CharField(
        label=_("Plans for the next period"), widget=forms.Textarea, required=False
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class FileForm(forms.Form):
    format = forms.ChoiceField(choices=FileFormat.choices)
    language = forms.ChoiceField(choices=Language.choices)
