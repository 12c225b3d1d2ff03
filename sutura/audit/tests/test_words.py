"""The log keeps codes, never words: what happened is a message id and its parameters, and
the object is named by its kind and an identifier, put into words in the reader's language
when shown. Entries written before keep their English text and are shown as written (the log
is append-only: nothing is rewritten, nothing lost)."""

from __future__ import annotations

from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse
from django.utils import translation
from django.utils.functional import Promise
from django.utils.translation import gettext_noop

from sutura.accounts.roles import Role
from sutura.audit.field_names import FIELD_NAMES
from sutura.audit.models import Action, AuditEntry
from sutura.audit.services import record_list_read, record_read, record_refused
from sutura.cases.models import Case, CaseStatus
from sutura.cases.tests.helpers import open_test_case
from sutura.core.models import AuditedModel
from sutura.core.texts import Text, choices
from sutura.dedup.models import Merge

pytestmark = pytest.mark.django_db


def _log(client: Any, admin: Any, language: str) -> str:
    client.force_login(admin)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client.get(reverse("audit:list")).content.decode()


def test_the_log_shows_what_happened_in_the_readers_language(client: Any, users_a: Any) -> None:
    user = users_a[Role.CASE_MANAGER]
    case = open_test_case(user)
    record_read(user, case, detail=gettext_noop("case"))
    record_list_read(user, what=gettext_noop("people"), searched=True, page=2)
    statuses = choices([CaseStatus.REGISTERED, CaseStatus.CLOSED])
    record_read(user, case, detail=Text("Shared: %(sections)s", sections=statuses))
    entry = AuditEntry.objects.filter(actor=user, action=Action.READ).latest("id")
    # Stored: a code and its parameters, an identifier; no word of any language.
    assert (entry.detail, entry.object_label) == ("Shared: %(sections)s", case.number)
    assert entry.detail_params == {
        "sections": {
            "choices": "sutura.cases.models.case.CaseStatus",
            "values": ["registered", "closed"],
        }
    }
    french = _log(client, users_a[Role.SYSTEM_ADMIN], "fr")
    assert f"Cas {case.number}" in french and f"Case {case.number}" not in french
    assert "Liste : personnes, page 2, recherche" in french
    assert "Partagé : Enregistré, Clôturé" in french
    english = _log(client, users_a[Role.SYSTEM_ADMIN], "en")
    assert f"Case {case.number}" in english
    assert "people list, page 2, search" in english
    assert "Shared: Registered, Closed" in english


def test_an_entry_written_before_codes_is_shown_as_written(client: Any, users_a: Any) -> None:
    old = AuditEntry.objects.create(
        action=Action.READ,
        actor_username="awa",
        content_type=ContentType.objects.get_for_model(Case),
        object_id="1",
        object_label="Case SN-2025-00042",
        detail="shared: identity, contact",
    )
    assert old.detail_params is None
    with translation.override("fr"):
        assert old.shown_object() == "Case SN-2025-00042"
        assert old.shown_detail() == "shared: identity, contact"
    french = _log(client, users_a[Role.SYSTEM_ADMIN], "fr")
    assert "Case SN-2025-00042" in french and "shared: identity, contact" in french


def test_the_fields_changed_are_named_in_the_readers_language(users_a: Any) -> None:
    case = open_test_case(users_a[Role.CASE_MANAGER])
    entry = AuditEntry.objects.filter(object_id=str(case.pk), action=Action.CREATE).latest("id")
    # A field of choices shows its value's label too, never its code.
    with translation.override("fr"):
        assert "Statut\u00a0: Enregistré" in entry.shown_changes()
    with translation.override("en"):
        assert "Status: Registered" in entry.shown_changes()
    moved = AuditEntry.objects.create(
        action=Action.UPDATE,
        content_type=ContentType.objects.get_for_model(Case),
        object_id=str(case.pk),
        changes={"status": ["registered", "screening"]},
        detail_params={},
    )
    with translation.override("fr"):
        assert moved.shown_changes() == [
            "Statut\u00a0: Enregistré → Évaluation de la vulnérabilité"
        ]
    with translation.override("en"):
        assert moved.shown_changes() == ["Status: Registered → Screening"]


def test_a_field_declared_without_a_name_is_named_in_the_readers_language() -> None:
    entry = AuditEntry.objects.create(
        action=Action.CREATE,
        content_type=ContentType.objects.get_for_model(Merge),
        object_id="1",
        changes={"kept": [None, "x"], "merged_by": [None, "y"], "ids": {"pk": "1"}},
        detail_params={},
    )
    with translation.override("fr"):
        assert entry.shown_changes() == ["Dossier conservé", "Fusionné par"]
    with translation.override("en"):
        assert entry.shown_changes() == ["Kept file", "Merged by"]


def test_every_audited_field_has_a_name_in_the_catalogues() -> None:
    """A field declared without `verbose_name` gets an English name from Django that no
    catalogue holds: `audit.field_names.FIELD_NAMES` lists it for translation."""
    unnamed = {
        f"{model.__name__}.{field.name}: {field.verbose_name}"
        for model in apps.get_models()
        if issubclass(model, AuditedModel)
        for field in model._meta.concrete_fields
        if not isinstance(field.verbose_name, Promise) and field.verbose_name not in FIELD_NAMES
    }
    assert unnamed == set()


@pytest.mark.parametrize(
    ("route", "french", "english"),
    [
        ("people:detail", "Personnes › fiche", "People › record page"),
        ("people:edit", "Personnes › formulaire de modification", "People › edit form"),
        ("api-person-detail", "Personnes › fiche (API)", "People › record page (API)"),
        ("audit:list", "Journal d’audit › liste", "Audit log › list"),
    ],
)
def test_a_refusal_names_the_page_in_words(route: str, french: str, english: str) -> None:
    entry = record_refused(None, route=route, ids={"pk": "1"}, status=404)
    assert entry.shown_changes() == []  # the path's ids: bookkeeping, never a code shown
    with translation.override("fr"):
        assert entry.shown_detail() == f"Réponse 404 : {french}"
    with translation.override("en"):
        assert entry.shown_detail() == f"Answered 404: {english}"


def test_an_entry_that_kept_the_code_plain_is_shown_in_words_too() -> None:
    """Entries written before `texts.term` kept the route or the list as a plain string."""
    refusal = AuditEntry.objects.create(
        action=Action.REFUSED,
        detail="Answered %(status)s: %(route)s",
        detail_params={"status": 404, "route": "people:detail"},
    )
    export = AuditEntry.objects.create(
        action=Action.EXPORT,
        detail="Export asked: %(list)s (%(format)s)",
        detail_params={"list": "cases", "format": "xlsx"},
    )
    gone = AuditEntry.objects.create(
        action=Action.REFUSED,
        detail="Answered %(status)s: %(route)s",
        detail_params={"status": 403, "route": "no_such:page"},
    )
    with translation.override("en"):
        assert refusal.shown_detail() == "Answered 404: People › record page"
        assert export.shown_detail() == "Export asked: Cases (xlsx)"
        assert gone.shown_detail() == "Answered 403: no_such:page"  # as stored
    with translation.override("fr"):
        assert export.shown_detail() == "Export demandé : Cas (xlsx)"
