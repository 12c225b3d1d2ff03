"""Reads of the Reintegration Sustainability Survey, always through the access layer
(`sutura/access/rss.py`: a response follows its case, for its team; figures over the cases the
user may count, never rows)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.cases import works_on
from sutura.access.rss import planned_assistance_counted_for, responses_counted_for
from sutura.audit.services import record_read
from sutura.cases.models import Programme
from sutura.rss import chart, conf, distribution, scoring, texts
from sutura.rss.models import SurveyKind, SurveyResponse
from sutura.rss.scoring import SCORES
from sutura.tracing.schedule import add_months


def response_for(user: Any, pk: Any, *, audit: bool = True) -> SurveyResponse:
    """One response the user may see (404 otherwise); the read is audited."""
    found = get_visible_or_404(
        user,
        SurveyResponse.objects.select_related("case__person", "recorded_by", "edited_by"),
        pk=pk,
    )
    if audit:
        record_read(user, found, detail=gettext_noop("sustainability survey"))
    return found


def responses_of(user: Any) -> QuerySet[SurveyResponse]:
    return visible(user, SurveyResponse).select_related("recorded_by")


def responses_on_case(user: Any, case: Any) -> QuerySet[SurveyResponse]:
    return visible(user, SurveyResponse).filter(case=case)


def return_date(case: Any) -> date:
    """The day the follow-ups count from: the case's opening (a reintegration case opens at
    return or soon after)."""
    return case.opened_on


def schedule(case: Any, responses: list[SurveyResponse]) -> list[dict[str, Any]]:
    """The baseline and each configured follow-up, with its due date and the response that
    answers it (if any)."""
    start = return_date(case)
    by_offset = {r.offset_months: r for r in responses if r.kind == SurveyKind.FOLLOW_UP}
    baseline = next((r for r in responses if r.kind == SurveyKind.BASELINE), None)
    rows: list[dict[str, Any]] = [{"kind": SurveyKind.BASELINE, "due_on": start, "done": baseline}]
    for months in conf.follow_up_months():
        rows.append(
            {
                "kind": SurveyKind.FOLLOW_UP,
                "months": months,
                "due_on": add_months(start, months),
                "done": by_offset.get(months),
            }
        )
    return rows


def case_rss(user: Any, case: Any) -> dict[str, Any]:
    """The case page's section: the surveys with their four scores (2 places), the scores over
    time as a chart, and what is due; for the case team only (nothing for anyone else)."""
    if not works_on(user, case):
        return {}
    responses = list(responses_on_case(user, case).select_related("recorded_by"))
    bands = conf.bands()
    rows = [
        {
            "response": response,
            "scores": [
                {
                    "name": name,
                    "label": texts.DIMENSIONS[name],
                    "value": scoring.shown(getattr(response, name)),
                    "band": bands.band(getattr(response, name)),
                }
                for name in SCORES
            ],
        }
        for response in responses
    ]
    return {
        "case": case,
        "rows": rows,
        "schedule": schedule(case, responses),
        "chart": chart.lines(responses),
        "bands": bands,
    }


# --- the programme's distribution -------------------------------------------------------------


def _latest_per_case(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    latest: dict[Any, dict[str, Any]] = {}
    for row in rows:  # ordered by day: the last one wins
        latest[row["case_id"]] = row
    return list(latest.values())


def counted_responses(
    user: Any,
    *,
    start: date | None = None,
    end: date | None = None,
    kind: str = "",
    offset_months: int | None = None,
    programme_ids: tuple[Any, ...] = (),
) -> list[dict[str, Any]]:
    """Each counted case's latest response matching the filters: its scores and the codes it
    is grouped by (the person's sex and admin1, the case's programme). Aggregates only."""
    found = responses_counted_for(user)
    if start is not None:
        found = found.filter(surveyed_on__gte=start)
    if end is not None:
        found = found.filter(surveyed_on__lte=end)
    if kind:
        found = found.filter(kind=kind)
    if offset_months is not None:
        found = found.filter(offset_months=offset_months)
    if programme_ids:
        found = found.filter(case__programme_id__in=programme_ids)
    rows = found.order_by("surveyed_on", "created_at").values(
        "case_id",
        "case__organisation_id",
        "case__person__sex",
        "case__person__current_location__level",
        "case__person__current_location_id",
        "case__person__current_location__parent_id",
        "case__person__current_location__parent__parent_id",
        *SCORES,
    )
    return _latest_per_case(list(rows))


def assistance_dimensions(user: Any, case_ids: list[Any]) -> dict[Any, set[str]]:
    """For each case, the dimensions of the assistance planned for it (economic, social,
    psychosocial): the "type of assistance" IOM compares scores by."""
    found: dict[Any, set[str]] = {}
    pairs = planned_assistance_counted_for(user).filter(plan__case_id__in=case_ids)
    for case_id, dimension in pairs.values_list("plan__case_id", "dimension"):
        found.setdefault(case_id, set()).add(dimension)
    return found


def distribution_for(
    user: Any,
    *,
    start: date | None = None,
    end: date | None = None,
    kind: str = "",
    programme_ids: tuple[Any, ...] = (),
) -> dict[str, Any]:
    """The programme's distribution page: mean and quartiles of each score, overall and by
    area, sex and type of assistance, small groups protected (`distribution.protect`)."""
    kind = kind if kind in SurveyKind.values else ""
    programmes = list(visible(user, Programme).order_by("name"))
    programme_ids = tuple(p.pk for p in programmes if p.pk in set(programme_ids))
    rows = counted_responses(user, start=start, end=end, kind=kind, programme_ids=programme_ids)
    own = all(row["case__organisation_id"] == user.organisation_id for row in rows)
    assistance = assistance_dimensions(user, [row["case_id"] for row in rows])
    return {
        "breakdowns": distribution.breakdowns(rows, assistance, own=own),
        "scores": [(name, texts.DIMENSIONS[name]) for name in SCORES],
        "start": start,
        "end": end,
        "kind": kind,
        "kinds": SurveyKind.choices,
        "programmes": programmes,
        "programme_ids": programme_ids,
        "small": distribution.SMALL,
    }
