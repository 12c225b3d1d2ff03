"""Privacy edges found in review: access that must end, readers who must read less, sides
that must not act for each other. Each test asserts the safe behaviour."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from sutura.accounts.roles import Role
from sutura.audit.models import AuditEntry
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.referrals.models import Referral, ReferralStatus
from sutura.referrals.services import referring, workflow
from sutura.referrals.sharing import shared_case_for
from sutura.referrals.tests.helpers import make_world, provider, provider_agent, refer, service_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
S = ReferralStatus


def get(client, user, url):
    client.force_login(user)
    r = client.get(url)
    return r.status_code, r.content.decode()


# 1. onward referrer's sent list names the person after their own access ended
def test_onward_sent_list_hides_name_once_parent_ended(client, users_a):
    w = make_world(users_a)
    r1 = refer(w, sections=("identity",))
    workflow.accept(actor=w.agent, referral=r1)
    third = provider(member=True, name="Centre Trois")
    svc3 = service_of(third, name_fr="Formation")
    r2 = referring.refer_onward(
        actor=w.agent,
        parent=r1,
        category="livelihoods",
        reason="Formation",
        shared_sections=["identity"],
        service=svc3,
    )
    workflow.complete(actor=w.agent, referral=r1, outcome="provided", feedback="ok")
    # the detail page says access ended...
    _status, body = get(client, w.agent, reverse("referrals:detail", args=[r2.pk]))
    assert "Aminata" not in body
    # ...but the sent list still shows the name
    _status, body = get(client, w.agent, reverse("referrals:list"))
    assert r2.number in body
    assert "Aminata" not in body, "sent list shows person name after onward referrer's access ended"


# 1b. a case manager taken off the case keeps seeing the name in the sent list
def test_reassigned_referrer_sent_list_hides_name(client, users_a, org_a):
    w = make_world(users_a)
    r1 = refer(w, sections=("identity",))
    other = users_a[Role.PROGRAMME_MANAGER]
    from sutura.cases.models import Case

    Case.objects.filter(pk=w.case.pk).update(case_manager=other)
    org_a.case_managers_see_all_cases = False
    org_a.save()
    _status, body = get(client, w.manager, reverse("referrals:detail", args=[r1.pk]))
    assert "Aminata" not in body
    _status, body = get(client, w.manager, reverse("referrals:list"))
    assert r1.number in body
    assert "Aminata" not in body, "sent list names the person to a referrer who lost access"


# 2. named consent withdrawn after sending: the non-member keeps reading
def test_withdrawn_named_consent_ends_non_member_access(client, users_a):
    w = make_world(users_a)
    outsider = provider(member=False, name="Sahel Formation")
    agent = provider_agent(outsider)
    svc = service_of(outsider, category="livelihoods")
    record_consent(
        actor=w.manager,
        person=w.case.person,
        purpose=ConsentPurpose.SHARING,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
        shared_with=outsider,
        decided_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    r = referring.create_referral(
        actor=w.manager,
        case=w.case,
        category="livelihoods",
        reason="Formation",
        shared_sections=["identity", "contact"],
        service=svc,
        send=True,
    )
    record_consent(
        actor=w.manager,
        person=w.case.person,
        purpose=ConsentPurpose.SHARING,
        status=ConsentStatus.WITHDRAWN,
        method=ConsentMethod.VERBAL,
        shared_with=outsider,
    )
    _status, body = get(client, agent, reverse("referrals:detail", args=[r.pk]))
    assert "Aminata" not in body, "non-member still reads identity after named consent withdrawn"


# 2b. referral consent withdrawn after sending
def test_withdrawn_referral_consent_ends_receiver_access(client, users_a):
    w = make_world(users_a)
    r = refer(w, sections=("identity",))
    record_consent(
        actor=w.manager,
        person=w.case.person,
        purpose=ConsentPurpose.REFERRAL,
        status=ConsentStatus.WITHDRAWN,
        method=ConsentMethod.VERBAL,
    )
    _status, body = get(client, w.agent, reverse("referrals:detail", args=[r.pk]))
    assert "Aminata" not in body, "receiver still reads identity after referral consent withdrawn"


# 3. internal referral (API) to an M&E officer: they read notes and health
def test_api_internal_referral_to_me_officer_refused(client, users_a):
    w = make_world(users_a)
    me = users_a[Role.ME_OFFICER]
    client.force_login(w.manager)
    r = client.post(
        "/api/referrals/",
        {
            "case": str(w.case.pk),
            "to_user": me.pk,
            "category": "mhpss",
            "reason": "x",
            "shared_sections": ["identity", "health", "notes"],
            "send": True,
        },
        content_type="application/json",
    )
    if r.status_code == 201:
        _status, body = get(client, me, reverse("referrals:detail", args=[r.json()["id"]]))
        assert "Aminata" not in body, "an M&E officer reads a person via an internal referral"
    assert r.status_code == 400, r.content


# 4. sender closes 'no_show' on behalf of a provider that has agents (API)
def test_sender_cannot_close_as_no_show_for_provider_with_agents(client, users_a):
    w = make_world(users_a)
    r = refer(w, sections=())
    client.force_login(w.manager)
    resp = client.post(
        f"/api/referrals/{r.pk}/close/", {"reason": "no_show"}, content_type="application/json"
    )
    assert resp.status_code in (400, 403), resp.status_code


# 5. CSRF enforced on page actions and API session writes
def test_csrf(users_a):
    w = make_world(users_a)
    r = refer(w, sections=())
    c = Client(enforce_csrf_checks=True)
    c.force_login(w.agent)
    assert c.post(reverse("referrals:act", args=[r.pk, "acknowledge"])).status_code == 403
    assert c.post(f"/api/referrals/{r.pk}/acknowledge/").status_code == 403
    assert Referral.objects.get(pk=r.pk).status == S.SENT


# 6. receiver after end still sees free-text reason / updates (design check)
def test_receiver_after_end_sees_reason(client, users_a):
    w = make_world(users_a)
    r = referring.create_referral(
        actor=w.manager,
        case=w.case,
        category="mhpss",
        reason="Aminata Sow, 17 ans, victime de traite",
        shared_sections=[],
        service=w.service,
        send=True,
    )
    workflow.decline(actor=w.agent, referral=r, reason="no_capacity")
    _status, body = get(client, w.agent, reverse("referrals:detail", args=[r.pk]))
    assert "victime de traite" not in body, "reason text still shown after decline"


# 7. malformed ids
def test_malformed(client, users_a):
    w = make_world(users_a)
    client.force_login(w.manager)
    for url in [
        "/api/referrals/not-a-uuid/",
        "/api/referrals/not-a-uuid/history/",
        "/api/directory/services/zzz/",
        "/api/directory/pathways/zzz/",
        "/api/directory/proposals/zzz/",
        "/api/directory/services/?area=zzz",
        "/api/directory/proposals/?service=zzz",
        reverse("referrals:service_info") + "?service=zzz&case=zzz",
        reverse("referrals:inbox") + "?page=zz&status=zz",
        reverse("directory:list") + "?area=zz&age=zz&page=-1",
        reverse("nrm:dashboard") + "?area=zz&start=zz",
        reverse("referrals:create", args=[w.case.pk]) + "?service=zz&category=zz",
    ]:
        resp = client.get(url)
        assert resp.status_code < 500, (url, resp.status_code)
    resp = client.post("/api/referrals/", {"case": "zz"}, content_type="application/json")
    assert resp.status_code == 400
    create = reverse("referrals:create", args=[w.case.pk])
    resp = client.post(create, {"pick": "zz", "service": "zz"})
    assert resp.status_code < 500


# 8. audit: PDF by receiver, document download, API list
def test_audit(client, users_a):
    w = make_world(users_a)
    r = refer(w, sections=("identity", "documents"))
    before = AuditEntry.objects.filter(actor=w.agent).count()
    client.force_login(w.agent)
    assert client.get(reverse("referrals:pdf", args=[r.pk])).status_code == 200
    assert client.get(reverse("referrals:document", args=[r.pk, w.document.pk])).status_code == 200
    assert AuditEntry.objects.filter(actor=w.agent).count() >= before + 3
    workflow.decline(actor=w.agent, referral=r, reason="no_capacity")
    assert client.get(reverse("referrals:pdf", args=[r.pk])).status_code == 404
    assert client.get(reverse("referrals:document", args=[r.pk, w.document.pk])).status_code == 404
    data = client.get(f"/api/referrals/{r.pk}/").json()
    assert data["shared"] == {} and data["sharing_ended"] is True


# 9. a case manager adds notes/health to a mentor's draft; the mentor then reads them
def test_mentor_never_reads_beyond_minimal_profile(client, users_a):
    w = make_world(users_a)
    mentor = users_a[Role.COMMUNITY_MENTOR]
    focal = users_a[Role.MHPSS_FOCAL_POINT]
    from sutura.cases.models import Case

    Case.objects.filter(pk=w.case.pk).update(mentor=mentor)
    case = Case.objects.get(pk=w.case.pk)
    draft = referring.create_referral(
        actor=mentor,
        case=case,
        category="mhpss",
        reason="r",
        shared_sections=["identity"],
        to_user=focal,
    )
    draft = referring.update_draft(
        actor=w.manager,
        referral=draft,
        expected_version=draft.version,
        to_user=focal,
        category="mhpss",
        reason="r",
        shared_sections=["identity", "health", "notes"],
    )
    referring.send_referral(actor=w.manager, referral=draft)
    _status, body = get(client, mentor, reverse("referrals:detail", args=[draft.pk]))
    assert "confidentielle" not in body and "Troubles du sommeil" not in body, (
        "mentor reads case notes / MHPSS assessment through their own referral"
    )


# 10. draft edit page names the person to a referrer who lost access to the case
def test_draft_edit_page_after_reassignment(client, users_a, org_a):
    w = make_world(users_a)
    draft = referring.create_referral(
        actor=w.manager,
        case=w.case,
        category="mhpss",
        reason="r",
        shared_sections=[],
        service=w.service,
    )
    from sutura.cases.models import Case

    Case.objects.filter(pk=w.case.pk).update(case_manager=users_a[Role.PROGRAMME_MANAGER])
    org_a.case_managers_see_all_cases = False
    org_a.save()
    status, body = get(client, w.manager, reverse("cases:detail", args=[w.case.pk]))
    assert status == 404
    status, body = get(client, w.manager, reverse("referrals:edit", args=[draft.pk]))
    assert "Aminata" not in body, f"edit page ({status}) names the person to an outsider"


# 11. wrong side writes (expected safe)
def test_wrong_side_writes(client, users_a, users_b):
    w = make_world(users_a)
    draft = referring.create_referral(
        actor=w.manager,
        case=w.case,
        category="mhpss",
        reason="r",
        shared_sections=[],
        service=w.service,
    )
    client.force_login(w.agent)
    assert client.get(reverse("referrals:edit", args=[draft.pk])).status_code == 404
    assert client.post(f"/api/referrals/{draft.pk}/send/").status_code == 404
    referring.send_referral(actor=w.manager, referral=draft)
    client.force_login(w.manager)
    accept = client.post(f"/api/referrals/{draft.pk}/accept/", {}, content_type="application/json")
    assert accept.status_code == 403
    assert client.get(reverse("referrals:act", args=[draft.pk, "acknowledge"])).status_code == 405
    outsiders = (
        users_b[Role.PROVIDER_AGENT],
        users_b[Role.CASE_MANAGER],
        users_a[Role.ME_OFFICER],
        users_a[Role.NRM_COORDINATOR],
        users_a[Role.COMMUNITY_MENTOR],
        users_a[Role.PROVIDER_AGENT],
    )
    for u in outsiders:
        client.force_login(u)
        closing = client.post(
            f"/api/referrals/{draft.pk}/close/",
            {"reason": "no_show"},
            content_type="application/json",
        )
        assert closing.status_code == 404, u.username
        assert client.get(reverse("referrals:pdf", args=[draft.pk])).status_code == 404
        assert client.get(f"/api/referrals/{draft.pk}/").status_code == 404


def test_a_receiver_cannot_refer_onward_to_its_own_organisation(users_a):
    """An onward referral to oneself would be internal: it would keep the person's sections
    readable after the referral they came through ended, under no consent of its own."""
    w = make_world(users_a)
    parent = workflow.accept(actor=w.agent, referral=refer(w, sections=("identity", "contact")))
    own = service_of(w.clinic, name_fr="Suivi interne", name_en="Internal follow-up")
    with pytest.raises(ValidationError) as refused:
        referring.refer_onward(
            actor=w.agent,
            parent=parent,
            category=own.category,
            reason="Suivi",
            shared_sections=["identity", "contact"],
            service=own,
        )
    assert "service" in refused.value.message_dict
    assert not Referral.objects.filter(parent=parent).exists()


def test_a_withdrawn_named_consent_ends_the_outside_organisations_reading(users_a):
    """An organisation outside the NRM reads only under the person's consent to it by name;
    when the person withdraws it, nothing the organisation received stays readable."""
    w = make_world(users_a)
    outside = provider(member=False, name="Association hors MNR")
    agent = provider_agent(outside)
    consent = {"actor": w.manager, "person": w.case.person, "purpose": ConsentPurpose.SHARING}
    record_consent(
        **consent, status=ConsentStatus.GIVEN, method=ConsentMethod.VERBAL, shared_with=outside
    )
    welcome = service_of(outside, name_fr="Accueil", name_en="Welcome")
    parent = referring.create_referral(
        actor=w.manager,
        case=w.case,
        category=welcome.category,
        reason="Accueil",
        shared_sections=["identity", "contact"],
        service=welcome,
        send=True,
    )
    parent = workflow.accept(actor=agent, referral=parent)
    with pytest.raises(ValidationError):  # not onward to itself
        referring.refer_onward(
            actor=agent,
            parent=parent,
            category=welcome.category,
            reason="Suivi",
            shared_sections=["identity"],
            service=service_of(outside, name_fr="Suivi", name_en="Follow-up"),
        )
    record_consent(
        **consent, status=ConsentStatus.WITHDRAWN, method=ConsentMethod.VERBAL, shared_with=outside
    )
    parent = Referral.objects.select_related("case__person", "to_organisation").get(pk=parent.pk)
    assert parent.status == S.CLOSED
    assert shared_case_for(agent, parent, audit=False).identity is None
