"""Phone numbers in E.164; a number without a country code gets the person's country's."""

from __future__ import annotations

import contextlib
import re
from typing import Any

import phonenumbers
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _


def home_region(user: Any) -> str | None:
    """The country of the user's office (ISO code): a number typed without its country code is
    read as one of its numbers."""
    organisation = getattr(user, "organisation", None)
    return organisation.country.iso_code if organisation else None


SEARCHED_DIGITS = 8  # the fewest digits a phone number is looked for by (Mali's numbers)


def carrying(typed: str, region: str | None, prefix: str = "", *, other_phones: bool = True) -> Q:
    """People who carry the phone number typed in a search box, however it is written. A number
    read as one of the office's country (no country code) or with its own (+221…, 00221…) is
    looked for exactly, as the registry stores it: the main phone, and the other phones where
    `other_phones` (a mentor reads a person's main phone only, and must not learn whether a
    number is among their others). A number that cannot be read so (a trunk 0 typed out of
    habit, another country's number without its code) is looked for by its last digits, at
    least `SEARCHED_DIGITS`, on the main phone. `prefix` reaches the person from another model
    ("person__")."""
    with contextlib.suppress(ValidationError):
        number = to_e164(typed, region)
        condition = Q(**{f"{prefix}phone": number})
        if other_phones:
            condition |= Q(**{f"{prefix}other_phones__contains": [number]})
        return condition
    digits = re.sub(r"\D", "", typed)
    tails = {digits}
    if digits.startswith("00"):
        tails.add(digits[2:])  # the international prefix dialled instead of "+"
    elif digits.startswith("0"):
        tails.add(digits[1:])  # the trunk 0 of a number dialled at home
    condition = Q(pk__in=[])
    for tail in sorted(tail for tail in tails if len(tail) >= SEARCHED_DIGITS):
        condition |= Q(**{f"{prefix}phone__endswith": tail})
    return condition


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
