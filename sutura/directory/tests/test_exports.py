"""The printable directory (PDF) and the spreadsheet (XLSX): same filters as the list, the
user's language, and every export in the audit log."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.directory.exports import directory_html, directory_xlsx
from sutura.directory.models import Service
from sutura.directory.tests.helpers import signed_in
from tests.audit_words import said

pytestmark = pytest.mark.django_db


def test_the_pdf_is_a_pdf_of_the_filtered_directory_and_is_audited(users_a, directory):
    user = users_a[Role.CASE_MANAGER]
    response = signed_in(user).get(reverse("directory:pdf"), {"category": "mhpss"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert "attachment" in response["Content-Disposition"]
    entry = AuditEntry.objects.get(action=Action.EXPORT, actor=user)
    assert "PDF" in said(entry) and "1 services" in said(entry) and "filtered" in said(entry)


def test_the_printed_directory_groups_services_by_category_with_the_date(directory):
    services = Service.objects.filter(is_active=True).order_by("name_fr")
    with translation.override("en"):
        html = directory_html(services, filters=[("Category", "Health")])
    assert html.index("<h2>Health</h2>") < html.index("Mbour health centre")
    assert html.index("<h2>Mental health and psychosocial support</h2>") < html.index(
        "Psychosocial listening Thiès"
    )
    assert html.index("Mbour health centre") < html.index("<h2>Legal aid</h2>")
    assert "Printed on" in html
    assert "Not verified for six months" in html  # Mbour's flag
    assert "Ancien refuge" not in html
    with translation.override("fr"):
        assert "Centre de santé de Mbour" in directory_html(services, filters=[])


def test_the_xlsx_has_one_row_per_service_with_headers_in_the_users_language(users_a, directory):
    user = users_a[Role.COMMUNITY_MENTOR]
    response = signed_in(user, "en").get(reverse("directory:xlsx"), {"language": "fr"})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    headers = rows[0]
    assert headers[:4] == ("Name", "Name (French)", "Name (English)", "Category")
    assert "Not verified for six months" in headers
    names = sorted(str(row[1]) for row in rows[1:])
    assert names == ["Centre de santé de Mbour", "Écoute psychosociale Thiès"]
    mbour = next(row for row in rows[1:] if row[1] == "Centre de santé de Mbour")
    assert mbour[0] == "Mbour health centre"
    assert mbour[headers.index("Not verified for six months")] == "Yes"
    assert any(
        "XLSX" in said(e) for e in AuditEntry.objects.filter(action=Action.EXPORT, actor=user)
    )


def test_the_xlsx_cannot_carry_a_formula(directory):
    directory["thies"].name_fr = '=HYPERLINK("http://evil")'
    content = directory_xlsx([directory["thies"]], filters=[])
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    assert str(sheet.cell(row=2, column=2).value).startswith("'=")
    assert sheet.cell(row=2, column=2).data_type == "s"
