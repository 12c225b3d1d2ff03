"""The paper forms: the referral form carries only what the reader may see; the identification
form only for those who see the case in full; both in the user's language, both audited."""

from __future__ import annotations

from typing import Any

import pytest
import weasyprint
from django.urls import reverse
from django.utils import translation
from weasyprint.formatting_structure import boxes

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.models import Case
from sutura.people.models import ConsentStatus
from sutura.referrals import pdf
from sutura.referrals.services import workflow
from sutura.referrals.tests.helpers import FACTOR, NOTE, PHONE, refer

pytestmark = pytest.mark.django_db


class RecordingHTML(weasyprint.HTML):
    """WeasyPrint as used by `pdf.py`, keeping the text it laid out on the pages."""

    printed: list[str] = []

    def write_pdf(self, *args: Any, **kwargs: Any) -> bytes:
        document = self.render()
        words = [
            box.text
            for page in document.pages
            for box in page._page_box.descendants()
            if isinstance(box, boxes.TextBox)
        ]
        RecordingHTML.printed.append(" ".join(words))
        return document.write_pdf(*args, **kwargs)


@pytest.fixture(autouse=True)
def printed(monkeypatch):
    RecordingHTML.printed = []
    monkeypatch.setattr(pdf, "HTML", RecordingHTML)
    return RecordingHTML.printed


def download(client, user, url, status=200):
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response


def test_the_provider_s_referral_form_holds_only_the_shared_sections(client, world, printed):
    referral = refer(world, ("identity", "health"))
    response = download(client, world.agent, reverse("referrals:pdf", args=[referral.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert f'filename="{referral.number}.pdf"' in response["Content-Disposition"]
    text = printed[-1]
    assert "SOW Aminata" in text
    assert "Troubles du sommeil" in text  # the shared health section
    assert "Suivi psychosocial après le retour" in text  # the reason
    for secret in ("771234567", PHONE, NOTE, FACTOR, world.case.number, "certificat"):
        assert secret not in text, secret


def test_the_referral_form_has_the_deadline_consent_and_signature_lines(client, world, printed):
    referral = refer(world, ("identity",), urgency="emergency")
    download(client, world.manager, reverse("referrals:pdf", args=[referral.pk]))
    text = printed[-1]
    assert referral.number in text and "24 h" in text
    assert world.clinic.name in text and world.manager.organisation.name in text
    assert text.count("signature") >= 3  # referrer, person, receiving service


def test_once_access_ended_the_provider_gets_no_form(client, world, printed):
    referral = refer(world, ("identity", "health"))
    workflow.decline(actor=world.agent, referral=referral, reason="no_capacity")
    download(client, world.agent, reverse("referrals:pdf", args=[referral.pk]), status=404)
    assert printed == []
    assert download(client, world.manager, reverse("referrals:pdf", args=[referral.pk]))


def test_printing_the_referral_form_is_audited(client, world):
    referral = refer(world, ("identity",))
    download(client, world.agent, reverse("referrals:pdf", args=[referral.pk]))
    entries = AuditEntry.objects.filter(actor=world.agent, object_id=str(referral.pk))
    assert entries.filter(action=Action.EXPORT).count() == 1
    assert entries.filter(action=Action.READ).count() == 1  # the shared sections read


def test_the_identification_form_for_staff_who_see_the_case_in_full(client, world, printed):
    url = reverse("referrals:identification_pdf", args=[world.case.pk])
    response = download(client, world.manager, url)
    assert response.content.startswith(b"%PDF")
    assert f'filename="{world.case.number}-identification.pdf"' in response["Content-Disposition"]
    text = printed[-1]
    assert "SOW" in text and "Aminata" in text and PHONE in text
    assert "10 janvier 2026" in text  # French by default (the case was opened on 2026-01-10)
    with translation.override("fr"):
        assert str(ConsentStatus.GIVEN.label) in text  # registration and referral consents
    assert AuditEntry.objects.filter(
        actor=world.manager, action=Action.EXPORT, object_id=str(world.case.pk)
    ).exists()


def test_the_forms_are_printed_in_english_when_the_user_chose_it(client, world, settings, printed):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    download(client, world.manager, reverse("referrals:identification_pdf", args=[world.case.pk]))
    assert "10 January 2026" in printed[-1] and "janvier" not in printed[-1]


def test_nobody_else_gets_the_identification_form(client, world, users_a, users_b):
    mentor = users_a[Role.COMMUNITY_MENTOR]
    Case.objects.filter(pk=world.case.pk).update(mentor=mentor)  # sees a minimal profile only
    refer(world, ("identity",))
    url = reverse("referrals:identification_pdf", args=[world.case.pk])
    for user in (mentor, world.agent, users_b[Role.CASE_MANAGER], users_a[Role.ME_OFFICER]):
        download(client, user, url, status=404)
