"""Referral pages: referring from a case, the referral page on both sides, each step, and what
the receiving side can (not) reach by URL."""

from __future__ import annotations

import pytest
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.cases.models import Case
from sutura.cases.tests.helpers import open_test_case
from sutura.directory.models import Pathway, PathwayStep
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.referrals.models import Referral, ReferralStatus
from sutura.referrals.services import referring, workflow
from sutura.referrals.tests.helpers import (
    FACTOR,
    NOTE,
    PHONE,
    PSYCHOSOCIAL,
    act,
    page,
    post,
    provider,
    provider_agent,
    refer,
    referable_case,
    service_of,
)
from tests.audit_words import said

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = ReferralStatus
# --- referring from a case ---------------------------------------------------------------------


def test_the_case_page_lists_its_referrals_and_offers_to_refer(client, world):
    referral = refer(world)
    body = page(client, world.manager, reverse("cases:detail", args=[world.case.pk]))
    assert referral.number in body
    assert reverse("referrals:create", args=[world.case.pk]) in body
    assert reverse("referrals:identification_pdf", args=[world.case.pk]) in body


def test_the_form_shares_nothing_by_default_and_explains_each_section(client, world):
    body = page(client, world.manager, reverse("referrals:create", args=[world.case.pk]))
    assert "checked" not in body.split("shared-title")[1]
    assert "Phone numbers, place of residence and address." in body
    assert "24 h" in body  # the deadline of each urgency
    assert world.service.name_en in body


def test_a_case_manager_refers_and_sends(client, world):
    data = {
        "category": "mhpss",
        "service": world.service.pk,
        "reason": "Suivi psychosocial",
        "urgency": "high",
        "shared_sections": ["identity", "health"],
        "send": "1",
    }
    response = post(client, world.manager, reverse("referrals:create", args=[world.case.pk]), data)
    referral = Referral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:detail", args=[referral.pk])
    assert referral.status == S.SENT
    assert referral.shared_sections == ["identity", "health"]
    assert referral.referral_consent is not None


def test_save_as_draft_then_edit_and_send(client, world):
    data = {
        "category": "mhpss",
        "service": world.service.pk,
        "reason": "Première version",
        "urgency": "normal",
        "draft": "1",
    }
    post(client, world.manager, reverse("referrals:create", args=[world.case.pk]), data)
    draft = Referral.objects.get()
    assert draft.status == S.DRAFT
    body = page(client, world.manager, reverse("referrals:edit", args=[draft.pk]))
    assert "Première version" in body
    data |= {"reason": "Seconde version", "version": draft.version, "send": "1"}
    data.pop("draft")
    response = post(client, world.manager, reverse("referrals:edit", args=[draft.pk]), data)
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.status, draft.reason) == (S.SENT, "Seconde version")


def test_without_referral_consent_sending_is_refused_with_a_link_to_record_it(client, users_a):
    manager = users_a[Role.CASE_MANAGER]
    case = open_test_case(manager)
    clinic = provider(member=True)
    data = {
        "category": "mhpss",
        "service": service_of(clinic).pk,
        "reason": "Suivi",
        "urgency": "normal",
        "send": "1",
    }
    response = post(client, manager, reverse("referrals:create", args=[case.pk]), data)
    body = response.content.decode()
    assert response.status_code == 200
    assert Referral.objects.count() == 0  # nothing half-saved
    assert "consent" in body
    assert reverse("people:consent", args=[case.person.pk]) in body
    assert "Suivi" in body  # what was typed is still there


def test_a_non_member_receives_no_section_without_consent_by_name(client, world):
    outsider = provider(member=False, name="Sahel Formation")
    service = service_of(outsider, category="livelihoods")
    data = {
        "category": "livelihoods",
        "service": service.pk,
        "reason": "Formation professionnelle",
        "urgency": "normal",
        "shared_sections": ["identity"],
        "send": "1",
    }
    url = reverse("referrals:create", args=[world.case.pk])
    response = post(client, world.manager, url, data)
    body = response.content.decode()
    assert response.status_code == 200
    assert Referral.objects.count() == 0
    assert "protocol" in body and 'id="id_shared_sections_error"' in body
    assert "Formation professionnelle" in body

    data.pop("shared_sections")
    assert post(client, world.manager, url, data).status_code == 302
    referral = Referral.objects.get()
    assert (referral.status, referral.shared_sections) == (S.SENT, [])


def test_with_consent_to_that_organisation_by_name_the_non_member_may_receive_sections(
    client, world
):
    outsider = provider(member=False, name="Sahel Formation")
    record_consent(
        actor=world.manager,
        person=world.case.person,
        purpose=ConsentPurpose.SHARING,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.WRITTEN,
        shared_with=outsider,
    )
    data = {
        "category": "livelihoods",
        "service": service_of(outsider).pk,
        "reason": "Formation",
        "urgency": "normal",
        "shared_sections": ["identity"],
        "send": "1",
    }
    url = reverse("referrals:create", args=[world.case.pk])
    assert post(client, world.manager, url, data).status_code == 302
    assert Referral.objects.get().sharing_consent is not None


def test_suggestions_come_from_the_pathways_and_choosing_one_keeps_what_was_typed(client, world):
    pathway = Pathway.objects.create(need="mhpss", title_fr="Parcours SMSPS")
    step = PathwayStep.objects.create(pathway=pathway, order=1, title_fr="Écoute")
    step.services.add(world.service)
    url = reverse("referrals:create", args=[world.case.pk])
    body = page(client, world.manager, url)
    assert "Parcours SMSPS" in body and "Choose this service" in body
    response = post(
        client, world.manager, url, {"reason": "Déjà écrit", "pick": str(world.service.pk)}
    )
    body = response.content.decode()
    assert "Déjà écrit" in body
    assert f'value="{world.service.pk}" selected' in body
    assert Referral.objects.count() == 0


def test_the_service_panel_warns_about_a_non_member(client, world):
    outsider = service_of(provider(member=False, name="Sahel Formation"))
    url = reverse("referrals:service_info")
    body = page(client, world.manager, f"{url}?service={outsider.pk}&case={world.case.pk}")
    assert "protocol" in body and 'role="alert"' in body
    body = page(client, world.manager, f"{url}?service={world.service.pk}&case={world.case.pk}")
    assert 'role="alert"' not in body


def test_the_service_panel_says_nothing_of_a_case_the_user_does_not_see(client, world, users_b):
    url = reverse("referrals:service_info")
    query = f"?service={world.service.pk}&case={world.case.pk}"
    body = page(client, users_b[Role.CASE_MANAGER], url + query)
    assert world.service.name_en in body and "Aminata" not in body
    assert "may not meet" not in body  # no eligibility computed for someone else's case


def test_nobody_refers_a_case_they_do_not_see(client, world, users_b):
    page(client, users_b[Role.CASE_MANAGER], reverse("referrals:create", args=[world.case.pk]), 404)
    page(client, world.agent, reverse("referrals:create", args=[world.case.pk]), 403)  # no role


def test_the_service_filter_lists_one_category(client, world):
    other = service_of(world.clinic, category="health", name_en="Consultation")
    url = reverse("referrals:service_options")
    body = page(client, world.manager, f"{url}?service_category=health")
    assert "Consultation" in body and world.service.name_en not in body
    assert other.name_en in page(client, world.manager, url)


def test_a_mentor_refers_to_the_focal_point_who_sees_it_in_the_inbox(client, users_a, world):
    mentor, focal_point = users_a[Role.COMMUNITY_MENTOR], users_a[Role.MHPSS_FOCAL_POINT]
    Case.objects.filter(pk=world.case.pk).update(mentor=mentor)
    minimal = page(client, mentor, reverse("cases:detail", args=[world.case.pk]))
    create = reverse("referrals:create", args=[world.case.pk])
    assert create in minimal
    body = page(client, mentor, create)
    assert world.service.name_fr not in body  # a mentor refers internally only
    assert 'name="shared_sections" value="health"' not in body  # only what they see
    data = {
        "category": "mhpss",
        "to_user": focal_point.pk,
        "reason": "Il ne dort plus",
        "urgency": "high",
        "shared_sections": ["identity", "contact"],
        "send": "1",
    }
    assert post(client, mentor, create, data).status_code == 302
    referral = Referral.objects.get()
    assert (referral.to_user, referral.status, referral.is_internal) == (focal_point, S.SENT, True)
    inbox = page(client, focal_point, reverse("referrals:inbox"))
    assert referral.number in inbox and "SOW Aminata" in inbox
    detail = page(client, focal_point, reverse("referrals:detail", args=[referral.pk]))
    assert PHONE in detail  # contact was shared
    assert reverse("cases:detail", args=[world.case.pk]) not in detail
    act(client, focal_point, referral, "accept")


# --- the referral page, on the receiving side ------------------------------------------------


def test_the_provider_sees_only_the_shared_sections(client, world):
    referral = refer(world, ("identity", "health"))
    body = page(client, world.agent, reverse("referrals:detail", args=[referral.pk]))
    assert "SOW Aminata" in body and PSYCHOSOCIAL in body
    for secret in ("771234567", NOTE, FACTOR, world.case.number, "certificat.pdf"):
        assert secret not in body, secret
    assert reverse("cases:detail", args=[world.case.pk]) not in body
    assert reverse("people:detail", args=[world.case.person.pk]) not in body


def test_the_provider_cannot_reach_the_case_or_any_other_record_by_url(client, world, users_a):
    refer(world, ("identity", "health", "notes", "documents"))
    other_case = referable_case(world.manager)
    forbidden = [
        reverse("cases:detail", args=[world.case.pk]),
        reverse("cases:detail", args=[other_case.pk]),
        reverse("people:detail", args=[world.case.person.pk]),
        reverse("people:detail", args=[other_case.person.pk]),
        reverse("cases:document", args=[world.document.pk]),
        reverse("referrals:identification_pdf", args=[world.case.pk]),
        reverse("referrals:create", args=[world.case.pk]),
    ]
    client.force_login(world.agent)
    for url in forbidden:
        response = client.get(url)
        assert response.status_code == 404 or response.status_code == 403, url
        assert "Aminata" not in response.content.decode(), url
    for url in (  # pages that need a role the agent lacks answer 403 before any lookup
        reverse("cases:note", args=[world.case.pk]),
        reverse("cases:plan", args=[world.case.pk]),
        reverse("cases:list"),
    ):
        response = client.get(url)
        assert response.status_code in {403, 404}, url
        assert "Aminata" not in response.content.decode(), url


def test_read_pages_answer_404_to_the_provider(client, world):
    refer(world, ("identity",))
    client.force_login(world.agent)
    for url in (
        reverse("cases:detail", args=[world.case.pk]),
        reverse("people:detail", args=[world.case.person.pk]),
        reverse("cases:document", args=[world.document.pk]),
        reverse("referrals:identification_pdf", args=[world.case.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_a_shared_document_downloads_while_active_and_the_read_is_audited(client, world):
    referral = refer(world, ("documents",))
    url = reverse("referrals:document", args=[referral.pk, world.document.pk])
    body = page(client, world.agent, reverse("referrals:detail", args=[referral.pk]))
    assert url in body
    client.force_login(world.agent)
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    assert AuditEntry.objects.filter(
        actor=world.agent, action=Action.READ, object_id=str(world.document.pk)
    ).exists()


def test_an_unshared_document_is_404(client, world):
    referral = refer(world, ("identity",))
    url = reverse("referrals:document", args=[referral.pk, world.document.pk])
    page(client, world.agent, url, status=404)


@pytest.mark.parametrize("end", ["decline", "close"])
def test_declining_or_closing_ends_the_providers_access(client, world, end):
    referral = refer(world, ("identity", "health", "documents"))
    if end == "decline":
        act(client, world.agent, referral, "decline", {"decline_reason": "no_capacity"})
    else:
        referral = workflow.accept(actor=world.agent, referral=referral)
        act(client, world.agent, referral, "close", {"closure_reason": "no_show"})
    body = page(client, world.agent, reverse("referrals:detail", args=[referral.pk]))
    assert "Aminata" not in body and PSYCHOSOCIAL not in body
    assert "Access ended" in body
    assert reverse("referrals:pdf", args=[referral.pk]) not in body
    page(client, world.agent, reverse("referrals:pdf", args=[referral.pk]), status=404)
    url = reverse("referrals:document", args=[referral.pk, world.document.pk])
    page(client, world.agent, url, status=404)
    # the referring side still sees what it shared
    assert "Aminata" in page(client, world.manager, reverse("referrals:detail", args=[referral.pk]))


def test_another_organisations_agent_gets_404_everywhere(client, world, users_b):
    referral = refer(world)
    strangers = [provider_agent(provider(name="Autre clinique")), users_b[Role.CASE_MANAGER]]
    for stranger in strangers:
        client.force_login(stranger)
        for url in (
            reverse("referrals:detail", args=[referral.pk]),
            reverse("referrals:pdf", args=[referral.pk]),
            reverse("referrals:edit", args=[referral.pk]),
            reverse("referrals:onward", args=[referral.pk]),
            reverse("referrals:document", args=[referral.pk, world.document.pk]),
        ):
            assert client.get(url).status_code == 404, (stranger, url)
        response = client.post(reverse("referrals:act", args=[referral.pk, "accept"]))
        assert response.status_code == 404
    assert Referral.objects.get().status == S.SENT


def test_a_draft_is_invisible_to_the_receiver(client, world):
    draft = refer(world, send=False)
    page(client, world.agent, reverse("referrals:detail", args=[draft.pk]), status=404)
    page(client, world.agent, reverse("referrals:pdf", args=[draft.pk]), status=404)
    assert draft.number not in page(client, world.agent, reverse("referrals:inbox") + "?status=all")
    response = post(client, world.agent, reverse("referrals:act", args=[draft.pk, "accept"]), {})
    assert response.status_code == 404


def test_every_step_is_in_the_history_with_who_took_it(client, world):
    world.agent.first_name, world.agent.last_name = "Seynabou", "Faye"
    world.agent.save()
    referral = refer(world)
    referral = act(client, world.agent, referral, "acknowledge")
    assert referral.status == S.RECEIVED
    referral = act(client, world.agent, referral, "accept", {"note": "Rendez-vous lundi"})
    referral = act(client, world.agent, referral, "start")
    referral = act(client, world.agent, referral, "update", {"note": "Deuxième séance faite"})
    referral = act(
        client,
        world.agent,
        referral,
        "complete",
        {"outcome": "provided", "outcome_notes": "Six séances", "feedback": "Va mieux"},
    )
    assert (referral.status, referral.outcome, referral.feedback) == (
        S.COMPLETED,
        "provided",
        "Va mieux",
    )
    body = page(client, world.manager, reverse("referrals:detail", args=[referral.pk]))
    history = body.split('id="history-title"')[1]
    for label in ("Draft", "Sent", "Received", "Accepted", "In progress", "Completed"):
        assert label in history, label
    assert history.count("Seynabou Faye") == 5
    assert "Rendez-vous lundi" in history and "Deuxième séance faite" in history
    assert "Va mieux" in body  # the feedback reaches the referrer


def test_an_illegal_or_incomplete_step_shows_why_and_keeps_the_input(client, world):
    referral = refer(world)
    url = reverse("referrals:act", args=[referral.pk, "decline"])
    response = post(client, world.agent, url, {"decline-decline_reason": "other"})
    body = response.content.decode()
    assert response.status_code == 200
    assert "Explain why you decline." in body
    assert '<option value="other" selected>' in body
    response = post(
        client,
        world.agent,
        reverse("referrals:act", args=[referral.pk, "complete"]),
        {"complete-outcome": "provided", "complete-feedback": "Va mieux"},
    )
    assert "cannot become" in response.content.decode()  # sent → completed is not a move
    assert Referral.objects.get().status == S.SENT
    referral = workflow.accept(actor=world.agent, referral=referral)
    response = post(
        client,
        world.agent,
        reverse("referrals:act", args=[referral.pk, "complete"]),
        {"complete-outcome": "provided", "complete-outcome_notes": "Texte gardé"},
    )
    body = response.content.decode()
    assert 'id="id_complete-feedback_error"' in body  # the feedback to the referrer is required
    assert "Texte gardé" in body
    assert Referral.objects.get().status == S.ACCEPTED


def test_the_referrer_withdraws(client, world):
    referral = refer(world)
    body = page(client, world.manager, reverse("referrals:detail", args=[referral.pk]))
    assert "Close the referral" in body
    assert 'value="withdrawn"' in body and 'value="person_declined"' in body
    assert 'value="no_show"' not in body  # the provider's to record
    referral = act(client, world.manager, referral, "close", {"closure_reason": "withdrawn"})
    assert (referral.status, referral.closure_reason) == (S.CLOSED, "withdrawn")


def test_the_receiver_cannot_withdraw_nor_take_the_referrers_steps(client, world):
    referral = refer(world)
    url = reverse("referrals:act", args=[referral.pk, "close"])
    response = post(client, world.agent, url, {"close-closure_reason": "withdrawn"})
    assert response.status_code == 200
    assert Referral.objects.get().status == S.SENT
    page(client, world.agent, reverse("referrals:edit", args=[referral.pk]), status=403)


def test_a_counter_referral_shares_at_most_what_it_received_and_shows_the_chain(client, world):
    referral = workflow.accept(actor=world.agent, referral=refer(world, ("identity",)))
    hospital = provider(member=True, name="Hôpital régional")
    provider_agent(hospital)
    onward = service_of(hospital, category="health")
    url = reverse("referrals:onward", args=[referral.pk])
    body = page(client, world.agent, url)
    assert 'name="shared_sections" value="identity"' in body
    assert 'name="shared_sections" value="health"' not in body
    assert "Aminata" not in body
    data = {
        "category": "health",
        "service": onward.pk,
        "reason": "Bilan médical",
        "urgency": "normal",
        "shared_sections": ["identity"],
        "send": "1",
    }
    response = post(client, world.agent, url, data)
    assert response.status_code == 302
    child = Referral.objects.get(parent=referral)
    body = page(client, world.agent, reverse("referrals:detail", args=[child.pk]))
    assert referral.number in body and child.number in body
    assert reverse("cases:detail", args=[world.case.pk]) not in body
    manager_view = page(client, world.manager, reverse("referrals:detail", args=[referral.pk]))
    assert child.number in manager_view


def test_every_read_by_the_receiver_is_audited(client, world):
    referral = refer(world, ("identity", "health"))
    before = list(AuditEntry.objects.filter(actor=world.agent).values_list("pk", flat=True))
    page(client, world.agent, reverse("referrals:detail", args=[referral.pk]))
    client.force_login(world.agent)
    assert client.get(reverse("referrals:pdf", args=[referral.pk])).status_code == 200
    page(client, world.agent, reverse("referrals:inbox"))
    entries = list(AuditEntry.objects.filter(actor=world.agent).exclude(pk__in=before))
    reads = [e for e in entries if e.action == Action.READ and e.object_id == str(referral.pk)]
    assert len(reads) == 2  # the page and the PDF
    assert all(said(e) == "Shared: Identity, Health and MHPSS" for e in reads)
    assert any(e.action == Action.EXPORT and e.object_id == str(referral.pk) for e in entries)
    assert any(e.action == Action.READ and "inbox" in said(e) for e in entries)


def test_notification_links_open_the_referral_for_both_sides(client, world):
    from sutura.notifications.models import Notification

    referral = refer(world)
    workflow.accept(actor=world.agent, referral=referral)
    link = reverse("referrals:detail", args=[referral.pk])
    for user in (world.agent, world.manager):
        notification = Notification.objects.filter(recipient=user).latest("created_at")
        assert notification.link == link
        page(client, user, link)


def test_anonymous_users_are_sent_to_login(client, world):
    referral = refer(world)
    for url in (
        reverse("referrals:inbox"),
        reverse("referrals:list"),
        reverse("referrals:detail", args=[referral.pk]),
        reverse("referrals:pdf", args=[referral.pk]),
        reverse("referrals:create", args=[world.case.pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and "login" in response["Location"], url


def test_referring_onward_gives_no_access_beyond_the_providers_own_referral(client, world):
    referral = workflow.accept(actor=world.agent, referral=refer(world, ("identity",)))
    hospital = provider(member=True, name="Hôpital régional")
    provider_agent(hospital)
    onward = referring.refer_onward(
        actor=world.agent,
        parent=referral,
        category="health",
        reason="Bilan médical",
        shared_sections=["identity"],
        service=service_of(hospital, category="health"),
    )
    workflow.close(actor=world.agent, referral=referral, reason="no_show")
    onward = Referral.objects.get(pk=onward.pk)
    workflow.close(actor=world.agent, referral=onward, reason="withdrawn")
    assert "Aminata" not in page(client, world.agent, reverse("referrals:detail", args=[onward.pk]))


def test_sending_a_referral_asks_where_the_user_stands_once_in_a_fixed_number_of_queries(
    client, world, monkeypatch, django_assert_num_queries
):
    """The page, the form and the service used to ask "does this user work on this case?" up
    to six times for one send; now the service asks once, on the locked referral."""
    from sutura.access import referrals as access
    from sutura.referrals import views
    from sutura.referrals.services import referring as referring_module
    from sutura.referrals.services import workflow as workflow_module

    asked = []

    def counted(user, referral):
        asked.append(referral.pk)
        return access.standing(user, referral)

    for module in (views, referring_module, workflow_module):
        monkeypatch.setattr(module, "standing", counted)
    draft = refer(world, send=False)
    client.force_login(world.manager)
    url = reverse("referrals:act", args=[draft.pk, "send"])
    with django_assert_num_queries(SEND_QUERIES):
        response = client.post(url, {})
    assert response.status_code == 302
    assert Referral.objects.get(pk=draft.pk).status == S.SENT
    assert asked == [draft.pk]


# What one send costs: the session, the user and their organisation (the assigned-cases
# rule); the referral with its case, person and parent (one query); the savepoint; the lock;
# the referral consent and the named-sharing consent; the receiver's NRM membership (its
# signatures, kept by governance); the update, its audit entry and its history row; the
# receivers to tell and their notification; the savepoint released.
SEND_QUERIES = 15
