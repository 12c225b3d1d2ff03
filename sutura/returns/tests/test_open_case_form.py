"""The reintegration case of a child without a parent or guardian opens under a best-interests
decision: the page asks for it and hands it to the service (else the consent is refused with
no field to answer it)."""

from __future__ import annotations

import inspect

from sutura.returns import forms, services


def test_the_open_case_page_asks_for_the_best_interests_decision() -> None:
    form = forms.OpenCaseForm(
        {
            "consent_method": "best_interests",
            "consent_on": "2026-01-05",
            "childs_views": "Veut être suivi",
            "best_interests_basis": "DIS du 04/01/2026",
            "opened_on": "2026-01-05",
        }
    )
    assert form.is_valid(), form.errors
    data = form.cleaned_data
    assert data["best_interests_basis"] == "DIS du 04/01/2026"
    inspect.signature(services.open_reintegration_case).bind(
        actor=None, assisted_return=None, **data
    )
