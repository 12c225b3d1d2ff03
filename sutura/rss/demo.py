"""The sustainability survey in the demo (step 280, after the duplicates' 260): for each told
return-and-reintegration case (the cases' stories, not the bulk cases, which have no
history), a baseline on the day the case opened and a follow-up six months after return
(today at the latest), recorded through the service by the case's manager, so the scores,
the version and the audit entries are what a user would have produced.

The answers are drawn (fixed seed per case) around a level of well-being proper to each case,
higher at six months for most, so the scores are plausible and varied; a few "don't know".
Idempotent: a case that already has a survey is left as it is."""

from __future__ import annotations

import random
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from sutura.access.cases import works_on
from sutura.audit.context import acting_as
from sutura.cases.models import Case, CaseType
from sutura.core.registry import DemoContext
from sutura.rss import conf, services
from sutura.rss.instrument import Instrument, load
from sutura.rss.models import SurveyKind, SurveyResponse
from sutura.tracing.schedule import add_months

FOLLOW_UP = 6


def draw_answers(instrument: Instrument, level: float, rng: random.Random) -> dict[str, str]:
    """An answer per question, its score near `level` (0–1) give or take some noise."""
    answers: dict[str, str] = {}
    for qid, question in instrument.questions.items():
        if question.asked_if:
            continue
        if not question.scored:
            answers[qid] = rng.choice(list(question.options))
            continue
        if question.offers_missing and rng.random() < 0.03:
            answers[qid] = "dont_know"
            continue
        target = min(1.0, max(0.0, rng.gauss(level, 0.2)))
        answers[qid] = min(
            question.options,
            key=lambda code: (abs(float(question.options[code] or 0) - target), rng.random()),
        )
    if answers.get("q29") == "no":
        answers["q30"] = "wish_to_leave" if rng.random() < level else "need_to_leave"
    return answers


def _worker(case: Case) -> Any:
    if case.case_manager is not None and works_on(case.case_manager, case):
        return case.case_manager
    return None


def _survey(case: Case, actor: Any, rng: random.Random) -> int:
    instrument = load(conf.instrument_version())
    level = rng.uniform(0.2, 0.8)
    today = timezone.localdate()
    made = 0
    with acting_as(actor):
        services.record_survey(
            actor=actor,
            case=case,
            kind=SurveyKind.BASELINE,
            surveyed_on=case.opened_on,
            answers=draw_answers(instrument, level, rng),
        )
        made += 1
        later = min(add_months(case.opened_on, FOLLOW_UP), today)
        if later > case.opened_on and FOLLOW_UP in conf.follow_up_months():
            improved = min(0.95, level + rng.uniform(-0.05, 0.25))
            services.record_survey(
                actor=actor,
                case=case,
                kind=SurveyKind.FOLLOW_UP,
                offset_months=FOLLOW_UP,
                surveyed_on=later,
                answers=draw_answers(instrument, improved, rng),
            )
            made += 1
    return made


def seed_step(context: DemoContext) -> str:
    """This app's part of `seed_demo` (registered in `registration.py`)."""
    told = (
        Case.objects.filter(case_type=CaseType.RETURN_REINTEGRATION, transitions__isnull=False)
        .exclude(pk__in=SurveyResponse.objects.values("case_id"))
        .select_related("case_manager", "organisation")
        .distinct()
        .order_by("number")
    )
    made = cases = 0
    for case in told:
        actor = _worker(case)
        if actor is None:
            continue
        try:
            with transaction.atomic():
                made += _survey(case, actor, random.Random(case.number))
                cases += 1
        except (ValidationError, PermissionDenied):
            continue
    return f"{made} sustainability surveys for {cases} cases" if made else ""
