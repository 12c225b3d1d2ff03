"""The sustainability survey's indicators (registered in `registration.register()`): one small
function each, over `access.rss.responses_counted_for` and `access.cases.cases_counted_for`
(figures over the cases the user may count, never rows). Scores are averaged as stored (six
places); a period holds the surveys done in it."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from sutura.access.cases import cases_counted_for
from sutura.access.rss import responses_counted_for
from sutura.cases.models import CaseType
from sutura.core import indicators
from sutura.core.indicators import Period, Rows
from sutura.rss.models import SurveyKind

DIMENSIONS = (
    "sex",
    "age_group",
    "admin1",
    "admin2",
    "nationality",
    "organisation",
    "programme",
    "vulnerability",
)
SURVEY_EXTRA = {"survey_kind": "kind", "months_after_return": "offset_months"}


def _scores(user: Any, score: str) -> Rows:
    return Rows.on_case(
        responses_counted_for(user), date="surveyed_on", value=score, extra=SURVEY_EXTRA
    )


def mean_composite(user: Any, period: Period) -> Rows:
    """The mean composite score of the surveys done in the period."""
    return _scores(user, "composite")


def mean_economic(user: Any, period: Period) -> Rows:
    return _scores(user, "economic")


def mean_social(user: Any, period: Period) -> Rows:
    return _scores(user, "social")


def mean_psychosocial(user: Any, period: Period) -> Rows:
    return _scores(user, "psychosocial")


def surveys_done(user: Any, period: Period) -> Rows:
    """Surveys done in the period (baselines and follow-ups: `survey_kind`)."""
    return Rows.on_case(responses_counted_for(user), date="surveyed_on", extra=SURVEY_EXTRA)


def baseline_share(user: Any, period: Period) -> Rows:
    """Of the return-and-reintegration cases opened in the period, the share with a baseline
    survey (done at any time)."""
    baseline = responses_counted_for(user).filter(case=OuterRef("pk"), kind=SurveyKind.BASELINE)
    cases = cases_counted_for(user).filter(case_type=CaseType.RETURN_REINTEGRATION)
    return Rows(
        cases, date="opened_on", person="person", case="", facts="", numerator=Q(Exists(baseline))
    )


SELF = "sutura.rss.indicators"


def _mean(code: str, name: Any, definition: Any) -> indicators.Indicator:
    return indicators.Indicator(
        code=f"rss.mean_{code}",
        name=name,
        definition=definition,
        compute=f"{SELF}.mean_{code}",
        unit="score",
        dimensions=(*DIMENSIONS, *SURVEY_EXTRA),
    )


INDICATORS = (
    _mean(
        "composite",
        _("Mean composite sustainability score"),
        _(
            "The mean composite score (0 to 1) of the sustainability surveys done in the "
            "period, each scored with the instrument version stored with it."
        ),
    ),
    _mean(
        "economic",
        _("Mean economic sustainability score"),
        _("The mean economic score (0 to 1) of the sustainability surveys done in the period."),
    ),
    _mean(
        "social",
        _("Mean social sustainability score"),
        _("The mean social score (0 to 1) of the sustainability surveys done in the period."),
    ),
    _mean(
        "psychosocial",
        _("Mean psychosocial sustainability score"),
        _("The mean psychosocial score (0 to 1) of the sustainability surveys done in the period."),
    ),
    indicators.Indicator(
        code="rss.surveys_done",
        name=_("Sustainability surveys done"),
        definition=_("Sustainability surveys (baselines and follow-ups) done in the period."),
        compute=f"{SELF}.surveys_done",
        dimensions=(*DIMENSIONS, *SURVEY_EXTRA),
    ),
    indicators.Indicator(
        code="rss.baseline_share",
        name=_("Share of returnees' cases with a baseline sustainability survey"),
        definition=_(
            "Of the return-and-reintegration cases opened in the period, the percentage with a "
            "baseline sustainability survey."
        ),
        compute=f"{SELF}.baseline_share",
        unit="percent",
        dimensions=DIMENSIONS,
    ),
)
