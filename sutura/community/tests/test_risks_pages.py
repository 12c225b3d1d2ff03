"""Participatory risk analyses on the pages: recorded quickly on a phone, drawn as a risk
matrix (with its text), compared with the previous one; read by whoever sees the community,
written by its officers only."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from sutura.accounts.roles import Role
from sutura.community import risk_matrix
from sutura.community.models import Community, Risk, RiskAnalysis
from sutura.community.services import risks
from sutura.community.tests.helpers_risks import community_with_partner, consultation

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(users_a: Any, users_b: Any, locations: Any) -> Community:
    return community_with_partner(users_a, users_b, locations["ML"])


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _analysis(officer: Any, community: Community, day: datetime.date, rows: list[Any]) -> Any:
    analysis = risks.record_analysis(
        actor=officer, community=community, held_on=day, participants={("female", "25_59"): 5}
    )
    for key, likelihood, impact in rows:
        risks.add_risk(
            actor=officer,
            analysis=analysis,
            key=key,
            threat=key.replace("-", " ").capitalize(),
            affected="Jeunes",
            likelihood=likelihood,
            impact=impact,
        )
    return analysis


def test_the_officer_records_an_analysis_with_participants_and_groups_at_a_consultation(
    officer: Any, community: Community
) -> None:
    meeting = consultation(officer, community)
    response = _client(officer).post(
        reverse("community:analysis_new", kwargs={"pk": community.pk}),
        {
            "held_on": "2026-03-10",
            "meeting": str(meeting.pk),
            "groups_represented": ["youth", "women"],
            "n_female_25_59": "12",
            "n_male_18_24": "7",
        },
    )
    analysis = RiskAnalysis.objects.get(community=community)
    assert response.status_code == 302
    assert response["Location"] == reverse("community:analysis", kwargs={"pk": analysis.pk})
    assert analysis.meeting == meeting
    assert analysis.groups_represented == ["youth", "women"]
    counts = {(c.sex, c.age_group): c.count for c in analysis.participant_counts.all()}
    assert counts == {("female", "25_59"): 12, ("male", "18_24"): 7}


def test_an_analysis_without_any_participant_is_refused_and_the_input_kept(
    officer: Any, community: Community
) -> None:
    response = _client(officer).post(
        reverse("community:analysis_new", kwargs={"pk": community.pk}),
        {"held_on": "2026-03-10", "note": "Réunion au marché"},
    )
    assert response.status_code == 200
    assert "Réunion au marché" in response.content.decode()
    assert not RiskAnalysis.objects.exists()


def test_the_analysis_page_draws_the_matrix_and_lists_each_cells_risks_as_text(
    officer: Any, community: Community
) -> None:
    analysis = _analysis(
        officer,
        community,
        datetime.date(2026, 3, 2),
        [("vols", 4, 5), ("feux", 4, 5), ("crue", 1, 2)],
    )
    page = _client(officer).get(reverse("community:analysis", kwargs={"pk": analysis.pk}))
    text = page.content.decode()
    assert '<svg class="risk-matrix"' in text
    assert "Vols; Feux" in text or "Feux; Vols" in text
    assert "priorit\u00e9 20" in text.lower() or "priority 20" in text.lower()


def test_the_matrix_puts_each_risk_in_the_cell_of_its_likelihood_and_impact() -> None:
    class R:
        def __init__(self, name: str, likelihood: int, impact: int) -> None:
            self.name, self.likelihood, self.impact = name, likelihood, impact

        def __str__(self) -> str:
            return self.name

    cells = risk_matrix.cells([R("a", 5, 5), R("b", 2, 3), R("c", 5, 5)])
    assert [(c.likelihood, c.impact, [str(r) for r in c.risks]) for c in cells] == [
        (5, 5, ["a", "c"]),
        (2, 3, ["b"]),
    ]
    assert cells[0].band == "critical" and cells[1].band == "medium"
    svg = str(risk_matrix.matrix_svg([R("a <b>", 5, 5)], label="Matrice"))
    assert svg.count("<rect") == 25
    assert "a &lt;b&gt;" in svg and "<b>" not in svg


def test_the_comparison_shows_by_default_what_changed_between_the_last_two_analyses(
    officer: Any, community: Community
) -> None:
    _analysis(officer, community, datetime.date(2025, 1, 1), [("ancien", 1, 1)])
    _analysis(
        officer,
        community,
        datetime.date(2026, 1, 5),
        [("vols", 2, 2), ("feux", 3, 3), ("crue", 2, 2)],
    )
    _analysis(
        officer,
        community,
        datetime.date(2026, 4, 5),
        [("vols", 4, 4), ("feux", 1, 3), ("mines", 3, 5)],
    )
    page = _client(officer).get(reverse("community:analysis_compare", kwargs={"pk": community.pk}))
    comparison = page.context["comparison"]
    assert comparison.before.held_on == datetime.date(2026, 1, 5)
    assert [r.key for r in comparison.new] == ["mines"]
    assert [r.key for r in comparison.gone] == ["crue"]
    assert [now.key for _old, now in comparison.up] == ["vols"]
    assert [now.key for _old, now in comparison.down] == ["feux"]


def test_a_risk_said_to_be_the_same_as_an_earlier_one_is_followed_by_the_comparison(
    officer: Any, community: Community
) -> None:
    _analysis(officer, community, datetime.date(2026, 1, 5), [("recrutement-arme", 3, 5)])
    later = _analysis(officer, community, datetime.date(2026, 4, 5), [])
    _client(officer).post(
        reverse("community:risk_new", kwargs={"pk": later.pk}),
        {"key": "recrutement-arme", "threat": "Enrôlement des jeunes", "affected": "Garçons",
         "likelihood": "4", "impact": "5"},
    )  # fmt: skip
    assert Risk.objects.get(analysis=later).key == "recrutement-arme"


def test_a_stale_edit_of_a_risk_is_refused_with_the_input_kept(
    officer: Any, community: Community
) -> None:
    analysis = _analysis(officer, community, datetime.date(2026, 1, 5), [("vols", 2, 2)])
    risk = analysis.risks.get()
    risks.update_risk(actor=officer, risk=risk, expected_version=1, likelihood=3)
    response = _client(officer).post(
        reverse("community:risk_edit", kwargs={"pk": risk.pk}),
        {"threat": "Vols de bétail la nuit", "affected": "Éleveurs", "likelihood": "5",
         "impact": "2", "version": "1"},
    )  # fmt: skip
    assert response.status_code == 200
    assert "Vols de bétail la nuit" in response.content.decode()
    risk.refresh_from_db()
    assert (risk.likelihood, risk.priority) == (3, 6)


def test_a_partner_reads_the_analysis_but_cannot_add_a_risk(
    officer: Any, community: Community, users_b: Any
) -> None:
    analysis = _analysis(officer, community, datetime.date(2026, 1, 5), [("vols", 2, 2)])
    partner = _client(users_b[Role.PROTECTION_OFFICER])
    assert partner.get(reverse("community:analysis", kwargs={"pk": analysis.pk})).status_code == 200
    url = reverse("community:risk_new", kwargs={"pk": analysis.pk})
    assert partner.get(url).status_code == 403
    assert (
        partner.post(
            url, {"threat": "x", "affected": "y", "likelihood": "1", "impact": "1"}
        ).status_code
        == 403
    )


def test_a_mentor_a_provider_agent_and_another_organisations_manager_get_404(
    officer: Any, community: Community, users_a: Any, users_b: Any
) -> None:
    analysis = _analysis(officer, community, datetime.date(2026, 1, 5), [("vols", 2, 2)])
    urls = [
        reverse("community:analysis", kwargs={"pk": analysis.pk}),
        reverse("community:analyses", kwargs={"pk": community.pk}),
        reverse("community:analysis_compare", kwargs={"pk": community.pk}),
        reverse("community:analysis_new", kwargs={"pk": community.pk}),
        reverse("community:plans"),
    ]
    # B's programme manager has a community role but B is only a partner: B's staff read the
    # community; an organisation with no link is another matter (tested in the URL matrix).
    for user in (
        users_a[Role.COMMUNITY_MENTOR],
        users_a[Role.PROVIDER_AGENT],
        users_b[Role.COMMUNITY_MENTOR],
    ):
        client = _client(user)
        for url in urls:
            assert client.get(url).status_code == 404, (user, url)


def test_the_officer_corrects_the_participants_of_an_analysis(
    officer: Any, community: Community
) -> None:
    analysis = _analysis(officer, community, datetime.date(2026, 1, 5), [])
    url = reverse("community:analysis_edit", kwargs={"pk": analysis.pk})
    client = _client(officer)
    assert client.get(url).context["form"]["n_female_25_59"].value() == 5
    response = client.post(
        url,
        {"held_on": "2026-01-06", "n_female_25_59": "6", "n_male_60_plus": "2", "version": "1"},
    )
    assert response.status_code == 302
    analysis.refresh_from_db()
    assert analysis.held_on == datetime.date(2026, 1, 6)
    counts = {(c.sex, c.age_group): c.count for c in analysis.participant_counts.all()}
    assert counts == {("female", "25_59"): 6, ("male", "60_plus"): 2}
    stale = client.post(url, {"held_on": "2026-01-07", "n_female_25_59": "9", "version": "1"})
    assert stale.status_code == 200
    analysis.refresh_from_db()
    assert analysis.held_on == datetime.date(2026, 1, 6)


def test_carrying_an_earlier_risk_fills_its_threat_and_fields_and_the_comparison_follows_it(
    officer: Any, community: Community
) -> None:
    first = _analysis(officer, community, datetime.date(2026, 1, 5), [("crue", 2, 2)])
    risks.add_risk(
        actor=officer, analysis=first, threat="Enrôlement des jeunes", affected="Garçons",
        likelihood=3, impact=5, mitigations="Dialogues avec les chefs",
    )  # fmt: skip
    later = _analysis(officer, community, datetime.date(2026, 4, 5), [("crue", 2, 2)])
    client = _client(officer)
    url = reverse("community:risk_new", kwargs={"pk": later.pk})
    page = client.get(url)
    # Only the risks this analysis lacks are offered, with what fills the form (script).
    assert [key for key, _label in page.context["form"].fields["key"].choices] == [
        "", "enrolement-des-jeunes",
    ]  # fmt: skip
    carried = page.context["earlier_fields"]["enrolement-des-jeunes"]
    assert carried["threat"] == "Enrôlement des jeunes" and carried["impact"] == "5"
    assert 'id="community-earlier-risks"' in page.content.decode()
    # Without JavaScript: the link "start from" opens the form filled.
    form = client.get(url, {"from": "enrolement-des-jeunes"}).context["form"]
    assert [form[name].value() for name in ("key", "threat", "affected", "likelihood")] == [
        "enrolement-des-jeunes", "Enrôlement des jeunes", "Garçons", 3,
    ]  # fmt: skip
    assert form["mitigations"].value() == "Dialogues avec les chefs"
    answer = client.post(
        url,
        {"key": "enrolement-des-jeunes", "threat": "Enrôlement des jeunes",
         "affected": "Garçons et filles", "likelihood": "4", "impact": "5"},
    )  # fmt: skip
    assert answer.status_code == 302
    comparison = risks.compare_analyses(actor=officer, before=first, after=later)
    assert [(old.pk, now.key) for old, now in comparison.up] == [
        (first.risks.get(key="enrolement-des-jeunes").pk, "enrolement-des-jeunes")
    ]
    assert comparison.new == [] and comparison.gone == []
    assert [now.key for _old, now in comparison.same] == ["crue"]
    # Once carried it is not offered again.
    assert client.get(url).context["form"].fields.get("key") is None
