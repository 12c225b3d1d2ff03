"""The public form (no account) and the status check: what a complainant may tell us, checked
where they read the message. The API's serializers use the same rules (`clean_contact`)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext_lazy as _

from sutura.feedback.models import AgeGroup, Category, ContactMethod, IntakePoint, ItemStatus, Sex
from sutura.feedback.services.intake import normal_tracking_code
from sutura.people.phones import to_e164

MAX_DESCRIPTION = 4000
CONTACT_FIELDS = ("contact_name", "contact_phone", "contact_email", "trusted_person")

# The public form's words for the choices (staff pages keep the models' labels).
PUBLIC_CONTACT = [
    (ContactMethod.NONE, _("No, I stay anonymous")),
    (ContactMethod.PHONE, _("Yes, by phone")),
    (ContactMethod.TRUSTED_PERSON, _("Yes, through someone I trust")),
    (ContactMethod.EMAIL, _("Yes, by e-mail")),
]
PUBLIC_SEX = [
    (Sex.FEMALE, _("Woman or girl")),
    (Sex.MALE, _("Man or boy")),
    (Sex.NOT_STATED, _("I prefer not to say")),
]
PUBLIC_AGE = [
    (AgeGroup.CHILD, _("Under 18")),
    (AgeGroup.YOUTH, _("18–24")),
    (AgeGroup.ADULT, _("25–59")),
    (AgeGroup.OLDER, _("60 and over")),
    (AgeGroup.UNKNOWN, _("I prefer not to say")),
]


def public_categories() -> Any:
    """The categories the public form offers (reference data, not personal)."""
    return Category.objects.filter(on_public_form=True, active=True).order_by("order", "code")


def phone_region(point: IntakePoint) -> str | None:
    """A number typed without its country code is read as the intake point's country's."""
    place = point.location or getattr(point.organisation, "country", None)
    return getattr(place, "country_code", None) or None


def clean_contact(data: dict[str, Any], region: str | None) -> dict[str, list[str]]:
    """Keep only the contact the complainant chose, checked (a phone in E.164); anonymous
    keeps none. Changes `data` in place; returns the errors by field."""
    method = data.get("contact_method") or ContactMethod.NONE
    data["contact_method"] = method
    for name in CONTACT_FIELDS:
        data[name] = (data.get(name) or "").strip()
    errors: dict[str, list[str]] = {}
    if method == ContactMethod.NONE:
        for name in CONTACT_FIELDS:
            data[name] = ""
        return errors
    kept = {
        ContactMethod.PHONE: "contact_phone",
        ContactMethod.EMAIL: "contact_email",
        ContactMethod.TRUSTED_PERSON: "trusted_person",
    }[method]
    for name in ("contact_phone", "contact_email", "trusted_person"):
        if name != kept:
            data[name] = ""  # typed, then another way chosen: only the way chosen is kept
    if not data[kept]:
        errors[kept] = [str(MISSING_CONTACT[kept])]
    elif kept == "contact_phone":
        try:
            data[kept] = to_e164(data[kept], region)
        except ValidationError as error:
            errors[kept] = list(error.messages)
    elif kept == "contact_email":
        try:
            validate_email(data[kept])
        except ValidationError:
            errors[kept] = [str(_("Enter a valid e-mail address, or choose another way."))]
    return errors


MISSING_CONTACT = {
    "contact_phone": _("Write the phone number to call, or choose to stay anonymous."),
    "contact_email": _("Write the e-mail address, or choose to stay anonymous."),
    "trusted_person": _(
        "Say who the person you trust is and how to reach them, or choose to stay anonymous."
    ),
}


class CategoryField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.public_name)


class PublicFeedbackForm(forms.Form):
    """A complaint or feedback, as the public form takes it. All the fields are on the page
    (it works without JavaScript); the contact kept is the one chosen."""

    category = CategoryField(
        label=_("What is it about?"),
        queryset=Category.objects.none(),
        to_field_name="code",
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": _("Choose what it is about."),
            "invalid_choice": _("Choose one of the subjects listed."),
        },
    )
    description = forms.CharField(
        label=_("What happened?"),
        max_length=MAX_DESCRIPTION,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("In your own words, in French or English: what, when, where."),
        error_messages={"required": _("Write what happened, or what you want to tell us.")},
    )
    sex = forms.ChoiceField(
        label=_("You are"),
        choices=PUBLIC_SEX,
        widget=forms.RadioSelect,
        required=False,
        initial=Sex.NOT_STATED,
    )
    age_group = forms.ChoiceField(
        label=_("Your age"),
        choices=PUBLIC_AGE,
        widget=forms.RadioSelect,
        required=False,
        initial=AgeGroup.UNKNOWN,
    )
    contact_method = forms.ChoiceField(
        label=_("Do you want us to contact you?"),
        choices=PUBLIC_CONTACT,
        widget=forms.RadioSelect,
        required=False,
        initial=ContactMethod.NONE,
    )
    contact_phone = forms.CharField(
        label=_("Phone number"),
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    trusted_person = forms.CharField(
        label=_("The person you trust: name and phone"),
        max_length=200,
        required=False,
    )
    contact_email = forms.CharField(
        label=_("E-mail address"),
        max_length=254,
        required=False,
        widget=forms.TextInput(attrs={"type": "email", "autocomplete": "email"}),
    )
    contact_name = forms.CharField(
        label=_("A name to ask for (optional)"),
        max_length=160,
        required=False,
        help_text=_("It can be a first name only, or another name."),
    )
    stamp = forms.CharField(widget=forms.HiddenInput, max_length=300, required=False)
    # The honeypot: hidden from people, filled by robots (public_guard).
    website = forms.CharField(
        label=_("Leave this field empty"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, point: IntakePoint, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.point = point
        self.fields["category"].queryset = public_categories()  # type: ignore[attr-defined]

    def clean_sex(self) -> str:
        return self.cleaned_data.get("sex") or Sex.NOT_STATED

    def clean_age_group(self) -> str:
        return self.cleaned_data.get("age_group") or AgeGroup.UNKNOWN

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for field, errors in clean_contact(data, phone_region(self.point)).items():
            self.add_error(field, errors)
        return data

    def service_data(self) -> dict[str, Any]:
        """What `services.intake.submit_public` takes: nothing more than the form asks."""
        data = self.cleaned_data
        names = ("description", "sex", "age_group", "contact_method", *CONTACT_FIELDS)
        return {"category": data["category"], **{name: data[name] for name in names}}


class StatusForm(forms.Form):
    """The tracking code as typed (spaces, dashes, small letters are all fine)."""

    tracking_code = forms.CharField(
        label=_("Your tracking code"),
        max_length=40,
        help_text=_("The 12 letters and digits you were given, for example KM4T-X7PQ-9RCA."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
        error_messages={"required": _("Type the code you were given.")},
    )

    def clean_tracking_code(self) -> str:
        code = normal_tracking_code(self.cleaned_data["tracking_code"])
        if len(code) != 14:
            raise ValidationError(
                _("A tracking code has 12 letters and digits, for example KM4T-X7PQ-9RCA.")
            )
        return code


# What the status check says of each status: the status in plain words and one sentence,
# nothing of the item itself.
STATUS_EXPLAINED = {
    ItemStatus.RECEIVED: _(
        "Your message has arrived. Someone in charge of complaints will read it."
    ),
    ItemStatus.ACKNOWLEDGED: _(
        "Someone in charge of complaints has read your message and will look into it."
    ),
    ItemStatus.IN_REVIEW: _("A person in charge is looking into your message now."),
    ItemStatus.RESPONDED: _(
        "An answer has been given. If you left a contact, you will be told, or already were."
    ),
    ItemStatus.REFERRED: _(
        "Your message was passed on to the organisation or the service that can deal with it."
    ),
    ItemStatus.CLOSED: _("The handling of your message is finished."),
}


def status_words(status: str) -> tuple[str, str]:
    """(the status's name, one sentence saying what it means) in the active language."""
    return str(ItemStatus(status).label), str(STATUS_EXPLAINED[ItemStatus(status)])
