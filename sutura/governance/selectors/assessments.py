"""Reads of the assessments and of the technical-assistance log, through the access layer, and
the comparison of two assessments of one subject item by item."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import Http404

from sutura.access import get_visible_or_404, visible
from sutura.access.accounts import members
from sutura.accounts.roles import Perm
from sutura.governance.models.assessments import Answer, Assessment, TechnicalAssistance


def assessments_for(user: Any, *, kind: str = "") -> list[Assessment]:
    found = visible(user, Assessment).select_related("organisation", "checklist_version__checklist")
    if kind:
        found = found.filter(kind=kind)
    return list(found.order_by("kind", "organisation__name", "-assessed_on")[:500])


def assessment_for(user: Any, assessment_id: Any) -> Assessment:
    found = visible(user, Assessment).select_related("organisation", "checklist_version__checklist")
    return get_visible_or_404(user, found, pk=assessment_id)


def answers_of(user: Any, assessment: Assessment) -> list[Answer]:
    return list(
        visible(user, Answer)
        .filter(assessment=assessment)
        .select_related("item")
        .order_by("item__order")
    )


def earlier_of_same_subject(user: Any, assessment: Assessment) -> list[Assessment]:
    """The other assessments of the same subject, to compare with."""
    return list(
        visible(user, Assessment)
        .filter(kind=assessment.kind, organisation=assessment.organisation)
        .exclude(pk=assessment.pk)
        .order_by("-assessed_on")
    )


@dataclass(frozen=True)
class ItemChange:
    section: str
    question: str
    before: int | None
    after: int | None
    gaps_before: str
    gaps_after: str
    in_before: bool
    in_after: bool

    @property
    def change(self) -> str:
        """up, down, same, new (item added), removed, or unknown (a score missing)."""
        if not self.in_before:
            return "new"
        if not self.in_after:
            return "removed"
        if self.before is None or self.after is None:
            return "unknown"
        if self.after > self.before:
            return "up"
        if self.after < self.before:
            return "down"
        return "same"

    @property
    def new_gap(self) -> bool:
        return bool(self.gaps_after.strip()) and self.gaps_after.strip() != self.gaps_before.strip()


def compare(
    user: Any, first_id: Any, second_id: Any
) -> tuple[Assessment, Assessment, list[ItemChange]]:
    """Two assessments of one subject, the earlier first, and what changed per item (items are
    matched by their key across checklist versions). 404 unless both are readable and of the
    same subject."""
    one, two = assessment_for(user, first_id), assessment_for(user, second_id)
    if (one.kind, one.organisation_id) != (two.kind, two.organisation_id) or one.pk == two.pk:
        raise Http404
    before, after = sorted((one, two), key=lambda a: (a.assessed_on, a.created_at))
    old = {a.item.key: a for a in answers_of(user, before)}
    new = {a.item.key: a for a in answers_of(user, after)}
    rows = []
    for key in [*new, *(k for k in old if k not in new)]:
        was, now = old.get(key), new.get(key)
        item = (now or was).item  # type: ignore[union-attr]
        rows.append(
            ItemChange(
                section=item.section,
                question=item.question,
                before=was.score if was else None,
                after=now.score if now else None,
                gaps_before=was.gaps if was else "",
                gaps_after=now.gaps if now else "",
                in_before=was is not None,
                in_after=now is not None,
            )
        )
    return before, after, rows


def assistance_for(user: Any) -> list[TechnicalAssistance]:
    return list(
        visible(user, TechnicalAssistance)
        .select_related("organisation", "provided_by", "provided_by_user")
        .order_by("-given_on")[:500]
    )


def assistance_entry(user: Any, entry_id: Any) -> TechnicalAssistance:
    return get_visible_or_404(user, TechnicalAssistance, pk=entry_id)


def governance_staff() -> Any:
    """Users who may be named as assessors or advisers: those who read governance."""
    return members(None, perm=Perm.VIEW_GOVERNANCE).order_by("last_name", "first_name")
