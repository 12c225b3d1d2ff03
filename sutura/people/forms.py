from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.accounts.models import Organisation
from sutura.core.forms import DateInput
from sutura.geo.countries import grouped_country_choices
from sutura.geo.widgets import LocationField
from sutura.people.models import (
    EARLIEST_BIRTH,
    LANGUAGE_CHOICES,
    ConsentMethod,
    ConsentPurpose,
    ConsentStatus,
    DocumentType,
    Sex,
    check_birth_date,
)
from sutura.people.names import check_name_words
from sutura.people.phones import to_e164

ALIAS_LENGTH = 120  # Person.aliases holds names of at most 120 characters
# The whole field, as the API's duplicate check takes it, and how many aliases: each word of
# each alias is looked up by the duplicate check (its spellings one slip away too).
ALIASES_LENGTH = 500
MAX_ALIASES = 20


def _split(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


class PersonForm(forms.Form):
    family_name = forms.CharField(
        label=_("Family name"), max_length=120, validators=[check_name_words]
    )
    given_names = forms.CharField(
        label=_("Given names"), max_length=120, validators=[check_name_words]
    )
    aliases = forms.CharField(
        label=_("Other spellings and aliases"),
        required=False,
        max_length=ALIASES_LENGTH,
        help_text=_("Separate them with commas, e.g. N'Diaye, Ndiaye Mamadu."),
    )
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.NOT_STATED)
    birth_date = forms.DateField(
        label=_("Date of birth"),
        required=False,
        widget=DateInput(attrs={"min": EARLIEST_BIRTH.isoformat()}),
        validators=[check_birth_date],
    )
    birth_date_estimated = forms.BooleanField(
        label=_("The date of birth is estimated"), required=False
    )
    nationality = forms.ChoiceField(label=_("Nationality"), choices=[], required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    phone = forms.CharField(
        label=_("Phone"),
        required=False,
        help_text=_(
            "Without a country code, the nationality's (or else your organisation's) is added."
        ),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )
    other_phones = forms.CharField(
        label=_("Other phones"),
        required=False,
        help_text=_("Family members' numbers too; separate them with commas."),
    )
    place_of_origin = LocationField(label=_("Place of origin"), required=False)
    current_location = LocationField(label=_("Current place of residence"), required=False)
    current_address = forms.CharField(label=_("Current address"), max_length=250, required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, default_region: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.default_region = default_region
        field: Any = self.fields["nationality"]
        field.choices = [("", "—"), *grouped_country_choices(default_region)]
        aliases = self.initial.get("aliases")
        if isinstance(aliases, list):
            self.initial["aliases"] = ", ".join(aliases)
        phones = self.initial.get("other_phones")
        if isinstance(phones, list):
            self.initial["other_phones"] = ", ".join(phones)

    def clean_aliases(self) -> list[str]:
        aliases = _split(self.cleaned_data.get("aliases", ""))
        if len(aliases) > MAX_ALIASES:
            raise forms.ValidationError(
                _("At most %(max)d aliases: keep the spellings people use.") % {"max": MAX_ALIASES}
            )
        for alias in aliases:
            check_name_words(alias)
            if len(alias) > ALIAS_LENGTH:
                raise forms.ValidationError(
                    _("Each alias can have at most %(max)d characters.") % {"max": ALIAS_LENGTH}
                )
        return aliases

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        region = data.get("nationality") or self.default_region
        raw_phone = data.get("phone", "")
        if raw_phone:
            try:
                data["phone"] = to_e164(raw_phone, region)
            except forms.ValidationError as error:
                self.add_error("phone", error)
        others = []
        for raw in _split(data.get("other_phones", "") or ""):
            try:
                others.append(to_e164(raw, region))
            except forms.ValidationError as error:
                self.add_error("other_phones", error)
        data["other_phones"] = others
        return data


class IdentityDocumentForm(forms.Form):
    type = forms.ChoiceField(label=_("Document type"), choices=DocumentType.choices)
    number = forms.CharField(label=_("Number"), max_length=60)
    issued_by = forms.CharField(label=_("Issued by"), max_length=120, required=False)
    expires_on = forms.DateField(label=_("Expires on"), required=False, widget=DateInput())


class HouseholdMemberForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    relationship = forms.CharField(label=_("Relationship"), max_length=60)
    sex = forms.ChoiceField(label=_("Sex"), choices=Sex.choices, initial=Sex.NOT_STATED)
    birth_year = forms.IntegerField(label=_("Year of birth"), required=False, min_value=1900)
    is_dependant = forms.BooleanField(label=_("Dependant"), required=False)

    def clean_birth_year(self) -> Any:
        year = self.cleaned_data.get("birth_year")
        if year and year > timezone.localdate().year:
            raise forms.ValidationError(_("The year of birth cannot be in the future."))
        return year


class ConsentForm(forms.Form):
    purpose = forms.ChoiceField(label=_("Purpose"), choices=ConsentPurpose.choices)
    shared_with = forms.ModelChoiceField(
        label=_("Organisation named"),
        queryset=Organisation.objects.filter(is_active=True),
        required=False,
        help_text=_("Only for consent to share with a named organisation."),
    )
    status = forms.ChoiceField(
        label=_("Decision"), choices=ConsentStatus.choices, widget=forms.RadioSelect
    )
    method = forms.ChoiceField(label=_("How"), choices=ConsentMethod.choices)
    guardian_name = forms.CharField(label=_("Guardian's name"), max_length=200, required=False)
    childs_views = forms.CharField(
        label=_("The child's own views"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Required for a child, whoever gives the consent."),
    )
    best_interests_basis = forms.CharField(
        label=_("Best-interests decision relied on"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_(
            "For a child without a parent or guardian: who decided, when, and its reference."
        ),
    )
    decided_on = forms.DateField(
        label=_("Date of the decision"), widget=DateInput(), initial=timezone.localdate
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("purpose") == ConsentPurpose.SHARING and not data.get("shared_with"):
            self.add_error("shared_with", _("Name the organisation the person agrees to."))
        return data


class PhotoForm(forms.Form):
    file = forms.FileField(label=_("Photo"), help_text=_("JPEG or PNG; 10 MB at most."))
