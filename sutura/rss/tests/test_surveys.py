"""The survey on a case, on the access world (`tests/world_parts/rss.py`: a baseline with
example A's answers on the first case of each side): the services' rules (one baseline, one
follow-up per quarter, the service and the database), the stored scores and version, an edit
scored with the response's own version, the access rules in both forms, the pages and the API,
the distribution and its small groups, the subject-access export, the demo's answers."""

from __future__ import annotations

import datetime
import json
import random
import shutil
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from sutura.access import visible
from sutura.access.rss import works_on_response
from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.core.concurrency import StaleVersionError
from sutura.privacy.selectors import PERSON_RECORDS
from sutura.rss import demo, distribution, instrument, scoring, selectors, services
from sutura.rss.forms import PARTS
from sutura.rss.models import SurveyResponse
from sutura.rss.tests.examples import EXAMPLE_A, EXAMPLE_B, EXAMPLE_C
from sutura.rss.validation import clean_answers
from tests.worlds import World

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english(settings, request):
    """These tests read the English wording: pages and messages in English (French is the
    default language, and its catalogue is complete)."""
    from django.utils import translation

    language = "fr" if request.node.name in IN_FRENCH else "en"
    settings.LANGUAGE_CODE = language
    with translation.override(language):
        yield


# These two read the French page (decimal commas).
IN_FRENCH = {
    "test_the_form_records_example_c_and_shows_its_scores",
    "test_the_case_page_shows_the_scores_over_time",
}


DAY = datetime.date
D = Decimal


@pytest.fixture
def rollback(world: World) -> Iterator[None]:
    with transaction.atomic():
        yield
        transaction.set_rollback(True)


def _baseline(world: World, side: str = "a") -> SurveyResponse:
    return world.parts["rss"][f"baseline_{side}"]


def _follow_up(world: World, day: DAY, months: int = 3, answers: Any = None) -> SurveyResponse:
    return services.record_survey(
        actor=world.a.users[Role.CASE_MANAGER],
        case=world.a.case,
        kind="follow_up",
        offset_months=months,
        surveyed_on=day,
        answers=answers or EXAMPLE_C,
    )


# --- the services ------------------------------------------------------------------------------


def test_a_survey_stores_its_scores_to_six_places_and_its_version(world: World) -> None:
    baseline = _baseline(world)
    baseline.refresh_from_db()
    assert baseline.instrument_version == "iom-rss-2023"
    assert baseline.scores() == {
        "economic": D("0.812500"),
        "social": D("0.520000"),
        "psychosocial": D("0.785000"),
        "composite": D("0.717500"),
    }
    assert baseline.answers == EXAMPLE_A
    assert not baseline.incomplete
    assert baseline.quarter == 20261


def test_example_c_is_stored_and_shown_half_up(world: World, rollback: None) -> None:
    survey = _follow_up(world, DAY(2026, 4, 10))
    survey.refresh_from_db()
    assert (survey.social, survey.composite) == (D("0.361667"), D("0.295833"))
    assert (scoring.shown(survey.social), scoring.shown(survey.composite)) == (D("0.36"), D("0.30"))
    assert survey.missing_share == {
        "economic": "0.000000",
        "social": "0.150000",
        "psychosocial": "0.050000",
        "composite": "0.060000",
    }


def test_one_baseline_per_case(world: World, rollback: None) -> None:
    with pytest.raises(ValidationError, match="baseline"):
        services.record_survey(
            actor=world.a.users[Role.CASE_MANAGER],
            case=world.a.case,
            kind="baseline",
            answers=EXAMPLE_B,
        )


def test_one_follow_up_per_quarter_besides_the_baseline(world: World, rollback: None) -> None:
    _follow_up(world, DAY(2026, 1, 20))  # the baseline's quarter: allowed
    with pytest.raises(ValidationError) as refused:
        _follow_up(world, DAY(2026, 3, 31), months=6)
    assert "surveyed_on" in refused.value.message_dict
    _follow_up(world, DAY(2026, 4, 1), months=6)  # the next quarter


def test_the_database_refuses_a_second_follow_up_in_a_quarter(world: World, rollback: None) -> None:
    first = _follow_up(world, DAY(2026, 7, 1), months=6)
    twin = SurveyResponse.objects.get(pk=first.pk)
    twin.pk, twin.surveyed_on = None, DAY(2026, 9, 30)
    twin._state.adding = True
    with pytest.raises(IntegrityError), transaction.atomic():
        twin.save()


def test_a_follow_up_needs_a_configured_offset(world: World, rollback: None, settings: Any) -> None:
    with pytest.raises(ValidationError, match="3, 6, 12"):
        _follow_up(world, DAY(2026, 5, 1), months=9)
    settings.SUTURA_RSS_FOLLOW_UP_MONTHS = "9,18"
    assert _follow_up(world, DAY(2026, 5, 1), months=9).offset_months == 9


def test_refused_answers_name_the_question(world: World, rollback: None) -> None:
    answers = {**EXAMPLE_A, "q29": "no"}
    with pytest.raises(ValidationError) as refused:
        _follow_up(world, DAY(2026, 5, 1), answers=answers)
    assert list(refused.value.message_dict) == ["q30"]
    assert refused.value.message_dict["q30"][0].startswith("Question 30")


def test_no_future_date_and_none_before_the_case(world: World, rollback: None) -> None:
    with pytest.raises(ValidationError, match="future"):
        _follow_up(world, DAY(2099, 1, 1))
    with pytest.raises(ValidationError, match="not open"):
        _follow_up(world, DAY(2025, 1, 1))


def test_an_edit_is_scored_again_with_the_responses_own_version(
    world: World, rollback: None, settings: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A later version that scores Q29 "don't know" 0.5 (rss.md §6.1's flagged value).
    for path in instrument.DATA.glob("*.json"):
        shutil.copy(path, tmp_path / path.name)
    data = json.loads((tmp_path / "iom-rss-2023.json").read_text())
    data["version"] = "test-rss-later"
    next(q for q in data["questions"] if q["id"] == "q29")["dont_know"] = 0.5
    (tmp_path / "test-rss-later.json").write_text(json.dumps(data))
    monkeypatch.setattr(instrument, "DATA", tmp_path)
    instrument.load.cache_clear()
    try:
        old = _follow_up(world, DAY(2026, 4, 2))
        settings.SUTURA_RSS_INSTRUMENT = "test-rss-later"
        new = _follow_up(
            world, DAY(2026, 7, 2), months=6, answers={**EXAMPLE_A, "q29": "dont_know"}
        )
        assert new.instrument_version == "test-rss-later"
        assert new.psychosocial == D("0.785000") - D("0.15") * D("0.5")
        edited = services.edit_survey(
            actor=world.a.users[Role.CASE_MANAGER],
            response=old,
            answers={**EXAMPLE_A, "q29": "dont_know"},
            expected_version=old.version,
        )
        assert edited.instrument_version == "iom-rss-2023"
        assert edited.psychosocial == D("0.785000") - D("0.15")  # don't know: 0 in 2023
        assert edited.version == 2 and edited.edited_by == world.a.users[Role.CASE_MANAGER]
    finally:
        instrument.load.cache_clear()


def test_a_stale_edit_is_refused(world: World, rollback: None) -> None:
    survey = _follow_up(world, DAY(2026, 4, 3))
    manager = world.a.users[Role.CASE_MANAGER]
    services.edit_survey(actor=manager, response=survey, answers=EXAMPLE_A, expected_version=1)
    with pytest.raises(StaleVersionError):
        services.edit_survey(actor=manager, response=survey, answers=EXAMPLE_B, expected_version=1)


# --- access ------------------------------------------------------------------------------------


def test_the_standing_and_the_filter_agree_for_every_user_and_survey(world: World) -> None:
    rows = list(SurveyResponse.objects.select_related("case"))
    assert len(rows) == 2
    for user in world.users():
        seen = set(visible(user, SurveyResponse).values_list("pk", flat=True))
        for row in rows:
            assert works_on_response(user, row) == (row.pk in seen), (user, row)


def test_the_mentor_and_the_other_organisation_see_nothing(world: World) -> None:
    a = world.a
    for user in (a.users[Role.COMMUNITY_MENTOR], world.b.users[Role.CASE_MANAGER], a.colleague):
        assert not visible(user, SurveyResponse).filter(case=a.case).exists(), user
        assert selectors.case_rss(user, a.case) == {}
    with pytest.raises(PermissionDenied):
        services.record_survey(
            actor=world.b.users[Role.CASE_MANAGER], case=a.case, kind="baseline", answers=EXAMPLE_A
        )


def test_another_organisation_gets_404_and_reads_are_audited(world: World) -> None:
    url = reverse("rss:survey", args=[_baseline(world).pk])
    outsider, manager = Client(), Client()
    outsider.force_login(world.b.users[Role.CASE_MANAGER])
    manager.force_login(world.a.users[Role.CASE_MANAGER])
    with transaction.atomic():
        assert outsider.get(url).status_code == 404
        page = manager.get(url)
        assert page.status_code == 200
        assert AuditEntry.objects.filter(
            actor=world.a.users[Role.CASE_MANAGER],
            action=Action.READ,
            object_id=str(_baseline(world).pk),
        ).exists()
        transaction.set_rollback(True)


def test_the_subject_access_export_holds_the_surveys() -> None:
    assert (SurveyResponse, "case__person") in PERSON_RECORDS


# --- pages -------------------------------------------------------------------------------------


def test_the_form_records_example_c_and_shows_its_scores(world: World, rollback: None) -> None:
    client = Client()
    client.force_login(world.a.users[Role.CASE_MANAGER])
    url = reverse("rss:survey_new", args=[world.a.case.pk])
    form = client.get(url)
    assert form.status_code == 200
    assert b'name="q29"' in form.content and b'type="radio"' in form.content
    posted = client.post(
        url, {"kind": "follow_up", "offset_months": "3", "surveyed_on": "2026-04-15", **EXAMPLE_C}
    )
    assert posted.status_code == 302
    page = client.get(posted["Location"])
    text = page.content.decode()
    # French by default: a decimal comma.
    assert "0,36" in text and "0,30" in text and "0,361667" in text and "iom-rss-2023" in text
    # The weight from missing answers too: never "0.130000" on a French page.
    saved = SurveyResponse.objects.get(pk=posted["Location"].rstrip("/").rsplit("/", 1)[-1])
    shares = saved.missing_share.values()
    assert not any(share in text for share in shares if "." in share), shares


def test_the_form_keeps_the_answers_and_names_the_missing_question(
    world: World, rollback: None
) -> None:
    client = Client()
    client.force_login(world.a.users[Role.CASE_MANAGER])
    answers = {k: v for k, v in EXAMPLE_A.items() if k != "q15"}
    page = client.post(
        reverse("rss:survey_new", args=[world.a.case.pk]),
        {"kind": "follow_up", "offset_months": "3", "surveyed_on": "2026-04-15", **answers},
    )
    assert page.status_code == 200
    text = page.content.decode()
    assert "Question 15 (Do you have at least one identity document?)" in text
    assert 'value="satisfied" checked' in text or 'value="satisfied"\n' not in text


def test_the_case_page_shows_the_scores_over_time(world: World, rollback: None) -> None:
    _follow_up(world, DAY(2026, 7, 5), months=6)
    client = Client()
    client.force_login(world.a.users[Role.CASE_MANAGER])
    text = client.get(reverse("cases:detail", args=[world.a.case.pk])).content.decode()
    assert "<polyline" in text and "0,72" in text and "0,30" in text
    svg = text[text.index("<svg") : text.index("</svg>")]
    assert 'x1="30" x2="290" y1="10.0"' in svg  # coordinates never localised
    assert "sutura-bands-1" in text  # the bands are labelled as the organisation's


def test_the_edit_page_keeps_the_version(world: World, rollback: None) -> None:
    client = Client()
    client.force_login(world.a.users[Role.CASE_MANAGER])
    survey = _follow_up(world, DAY(2026, 4, 4))
    url = reverse("rss:survey_edit", args=[survey.pk])
    posted = client.post(
        url, {"surveyed_on": "2026-04-04", "offset_months": "3", "version": "1", **EXAMPLE_A}
    )
    assert posted.status_code == 302
    stale = client.post(
        url, {"surveyed_on": "2026-04-04", "offset_months": "3", "version": "1", **EXAMPLE_B}
    )
    assert stale.status_code == 200 and "Someone else saved" in stale.content.decode()


def test_the_distribution_page_for_the_m_and_e_officer(world: World) -> None:
    client = Client()
    client.force_login(world.a.users[Role.ME_OFFICER])
    page = client.get(reverse("rss:distribution"))
    assert page.status_code == 200
    for query in ({"programme": "nonsense", "start": "x"}, {"programme": str(world.a.case.pk)}):
        assert client.get(reverse("rss:distribution"), query).status_code == 200
    manager = Client()
    manager.force_login(world.a.users[Role.COMMUNITY_MENTOR])
    assert manager.get(reverse("rss:distribution")).status_code == 403


# --- the distribution ---------------------------------------------------------------------------


def _row(case: int, score: str, sex: str = "female") -> dict[str, Any]:
    return {
        "case_id": case,
        "case__organisation_id": 1,
        "case__person__sex": sex,
        "case__person__current_location__level": None,
        "case__person__current_location_id": None,
        "case__person__current_location__parent_id": None,
        "case__person__current_location__parent__parent_id": None,
        **dict.fromkeys(scoring.SCORES, D(score)),
    }


def test_quartiles_and_mean_two_places() -> None:
    values = [D(v) for v in ("0.1", "0.2", "0.3", "0.4", "0.95")]
    assert distribution.quartiles(values) == {
        "mean": D("0.39"),
        "q1": D("0.20"),
        "median": D("0.30"),
        "q3": D("0.40"),
    }


def test_small_groups_show_no_figures_and_outside_the_organisation_no_count() -> None:
    rows = [_row(i, "0.5") for i in range(6)] + [_row(10 + i, "0.7", "male") for i in range(2)]
    own = distribution.breakdowns(rows, {}, own=True)
    by_sex = {g.key: g for g in own["sex"]}
    assert by_sex["male"].stats == {} and by_sex["male"].shown_count == "2"
    # The men's mean would be 8 × the overall mean − 6 × the women's: the women's goes too.
    assert by_sex["female"].stats == {} and by_sex["female"].shown_count == "6"
    assert own["all"][0].stats["composite"]["mean"] == D("0.55")
    outside = {g.key: g for g in distribution.breakdowns(rows, {}, own=False)["sex"]}
    # The hidden count could be found from the total: its complement is hidden too.
    assert outside["male"].shown_count == "<5" and outside["female"].shown_count == "–"
    assert outside["female"].stats == {}


def test_no_small_groups_mean_is_recovered_from_the_overall_mean() -> None:
    """Inside the organisation too: a group of 1 to 4 shows no mean, and no other group's
    mean together with the overall one gives it back."""
    rows = [_row(i, "0.5") for i in range(6)] + [_row(10, "0.9", "male")]
    rows += [_row(20 + i, "0.4", "other") for i in range(5)]
    for own in (True, False):
        found = distribution.breakdowns(rows, {}, own=own)
        overall = found["all"][0]
        hidden = [g for g in found["sex"] if not g.stats]
        assert [g.key for g in hidden if g.count < distribution.SMALL] == ["male"]
        if overall.stats:
            # Known: n·mean of the overall and of every group shown; unknown: the hidden ones.
            # One hidden group alone would be solved for.
            assert len(hidden) != 1


def test_the_selector_counts_each_case_once_by_its_latest_survey(
    world: World, rollback: None
) -> None:
    _follow_up(world, DAY(2026, 7, 6), months=6)
    officer = world.a.users[Role.ME_OFFICER]
    rows = selectors.counted_responses(officer)
    assert len(rows) == 1 and rows[0]["composite"] == D("0.295833")
    assert selectors.counted_responses(officer, kind="baseline")[0]["composite"] == D("0.717500")
    assert selectors.counted_responses(world.a.users[Role.COMMUNITY_MENTOR]) == []
    context = selectors.distribution_for(officer)
    assert context["breakdowns"]["all"][0].count == 1
    # A programme of another organisation is not a filter: it is ignored.
    assert (
        selectors.distribution_for(officer, programme_ids=(world.b.case.pk,))["programme_ids"] == ()
    )
    assert context["breakdowns"]["all"][0].stats == {}  # one survey: no figures
    assistance = context["breakdowns"]["assistance"]
    assert [g.key for g in assistance] == sorted({world.a.item.dimension}) or assistance


# --- the API -----------------------------------------------------------------------------------


def test_the_api_records_lists_and_corrects(world: World, rollback: None) -> None:
    client = Client()
    client.force_login(world.a.users[Role.CASE_MANAGER])
    made = client.post(
        reverse("api-rss-survey-list"),
        {
            "case": str(world.a.case.pk),
            "kind": "follow_up",
            "offset_months": 3,
            "surveyed_on": "2026-04-20",
            "answers": EXAMPLE_C,
        },
        content_type="application/json",
    )
    assert made.status_code == 201, made.content
    body = made.json()
    assert (body["social"], body["composite"], body["instrument_version"]) == (
        "0.361667",
        "0.295833",
        "iom-rss-2023",
    )
    listed = client.get(reverse("api-rss-survey-list"), {"case": str(world.a.case.pk)}).json()
    assert len(listed["results"]) == 2
    refused = client.post(
        reverse("api-rss-survey-correct", args=[body["id"]]),
        {"answers": {**EXAMPLE_A, "q30": "need_to_leave"}},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "q30" in refused.json()["error"]["fields"]
    corrected = client.post(
        reverse("api-rss-survey-correct", args=[body["id"]]),
        {"answers": EXAMPLE_A, "version": 1},
        content_type="application/json",
    )
    assert corrected.status_code == 200 and corrected.json()["composite"] == "0.717500"
    stale = client.post(
        reverse("api-rss-survey-correct", args=[body["id"]]),
        {"answers": EXAMPLE_B, "version": 1},
        content_type="application/json",
    )
    assert stale.status_code == 409


# --- the form and the demo -----------------------------------------------------------------------


def test_the_form_asks_every_question_of_the_instrument() -> None:
    asked = [qid for _dimension, qids in PARTS for qid in qids]
    assert sorted(asked) == sorted(instrument.load().questions)


def test_the_demos_answers_are_valid_and_varied() -> None:
    rss = instrument.load()
    rng = random.Random(7)
    composites: set[Decimal] = set()
    for level in (0.2, 0.4, 0.6, 0.8):
        answers = demo.draw_answers(rss, level, rng)
        kept, errors = clean_answers(rss, answers)
        assert errors == {}
        composites.add(scoring.as_decimal(scoring.score(rss, kept).composite))
    assert len(composites) == 4
    assert min(composites) < D("0.45") < max(composites)


def test_the_demo_step_surveys_the_told_cases_once(world: World, rollback: None) -> None:
    from sutura.core.registry import DemoContext

    before = SurveyResponse.objects.count()
    line = demo.seed_step(DemoContext(persons=0))
    made = SurveyResponse.objects.count() - before
    assert made > 0 and line.startswith(f"{made} sustainability surveys")
    follow_ups = SurveyResponse.objects.filter(kind="follow_up", offset_months=6)
    assert follow_ups.exists()
    assert demo.seed_step(DemoContext(persons=0)) == ""  # idempotent


def test_lists_cost_the_same_queries_for_one_survey_or_three(world: World, rollback: None) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    manager = world.a.users[Role.CASE_MANAGER]
    client = Client()
    client.force_login(manager)

    def cost() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as api:
            client.get(reverse("api-rss-survey-list"), {"case": str(world.a.case.pk)})
        with CaptureQueriesContext(connection) as section:
            selectors.case_rss(manager, world.a.case)
        return len(api.captured_queries), len(section.captured_queries)

    one = cost()
    _follow_up(world, DAY(2026, 4, 8))
    _follow_up(world, DAY(2026, 7, 8), months=6)
    assert cost() == one
    assert one[1] == 1  # the section: one query
