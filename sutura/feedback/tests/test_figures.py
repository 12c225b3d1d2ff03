"""The feedback figures match the items, and keep small counts to themselves: another
organisation's counts under 5 read "<5" or "…" and cannot be worked out by subtraction, and
sensitive complaints are counted on one line, under 5 not even for the reader's own
organisation — except for its PSEA focal points, who read them in detail."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.core.templatetags.typography import percent_text
from sutura.feedback.figures import Figures, figures_for
from sutura.feedback.figures_grid import HIDDEN, SUPPRESSED, Period
from sutura.feedback.models import Category, FeedbackItem
from sutura.feedback.services import designations, intake, workflow

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _in_english() -> Iterator[None]:
    """The messages are compared in English (French is the default language)."""
    with translation.override("en"):
        yield


YEAR = timezone.localdate().year - 1  # a whole year past, whatever today is


@dataclass(frozen=True)
class Spec:
    category: str
    channel: str
    month: int
    sex: str = "not_stated"
    age_group: str = "unknown"
    place: str = ""
    fate: str = ""  # "", "acknowledged", "closed:informed", "closed:unreachable"
    ack_hours: int = 0
    close_days: int = 0


A_ITEMS = [
    Spec("information_request", "hotline", 1, "female", "18_24", "SN-TH", "closed:informed", 5, 4),
    Spec("information_request", "hotline", 2, "male", "25_59", "Mbour", "closed:informed", 20, 9),
    Spec("information_request", "sms", 2, "female", "25_59", "SN", "acknowledged", 30),
    Spec(
        "service_quality", "in_person", 4, "female", "60_plus", "SN-TH", "closed:unreachable", 2, 15
    ),
    Spec("service_quality", "whatsapp", 5, "male", "18_24", "", "acknowledged", 72),
    Spec("assistance_complaint", "committee", 6, "female", "under_18", "Mbour"),
    Spec(
        "assistance_complaint", "volunteer", 7, "male", "25_59", "SN-TH", "closed:informed", 10, 3
    ),
    Spec("positive_feedback", "email", 8, "not_stated", "unknown", "ML-1"),
    Spec("safety", "suggestion_box", 9, "female", "25_59", "SN-TH", "acknowledged", 1),
    Spec("misconduct", "hotline", 10, "male", "18_24", "", "closed:informed", 8, 20),
    Spec("other", "sms", 11, "female", "25_59", "SN-TH"),
    Spec("information_request", "email", 12, "female", "18_24", "Mbour", "acknowledged", 40),
]
A_SENSITIVE = [
    Spec("sea", "volunteer", 3, "female", "18_24", "SN-TH"),
    Spec("fraud", "hotline", 11, "male", "25_59", "Mbour", "acknowledged", 6),
]


def _moment(month: int, day: int = 10) -> datetime.datetime:
    return datetime.datetime(YEAR, month, day, 9, tzinfo=timezone.get_current_timezone())


def _file(recorder: Any, handler: Any, spec: Spec, places: dict[str, Any]) -> FeedbackItem:
    received = _moment(spec.month)
    contact: dict[str, Any] = {"contact_method": "phone", "contact_phone": "+221770000000"}
    item = intake.record_item(
        actor=recorder,
        category=Category.objects.get(code=spec.category),
        channel=spec.channel,
        description="Texte",
        sex=spec.sex,
        age_group=spec.age_group,
        location=places.get(spec.place),
        received_at=received,
        **contact,
    )
    fate, _, closure = spec.fate.partition(":")
    if fate:
        item = workflow.acknowledge(actor=handler, item=item)
    if fate == "closed":
        item = workflow.respond(actor=handler, item=item, response="Réponse")
        item = workflow.close(actor=handler, item=item, closure=closure)
    FeedbackItem.objects.filter(pk=item.pk).update(
        acknowledged_at=received + datetime.timedelta(hours=spec.ack_hours) if fate else None,
        closed_at=received + datetime.timedelta(days=spec.close_days) if fate == "closed" else None,
    )
    return item


@pytest.fixture
def places(locations: Any) -> dict[str, Any]:
    return {"SN": locations["SN"], "SN-TH": locations["SN-TH"], "Mbour": locations["Mbour"],
            "ML-1": locations["ML-1"]}  # fmt: skip


@pytest.fixture
def focal_a(users_a: Any) -> Any:
    focal = users_a[Role.MHPSS_FOCAL_POINT]
    designations.designate(actor=users_a[Role.PROGRAMME_MANAGER], user=focal)
    return focal


@pytest.fixture
def items_a(users_a: Any, places: dict[str, Any], focal_a: Any) -> list[FeedbackItem]:
    recorder, handler = users_a[Role.CASE_MANAGER], users_a[Role.PROGRAMME_MANAGER]
    found = [_file(recorder, handler, spec, places) for spec in A_ITEMS]
    found += [_file(recorder, focal_a, spec, places) for spec in A_SENSITIVE]
    return found


def _lines(figures: Figures, key: str, column: int = 0) -> dict[str, Any]:
    [table] = [t for t in figures.tables if t.key == key]
    return {line.code: line.cells[column] for line in table.lines}


def _table(figures: Figures, key: str) -> Any:
    [table] = [t for t in figures.tables if t.key == key]
    return table


def _key(figures: Figures) -> dict[str, str]:
    return {figure.code: figure.value for figure in figures.key_figures}


def _region(spec: Spec, places: dict[str, Any]) -> str:
    if spec.place in ("SN-TH", "Mbour"):
        return str(places["SN-TH"].pk)
    if spec.place == "ML-1":
        return str(places["ML-1"].pk)
    return ""  # at the country, or no place: region not known


# --- the statistics match the items ---------------------------------------------------------


def test_every_breakdown_counts_exactly_the_items_that_are_not_sensitive(users_a, items_a, places):
    reader = users_a[Role.PROTECTION_OFFICER]  # own organisation only, not a focal point
    found = figures_for(reader, Period(YEAR))
    assert not found.every and found.by_organisation is None and found.detail == []
    categories = {c.code: str(c.pk) for c in Category.objects.all()}
    expected = {
        "channel": Counter(s.channel for s in A_ITEMS),
        "category": Counter(categories[s.category] for s in A_ITEMS),
        "sex": Counter(s.sex for s in A_ITEMS),
        "age_group": Counter(s.age_group for s in A_ITEMS),
        "area": Counter(_region(s, places) for s in A_ITEMS),
    }
    for key, counts in expected.items():
        lines = _lines(found, key)
        assert {code: n for code, n in lines.items() if n} == dict(counts), key
        assert _table(found, key).total.cells == [len(A_ITEMS)], key
    # the sensitive complaints are on their own line, under 5: "<5" for a reader who is not a
    # PSEA focal point, even of their own organisation
    [sensitive] = _table(found, "category").after
    assert sensitive.cells == [HIDDEN]  # in two quarters: not even "<5"


def test_closure_and_delays_match_the_items(users_a, items_a):
    found = _key(figures_for(users_a[Role.PROTECTION_OFFICER], Period(YEAR)))
    closed = [s for s in A_ITEMS if s.fate.startswith("closed")]
    informed = [s for s in closed if s.fate == "closed:informed"]
    acknowledged = [s for s in A_ITEMS if s.fate]
    assert found["received"] == str(len(A_ITEMS))
    assert found["closed"] == str(len(closed))
    assert found["closure_rate"] == percent_text(round(100 * len(closed) / len(A_ITEMS)))
    assert found["informed_share"] == percent_text(round(100 * len(informed) / len(closed)))
    ack = statistics.median(s.ack_hours / 24 for s in acknowledged)
    assert found["acknowledge_days"] == f"{ack:.1f}"
    close = statistics.median(s.close_days for s in closed)
    assert found["close_days"] == f"{close:.1f}"


def test_a_quarter_counts_its_own_items_only(users_a, items_a):
    found = figures_for(users_a[Role.PROTECTION_OFFICER], Period(YEAR, 2))
    in_quarter = [s for s in A_ITEMS if 4 <= s.month <= 6]
    assert _table(found, "channel").total.cells == [len(in_quarter)]
    assert _lines(found, "channel")["committee"] == 1
    assert _lines(found, "channel")["hotline"] == 0


# --- sensitive complaints ------------------------------------------------------------------


def test_a_psea_focal_point_reads_the_sensitive_complaints_in_detail(focal_a, items_a, users_a):
    found = figures_for(focal_a, Period(YEAR))
    [sensitive] = _table(found, "category").after
    assert sensitive.cells == [len(A_SENSITIVE)]
    detail = {table.key: table for table in found.detail}
    by_category = {line.label: line.cells[0] for line in detail["sensitive-category"].lines}
    assert set(by_category.values()) == {1} and len(by_category) == 2  # SEA 1, fraud 1
    channels = {line.code: line.cells[0] for line in detail["sensitive-channel"].lines}
    assert channels["volunteer"] == 1 and channels["hotline"] == 1
    # and the other breakdowns still leave them out
    assert _table(found, "channel").total.cells == [len(A_ITEMS)]


def test_an_implicated_manager_cannot_learn_of_one_complaint_from_the_figures(
    users_a, places, focal_a
):
    manager = users_a[Role.PROGRAMME_MANAGER]
    before = figures_for(manager, Period(YEAR, 1))
    item = _file(users_a[Role.CASE_MANAGER], focal_a, Spec("sea", "volunteer", 2), places)
    item.implicated.create(kind="staff", user=manager)
    after = figures_for(manager, Period(YEAR, 1))
    # the figures of someone an item implicates do not count it (access.feedback.
    # items_counted_for): their sensitive line stays what it was, as does everything else
    assert _table(before, "category").after == _table(after, "category").after
    # for the others, one complaint reads "<5", as two or four would
    [line] = _table(
        figures_for(users_a[Role.PROTECTION_OFFICER], Period(YEAR, 1)), "category"
    ).after
    assert line.cells[0] == SUPPRESSED
    for key in ("channel", "category", "area", "sex", "age_group"):
        assert _table(before, key).total.cells == _table(after, key).total.cells
        assert _table(before, key).lines == _table(after, key).lines
    assert _key(before) == _key(after)


def test_five_sensitive_complaints_in_a_quarter_are_counted(users_a, places, focal_a):
    for _n in range(5):
        _file(users_a[Role.CASE_MANAGER], focal_a, Spec("fraud", "hotline", 3), places)
    [line] = _table(figures_for(users_a[Role.PROTECTION_OFFICER], Period(YEAR)), "category").after
    assert line.cells == [5]


# --- other organisations ------------------------------------------------------------------------


@pytest.fixture
def items_b(users_b: Any, places: dict[str, Any]) -> list[FeedbackItem]:
    """B: two items in the first quarter, six alike in the second."""
    recorder, handler = users_b[Role.CASE_MANAGER], users_b[Role.PROGRAMME_MANAGER]
    specs = [Spec("other", "sms", 2, "male", "25_59", "ML-1")] * 2
    specs += [Spec("information_request", "hotline", 5, "female", "18_24", "ML-1")] * 6
    return [_file(recorder, handler, spec, places) for spec in specs]


def _organisation_line(figures: Figures, organisation: Any) -> list[Any]:
    assert figures.by_organisation is not None
    [line] = [x for x in figures.by_organisation.lines if x.code == str(organisation.pk)]
    return line.cells


def test_another_organisations_small_counts_read_under_5_and_cannot_be_subtracted(
    users_a, users_b, items_a, items_b, org_b
):
    reader = users_a[Role.PROGRAMME_MANAGER]  # counts every organisation
    year = figures_for(reader, Period(YEAR))
    assert year.every
    assert _table(year, "channel").columns[1:] == ["Other organisations", "All organisations"]
    # The year's total would give the first quarter's 2 by subtracting the second's 6.
    assert _organisation_line(year, org_b)[0] == HIDDEN
    assert _organisation_line(figures_for(reader, Period(YEAR, 1)), org_b)[0] == SUPPRESSED
    second = figures_for(reader, Period(YEAR, 2))
    assert _organisation_line(second, org_b)[:3] == [6, 0, percent_text(0)]
    # B's breakdowns, together with the other organisations': whole or not at all
    assert set(_lines(year, "channel", 1).values()) == {HIDDEN}
    assert set(_lines(year, "channel", 2).values()) == {HIDDEN}
    assert _lines(second, "channel", 1)["hotline"] == 6
    assert _lines(second, "channel", 1)["sms"] == 0
    own_second = _lines(second, "channel", 0)
    assert _lines(second, "channel", 2)["hotline"] == own_second["hotline"] + 6
    # the reader's own organisation stays exact
    assert _table(year, "channel").total.cells[0] == len(A_ITEMS)


def test_no_figure_shown_hides_a_small_count_of_another_organisation(
    users_a, items_a, items_b, org_b
):
    """Whatever view is asked, every number shown of the other organisations is a sum of
    quarter cells none of which holds 1 to 4 items."""
    reader = users_a[Role.PROGRAMME_MANAGER]
    for period in [Period(YEAR), *(Period(YEAR, q) for q in (1, 2, 3, 4))]:
        found = figures_for(reader, period)
        for table in found.tables:
            for line in [*table.lines, *([table.total] if table.total else [])]:
                shown = line.cells[1]
                if isinstance(shown, int) and shown:  # B's six of the second quarter only
                    assert period.quarters == (2,), (period, table.key, line.label)


# --- the pages ------------------------------------------------------------------------------


def _english(client: Any, user: Any) -> Any:
    client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_page_is_for_those_who_count_feedback(client, users_a, items_a):
    _english(client, users_a[Role.CASE_MANAGER])
    assert client.get(reverse("feedback:figures")).status_code == 403
    assert client.get(reverse("feedback:figures_xlsx")).status_code == 403
    _english(client, users_a[Role.PROTECTION_OFFICER])
    page = client.get(reverse("feedback:figures"), {"period": f"{YEAR}-Q2"})
    assert page.status_code == 200
    text = page.content.decode()
    assert f"Quarter 2 of {YEAR}" in text
    assert "Sensitive (SEA, fraud)" in text


def test_the_spreadsheet_holds_the_figures_and_its_export_is_audited(client, users_a, items_a):
    from io import BytesIO

    from openpyxl import load_workbook

    reader = users_a[Role.PROTECTION_OFFICER]
    _english(client, reader)
    response = client.get(reverse("feedback:figures_xlsx"), {"period": str(YEAR)})
    assert response.status_code == 200
    book = load_workbook(BytesIO(response.content))
    sheet = book["By channel"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(min_row=2, values_only=True) if row[0]}
    assert rows["Hotline (phone call)"] == 3 and rows["Total"] == len(A_ITEMS)
    assert AuditEntry.objects.filter(actor=reader, action=Action.EXPORT).exists()


def test_the_api_gives_the_same_figures_as_the_page(client, users_a, items_a):
    reader = users_a[Role.PROTECTION_OFFICER]
    _english(client, reader)
    body = client.get(reverse("api-feedback-figures"), {"period": str(YEAR)}).json()
    found = figures_for(reader, Period(YEAR))
    assert body["key_figures"]["received"] == str(len(A_ITEMS))
    [channel] = [t for t in body["tables"] if t["key"] == "channel"]
    assert {line["code"]: line["values"] for line in channel["lines"]} == {
        code: [str(value)] for code, value in _lines(found, "channel").items()
    }
    _english(client, users_a[Role.CASE_MANAGER])
    assert client.get(reverse("api-feedback-figures")).status_code == 403
