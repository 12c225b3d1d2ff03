"""List exports: per role, encrypted when they name people, in the background, audited, expiring."""

from __future__ import annotations

import csv
import datetime
import io
from datetime import timedelta
from typing import Any

import pytest
import pyzipper
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone, translation
from openpyxl import load_workbook
from rest_framework.test import APIClient

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.services import lifecycle
from sutura.exports import sealing, services, tasks
from sutura.exports.models import Export, ExportStatus
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from tests.audit_words import said
from tests.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(settings):
    """These tests read the English wording: pages and messages in English (French is the
    default language, and its catalogue is complete)."""
    from django.utils import translation

    settings.LANGUAGE_CODE = "en"
    with translation.override("en"):
        yield


def open_case(manager: Any, **person: Any) -> Any:
    person_row = PersonFactory.create(
        organisation=manager.organisation, registered_by=manager, **person
    )
    record_consent(
        actor=manager,
        person=person_row,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
    )
    return lifecycle.open_case(actor=manager, person=person_row, case_type="return_reintegration")


def run(export: Export) -> Export:
    tasks.run_job(str(export.pk))
    export.refresh_from_db()
    return export


def unzip(export: Export, password: str) -> bytes:
    with export.file.open("rb") as handle, pyzipper.AESZipFile(io.BytesIO(handle.read())) as z:
        z.setpassword(password.encode())
        (name,) = z.namelist()
        return z.read(name)


def test_case_manager_gets_an_encrypted_archive_of_only_their_organisations_cases(
    users_a: Any, users_b: Any
) -> None:
    manager = users_a[Role.CASE_MANAGER]
    open_case(manager, given_names="Awa", family_name="Diallo")
    open_case(users_b[Role.CASE_MANAGER], given_names="Fatou", family_name="Autre")
    export, key = services.start_export(actor=manager, list_code="cases", format="csv")
    export = run(export)
    assert export.status == ExportStatus.READY
    assert export.identifies_people and export.filename.endswith(".zip")
    with (
        export.file.open("rb") as handle,
        pyzipper.AESZipFile(io.BytesIO(handle.read())) as z,
        pytest.raises(RuntimeError),
    ):
        z.read(z.namelist()[0])  # no password, no content
    password = services.reveal_password(actor=manager, export=export, private_key=key)
    assert len(password) == sealing.LENGTH
    text = unzip(export, password).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 2  # the header and Awa's case
    assert "Awa" in rows[1] and "Fatou" not in text
    # Shown once: the sealed copy is gone, only a one-way hash remains.
    export.refresh_from_db()
    assert bytes(export.sealed_password) == b"" and export.password_hash.startswith("scrypt$")
    assert password not in export.password_hash
    assert services.reveal_password(actor=manager, export=export, private_key=key) == ""


def test_the_password_needs_the_owners_key(users_a: Any) -> None:
    manager = users_a[Role.CASE_MANAGER]
    open_case(manager)
    export, _key = services.start_export(actor=manager, list_code="cases", format="xlsx")
    export = run(export)
    other_key, _public = sealing.new_key_pair()
    with pytest.raises(sealing.KeyMismatch):
        services.reveal_password(actor=manager, export=export, private_key=other_key)
    with pytest.raises(PermissionDenied):
        services.reveal_password(
            actor=users_a[Role.PROGRAMME_MANAGER], export=export, private_key=_key
        )


def test_me_officer_is_refused_a_list_with_names(users_a: Any) -> None:
    with pytest.raises(services.ExportRefused) as refused:
        services.start_export(actor=users_a[Role.ME_OFFICER], list_code="attendance", format="csv")
    assert refused.value.code == "no_names"
    with pytest.raises(services.ExportRefused):
        services.start_export(actor=users_a[Role.ME_OFFICER], list_code="cases", format="csv")


def test_me_officer_page_says_why(client: Any, users_a: Any) -> None:
    client.force_login(users_a[Role.ME_OFFICER])
    response = client.post("/exports/start/", {"list": "attendance", "format": "csv"})
    assert response.status_code == 403
    assert "never receives names" in response.content.decode()
    assert not Export.objects.exists()


def test_no_cell_carries_a_formula(users_a: Any) -> None:
    manager = users_a[Role.CASE_MANAGER]
    open_case(manager, given_names='=HYPERLINK("http://x")', family_name="+1+1")
    export, key = services.start_export(actor=manager, list_code="cases", format="xlsx")
    export = run(export)
    password = services.reveal_password(actor=manager, export=export, private_key=key)
    book = load_workbook(io.BytesIO(unzip(export, password)))
    values = [cell.value for row in book.worksheets[0].iter_rows() for cell in row if cell.value]
    assert '\'=HYPERLINK("http://x")' in values and "'+1+1" in values
    assert not any(str(value).startswith(("=", "+", "-", "@")) for value in values)


def test_a_list_without_names_is_not_encrypted(users_a: Any) -> None:
    export, _key = services.start_export(
        actor=users_a[Role.CASE_MANAGER], list_code="referrals", format="csv"
    )
    export = run(export)
    assert not export.identifies_people and export.filename.endswith(".csv")
    assert not export.password_waiting and export.password_hash == ""


@pytest.mark.parametrize(("language", "stem"), [("fr", "referencements"), ("en", "referrals")])
def test_the_file_is_named_in_its_owners_language_never_by_the_lists_code(
    client: Any, users_a: Any, language: str, stem: str
) -> None:
    manager = users_a[Role.CASE_MANAGER]
    manager.preferred_language = language
    manager.save(update_fields=["preferred_language"])
    export, _key = services.start_export(actor=manager, list_code="referrals", format="xlsx")
    export = run(export)
    expected = f"{stem}-{timezone.localdate().isoformat()}.xlsx"
    assert export.filename == expected and export.filename.isascii()
    client.force_login(manager)
    download = client.get(f"/exports/{export.pk}/download/")
    assert expected in download["Content-Disposition"]


def test_a_french_list_name_is_written_without_accents_or_punctuation() -> None:
    from sutura.exports import registry

    long_one = registry.get("directory_3w")
    assert long_one is not None
    with translation.override("fr"):
        stem = long_one.file_stem(datetime.date(2026, 12, 6))
    assert stem == "qui-fait-quoi-ou-3w4w-le-repertoire-des-services-2026-12-06"


def test_creation_and_download_are_audited_and_only_the_owner_downloads(
    client: Any, users_a: Any
) -> None:
    manager = users_a[Role.CASE_MANAGER]
    open_case(manager)
    client.force_login(manager)
    response = client.post("/exports/start/", {"list": "cases", "format": "csv"})
    assert response.status_code == 302
    export = Export.objects.get()
    assert f"sutura_export_{export.pk.hex}" in response.cookies
    run(export)
    page = client.get(f"/exports/{export.pk}/")
    assert "Password of the archive" in page.content.decode()
    assert page["Cache-Control"] == "private, no-store"
    assert page.cookies[f"sutura_export_{export.pk.hex}"].value == ""  # the key is forgotten
    assert "Password of the archive" not in client.get(f"/exports/{export.pk}/").content.decode()
    download = client.get(f"/exports/{export.pk}/download/")
    assert download.status_code == 200 and download["Cache-Control"] == "private, no-store"
    details = [
        said(entry)
        for entry in AuditEntry.objects.filter(action=Action.EXPORT, object_id=str(export.pk))
    ]
    assert "Export asked: Cases (csv)" in details  # the list's name, never its code
    assert "Export downloaded: Cases" in details
    assert any("export password shown" in d for d in details)
    client.force_login(users_a[Role.PROGRAMME_MANAGER])
    assert client.get(f"/exports/{export.pk}/download/").status_code == 404


def test_expired_files_are_swept(users_a: Any) -> None:
    export, _key = services.start_export(
        actor=users_a[Role.CASE_MANAGER], list_code="referrals", format="csv"
    )
    export = run(export)
    name = export.file.name
    storage = export.file.storage
    assert storage.exists(name)
    assert services.sweep_expired(timezone.now() + timedelta(days=6)) == 0
    assert services.sweep_expired(timezone.now() + timedelta(days=8)) == 1
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED and not storage.exists(name)


def test_api_create_reveal_download(users_a: Any, users_b: Any) -> None:
    manager = users_a[Role.CASE_MANAGER]
    open_case(manager)
    api = APIClient()
    api.force_authenticate(manager)
    created = api.post("/api/exports/", {"list": "cases", "format": "csv"}, format="json")
    assert created.status_code == 201, created.content
    key = created.json()["reveal_key"]
    run(Export.objects.get(pk=created.json()["id"]))
    url = f"/api/exports/{created.json()['id']}/"
    assert api.get(url).json()["status"] == "ready"
    shown = api.post(url + "password/", {"reveal_key": key}, format="json")
    assert shown.status_code == 200 and len(shown.json()["password"]) == sealing.LENGTH
    assert api.post(url + "password/", {"reveal_key": key}, format="json").status_code == 404
    assert api.get(url + "download/").status_code == 200
    other = APIClient()
    other.force_authenticate(users_b[Role.CASE_MANAGER])
    assert other.get(url).status_code == 404
    assert other.get("/api/exports/").json()["count"] == 0
    me = APIClient()
    me.force_authenticate(users_a[Role.ME_OFFICER])
    refused = me.post("/api/exports/", {"list": "cases", "format": "csv"}, format="json")
    assert refused.status_code == 403


def test_my_exports_is_in_the_menu_and_on_the_home_page(client: Any, users_a: Any) -> None:
    client.force_login(users_a[Role.CASE_MANAGER])
    home = client.get("/").content.decode()
    assert 'href="/exports/"' in home
    assert "Export the lists you work on" in home


def test_a_queued_export_says_once_that_it_waits(users_a: Any, client: Any) -> None:
    """Browser walk: the queued page read "Waiting to start Waiting for a worker to take it"."""
    manager = users_a[Role.CASE_MANAGER]
    open_case(manager)
    export, _key = services.start_export(actor=manager, list_code="cases", format="xlsx")
    assert export.status == ExportStatus.QUEUED
    client.force_login(manager)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    page = client.get(reverse("exports:progress", args=[export.pk])).content.decode()
    assert page.count("Waiting for a worker to take it") == 1
    assert "Waiting to start" not in page
