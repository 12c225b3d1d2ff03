"""A case's history is read in the reader's language, whoever wrote it: the database keeps
codes and what people typed, never text translated for the person who acted."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps
from django.conf import settings
from django.test import Client
from django.urls import reverse
from django.utils import translation

from sutura.accounts.models import User
from sutura.accounts.roles import Role
from sutura.cases.models import Case, CaseStatus, CaseTransition, TransitionCause
from sutura.cases.services import lifecycle, screening
from sutura.cases.tests.helpers import open_test_case

pytestmark = pytest.mark.django_db

FRENCH = ("Cas ouvert", "Évaluation de la vulnérabilité enregistrée")


def history_in_english(client: Client, user: User, case: Case) -> str:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("cases:detail", args=[case.pk])).content.decode()
    return page.split("<h2>History</h2>", 1)[1]


def test_a_case_opened_and_screened_in_french_reads_in_english(client, users_a):
    actor = users_a[Role.CASE_MANAGER]
    with translation.override("fr"):
        case = open_test_case(actor)
        screening.record_screening(actor=actor, case=case, categories=[])
    assert list(case.transitions.values_list("reason", flat=True)) == ["", ""]
    history = history_in_english(client, actor, case)
    assert "Case opened" in history and "Screening recorded" in history
    assert not [text for text in FRENCH if text in history]


def test_a_move_made_by_hand_shows_only_what_its_author_wrote(client, users_a):
    actor = users_a[Role.CASE_MANAGER]
    case = open_test_case(actor)
    lifecycle.move_case(actor=actor, case=case, to_status=CaseStatus.SCREENING)
    history = history_in_english(client, actor, case)
    assert "Case opened" in history and "Screening recorded" not in history


def test_old_rows_lose_their_stored_translation_and_keep_what_people_wrote(users_a):
    actor = users_a[Role.CASE_MANAGER]
    french, english, typed = (open_test_case(actor) for _ in range(3))
    CaseTransition.objects.filter(case=french).update(reason="Cas ouvert", cause="")
    CaseTransition.objects.filter(case=english).update(reason="Case opened", cause="")
    CaseTransition.objects.filter(case=typed).update(reason="Retour de Libye", cause="")
    lifecycle.move_case(actor=actor, case=french, to_status=CaseStatus.SCREENING)
    CaseTransition.objects.filter(case=french, to_status=CaseStatus.SCREENING).update(
        reason=FRENCH[1]
    )
    lifecycle.move_case(actor=actor, case=english, to_status=CaseStatus.SCREENING)
    CaseTransition.objects.filter(case=english, to_status=CaseStatus.SCREENING).update(
        reason="Screening recorded"
    )

    migration = import_module("sutura.cases.migrations.0003_transition_cause")
    migration.codes_for_system_reasons(apps, None)

    rows = CaseTransition.objects.order_by("case__number", "created_at")
    assert [(r.case_id, r.cause, r.reason) for r in rows] == [
        (french.pk, TransitionCause.OPENED, ""),
        (french.pk, TransitionCause.SCREENING, ""),
        (english.pk, TransitionCause.OPENED, ""),
        (english.pk, TransitionCause.SCREENING, ""),
        (typed.pk, TransitionCause.OPENED, "Retour de Libye"),
    ]
