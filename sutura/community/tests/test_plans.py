"""The community action plan: recommendations linked to risks, their progress, the plan's
validation at a consultation (a decision of that meeting, the validated content frozen), its
progress at a glance, the protection officer's home card, the API; and the two forms of the
access rule agreeing on the plan's records."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from sutura.access import visible
from sutura.access.community import sees_record
from sutura.accounts.roles import Role
from sutura.community.models import ActionPlan, Asset, Community, ProgressUpdate, Recommendation
from sutura.community.selectors.risks import plans_for, progress_of
from sutura.community.services import plans, risks
from sutura.community.tests.helpers_risks import DAY, community_with_partner, consultation
from sutura.core.dates import date_format
from sutura.meetings.models import Decision
from tests.world_fixture import SharedWorlds
from tests.worlds import World, build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(users_a: dict[Role, Any]) -> Any:
    return users_a[Role.PROTECTION_OFFICER]


@pytest.fixture
def community(users_a: Any, users_b: Any, locations: Any) -> Community:
    return community_with_partner(users_a, users_b, locations["ML"])


@pytest.fixture
def risk(officer: Any, community: Community) -> Any:
    analysis = risks.record_analysis(actor=officer, community=community, held_on=DAY)
    return risks.add_risk(
        actor=officer, analysis=analysis, threat="Départs irréguliers", affected="Jeunes",
        likelihood=4, impact=4,
    )  # fmt: skip


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _recommend(officer: Any, community: Community, action: str, **data: Any) -> Recommendation:
    return plans.add_recommendation(
        actor=officer, community=community, action=action, responsible_text="PSF", **data
    )


def test_a_recommendation_opens_the_plan_as_a_draft_and_answers_the_risks_chosen(
    officer: Any, community: Community, risk: Any
) -> None:
    response = _client(officer).post(
        reverse("community:recommendation_new", kwargs={"pk": community.pk}),
        {"action": "Sensibilisation par les pairs", "risks": [str(risk.pk)],
         "responsible_text": "Association des jeunes", "estimated_cost": "850000",
         "currency": "xof", "starts_on": "2026-04-01", "ends_on": "2026-06-30"},
    )  # fmt: skip
    assert response.status_code == 302
    made = Recommendation.objects.get()
    assert made.plan.status == "draft" and made.currency == "XOF"
    assert list(made.risks.all()) == [risk]


def test_a_cost_without_its_currency_and_an_end_before_the_start_are_refused(
    officer: Any, community: Community
) -> None:
    response = _client(officer).post(
        reverse("community:recommendation_new", kwargs={"pk": community.pk}),
        {"action": "Latrines", "responsible_text": "PSF", "estimated_cost": "100",
         "currency": "", "starts_on": "2026-06-01", "ends_on": "2026-05-01"},
    )  # fmt: skip
    assert set(response.context["form"].errors) == {"currency", "ends_on"}
    assert not Recommendation.objects.exists()


def test_validation_at_a_consultation_records_its_decision_and_freezes_the_content(
    officer: Any, community: Community
) -> None:
    first = _recommend(officer, community, "Points d'information à la gare routière")
    meeting = consultation(officer, community, "validation_meeting")
    client = _client(officer)
    url = reverse("community:plan_validate", kwargs={"pk": community.pk})
    draft = client.get(url).context["form"]["text"].value()
    assert "Points d'information à la gare routière" in draft
    words = "Le plan est validé par l'assemblée : points d'information à la gare routière."
    response = client.post(url, {"meeting": str(meeting.pk), "text": words})
    assert response.status_code == 302
    plan = ActionPlan.objects.get(community=community)
    decision = Decision.objects.get(meeting=meeting)
    assert (plan.status, plan.validated_at, plan.decision) == ("validated", meeting, decision)
    assert decision.text == words  # the minute-taker's words, not the draft
    first.refresh_from_db()
    with pytest.raises(ValidationError):
        plans.update_recommendation(
            actor=officer, recommendation=first, expected_version=first.version, action="Autre"
        )
    # Carrying it out goes on: its status and progress.
    plans.update_recommendation(
        actor=officer, recommendation=first, expected_version=first.version, status="in_progress"
    )
    plans.record_progress(actor=officer, recommendation=first, status="done", text="Fait")
    first.refresh_from_db()
    assert first.status == "done"
    # A recommendation added later is not validated until the next consultation.
    later = _recommend(officer, community, "Éclairage solaire")
    plans.update_recommendation(
        actor=officer, recommendation=later, expected_version=later.version, action="Éclairage"
    )
    page = _client(officer).get(reverse("community:plan", kwargs={"pk": community.pk}))
    assert page.context["view"].validated_ids == {first.pk}


def test_a_plan_is_validated_only_at_a_meeting_of_its_own_community(
    officer: Any, community: Community, locations: Any
) -> None:
    from sutura.community.services import communities

    other = communities.create_community(actor=officer, name="Gao", location=locations["ML"])
    _recommend(officer, community, "Dialogues")
    with pytest.raises(ValidationError) as refused:
        plans.validate_plan(
            actor=officer, community=community, meeting=consultation(officer, other), text="Oui"
        )
    assert "meeting" in refused.value.message_dict
    assert not Decision.objects.exists()


def test_the_progress_at_a_glance_counts_statuses_overdue_and_the_share_done(
    officer: Any, community: Community
) -> None:
    today = timezone.localdate()
    past = today - datetime.timedelta(days=3)
    done = _recommend(officer, community, "A", ends_on=past)
    _recommend(officer, community, "B", ends_on=past)  # overdue
    dropped = _recommend(officer, community, "C")
    _recommend(officer, community, "D", ends_on=today + datetime.timedelta(days=30))
    plans.record_progress(actor=officer, recommendation=done, status="done", text="Fait")
    plans.record_progress(actor=officer, recommendation=dropped, status="dropped", text="Abandon")
    progress = progress_of(list(Recommendation.objects.all()), today)
    assert progress.total == 4 and progress.overdue == 1
    assert progress.done_percent == 33  # 1 done out of 3 not dropped
    assert {code: count for code, _label, count in progress.by_status} == {
        "planned": 2, "done": 1, "dropped": 1,
    }  # fmt: skip
    assert sum(width for _code, _x, width in progress.segments) == pytest.approx(100)
    page = _client(officer).get(reverse("community:plan", kwargs={"pk": community.pk}))
    text = page.content.decode()
    assert 'class="rm-seg-done"' in text and "style=" not in text


def test_the_officers_home_card_shows_the_plans_and_what_is_overdue(
    officer: Any, community: Community, users_a: Any
) -> None:
    _recommend(officer, community, "Audiences foraines", ends_on=DAY)
    home = _client(officer).get("/").content.decode()
    assert "Audiences foraines" in home
    assert reverse("community:plan", kwargs={"pk": community.pk}) in home
    assert (
        "Audiences foraines"
        not in _client(users_a[Role.COMMUNITY_MENTOR]).get("/").content.decode()
    )
    assert [row.overdue[0].action for row in plans_for(officer)] == ["Audiences foraines"]


def test_a_partner_reads_the_plan_but_neither_adds_nor_validates(
    officer: Any, community: Community, users_b: Any
) -> None:
    made = _recommend(officer, community, "Dialogues")
    partner = users_b[Role.PROTECTION_OFFICER]
    client = _client(partner)
    assert client.get(reverse("community:plan", kwargs={"pk": community.pk})).status_code == 200
    for name in ("community:recommendation_new", "community:plan_validate"):
        assert client.get(reverse(name, kwargs={"pk": community.pk})).status_code == 403
    assert client.get(reverse("community:progress_new", kwargs={"pk": made.pk})).status_code == 403
    with pytest.raises(PermissionDenied):
        plans.record_progress(actor=partner, recommendation=made, status="done", text="x")


def test_the_api_adds_a_recommendation_notes_progress_and_validates_the_plan(
    officer: Any, community: Community, risk: Any
) -> None:
    client = _client(officer)
    made = client.post(
        "/api/community/recommendations/",
        {"community": str(community.pk), "action": "Patrouilles", "risks": [str(risk.pk)],
         "responsible_text": "Comité"},
        content_type="application/json",
    )  # fmt: skip
    assert made.status_code == 201, made.content
    pk = made.json()["id"]
    noted = client.post(
        f"/api/community/recommendations/{pk}/progress/",
        {"status": "in_progress", "text": "Deux patrouilles"},
        content_type="application/json",
    )
    assert noted.status_code == 201
    plan = ActionPlan.objects.get()
    meeting = consultation(officer, community)
    url = f"/api/community/plans/{plan.pk}/validate/"
    wordless = client.post(url, {"meeting": str(meeting.pk)}, content_type="application/json")
    assert wordless.status_code == 400 and "text" in wordless.json()["error"]["fields"]
    too_long = {"meeting": str(meeting.pk), "text": "x" * 4001}
    assert client.post(url, too_long, content_type="application/json").status_code == 400
    validated = client.post(
        url,
        {"meeting": str(meeting.pk), "text": "Plan validé : patrouilles."},
        content_type="application/json",
    )
    assert validated.status_code == 200, validated.content
    assert Decision.objects.get(meeting=meeting).text == "Plan validé : patrouilles."
    answer = validated.json()
    assert answer["status"] == "validated" and answer["validated_at"] == str(meeting.pk)
    assert answer["progress"]["by_status"] == {"in_progress": 1}
    frozen = client.patch(
        f"/api/community/recommendations/{pk}/",
        {"version": 2, "action": "Autre chose"},
        content_type="application/json",
    )
    assert frozen.status_code == 400


def test_the_community_page_gets_the_risks_assets_and_plan_sections(
    officer: Any, community: Community, risk: Any, users_b: Any
) -> None:
    from django.template.loader import render_to_string

    from sutura.core import sections

    _recommend(officer, community, "Dialogues", risks=[risk])
    found = sections.for_page("community", officer, community)
    assert [s["name"] for s in found if s["name"] in {"risks", "assets", "action_plan"}] == [
        "risks",
        "assets",
        "action_plan",
    ]
    drawn = "".join(
        render_to_string(s["template"], {"items": s["items"], "community": community})
        for s in found
        if s["name"] in {"risks", "assets", "action_plan"}
    )
    assert reverse("community:plan", kwargs={"pk": community.pk}) in drawn
    assert reverse("community:analysis_new", kwargs={"pk": community.pk}) in drawn
    # A partner reads the sections without the links to write.
    partner = sections.for_page("community", users_b[Role.PROTECTION_OFFICER], community)
    drawn = "".join(
        render_to_string(s["template"], {"items": s["items"], "community": community})
        for s in partner
        if s["name"] in {"risks", "assets", "action_plan"}
    )
    assert reverse("community:analysis_new", kwargs={"pk": community.pk}) not in drawn


def test_the_edit_page_of_a_validated_recommendation_changes_its_status_not_its_content(
    officer: Any, community: Community, risk: Any
) -> None:
    made = _recommend(
        officer, community, "Dialogues", risks=[risk], estimated_cost=850000, currency="XOF"
    )
    plans.validate_plan(
        actor=officer, community=community, meeting=consultation(officer, community), text="Oui"
    )
    url = reverse("community:recommendation_edit", kwargs={"pk": made.pk})
    form = {"action": "Dialogues", "risks": [str(risk.pk)], "responsible_text": "PSF",
            "estimated_cost": "850000.00", "currency": "XOF", "status": "delayed",
            "version": str(made.version)}  # fmt: skip
    assert _client(officer).post(url, form).status_code == 302
    made.refresh_from_db()
    assert made.status == "delayed"
    changed = _client(officer).post(url, {**form, "action": "Autre", "version": str(made.version)})
    assert changed.status_code == 200
    assert "figé" in changed.content.decode() or "frozen" in changed.content.decode()


def test_the_decision_draft_counts_in_words_and_writes_dates_for_the_reader(
    officer: Any, community: Community
) -> None:
    _recommend(
        officer, community, "Dialogues intergénérationnels",
        starts_on=datetime.date(2026, 12, 1), ends_on=datetime.date(2027, 3, 31),
    )  # fmt: skip
    _recommend(officer, community, "Éclairage solaire", ends_on=datetime.date(2027, 1, 15))
    recommendations = list(Recommendation.objects.order_by("order"))
    with translation.override("fr"):
        french = plans.decision_draft(community, recommendations)
        single = plans.decision_draft(community, recommendations[:1])
    assert "(s)" not in french and "2026-12-01" not in french
    assert "avec 2 recommandations :" in french and "avec 1 recommandation :" in single
    assert "(PSF, du 1er décembre 2026 au 31 mars 2027)" in french
    assert "(PSF, d’ici le 15 janvier 2027)" in french
    with translation.override("en"):
        english = plans.decision_draft(community, recommendations)
    assert "validated, with 2 recommendations:" in english
    assert "(PSF, from 1 December 2026 to 31 March 2027)" in english


def test_the_plan_shows_a_cost_in_cfa_francs_without_cents_and_in_euros_with(
    officer: Any, community: Community
) -> None:
    _recommend(officer, community, "Radio", estimated_cost=Decimal("150000.00"), currency="XOF")
    _recommend(officer, community, "Kits", estimated_cost=Decimal("1500.50"), currency="EUR")
    page = _client(officer).get(reverse("community:plan", kwargs={"pk": community.pk}))
    text = page.content.decode().replace("\u202f", " ").replace("\xa0", " ")
    assert "150 000 XOF" in text and "150 000,00" not in text and "1 500,50 EUR" in text


def test_the_recommendation_form_offers_the_latest_analysis_risks_and_those_already_linked(
    officer: Any, community: Community, risk: Any
) -> None:
    answered = _recommend(officer, community, "Dialogues", risks=[risk])
    later = risks.record_analysis(
        actor=officer, community=community, held_on=DAY + datetime.timedelta(days=90)
    )
    again = risks.add_risk(
        actor=officer, analysis=later, threat="Départs irréguliers", affected="Jeunes",
        likelihood=3, impact=4,
    )  # fmt: skip
    client = _client(officer)
    new = client.get(reverse("community:recommendation_new", kwargs={"pk": community.pk}))
    offered = [value for value, _label in new.context["form"].fields["risks"].choices]
    assert offered == [str(again.pk)]  # the earlier analysis's version is not offered twice
    edit = client.get(reverse("community:recommendation_edit", kwargs={"pk": answered.pk}))
    linked = {value for value, _label in edit.context["form"].fields["risks"].choices}
    assert linked == {str(again.pk), str(risk.pk)}


def test_a_plan_is_not_validated_at_a_meeting_still_to_come_but_is_at_one_held(
    officer: Any, community: Community
) -> None:
    _recommend(officer, community, "Dialogues")
    soon = timezone.now() + datetime.timedelta(days=3)
    coming = consultation(officer, community, "validation_meeting", starts_at=soon)
    client = _client(officer)
    url = reverse("community:plan_validate", kwargs={"pk": community.pk})
    refused = client.post(url, {"meeting": str(coming.pk), "text": "Validé"})
    assert refused.status_code == 200
    [message] = refused.context["form"].errors["meeting"]
    assert "still to come" in message or "à venir" in message
    assert date_format(timezone.localtime(soon).date()) in message
    assert not Decision.objects.exists()
    # Held yesterday, still marked "planned": the date counts, not the status.
    held = consultation(
        officer,
        community,
        "validation_meeting",
        starts_at=timezone.now() - datetime.timedelta(days=1),
    )
    assert held.status == "planned"
    plan = plans.validate_plan(actor=officer, community=community, meeting=held, text="Validé")
    assert plan.validated_at == held


# --- the two forms of the access rule agree on this part's records --------------------------


def test_the_validation_form_offers_the_decision_in_the_users_language_and_requires_it(
    officer: Any, community: Community
) -> None:
    _recommend(officer, community, "Dialogues intergénérationnels")
    meeting = consultation(officer, community, "validation_meeting")
    client = _client(officer)
    url = reverse("community:plan_validate", kwargs={"pk": community.pk})
    french = client.get(url).content.decode()
    assert "<textarea" in french and "Dialogues intergénérationnels" in french
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = client.get(url).content.decode()
    assert "community action plan of" in english and "Dialogues intergénérationnels" in english
    for text, field_error in (("   ", "required"), ("x" * 4001, "max_length")):
        refused = client.post(url, {"meeting": str(meeting.pk), "text": text})
        assert refused.status_code == 200
        assert [e.code for e in refused.context["form"].errors.as_data()["text"]] == [field_error]
    assert not Decision.objects.exists()
    with pytest.raises(ValidationError) as blank:
        plans.validate_plan(actor=officer, community=community, meeting=meeting, text=" ")
    assert "text" in blank.value.message_dict


def test_in_french_a_plan_is_valide_and_a_recommendation_prevue_or_realisee(
    officer: Any, community: Community
) -> None:
    from django.utils import translation

    from sutura.community.models import PlanStatus, RecommendationStatus

    with translation.override("fr"):
        assert [str(label) for _code, label in PlanStatus.choices] == ["Brouillon", "Validé"]
        assert [str(label) for _code, label in RecommendationStatus.choices] == [
            "Prévue", "En cours", "Réalisée", "En retard", "Abandonnée",
        ]  # fmt: skip
    _recommend(officer, community, "Causeries")
    plans.validate_plan(
        actor=officer, community=community, meeting=consultation(officer, community),
        text="Plan validé.",
    )  # fmt: skip
    page = _client(officer).get(reverse("community:plan", kwargs={"pk": community.pk}))
    text = page.content.decode()
    assert '<span class="badge">Validé</span>' in text  # the plan
    assert "Prévue" in text  # its recommendation


@pytest.fixture(scope="module")
def world(shared_worlds: SharedWorlds, django_db_blocker: Any) -> Iterator[World]:
    yield from shared_worlds.use("world", build_world, django_db_blocker)


def test_the_standing_and_the_filter_agree_on_assets_plans_and_progress(world: World) -> None:
    for model in (Asset, ActionPlan, Recommendation, ProgressUpdate):
        rows = list(model.objects.all())
        assert len(rows) >= 2, model
        for user in world.users():
            seen = set(visible(user, model).values_list("pk", flat=True))
            for row in rows:
                assert sees_record(user, row) == (row.pk in seen), (user, model, row)
