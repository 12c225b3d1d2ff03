"""Participatory risk analyses: recording one (with participants counted by sex × age
group), adding its risks, and comparing two analyses of the same community risk by risk."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.text import slugify
from django.utils.translation import gettext as _

from sutura.access.community import community_standing
from sutura.community.models import (
    COMMUNITY_CONTEXT,
    AnalysisParticipantCount,
    Community,
    Risk,
    RiskAnalysis,
)
from sutura.core.concurrency import save_versioned

RISK_FIELDS = ("vulnerabilities", "capacities", "mitigations")


def _require_edits(actor: Any, community: Community) -> None:
    if not community_standing(actor, community).edits:
        raise PermissionDenied


@transaction.atomic
def record_analysis(
    *,
    actor: Any,
    community: Community,
    held_on: date,
    meeting: Any = None,
    groups_represented: Iterable[str] = (),
    participants: Mapping[tuple[str, str], int] | None = None,
    note: str = "",
) -> RiskAnalysis:
    """Record a participatory risk analysis of a community, optionally held at one of its
    meetings; `participants` counts them by (sex, age group)."""
    _require_edits(actor, community)
    if meeting is not None and (
        meeting.context_kind != COMMUNITY_CONTEXT or meeting.context_id != community.pk
    ):
        raise ValidationError({"meeting": _("Choose a meeting of this community.")})
    analysis = RiskAnalysis(
        community=community,
        held_on=held_on,
        meeting=meeting,
        groups_represented=list(groups_represented),
        note=note,
        recorded_by=actor,
    )
    analysis.full_clean()
    analysis.save()
    for (sex, age_group), count in (participants or {}).items():
        if count:
            row = AnalysisParticipantCount(
                analysis=analysis, sex=sex, age_group=age_group, count=count
            )
            row.full_clean()
            row.save()
    return analysis


@transaction.atomic
def add_risk(
    *,
    actor: Any,
    analysis: RiskAnalysis,
    threat: str,
    affected: str,
    likelihood: int,
    impact: int,
    key: str = "",
    **data: Any,
) -> Risk:
    """Add a risk to an analysis. Its `key` (from the threat unless given) is what matches it
    with the same risk in another analysis of the community."""
    _require_edits(actor, analysis.community)
    unknown = set(data) - set(RISK_FIELDS)
    if unknown:
        raise TypeError(f"unknown risk fields: {sorted(unknown)}")
    risk = Risk(
        analysis=analysis,
        key=slugify(key or threat)[:60],
        threat=threat,
        affected=affected,
        likelihood=likelihood,
        impact=impact,
        **data,
    )
    if not risk.key:
        raise ValidationError({"key": _("Give the risk a key made of letters or digits.")})
    risk.full_clean()
    risk.save()
    risk.refresh_from_db(fields=["priority"])
    return risk


@dataclass
class Comparison:
    """What changed from `before` to `after`: risks new, gone, whose priority went up or
    down (pairs before → after), and those unchanged."""

    before: RiskAnalysis
    after: RiskAnalysis
    new: list[Risk] = field(default_factory=list)
    gone: list[Risk] = field(default_factory=list)
    up: list[tuple[Risk, Risk]] = field(default_factory=list)
    down: list[tuple[Risk, Risk]] = field(default_factory=list)
    same: list[tuple[Risk, Risk]] = field(default_factory=list)


def compare_analyses(*, actor: Any, before: RiskAnalysis, after: RiskAnalysis) -> Comparison:
    """Compare two analyses of the same community, risk by risk (matched on their key)."""
    if before.community_id != after.community_id:
        raise ValidationError(_("Compare two analyses of the same community."))
    if not community_standing(actor, before.community).sees:
        raise PermissionDenied
    if (after.held_on, after.created_at) < (before.held_on, before.created_at):
        before, after = after, before
    old = {risk.key: risk for risk in before.risks.all()}
    now = {risk.key: risk for risk in after.risks.all()}
    found = Comparison(before=before, after=after)
    found.new = [now[key] for key in sorted(now.keys() - old.keys())]
    found.gone = [old[key] for key in sorted(old.keys() - now.keys())]
    for key in sorted(old.keys() & now.keys()):
        pair = (old[key], now[key])
        if pair[1].priority > pair[0].priority:
            found.up.append(pair)
        elif pair[1].priority < pair[0].priority:
            found.down.append(pair)
        else:
            found.same.append(pair)
    return found


@transaction.atomic
def update_risk(*, actor: Any, risk: Risk, expected_version: int, **data: Any) -> Risk:
    """Change a risk of an analysis (its threat, who is affected, ratings, mitigations); its
    key stays, so the comparison still matches it. Refused if it changed since it was opened."""
    _require_edits(actor, risk.analysis.community)
    allowed = {"threat", "affected", "likelihood", "impact", *RISK_FIELDS}
    unknown = set(data) - allowed
    if unknown:
        raise TypeError(f"unknown risk fields: {sorted(unknown)}")
    for name, value in data.items():
        setattr(risk, name, value)
    risk.full_clean(exclude=["priority"])
    risk = save_versioned(risk, expected_version=expected_version, fields=list(data))
    risk.refresh_from_db(fields=["priority"])
    return risk


def latest_pair(analyses: list[RiskAnalysis]) -> tuple[RiskAnalysis, RiskAnalysis] | None:
    """The two most recent analyses of a list (oldest first), the default comparison."""
    ordered = sorted(analyses, key=lambda a: (a.held_on, a.created_at))
    return (ordered[-2], ordered[-1]) if len(ordered) >= 2 else None


@transaction.atomic
def update_analysis(
    *,
    actor: Any,
    analysis: RiskAnalysis,
    expected_version: int,
    held_on: date,
    meeting: Any = None,
    groups_represented: Iterable[str] = (),
    participants: Mapping[tuple[str, str], int] | None = None,
    note: str = "",
) -> RiskAnalysis:
    """Correct an analysis (its date, meeting, groups, note and participants counted); refused
    if someone changed it since it was opened."""
    community = analysis.community
    _require_edits(actor, community)
    if meeting is not None and (
        meeting.context_kind != COMMUNITY_CONTEXT or meeting.context_id != community.pk
    ):
        raise ValidationError({"meeting": _("Choose a meeting of this community.")})
    analysis.held_on = held_on
    analysis.meeting = meeting
    analysis.groups_represented = list(groups_represented)
    analysis.note = note
    analysis.full_clean()
    analysis = save_versioned(
        analysis,
        expected_version=expected_version,
        fields=["held_on", "meeting", "groups_represented", "note"],
    )
    if participants is not None:
        AnalysisParticipantCount.objects.filter(analysis=analysis).delete()
        for (sex, age_group), count in participants.items():
            if count:
                row = AnalysisParticipantCount(
                    analysis=analysis, sex=sex, age_group=age_group, count=count
                )
                row.full_clean()
                row.save()
    return analysis
