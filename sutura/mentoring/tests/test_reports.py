"""The monthly activity report: figures from what was logged, submitted by the mentor, returned
with a comment or approved by the focal point, frozen once approved (later changes flagged),
PDF and XLSX in the reader's language; who reaches it."""

from __future__ import annotations

import datetime
import io
import uuid
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.text import capfirst
from openpyxl import load_workbook

from sutura.access import visible
from sutura.access.mentoring import report_filter, report_standing
from sutura.mentoring import report_forms
from sutura.mentoring.models import Activity, ActivityCount, MonthlyReport, ReportTransition
from sutura.mentoring.selectors.reports import compute_figures
from sutura.mentoring.services import reports
from sutura.mentoring.tests.report_world import client_of

pytestmark = pytest.mark.django_db


def _this_month() -> datetime.date:
    return timezone.localdate().replace(day=1)


def _session(mentor, **fields):
    values = {
        "kind": "session",
        "session_kind": "supportive",
        "occurred_on": _this_month(),
        "duration_minutes": 60,
        **fields,
    }
    return Activity.objects.create(mentor=mentor, organisation=mentor.organisation, **values)


def test_the_figures_count_sessions_people_groups_events_referrals_and_ideas(cast) -> None:
    mentor, case = cast.mentor, cast.world.a.case
    _session(mentor, case=case)
    _session(mentor, case=case, duration_minutes=30)  # the same returnee: reached once
    _session(mentor, sex="female", age_group="18_24", distress=True)
    event = Activity.objects.create(
        mentor=mentor,
        organisation=mentor.organisation,
        kind="event",
        event_kind="awareness",
        title="Causerie",
        occurred_on=_this_month(),
        duration_minutes=120,
    )
    ActivityCount.objects.create(
        activity=event, group="returnee", sex="male", age_group="18_24", count=4
    )
    ActivityCount.objects.create(
        activity=event, group="community", sex="female", age_group="25_59", count=7
    )
    Activity.objects.create(
        mentor=mentor,
        organisation=mentor.organisation,
        kind="idea",
        title="Tournoi",
        idea_status="proposed",
        occurred_on=_this_month(),
    )
    figures = compute_figures(mentor, mentor.pk, _this_month())
    assert figures["sessions"] == {"count": 3, "returnees": 1, "unregistered": 1}
    assert figures["activities"]["event"] == 1 and figures["activities"]["idea"] == 1
    assert {"sex": "female", "age_group": "18_24", "count": 1} in figures["reached"]
    assert sum(row["count"] for row in figures["reached"]) == 2
    assert figures["events"] == {"count": 1, "returnees": 4, "community": 7}
    assert figures["referrals"] == {"distress": 1, "referred": 0}
    assert figures["ideas"] == [{"title": "Tournoi", "status": "proposed"}]
    # the world's group session (2 h) of this month, if it falls in it, counts in the hours
    session_day = cast.part["session"].starts_at.date()
    group_minutes = 120 if session_day >= _this_month() else 0
    assert figures["minutes"] == 60 + 30 + 60 + 120 + group_minutes
    if group_minutes:
        assert figures["groups"] == {"groups": 1, "sessions_held": 1, "named": 1, "counted": 2}


def test_the_mentor_submits_the_focal_point_returns_with_a_comment_then_approves(cast) -> None:
    report = reports.open_report(cast.mentor, month=_this_month())
    mentor, focal = client_of(cast.mentor), client_of(cast.focal)
    saved = mentor.post(
        f"/mentoring/reports/{report.pk}/text/",
        {
            "highlights": "Bon mois",
            "challenges": "",
            "ideas": "",
            "version": report.version,
            "then": "submit",
        },
    )
    assert saved.status_code == 302
    report.refresh_from_db()
    assert report.status == "submitted" and report.highlights == "Bon mois"
    assert report.figures["month"] == f"{_this_month():%Y-%m}"
    no_comment = focal.post(
        f"/mentoring/reports/{report.pk}/review/", {"decision": "return", "comment": ""}
    )
    assert no_comment.status_code == 200
    report.refresh_from_db()
    assert report.status == "submitted"  # returning needs a comment
    focal.post(
        f"/mentoring/reports/{report.pk}/review/",
        {"decision": "return", "comment": "Ajoute les idées"},
    )
    report.refresh_from_db()
    assert report.status == "returned" and report.review_comment == "Ajoute les idées"
    home = mentor.get("/").content.decode()
    assert f"/mentoring/reports/{report.pk}/" in home
    reports.submit(cast.mentor, report)
    reports.approve(cast.focal, report)
    steps = list(
        ReportTransition.objects.filter(report=report).values_list(
            "from_status", "to_status", "actor"
        )
    )
    assert steps == [
        ("draft", "submitted", cast.mentor.pk),
        ("submitted", "returned", cast.focal.pk),
        ("returned", "submitted", cast.mentor.pk),
        ("submitted", "approved", cast.focal.pk),
    ]
    with pytest.raises(ValidationError):
        reports.write_text(cast.mentor, report, expected_version=report.version, highlights="x")


def test_the_mentor_cannot_approve_their_own_report(cast) -> None:
    report = cast.part["report"]
    with pytest.raises(ValidationError):
        reports.approve(cast.mentor, report)
    answer = client_of(cast.mentor).post(f"/api/mentoring/reports/{report.pk}/approve/", {})
    assert answer.status_code == 404


def test_an_activity_changed_after_approval_is_flagged_and_the_figures_stay(cast) -> None:
    activity = _session(cast.mentor, case=cast.world.a.case)
    report = reports.open_report(cast.mentor, month=_this_month())
    report = reports.submit(cast.mentor, report)
    report = reports.approve(cast.focal, report)
    frozen = dict(report.figures)
    _session(cast.mentor, sex="male", age_group="25_59")
    activity.duration_minutes = 90
    activity.save()
    page = client_of(cast.focal).get(f"/mentoring/reports/{report.pk}/").content.decode()
    flagged = page.split('id="changed-after-approval"')[1].split("</section>")[0]
    assert flagged.count("<li>") == 2
    report.refresh_from_db()
    assert report.figures == frozen
    api = client_of(cast.focal).get(f"/api/mentoring/reports/{report.pk}/").json()
    assert len(api["changed_after_approval"]) == 2
    assert api["figures"] == frozen


def test_no_report_for_a_month_to_come_and_one_report_per_month(cast) -> None:
    next_month = (_this_month() + datetime.timedelta(days=32)).replace(day=1)
    with pytest.raises(ValidationError):
        reports.open_report(cast.mentor, month=next_month)
    client = client_of(cast.mentor)
    first = client.post(
        "/api/mentoring/reports/", {"month": "2026-01"}, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )
    again = client.post(
        "/api/mentoring/reports/", {"month": "2026-01"}, HTTP_IDEMPOTENCY_KEY=str(uuid.uuid4())
    )
    assert first.status_code == again.status_code == 201
    assert first.json()["id"] == again.json()["id"]
    future = client.post(
        "/api/mentoring/reports/", {"month": f"{next_month:%Y-%m}"}, HTTP_IDEMPOTENCY_KEY="k-f"
    )
    assert future.status_code == 400 and "month" in future.json()["error"]["fields"]
    assert MonthlyReport.objects.filter(mentor=cast.mentor, month="2026-01-01").count() == 1


def test_a_mentor_cannot_open_another_mentors_report(cast) -> None:
    report = cast.part["report"]
    other = client_of(cast.mentor2)
    for url in (
        f"/mentoring/reports/{report.pk}/",
        f"/mentoring/reports/{report.pk}/report.pdf",
        f"/api/mentoring/reports/{report.pk}/",
        f"/api/mentoring/reports/{report.pk}/xlsx/",
    ):
        assert other.get(url).status_code == 404, url
    assert other.get("/api/mentoring/reports/").json()["results"] == []
    # another focal point does not review it either
    assert client_of(cast.focal2).get(f"/mentoring/reports/{report.pk}/").status_code == 404


def _sheet(content: bytes) -> Any:
    return load_workbook(io.BytesIO(content)).active


def test_the_pdf_and_the_xlsx_come_in_the_readers_language(cast) -> None:
    report = cast.part["report"]
    client = client_of(cast.focal)
    pdf = client.get(f"/mentoring/reports/{report.pk}/report.pdf?lang=en")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    sheet = client.get(f"/api/mentoring/reports/{report.pk}/xlsx/?lang=en")
    assert sheet.status_code == 200
    rows = [
        [cell for cell in row if cell is not None]
        for row in _sheet(sheet.content).iter_rows(values_only=True)
    ]
    assert ["Hours logged", report.figures["hours"]] in rows
    assert ["Highlights", "Un mois calme"] in rows


def test_the_report_filter_and_standing_agree_for_every_user(cast) -> None:
    reports.open_report(cast.mentor2, month=_this_month())
    all_reports = list(MonthlyReport.objects.all())
    for user in [*cast.world.users(), cast.mentor2, cast.focal2, cast.mentor3]:
        seen = set(visible(user, MonthlyReport).values_list("pk", flat=True))
        q = report_filter(user)
        assert seen == (
            set(MonthlyReport.objects.filter(q).values_list("pk", flat=True)) if q else set()
        )
        for report in all_reports:
            assert report_standing(user, report).sees is (report.pk in seen), (user, report)


def test_the_report_page_offers_recent_months_in_words_and_opens_the_chosen_one(cast) -> None:
    client = client_of(cast.mentor)
    last_month = (_this_month() - datetime.timedelta(days=1)).replace(day=1)
    page = client.get("/mentoring/reports/").content.decode()
    assert f'<option value="{last_month:%Y-%m}" selected>' in page
    assert capfirst(date_format(last_month, "YEAR_MONTH_FORMAT")) in page
    opened = client.post("/mentoring/reports/new/", {"month": f"{last_month:%Y-%m}"})
    assert opened.status_code == 302
    assert MonthlyReport.objects.filter(mentor=cast.mentor, month=last_month).count() == 1


def test_the_report_forms_label_their_fields_as_a_sentence_begins(cast) -> None:
    """« Mois », « Faits marquants »: every label of the monthly report's, the peer group's
    and the check-in's forms starts with a capital, as every other form's; a month opening a
    row or a choice too (« Novembre 2026 »)."""
    forms: list[Any] = [
        report_forms.GroupForm,
        report_forms.SessionForm,
        report_forms.ReportMonthForm,
        report_forms.ReportTextForm,
        report_forms.ReviewForm,
        report_forms.ScheduleForm,
        report_forms.CheckInRecordForm,
    ]
    with translation.override("fr"):
        labels = [
            str(field.label) for form in forms for field in form.base_fields.values() if field.label
        ]
        assert labels and [label for label in labels if not label[0].isupper()] == []
        last_month = (_this_month() - datetime.timedelta(days=1)).replace(day=1)
        page = client_of(cast.mentor).get("/mentoring/reports/").content.decode()
    assert ">mois" not in page
    assert f">{capfirst(date_format(last_month, 'YEAR_MONTH_FORMAT'))}</option>" in page
