"""Reads of the trafficking records, always through the access layer (`visible()`): a record
the user may not read is not found (404), like one that does not exist."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from django.db.models import Prefetch
from django.http import Http404
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.trafficking import may_keep_restricted, reads_section
from sutura.audit.services import record_read
from sutura.cases.models import Case
from sutura.core.texts import Text
from sutura.trafficking.models import (
    Answer,
    Identification,
    IndicatorChecklist,
    IndicatorGroup,
    IndicatorItem,
    LawEnforcementCooperation,
    RiskAssessment,
    SafetyPlan,
)

KINDS: dict[str, type[Any]] = {
    "identification": Identification,
    "risk": RiskAssessment,
    "cooperation": LawEnforcementCooperation,
}


def identifications(user: Any) -> Any:
    return visible(user, Identification).select_related("case", "recorded_by", "checklist")


def risk_assessments(user: Any) -> Any:
    plans = Prefetch("safety_plan", queryset=visible(user, SafetyPlan))
    return (
        visible(user, RiskAssessment).select_related("case", "recorded_by").prefetch_related(plans)
    )


def cooperations(user: Any) -> Any:
    return visible(user, LawEnforcementCooperation).select_related("case", "recorded_by")


QUERIES = {"identification": identifications, "risk": risk_assessments, "cooperation": cooperations}


def record_for(user: Any, kind: str, pk: Any, *, audit: bool = True) -> Any:
    """One record the user reads (404 otherwise); the read is audited."""
    if kind not in QUERIES:
        raise Http404
    found = get_visible_or_404(user, QUERIES[kind](user), pk=pk)
    if audit:
        record_read(user, found, detail=Text(gettext_noop("Trafficking: %(record)s"), record=kind))
    return found


def plan_of(user: Any, assessment: RiskAssessment) -> SafetyPlan | None:
    return visible(user, SafetyPlan).filter(assessment=assessment).first()


def prefetched_plan(assessment: RiskAssessment) -> SafetyPlan | None:
    """The safety plan of an assessment read by `risk_assessments` (prefetched), if any."""
    try:
        return assessment.safety_plan
    except SafetyPlan.DoesNotExist:
        return None


def current_items() -> list[IndicatorItem]:
    checklist = IndicatorChecklist.objects.filter(is_current=True).first()
    if checklist is None:
        return []
    return list(IndicatorItem.objects.filter(checklist=checklist).order_by("order"))


def items_by_group(items: list[IndicatorItem]) -> list[tuple[str, list[IndicatorItem]]]:
    grouped: dict[str, list[IndicatorItem]] = defaultdict(list)
    for item in items:
        grouped[item.group].append(item)
    return [(str(group.label), grouped[group]) for group in IndicatorGroup if grouped[group]]


def answered(identification: Identification) -> list[dict[str, Any]]:
    """The checklist of an identification, group by group, with each answer in words."""
    items = IndicatorItem.objects.filter(checklist_id=identification.checklist_id).order_by("order")
    labels = dict(Answer.choices)
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for item in items:
        code = identification.answers.get(item.key, Answer.UNKNOWN)
        rows[item.group].append({"item": item, "answer": labels.get(code, code), "code": code})
    return [{"group": g.label, "rows": rows[g]} for g in IndicatorGroup if rows[g]]


def case_section(user: Any, case: Case) -> dict[str, Any] | None:
    """The case page's "Trafficking" section: what the user reads of the case's records (None:
    the section is not drawn)."""
    if not reads_section(user, case):
        return None
    return {
        "case": case,
        "identifications": list(identifications(user).filter(case=case)[:5]),
        "assessments": list(risk_assessments(user).filter(case=case)[:5]),
        "cooperations": list(cooperations(user).filter(case=case)[:5]),
        "keeps_restricted": may_keep_restricted(user, case),
    }


def export_values(user: Any, case: Case) -> dict[str, Any]:
    """The export's "trafficking" group: only what this user reads of this case (a key left out
    is withheld from them)."""
    values: dict[str, Any] = {}
    identification = identifications(user).filter(case=case).first()
    if identification is not None:
        values["trafficking.status"] = identification.status
        values["trafficking.identified_on"] = identification.identified_on.isoformat()
    assessment = risk_assessments(user).filter(case=case).first()
    if assessment is not None:
        values["trafficking.re_trafficking_risk"] = assessment.re_trafficking
        values["trafficking.trafficker_threats"] = assessment.trafficker_threats
        values["trafficking.family_risk"] = assessment.family_risk
        plan = prefetched_plan(assessment)
        if plan is not None:
            values["trafficking.safety_plan_review_on"] = plan.review_on.isoformat()
    return values
