"""Forms of the committee pages (rules live in `services/committees.py`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.accounts.models import Organisation
from sutura.core.forms import DateInput
from sutura.governance.models import CommitteeKind, MemberRole
from sutura.governance.models.library import LibraryDocument


class CommitteeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=CommitteeKind.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    description = forms.CharField(
        label=_("Mandate in brief"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    terms_of_reference = forms.ModelChoiceField(
        label=_("Terms of reference"),
        queryset=LibraryDocument.objects.none(),
        required=False,
        help_text=_("A document of the library (kind: terms of reference); add it there first."),
    )

    def __init__(self, *args: Any, documents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if documents is not None:
            self.fields["terms_of_reference"].queryset = documents  # type: ignore[attr-defined]


class TermsOfReferenceForm(forms.Form):
    terms_of_reference = forms.ModelChoiceField(
        label=_("Terms of reference"),
        queryset=LibraryDocument.objects.none(),
        required=False,
        help_text=_("A document of the library (kind: terms of reference); add it there first."),
    )

    def __init__(self, *args: Any, documents: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if documents is not None:
            self.fields["terms_of_reference"].queryset = documents  # type: ignore[attr-defined]


class MemberChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        name = obj.get_full_name() or obj.username
        return f"{name} — {obj.organisation}" if obj.organisation_id else name


class MemberForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.filter(is_active=True)
    )
    user = MemberChoiceField(
        label=_("User of the platform"),
        queryset=None,
        required=False,
        help_text=_("Or give the name of a person who has no account."),
    )
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    function = forms.CharField(label=_("Function"), max_length=200, required=False)
    role = forms.ChoiceField(label=_("Role"), choices=MemberRole.choices)
    mandate_start = forms.DateField(label=_("Mandate from"), widget=DateInput())
    mandate_end = forms.DateField(label=_("Mandate until"), required=False, widget=DateInput())

    def __init__(self, *args: Any, users: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        user = self.fields["user"]
        if users is not None and isinstance(user, forms.ModelChoiceField):
            user.queryset = users


class EndMandateForm(forms.Form):
    mandate_end = forms.DateField(label=_("Mandate until"), widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput)


class CommitteeMeetingForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(
        label=_("Starts at"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )
    address = forms.CharField(label=_("Address or venue"), max_length=300, required=False)
