"""Forms of the data-sharing protocol pages (rules live in `services/protocols.py`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.accounts.models import Organisation
from sutura.core.forms import DateInput
from sutura.geo.models import Location
from sutura.governance.models import SECTIONS, SignatureEnd, VersionStatus

TEXTAREA = forms.Textarea(attrs={"rows": 4})


class ProtocolForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=200)
    country = forms.ModelChoiceField(
        label=_("Country"),
        queryset=Location.objects.filter(level=0).order_by("name_fr"),
        required=False,
    )


class VersionForm(forms.Form):
    """A version's dates and its sections (French required for the purpose, English optional)."""

    effective_from = forms.DateField(label=_("In force from"), required=False, widget=DateInput())
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for code, label in SECTIONS:
            self.fields[f"{code}_fr"] = forms.CharField(
                label=_("%(section)s (French)") % {"section": label},
                max_length=20000,
                required=code == "purpose",
                widget=TEXTAREA,
            )
            self.fields[f"{code}_en"] = forms.CharField(
                label=_("%(section)s (English, optional)") % {"section": label},
                max_length=20000,
                required=False,
                widget=TEXTAREA,
            )

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "version"}


STEP_CHOICES = [
    (VersionStatus.UNDER_REVIEW, _("Submit for review")),
    (VersionStatus.DRAFT, _("Return to draft")),
    (VersionStatus.SIGNED, _("Bring into force (signed)")),
    (VersionStatus.EXPIRED, _("Mark as expired")),
]


class StepForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Step"), choices=STEP_CHOICES)
    note = forms.CharField(label=_("Why (optional)"), max_length=2000, required=False)


class PdfForm(forms.Form):
    file = forms.FileField(label=_("Signed PDF"))


class SignatureForm(forms.Form):
    organisation = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Organisation.objects.all()
    )
    signed_on = forms.DateField(label=_("Signed on"), widget=DateInput())
    signed_by_name = forms.CharField(
        label=_("Signed by (name and title)"), max_length=200, required=False
    )

    def __init__(self, *args: Any, organisations: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisation = self.fields["organisation"]
        if organisations is not None and isinstance(organisation, forms.ModelChoiceField):
            organisation.queryset = organisations.order_by("name")


class EndSignatureForm(forms.Form):
    ended_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    reason = forms.ChoiceField(label=_("Reason"), choices=SignatureEnd.choices)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=TEXTAREA)
    version = forms.IntegerField(widget=forms.HiddenInput)
