"""Forms of the library: a document, a version with its file, a consultation, a comment, the
editor's answer, validation at a meeting, a document presented at a meeting."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.accounts.models import Organisation
from sutura.core.forms import DateInput
from sutura.governance.models.library import DocumentKind, Integration


class LibraryFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("All kinds")), *DocumentKind.choices]
    )
    q = forms.CharField(label=_("Title"), required=False, max_length=100)


class DocumentForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=DocumentKind.choices)
    title_fr = forms.CharField(label=_("Title (French)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    description = forms.CharField(
        label=_("Description"), max_length=4000, required=False, widget=forms.Textarea
    )
    owner = forms.ModelChoiceField(label=_("Owner organisation"), queryset=Organisation.objects)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        owner: Any = self.fields["owner"]
        owner.queryset = visible(user, Organisation).filter(is_active=True).order_by("name")
        if not self.is_bound and user.organisation_id:
            self.initial.setdefault("owner", user.organisation_id)


class DocumentEditForm(DocumentForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    file = forms.FileField(label=_("File"), required=False)
    changes = forms.CharField(
        label=_("What changed"), max_length=4000, required=False, widget=forms.Textarea
    )


class ReplaceFileForm(forms.Form):
    file = forms.FileField(label=_("New file"))


class ConsultationForm(forms.Form):
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput)
    closes_on = forms.DateField(label=_("Closes on"), widget=DateInput)
    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations consulted"),
        queryset=Organisation.objects,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations: Any = self.fields["organisations"]
        organisations.queryset = visible(user, Organisation).filter(is_active=True).order_by("name")


class CommentForm(forms.Form):
    reference = forms.CharField(
        label=_("Section or page"),
        max_length=120,
        required=False,
        help_text=_("For example: section 3.2, page 7."),
    )
    text = forms.CharField(label=_("Comment"), max_length=4000, widget=forms.Textarea)


class AnswerForm(forms.Form):
    integration = forms.ChoiceField(
        label=_("Integrated?"),
        choices=[
            (Integration.INTEGRATED, _("Integrated")),
            (Integration.NOT_INTEGRATED, _("Not integrated")),
        ],
        widget=forms.RadioSelect,
    )
    reply = forms.CharField(
        label=_("Reply"), max_length=4000, required=False, widget=forms.Textarea
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


class ValidationForm(forms.Form):
    meeting = forms.ChoiceField(label=_("Validated at the meeting"))
    validated_on = forms.DateField(
        label=_("Validated on"),
        required=False,
        widget=DateInput,
        help_text=_("Leave empty: the day of the meeting."),
    )

    def __init__(self, *args: Any, meetings: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.meeting_choices = {str(m.pk): m for m in meetings}
        meeting: Any = self.fields["meeting"]
        meeting.choices = [
            (str(m.pk), f"{m.title} — {m.kind.name}, {m.starts_at:%d/%m/%Y}") for m in meetings
        ]

    def clean_meeting(self) -> Any:
        return self.meeting_choices[self.cleaned_data["meeting"]]


class PresentForm(forms.Form):
    version = forms.ChoiceField(label=_("Document presented"))

    def __init__(self, *args: Any, versions: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.versions = {str(v.pk): v for v in versions}
        version: Any = self.fields["version"]
        version.choices = [(str(v.pk), f"{v.document.title} v{v.number}") for v in versions]

    def clean_version(self) -> Any:
        return self.versions[self.cleaned_data["version"]]
