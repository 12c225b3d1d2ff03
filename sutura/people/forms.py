from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.geo.countries import country_choices
from sutura.geo.widgets import LocationField
from sutura.people.models import Sex
from sutura.people.phones import to_e164


class PersonForm(forms.Form):
    family_name = forms.CharField(label=_("Family name"), max_length=120)
    given_names = forms.CharField(label=_("Given names"), max_length=120)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.NOT_STATED)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    birth_date_estimated = forms.BooleanField(
        label=_("The date of birth is estimated"), required=False
    )
    nationality = forms.ChoiceField(label=_("Nationality"), choices=[], required=False)
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        help_text=_(
            "Without a country code, the nationality's (or else your organisation's) is added."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    place_of_origin = LocationField(label=_("Place of origin"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, default_region: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_region = default_region
        field: Any = self.fields["nationality"]
        field.choices = [("", "—"), *country_choices()]

    def clean_birth_date(self) -> Any:
        value = self.cleaned_data.get("birth_date")
        if value and value > timezone.localdate():
            raise forms.ValidationError(_("The date of birth cannot be in the future."))
        return value

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        raw_phone = data.get("phone", "")
        if raw_phone:
            try:
                region = data.get("nationality") or self.default_region
                data["phone"] = to_e164(raw_phone, region)
            except forms.ValidationError as error:
                self.add_error("phone", error)
        return data
