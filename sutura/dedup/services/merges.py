"""Merging two files of the same person, and undoing it.

A merge moves every record that names the merged file to the kept file, whatever app it belongs
to: the relations are found on `Person` itself (`_meta`), so a new app's records move too
without a change here. What moved is listed on the `Merge` row, so an undo moves back exactly
those records (records added to the kept file since stay with it).

Rules (docs/architecture.md, "Duplicate files"):
- only two files of one organisation, both workable by the reviewer, neither anonymised;
- a record that may name one file only once (a one-to-one, or a unique constraint such as one
  meeting's participant) refuses the merge when both files hold one: nothing is half merged;
- the kept file gains the merged file's names as aliases (still found by them), its phones,
  and the details it lacked (date of birth, origin, address…; an exact date of birth where it
  had an estimated one); the values it had before are
  kept in `Merge.snapshot` and an undo restores each one the reviewers did not edit since (a
  list loses the items the merge added, keeping what was added by hand since);
- the name index (`PersonNameWord`) is rebuilt, never moved; the audit log is never rewritten:
  entries about the merged file keep pointing at it;
- a merge whose kept file was itself merged later is undone only after that later merge;
- apps above hear of a merge and of its undo (`people.signals`): referrals under way stop
  showing the person's identity and contact to their receivers until the case team confirms
  them (`referrals.services.holds`).
"""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterator, Mapping
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import require, visible
from sutura.access.people import require_works_on_person
from sutura.accounts.roles import Perm
from sutura.audit.models import Action
from sutura.audit.services import record
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.core.models import VersionedModel
from sutura.core.texts import Text
from sutura.dedup.models import Merge, Proposal, ProposalStatus
from sutura.people.matching import block_keys
from sutura.people.models import Person, PersonNameWord, Sex
from sutura.people.names import search_key
from sutura.people.services import require_not_anonymised
from sutura.people.signals import files_merged, merge_undone

# Details the kept file takes from the merged one when it has none (scalar: attribute names).
FILLED = (
    "phone",
    "nationality",
    "place_of_origin_id",
    "current_location_id",
    "current_address",
)
LISTS = ("aliases", "other_phones", "languages")
# Details both files may hold with different values: the reviewer chooses which file's value
# the kept file carries (`choices` of merge_persons: detail -> KEPT or MERGED). The attributes
# of each detail move together.
CHOSEN: dict[str, tuple[str, ...]] = {
    "name": ("given_names", "family_name"),
    "birth_date": ("birth_date", "birth_date_estimated"),
    "sex": ("sex",),
    "phone": ("phone",),
    "nationality": ("nationality",),
    "place_of_origin": ("place_of_origin_id",),
    "current_location": ("current_location_id",),
    "current_address": ("current_address",),
}
KEPT, MERGED = "kept", "merged"
ALIAS_LENGTH = 120
PHONE_LENGTH = 20


def merge_refusal(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def person_relations() -> Iterator[Any]:
    """Every foreign key or one-to-one of any app that names a person, except the merge's own
    bookkeeping: a file merged into another (`Person.merged_into`), the name index (rebuilt)
    and this app's pairs and merges."""
    for relation in Person._meta.get_fields(include_hidden=True):
        if not relation.auto_created or relation.concrete or relation.many_to_many:
            continue
        model: Any = relation.related_model
        if model is Person or model is PersonNameWord or model._meta.app_label == "dedup":
            continue
        yield relation.field  # type: ignore[union-attr]


def relation_key(field: Any) -> str:
    return f"{field.model._meta.label}.{field.name}"


@transaction.atomic
def merge_persons(
    *,
    actor: Any,
    kept: Person,
    merged: Person,
    reason: str,
    proposal: Proposal | None = None,
    choices: Mapping[str, str] | None = None,
    versions: Mapping[str, int] | None = None,
) -> Merge:
    """Make one file of two: every record of `merged` moves to `kept`, which keeps its names
    as aliases; `merged` is hidden from then on. Where both files hold a detail with
    different values (`differing`), `choices` says whose the kept file carries (detail ->
    KEPT or MERGED); a detail not chosen follows the default: the kept file's, a date of birth
    known exactly over an estimated one. Refused, all or nothing, when a record clashes (see
    the module's docstring). `versions` (file id -> version, as the reviewer saw them): a file
    changed since is refused, so that no value the reviewer never saw is merged."""
    require(actor, Perm.REVIEW_DUPLICATES)
    choices = _checked_choices(choices or {})
    if kept.pk == merged.pk:
        raise merge_refusal(_("Choose two different files."), "same_file")
    if kept.organisation_id != merged.organisation_id:
        raise merge_refusal(_("Files of two organisations are never merged."), "two_organisations")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why these two files are the same person.")]})
    # Both rows locked, always in the same order, so two merges of one pair wait for each
    # other and the second finds the first's result.
    first, second = sorted((kept, merged), key=lambda person: person.pk)
    rows = {person.pk: locked(person) for person in (first, second)}
    kept, merged = rows[kept.pk], rows[merged.pk]
    if kept.merged_into_id is not None or merged.merged_into_id is not None:
        raise merge_refusal(
            _("One of these files was merged in the meantime: reload the list."),
            "already_merged",
        )
    require_works_on_person(actor, kept)
    require_works_on_person(actor, merged)
    require_not_anonymised(kept)
    require_not_anonymised(merged)
    if versions and any(versions.get(str(p.pk), p.version) != p.version for p in (kept, merged)):
        raise merge_refusal(
            _(
                "One of the two files was changed since this page was opened: check its "
                "details below, then merge again."
            ),
            "changed",
        )
    proposal = _proposal_of_pair(actor, kept, merged, proposal)

    before, after = _take_details(kept, merged, choices)
    moved = _move_records(kept=kept, merged=merged)
    _save_details(kept, list(after))
    merged.merged_into = kept
    _save_merged_into(merged)
    merge = Merge.objects.create(
        organisation_id=kept.organisation_id,
        kept=kept,
        merged=merged,
        proposal=proposal,
        merged_by=actor,
        reason=reason,
        moved=moved,
        snapshot={"before": before, "after": after},
    )
    if proposal is not None:
        proposal.status = ProposalStatus.MERGED
        proposal.decided_by = actor
        proposal.decided_at = timezone.now()
        proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    # What apps above built on either file hears of it (referrals hold what they share).
    files_merged.send(Person, kept=kept, merged=merged, merge_id=merge.pk, actor=actor)
    counts = {key: len(ids) for key, ids in moved.items()}
    record(
        Action.UPDATE,
        actor=actor,
        obj=kept,
        changes={"merge": str(merge.pk), "merged": str(merged.pk), "moved": counts},
        detail=Text(
            gettext_noop("Merge: file %(file)s merged into this file"), file=str(merged.pk)[:8]
        ),
    )
    record(
        Action.UPDATE,
        actor=actor,
        obj=merged,
        changes={"merge": str(merge.pk), "kept": str(kept.pk)},
        detail=Text(
            gettext_noop("Merge: this file merged into file %(file)s"), file=str(kept.pk)[:8]
        ),
    )
    return merge


@transaction.atomic
def undo_merge(*, actor: Any, merge: Merge, reason: str, two_people: bool = False) -> Merge:
    """Make two files of one again: exactly the records the merge moved (and still on the kept
    file) go back, the merged file reappears, and the kept file's details the merge filled in
    are restored where nobody edited them since. With `two_people`, the reviewer also says they
    are not the same person (`mark_not_duplicate`, in the same transaction): the pair is not
    proposed again, instead of going back to the queue."""
    require(actor, Perm.REVIEW_DUPLICATES)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why this merge was wrong.")]})
    merge = locked(merge)
    if merge.undone_at is not None:
        raise merge_refusal(_("This merge was already undone."), "already_undone")
    first, second = sorted((merge.kept, merge.merged), key=lambda person: person.pk)
    rows = {person.pk: locked(person) for person in (first, second)}
    kept, merged = rows[merge.kept_id], rows[merge.merged_id]
    # An anonymised person's files stay one: an undo would hand back a file to work on that
    # holds nothing of them.
    require_not_anonymised(kept)
    require_not_anonymised(merged)
    if kept.merged_into_id is not None:
        raise merge_refusal(
            _(
                "The file kept by this merge was itself merged into another file since: undo "
                "that later merge first."
            ),
            "kept_merged_since",
        )
    require_works_on_person(actor, kept)
    back = _move_back(kept=kept, merged=merged, moved=merge.moved)
    merged.merged_into = None
    _save_merged_into(merged)
    merged.index_name_words()  # findable again under its own names
    _restore_details(kept, merge.snapshot)
    merge.undone_by = actor
    merge.undone_at = timezone.now()
    merge.undo_reason = reason
    merge.save(update_fields=["undone_by", "undone_at", "undo_reason", "updated_at"])
    _reopen_proposal(merge)
    merge_undone.send(Person, kept=kept, merged=merged, merge_id=merge.pk, actor=actor)
    counts = {key: len(ids) for key, ids in back.items()}
    record(
        Action.UPDATE,
        actor=actor,
        obj=kept,
        changes={"merge undone": str(merge.pk), "merged": str(merged.pk), "moved back": counts},
        detail=Text(
            gettext_noop("Merge undone: file %(file)s separated again"), file=str(merged.pk)[:8]
        ),
    )
    record(
        Action.UPDATE,
        actor=actor,
        obj=merged,
        changes={"merge undone": str(merge.pk), "kept": str(kept.pk)},
        detail=Text(
            gettext_noop("Merge undone: this file separated from file %(file)s"),
            file=str(kept.pk)[:8],
        ),
    )
    if two_people:
        from sutura.dedup.services.decisions import mark_not_duplicate

        mark_not_duplicate(actor=actor, first=kept, second=merged, reason=reason)
    return merge


# --- the pair's proposal ----------------------------------------------------------------------


def _proposal_of_pair(
    actor: Any, kept: Person, merged: Person, proposal: Proposal | None
) -> Proposal | None:
    """The open proposal of this pair (the one given, or the one a run made), locked; a
    proposal already decided refuses the merge (a second reviewer was slower)."""
    pair = sorted((kept.pk, merged.pk))
    if proposal is None:
        proposal = (
            visible(actor, Proposal)
            .filter(first_id=pair[0], second_id=pair[1])
            .filter(status=ProposalStatus.OPEN)
            .first()
        )
        if proposal is None:
            return None
    elif [proposal.first_id, proposal.second_id] != pair:
        raise merge_refusal(_("This proposal is about another pair of files."), "wrong_pair")
    proposal = locked(proposal)
    if proposal.status != ProposalStatus.OPEN:
        raise merge_refusal(
            _("This pair was decided in the meantime: reload the list."), "already_decided"
        )
    return proposal


def _reopen_proposal(merge: Merge) -> None:
    """An undone merge's proposal goes back to the queue (to be marked "not the same person"),
    unless a newer run proposed the pair again."""
    if merge.proposal is None:
        return
    proposal = locked(merge.proposal)
    if proposal.status != ProposalStatus.MERGED:
        return
    proposal.status = ProposalStatus.OPEN
    proposal.decided_by = None
    proposal.decided_at = None
    try:
        with transaction.atomic():
            proposal.save(update_fields=["status", "decided_by", "decided_at", "updated_at"])
    except IntegrityError:  # another open proposal of the pair: that one stays
        return


# --- the kept file's details ------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def _added(
    items: list[str], extra: list[str], *, length: int, besides: tuple[str, ...] = ()
) -> list[str]:
    """`items` and then those of `extra` not in it yet (nor in `besides`), case aside."""
    known = {item.casefold() for item in (*items, *besides)}
    result = list(items)
    for item in extra:
        item = item.strip()[:length]
        if item and item.casefold() not in known:
            known.add(item.casefold())
            result.append(item)
    return result


def _empty(person: Person, detail: str) -> bool:
    first = getattr(person, CHOSEN[detail][0])
    return first in (None, "") or (detail == "sex" and first == Sex.NOT_STATED)


def _values(person: Person, detail: str) -> tuple[Any, ...]:
    return tuple(getattr(person, name) for name in CHOSEN[detail])


def differing(first: Person, second: Person) -> list[str]:
    """The details both files hold with different values: the reviewer's to choose."""
    return [
        detail
        for detail in CHOSEN
        if not _empty(first, detail)
        and not _empty(second, detail)
        and _values(first, detail) != _values(second, detail)
    ]


def _checked_choices(choices: Mapping[str, str]) -> dict[str, str]:
    unknown = sorted(set(choices) - set(CHOSEN))
    wrong = sorted(detail for detail, side in choices.items() if side not in (KEPT, MERGED))
    if unknown or wrong:
        raise ValidationError(
            {
                "choices": [
                    _("Choose %(sides)s for each of these details: %(details)s (not %(given)s).")
                    % {
                        "sides": f"{KEPT} / {MERGED}",
                        "details": ", ".join(CHOSEN),
                        "given": ", ".join(unknown or wrong),
                    }
                ]
            },
            code="invalid_choice",
        )
    return dict(choices)


def _take_details(
    kept: Person, merged: Person, choices: Mapping[str, str]
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Give `kept` what `merged` knows and it does not, and the other file's value of each
    detail chosen so; return the changed fields' values before and after (JSON)."""
    fields = [*FILLED, *LISTS, "given_names", "family_name", "birth_date"]
    fields += ["birth_date_estimated", "sex"]
    before = {name: _plain(getattr(kept, name)) for name in fields}
    old_name = f"{kept.given_names} {kept.family_name}"
    old_phone = kept.phone
    # Only a detail both files hold, with different values, is a choice (an API may name
    # others: they follow the default, so that no choice empties or doubles a detail).
    choices = {d: side for d, side in choices.items() if d in differing(kept, merged)}
    taken = [detail for detail, side in choices.items() if side == MERGED]
    for detail in taken:  # nothing is emptied: a detail the other file lacks stays
        for name in CHOSEN[detail]:
            setattr(kept, name, getattr(merged, name))
    for name in FILLED:
        if not getattr(kept, name) and getattr(merged, name):
            setattr(kept, name, getattr(merged, name))
    # A date the kept file lacks, or only estimated where the other file has it exactly
    # (unless the reviewer chose the kept file's).
    exact = merged.birth_date is not None and not merged.birth_date_estimated
    if "birth_date" not in choices and (
        (kept.birth_date is None and merged.birth_date is not None)
        or (kept.birth_date is not None and kept.birth_date_estimated and exact)
    ):
        kept.birth_date = merged.birth_date
        kept.birth_date_estimated = merged.birth_date_estimated
    if kept.sex == Sex.NOT_STATED and merged.sex != Sex.NOT_STATED:
        kept.sex = merged.sex
    # A name or a phone not chosen stays findable: as an alias, as another phone.
    own_name = f"{kept.given_names} {kept.family_name}"
    names = [old_name, f"{merged.given_names} {merged.family_name}", *merged.aliases]
    kept.aliases = _added(kept.aliases, names, length=ALIAS_LENGTH, besides=(own_name,))
    phones = [old_phone, *merged.all_phones()]
    phones = [p for p in phones if p and p not in kept.all_phones()]
    kept.other_phones = _added(kept.other_phones, phones, length=PHONE_LENGTH)
    kept.languages = _added(kept.languages, merged.languages, length=8)
    after = {name: _plain(getattr(kept, name)) for name in fields}
    changed = [name for name in fields if before[name] != after[name]]
    return {n: before[n] for n in changed}, {n: after[n] for n in changed}


def _save_details(kept: Person, fields: list[str]) -> None:
    """Save the kept file's details (its version grows: a form opened before the merge is
    refused) with its name keys, and rebuild its name index."""
    kept.search_key = search_key(kept.family_name, kept.given_names, *kept.aliases)
    kept.block_keys = block_keys(kept)
    save_versioned(
        kept, expected_version=kept.version, fields=[*fields, "search_key", "block_keys"]
    )
    kept.index_name_words()


def _restore_details(kept: Person, snapshot: dict[str, Any]) -> None:
    """Put back what the merge changed on the kept file, where nobody edited it since. A detail
    of several fields (the name, the date of birth and its "estimated") comes back whole or not
    at all: an edit of one part keeps the detail as edited, rather than mixing two names. A name
    or main phone that stays as edited keeps the value it replaced findable (an alias, another
    phone)."""
    before, after = snapshot.get("before", {}), snapshot.get("after", {})
    current = {name: _plain(getattr(kept, name)) for name in before}
    edited = {name for name in before if name not in LISTS and current[name] != after.get(name)}
    for fields in CHOSEN.values():
        if edited & set(fields):
            edited |= set(fields) & set(before)  # a group comes back whole, or not at all
    restored = []
    for name, old in before.items():
        if name in LISTS or name in edited or current[name] == old:
            continue
        field: Any = kept._meta.get_field(name.removesuffix("_id"))
        setattr(kept, name, field.to_python(old) if old is not None else None)
        restored.append(name)
    # What the merge added to the lists goes, but for the name and the phone the kept file had
    # before, when they were not restored: they stay findable.
    displaced = set()
    if edited & {"given_names", "family_name"}:
        names = [before.get(n, getattr(kept, n)) for n in ("given_names", "family_name")]
        displaced.add(" ".join(names))
    if "phone" in edited and before.get("phone"):
        displaced.add(before["phone"])
    for name in LISTS:
        if name not in before:
            continue
        added = [item for item in (after.get(name) or []) if item not in (before[name] or [])]
        added = [item for item in added if item not in displaced]
        value = [item for item in current[name] if item not in added]
        if value != current[name]:
            setattr(kept, name, value)
            restored.append(name)
    if restored:
        _save_details(kept, restored)


def _save_merged_into(person: Person) -> None:
    save_versioned(person, expected_version=person.version, fields=["merged_into"])


# --- the records ------------------------------------------------------------------------------


def _clash(field: Any, kept: Person, ids: list[Any]) -> str:
    """The name of what both files hold once where only one may be (empty: none)."""
    model = field.model
    manager = model._base_manager
    if field.unique:
        held = manager.filter(**{field.name: kept}).exists()
        return str(model._meta.verbose_name) if held else ""
    groups = [list(fields) for fields in model._meta.unique_together]
    conditions: list[Any] = [None] * len(groups)
    for constraint in model._meta.constraints:
        if isinstance(constraint, models.UniqueConstraint) and constraint.fields:
            groups.append(list(constraint.fields))
            conditions.append(constraint.condition)
    for fields, condition in zip(groups, conditions, strict=True):
        if field.name not in fields:
            continue
        others = [name for name in fields if name != field.name]
        rows = manager.filter(pk__in=ids)
        theirs = manager.filter(**{field.name: kept})
        if condition is not None:
            rows, theirs = rows.filter(condition), theirs.filter(condition)
        for values in rows.values(*others):
            if theirs.filter(**values).exists():
                return str(model._meta.verbose_name)
    return ""


def _move_records(*, kept: Person, merged: Person) -> dict[str, list[str]]:
    """Move every record naming `merged` to `kept`; return what moved, by relation."""
    moved: dict[str, list[str]] = {}
    found: list[tuple[Any, list[Any]]] = []
    for field in person_relations():
        manager = field.model._base_manager
        ids = list(manager.filter(**{field.name: merged}).values_list("pk", flat=True))
        if ids:
            found.append((field, ids))
    clashes = sorted({c for field, ids in found if (c := _clash(field, kept, ids))})
    if clashes:
        raise merge_refusal(
            _(
                "Both files hold a record that only one file may hold: %(what)s. Settle it on one "
                "of the files first."
            )
            % {"what": ", ".join(clashes)},
            "clash",
        )
    for field, ids in found:
        _repoint(field, ids, kept)
        moved[relation_key(field)] = [str(pk) for pk in ids]
    # The merged file is hidden from now on: out of the name index too (rebuilt on undo).
    PersonNameWord.objects.filter(person=merged).delete()
    return moved


def _move_back(*, kept: Person, merged: Person, moved: dict[str, Any]) -> dict[str, list[str]]:
    """Move back the records a merge moved that still name the kept file."""
    back: dict[str, list[str]] = {}
    fields = {relation_key(field): field for field in person_relations()}
    for key, ids in moved.items():
        field = fields.get(key)
        if field is None:  # an app removed since: nothing of it left to move
            continue
        manager = field.model._base_manager
        still = list(manager.filter(pk__in=ids, **{field.name: kept}).values_list("pk", flat=True))
        if still:
            _repoint(field, still, merged)
            back[key] = [str(pk) for pk in still]
    return back


def _repoint(field: Any, ids: list[Any], person: Person) -> None:
    model = field.model
    values: dict[str, Any] = {field.attname: person.pk}
    if issubclass(model, VersionedModel):  # a form opened before the move must not undo it
        values["version"] = F("version") + 1
    model._base_manager.filter(pk__in=ids).update(**values)
