"""Amounts of money as people read them: `{{ cost|money:currency }}` → « 150 000 XOF ».

The CFA francs (XOF, XAF), the Guinean franc and the other ISO 4217 currencies without minor
unit are written without cents; the others (EUR, USD…) with two decimals. The number is
grouped and punctuated for the reader's language (« 1 500,50 EUR » in French, "1,500.50 EUR"
in English). The one place this rule lives: templates load it, Python calls `format_amount`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import template
from django.utils.formats import number_format

register = template.Library()

# ISO 4217 currencies whose minor unit is 0 (no cents in use).
ZERO_DECIMAL = frozenset(
    {"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND",
     "VUV", "XAF", "XOF", "XPF"}
)  # fmt: skip


def decimals_of(currency: str) -> int:
    return 0 if (currency or "").strip().upper() in ZERO_DECIMAL else 2


def format_amount(amount: Decimal | int | float, currency: str = "") -> str:
    """The amount grouped for the active language, with the currency's decimals, then its
    code: « 150 000 XOF », « 1 500,50 EUR »."""
    number = number_format(amount, decimal_pos=decimals_of(currency), force_grouping=True)
    return f"{number} {currency}".strip()


@register.filter(is_safe=False)
def money(amount: Any, currency: str = "") -> str:
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except ArithmeticError:
        return str(amount)
    return format_amount(value, currency or "")
