"""Reads of the review: the queue of proposals, one pair side by side, merges and decisions —
always through the access layer (`access.dedup`: a reviewer sees a pair only when both files
are theirs to open)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from django.db import models
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.audit.services import record_read
from sutura.cases.models import Case
from sutura.dedup.models import Merge, PairDecision, Proposal, ProposalStatus
from sutura.dedup.services.merges import CHOSEN, LISTS, differing
from sutura.people.match_reasons import AGAINST, HIGH, MEDIUM, label
from sutura.people.models import IdentityDocument, Person

# Bands of the queue's filter, by the probability the run gave (lowest first bound): the
# badges' bands (`match_reasons.band`), so a pair badged "very likely" is found under it.
BANDS: dict[str, tuple[float, float, Promise]] = {
    "high": (HIGH, 1.01, _("Very likely the same person (90% and more)")),
    "likely": (MEDIUM, HIGH, _("Probably the same person (50 to 90%)")),
    "possible": (0.0, MEDIUM, _("Possibly the same person (under 50%)")),
}


def open_proposals(user: Any, *, band: str = "") -> models.QuerySet[Proposal]:
    """The open proposals the user may decide, most probable first."""
    found = visible(user, Proposal).filter(status=ProposalStatus.OPEN)
    if band in BANDS:
        low, high, _label = BANDS[band]
        found = found.filter(probability__gte=low, probability__lt=high)
    return found.select_related("first", "second").order_by("-probability", "id")


def band_counts(user: Any) -> dict[str, int]:
    """How many open proposals the user may decide fall in each band (`BANDS`), in one query.
    A run proposes pairs from the batch threshold up (about 93 %), so the lower bands are
    mostly empty: the queue's filter offers only those that are not."""
    counts = (
        visible(user, Proposal)
        .filter(status=ProposalStatus.OPEN)
        .aggregate(
            **{
                code: models.Count(
                    "pk", filter=models.Q(probability__gte=low, probability__lt=high)
                )
                for code, (low, high, _label) in BANDS.items()
            }
        )
    )
    return {code: int(counts[code] or 0) for code in BANDS}


def open_count(user: Any) -> int:
    return visible(user, Proposal).filter(status=ProposalStatus.OPEN).count()


@dataclass
class Group:
    """The proposals of one group of a run (three files of one person show together)."""

    pairs: list[Proposal] = field(default_factory=list)

    @property
    def probability(self) -> float:
        return max(p.probability for p in self.pairs)

    @property
    def people(self) -> list[Person]:
        seen: dict[Any, Person] = {}
        for proposal in self.pairs:
            seen.setdefault(proposal.first_id, proposal.first)
            seen.setdefault(proposal.second_id, proposal.second)
        return list(seen.values())


def grouped(proposals: list[Proposal]) -> list[Group]:
    """Proposals of one run's group together, groups in order of their best probability."""
    groups: dict[tuple[Any, int], Group] = {}
    for proposal in proposals:
        key = (proposal.run_id, proposal.group) if proposal.group else (proposal.pk, 0)
        groups.setdefault(key, Group()).pairs.append(proposal)
    return sorted(groups.values(), key=lambda group: -group.probability)


def reasons(proposal: Proposal) -> list[tuple[str, bool]]:
    """The proposal's reasons in the user's language, each with whether it speaks against."""
    return [(label(code), code in AGAINST) for code in proposal.reasons or []]


def proposal_for(user: Any, pk: Any) -> Proposal:
    pairs = visible(user, Proposal).select_related("first", "second")
    return get_visible_or_404(user, pairs, pk=pk)


@dataclass
class Side:
    """One file of a pair, as the reviewer may read it."""

    person: Person
    cases: list[Case]
    documents: list[IdentityDocument]
    records: int


def side(user: Any, person: Person) -> Side:
    """One file of a pair: its details, cases and documents (only what the user may read);
    the read is audited."""
    cases = list(
        visible(user, Case).filter(person_id=person.pk).order_by("opened_on", "created_at")
    )
    documents = list(
        visible(user, IdentityDocument).filter(person_id=person.pk).order_by("created_at")
    )
    record_read(user, person, detail=gettext_noop("duplicate review"))
    return Side(person=person, cases=cases, documents=documents, records=len(cases))


def default_kept(sides: list[Side]) -> Side:
    """The file to keep unless the reviewer says otherwise: the one with more cases, else the
    older one."""
    return sorted(sides, key=lambda s: (-s.records, s.person.created_at))[0]


# The details a reviewer may choose between, as the pair page names them.
DETAIL_LABELS: dict[str, Promise] = {
    "name": _("Name"),
    "birth_date": _("Date of birth"),
    "sex": _("Sex"),
    "phone": _("Phone"),
    "nationality": _("Nationality"),
    "place_of_origin": _("Place of origin"),
    "current_location": _("Current place"),
    "current_address": _("Address"),
}


@dataclass
class DetailChoice:
    """A detail both files hold with different values: each file's value, and the one the
    merge keeps unless the reviewer says otherwise."""

    detail: str
    label: Promise
    values: list[tuple[str, str]]  # (file id, the value as shown)
    initial: str


def _shown(person: Person, detail: str) -> str:
    if detail == "name":
        return str(person)  # FAMILY Given, as everywhere
    if detail == "birth_date" and person.birth_date is not None:
        shown = date_format(person.birth_date, "DATE_FORMAT")
        return f"{shown} ({_('estimated')})" if person.birth_date_estimated else shown
    if detail == "sex":
        return str(person.get_sex_display())
    if detail == "nationality":
        return str(person.nationality_name)
    return str(getattr(person, detail))


def detail_choices(first: Person, second: Person, kept: Person) -> list[DetailChoice]:
    """The details the two files hold with different values (`merges.differing`). The
    default is the merge's: the file kept, and a date of birth known exactly over an estimate."""
    found = []
    for detail in differing(first, second):
        initial = kept
        if detail == "birth_date" and first.birth_date_estimated != second.birth_date_estimated:
            initial = second if first.birth_date_estimated else first
        found.append(
            DetailChoice(
                detail=detail,
                label=DETAIL_LABELS[detail],
                values=[(str(p.pk), _shown(p, detail)) for p in (first, second)],
                initial=str(initial.pk),
            )
        )
    return found


# The kept file's list details a merge may add to, as its page names them (the other details:
# `DETAIL_LABELS`).
LIST_LABELS: dict[str, Promise] = {
    "aliases": _("Other spellings and aliases"),
    "other_phones": _("Other phones"),
    "languages": _("Languages"),
}


def changed_details(merge: Merge) -> list[tuple[str, str, str]]:
    """What the merge changed on the file kept (an undo puts it back): each detail's name,
    its value before and after (a list: "" and the items the merge added), as shown. Empty
    once the merge's snapshot is blanked (an anonymisation)."""
    before, after = (
        (merge.snapshot or {}).get("before", {}),
        (merge.snapshot or {}).get("after", {}),
    )
    found: list[tuple[str, str, str]] = []
    for detail, fields in CHOSEN.items():
        if not set(fields) & set(after):
            continue
        old, new = (_as_file(merge.kept, values, fields) for values in (before, after))
        found.append(
            (str(DETAIL_LABELS[detail]), _shown_or_none(old, detail), _shown_or_none(new, detail))
        )
    for name in LISTS:
        if name in after:
            added = [item for item in after[name] if item not in (before.get(name) or [])]
            if name == "languages":
                added = Person(languages=added).language_labels()
            if added:
                found.append((str(LIST_LABELS[name]), "", ", ".join(added)))
    return found


def _as_file(kept: Person, values: dict[str, Any], fields: tuple[str, ...]) -> Person:
    """A file holding a detail's values of the merge's snapshot (the kept file's own where the
    snapshot has none), to be shown as a file's detail is."""
    held = {name: values.get(name, getattr(kept, name)) for name in fields}
    if "birth_date" in held and isinstance(held["birth_date"], str):
        held["birth_date"] = datetime.date.fromisoformat(held["birth_date"])
    return Person(**held)


def _shown_or_none(person: Person, detail: str) -> str:
    if detail == "birth_date":
        held = person.birth_date is not None
    else:
        held = any(getattr(person, name) for name in CHOSEN[detail])
    return _shown(person, detail) if held else "—"


def person_for_review(user: Any, pk: Any) -> Person:
    """A file the reviewer may open (the API's merges and decisions name files by id)."""
    return get_visible_or_404(user, Person, pk=pk)


def merges(user: Any) -> models.QuerySet[Merge]:
    return (
        visible(user, Merge)
        .select_related("kept", "merged", "merged_by", "undone_by")
        .order_by("-created_at")
    )


def merge_of_pair(user: Any, pk: Any) -> Merge | None:
    """The standing merge made from this proposal, if the user may see it: once merged, the
    pair is hidden (its merged file is), so its page leads to the merge instead of a 404."""
    return merges(user).filter(proposal_id=pk, undone_at__isnull=True).first()


def merge_for(user: Any, pk: Any) -> Merge:
    return get_visible_or_404(user, merges(user), pk=pk)


def _decisions(user: Any) -> models.QuerySet[PairDecision]:
    return visible(user, PairDecision).select_related(
        "first", "second", "decided_by", "withdrawn_by"
    )


def decisions(user: Any) -> models.QuerySet[PairDecision]:
    """The "not the same person" decisions in force, newest first."""
    return _decisions(user).filter(withdrawn_at__isnull=True).order_by("-created_at")


def decision_for(user: Any, pk: Any) -> PairDecision:
    """One "not the same person" the user may see (both files theirs to open), in force or
    withdrawn, or 404."""
    return get_visible_or_404(user, _decisions(user), pk=pk)


def proposal_of_pair(user: Any, decision: PairDecision) -> Proposal | None:
    """The latest proposal of a decision's pair, if the user may see it (a decision made
    without one has none)."""
    found = visible(user, Proposal).filter(first_id=decision.first_id, second_id=decision.second_id)
    return found.order_by("-created_at").first()


def decision_on(user: Any, proposal: Proposal) -> PairDecision | None:
    """The "not the same person" standing on this proposal's pair, if the user may see it."""
    return decisions(user).filter(first_id=proposal.first_id, second_id=proposal.second_id).first()
