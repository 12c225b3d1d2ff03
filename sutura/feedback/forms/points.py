"""The intake points' form (their handlers' pages)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.community.models import Community
from sutura.feedback.models import IntakeKind, IntakePoint
from sutura.geo.widgets import LocationField


class IntakePointForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=IntakeKind.choices)
    name = forms.CharField(
        label=_("Name"),
        max_length=160,
        help_text=_("As the public will read it on the poster, e.g. “Centre d’accueil de Kayes”."),
    )
    location = LocationField(
        label=_("Place"),
        required=False,
        help_text=_("Items filed through this point are counted in this place."),
    )
    community = forms.ModelChoiceField(
        label=_("Community"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=_("No community"),
    )
    active = forms.BooleanField(
        label=_("In use (the form accepts complaints)"), required=False, initial=True
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["community"].queryset = visible(user, Community).order_by("name")  # type: ignore[attr-defined]

    def service_data(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data[name] for name in ("kind", "name", "location", "community", "active")}


def initial_of(point: IntakePoint) -> dict[str, Any]:
    return {
        "kind": point.kind,
        "name": point.name,
        "location": point.location_id,
        "community": point.community_id,
        "active": point.active,
        "version": point.version,
    }
