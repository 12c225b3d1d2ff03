import pytest
from sutura.accounts.roles import Role
from sutura.referrals import services
from sutura.referrals.sharing import shared_case_for
from sutura.referrals.tests.helpers import referable_case, provider, provider_agent, service_of

@pytest.mark.django_db
def test_smoke(users_a):
    cm = users_a[Role.CASE_MANAGER]
    case = referable_case(cm)
    org = provider()
    agent = provider_agent(org)
    svc = service_of(org)
    r = services.create_referral(actor=cm, case=case, category="mhpss", reason="x", shared_sections=["identity","health"], service=svc, send=True)
    assert r.status == "sent"
    s = shared_case_for(agent, r)
    assert s.identity and s.contact is None
    r = services.accept(actor=agent, referral=r)
    r = services.complete(actor=agent, referral=r, outcome="provided", feedback="ok")
    s = shared_case_for(agent, r)
    assert s.identity is None and s.ended
