"""Phone numbers in E.164; a number without a country code gets the person's country's."""

from __future__ import annotations

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
    """People who carry the phone number typed in a search box, however it is written. Each
    way the typed digits read as a number — with its country code (+221…, 00221…), as one of the
    office's country without it, or so once a trunk 0 typed out of habit is dropped — is
    looked for exactly, as the registry stores it (E.164): on the main phone, and on the other
    phones where `other_phones` (a mentor reads a person's main phone only, and must not learn
    whether a number is among their others). Typed digits that do not read as a number of the
    office's country (another country's number without its code) are also looked for as the
    last digits, at least `SEARCHED_DIGITS`, of the main phone. `prefix` reaches the person
    from another model ("person__")."""
    digits = re.sub(r"\D", "", typed)
    whole = e164_or_none(typed, region)
    trunk = digits.startswith("0") and not digits.startswith("00")
    numbers = [n for n in (whole, e164_or_none(digits[1:], region) if trunk else None) if n]
    condition = Q(pk__in=[])
    if numbers:
        condition |= Q(**{f"{prefix}phone__in": numbers})
        if other_phones:
            condition |= Q(**{f"{prefix}other_phones__overlap": numbers})
    if whole is None:
        tails = {digits, digits[2:] if digits.startswith("00") else digits[int(trunk) :]}
        for tail in sorted(tail for tail in tails if len(tail) >= SEARCHED_DIGITS):
            condition |= Q(**{f"{prefix}phone__endswith": tail})
    return condition


def e164_or_none(raw: str, region: str | None) -> str | None:
    """The number as the registry stores it (E.164) if `raw` reads as a valid one, with its
    country code or as one of `region`'s; else None. `to_e164` without its messages: needs no
    settings (a reader of files outside a request may call it)."""
    try:
        number = phonenumbers.parse(raw.strip(), (region or "").upper() or None)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_valid_number(number):
        return None
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def to_e164(raw: str, default_region: str | None) -> str:
    """`e164_or_none`, with the reason in the user's language when the text reads as no
    valid number."""
    raw = raw.strip()
    if not raw:
        return ""
    number = e164_or_none(raw, default_region)
    if number:
        return number
    try:
        phonenumbers.parse(raw, (default_region or "").upper() or None)
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
    raise ValidationError(
        _("“%(value)s” is not a valid phone number for its country.") % {"value": raw},
        code="invalid_phone",
    )
