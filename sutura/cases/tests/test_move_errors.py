"""A case move refused keeps what was typed: the page again, the error beside its field."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.models import CaseStatus
from sutura.cases.tests.helpers import open_test_case

pytestmark = pytest.mark.django_db


def test_closing_without_a_closure_reason_keeps_the_text_and_says_where(client, users_a):
    user = users_a[Role.CASE_MANAGER]
    case = open_test_case(user, family_name="Ndiaye")
    client.force_login(user)
    reads = AuditEntry.objects.filter(action=Action.READ, object_id=str(case.pk)).count()
    with translation.override("fr"):
        page = client.post(
            reverse("cases:move", args=[case.pk]),
            {"to_status": "closed", "reason": "Parti au Mali, injoignable depuis mars"},
            HTTP_ACCEPT_LANGUAGE="fr",
        )
    assert page.status_code == 200
    html = page.content.decode()
    assert "Parti au Mali, injoignable depuis mars" in html  # nothing lost
    assert '<option value="closed" selected>' in html  # the step asked for, still chosen
    form = page.context["move_form"]
    assert list(form.errors) == ["closure_reason"]
    assert 'id="id_closure_reason_error"' in html  # beside the field
    assert 'action="' + reverse("cases:move", args=[case.pk]) + '#next-step"' in html
    case.refresh_from_db()
    assert case.status != CaseStatus.CLOSED
    # The page shows the case again: a read, as its GET is.
    assert (
        AuditEntry.objects.filter(action=Action.READ, object_id=str(case.pk)).count() == reads + 1
    )
