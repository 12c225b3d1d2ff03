"""Review of issue 14: free text of a meeting in the audit log.

`ActionItem`, `Decision` (and `Meeting`, `Facilitator`) have no `audit_label()`: the log names
them by `__str__`, i.e. the free text a recorder typed (`what`, `text`), which can name a
person helped ("Find shelter for Awa Ndiaye")."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from sutura.audit.models import AuditEntry
from sutura.meetings import services
from sutura.meetings.models import Meeting

pytestmark = pytest.mark.django_db


def test_review_an_action_items_free_text_does_not_reach_the_audit_log(
    manager_a: Any, meeting_a: Meeting, client: Any
) -> None:
    decision = services.add_decision(
        manager_a, meeting_a, text="Loger Awa Ndiaye, victime de traite"
    )
    item = services.add_action_item(
        manager_a,
        meeting_a,
        what="Trouver un abri pour Awa Ndiaye",
        responsible_user=manager_a,
        decision=decision,
    )
    client.force_login(manager_a)
    assert client.get(reverse("meetings:action", args=[item.pk])).status_code == 200
    labels = list(AuditEntry.objects.values_list("object_label", flat=True))
    # FAILS: "Trouver un abri pour Awa Ndiaye" (and the decision's text) are in the log
    assert not [label for label in labels if "Awa" in label], labels
