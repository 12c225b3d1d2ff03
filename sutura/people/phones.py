"""Phone numbers in E.164; a number without a country code gets the person's country's."""

from __future__ import annotations

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


def to_e164(raw: str, default_region: str | None) -> str:
    raw = raw.strip()
    if not raw:
        return ""
    try:
        number = phonenumbers.parse(raw, (default_region or "").upper() or None)
    except phonenumbers.NumberParseException as error:
        # With a country to add, a number may be written without its code (the form says so).
        message = (
            _(
                "“%(value)s” is not a phone number. Write its digits, e.g. 77 123 45 67, "
                "or with its country code, e.g. +221 77 123 45 67."
            )
            if default_region
            else _(
                "“%(value)s” is not a phone number. Write it with its country code, "
                "e.g. +221 77 123 45 67."
            )
        )
        raise ValidationError(message % {"value": raw}, code="invalid_phone") from error
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("“%(value)s” is not a valid phone number for its country.") % {"value": raw},
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
