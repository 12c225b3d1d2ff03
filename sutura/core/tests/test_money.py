"""Amounts of money: no cents for the zero-decimal currencies (CFA francs, Guinean franc),
two decimals for the others, grouped for the reader's language."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from sutura.core.templatetags.money import format_amount


def _plain(text: str) -> str:
    return text.replace("\u202f", " ").replace("\xa0", " ")


def test_cfa_francs_and_guinean_francs_have_no_cents_euros_and_dollars_keep_them() -> None:
    with translation.override("fr"):
        assert _plain(format_amount(Decimal("150000.00"), "XOF")) == "150 000 XOF"
        assert _plain(format_amount(Decimal("2500000"), "XAF")) == "2 500 000 XAF"
        assert _plain(format_amount(Decimal("75000.40"), "gnf")) == "75 000 gnf"
        assert _plain(format_amount(Decimal("1500.5"), "EUR")) == "1 500,50 EUR"
    with translation.override("en"):
        assert format_amount(Decimal("150000.00"), "XOF") == "150,000 XOF"
        assert format_amount(Decimal("1500.5"), "USD") == "1,500.50 USD"


def test_the_money_filter_writes_the_amount_and_leaves_a_missing_one_blank() -> None:
    page = Template("{% load money %}[{{ cost|money:currency }}][{{ none|money:'XOF' }}]")
    with translation.override("fr"):
        shown = page.render(Context({"cost": Decimal("150000.00"), "currency": "XOF"}))
    assert _plain(shown) == "[150 000 XOF][]"
