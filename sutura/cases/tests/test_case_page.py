"""What the case page's heading says about the case: each fact once."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sutura.accounts.roles import Role
from sutura.cases.models import Case, CaseType
from sutura.cases.models.screening import Vulnerability
from sutura.cases.tests.helpers import open_test_case

pytestmark = pytest.mark.django_db


def test_a_flag_the_case_type_already_says_is_shown_once(users_a) -> None:
    """An unaccompanied child's case, flagged as such by the screening, reads "Enfant non
    accompagné ou séparé" once among the badges; its other flags are all there."""
    manager = users_a[Role.CASE_MANAGER]
    case = open_test_case(manager)
    Case.objects.filter(pk=case.pk).update(case_type=CaseType.UASC, flags=["uasc", "mhpss"])
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    with translation.override("fr"):
        child, needs = str(CaseType.UASC.label), str(Vulnerability.MHPSS.label)
    assert page.count(f'<span class="badge">{child}</span>') == 1
    assert page.count(f'<span class="badge">{needs}</span>') == 1
