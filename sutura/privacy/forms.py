"""Forms of the data-protection pages: codes to choose from, no free text about the person."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.core.forms import DateInput
from sutura.privacy.models import Grounds, OnBehalfOf, RefusalReason, RequestKind


class RequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Request"), choices=RequestKind.choices)
    on_behalf_of = forms.ChoiceField(label=_("Made by"), choices=OnBehalfOf.choices)
    grounds = forms.ChoiceField(label=_("Grounds"), choices=Grounds.choices)
    received_on = forms.DateField(
        label=_("Received on"), widget=DateInput(), initial=timezone.localdate
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("refuse", _("Refuse"))],
        widget=forms.RadioSelect,
    )
    refusal_reason = forms.ChoiceField(
        label=_("Reason for refusal"),
        choices=[("", "—"), *RefusalReason.choices],
        required=False,
    )

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("decision") == "refuse" and not data.get("refusal_reason"):
            self.add_error("refusal_reason", _("Say why the request is refused."))
        return data
