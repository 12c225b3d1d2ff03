"""Reads of the data-sharing protocols, and THE question of the referral mechanism: is this
organisation an NRM member on this date, since when, and if not, since when and why not.

Membership is computed from the signatures (`Signature`), never stored:

- a signature counts from the later of its date and its version's effective date, for a
  version that came into force (signed, later expired or superseded);
- it stops counting on the first of: its own end (withdrawal, exclusion… with a reason), its
  version's expiry, and — when a newer version came into force — that version's effective date
  plus `SUTURA_PROTOCOL_RESIGN_GRACE_DAYS` (members re-sign the new version within that time:
  a signature of the new one continues the membership without a gap);
- an organisation is a member on a day that one of its signatures covers; overlapping and
  touching periods make one run of membership (`since` is when the run began).

Protocols, versions and signatures are not personal data: they say which organisations signed
what, and every signed-in user may learn whether an organisation is a member (the referral
form says so next to each service). Pages about protocols ask `view_governance`.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef
from django.utils import timezone

from sutura.access import visible
from sutura.accounts.models import Organisation
from sutura.governance.models import (
    BINDING_STATUSES,
    LapseReason,
    Protocol,
    ProtocolVersion,
    Signature,
    VersionTransition,
)
from sutura.governance.models.protocols import counts_on

EXPIRED = "expired"
NOT_RESIGNED = "not_resigned"
NEVER_SIGNED = "never_signed"

# Why an organisation is not (or no longer) a member, by code.
REASONS = dict(LapseReason.choices)


@dataclass(frozen=True)
class Membership:
    """Where an organisation stands in the mechanism on one day.

    - `is_member`: its signature of a protocol in force covers the day;
    - `since`: the start of the current run of membership (or of a future one, not yet begun);
    - `until`: the day the current run stops, when known (an end, an expiry, a grace period);
    - `lapsed_on` and `reason`: when not a member, the day the last run stopped and why (a
      code of `REASONS`); `reason` is "never_signed" when no signature ever counted."""

    is_member: bool
    since: datetime.date | None = None
    until: datetime.date | None = None
    lapsed_on: datetime.date | None = None
    reason: str = ""

    @property
    def reason_label(self) -> str:
        return str(REASONS.get(self.reason, "")) if self.reason else ""


@dataclass(frozen=True)
class _Period:
    start: datetime.date
    stop: datetime.date | None  # exclusive; None: open
    reason: str  # why it stops ("" when open)


def _period(signature: Signature) -> _Period | None:
    version = signature.protocol_version
    if version.status not in BINDING_STATUSES or version.effective_from is None:
        return None
    start = max(signature.signed_on, version.effective_from)
    ends = [
        (signature.ended_on, signature.end_reason),
        (version.expires_on, EXPIRED),
        (version.signatures_valid_until, NOT_RESIGNED),
    ]
    known = [(day, reason) for day, reason in ends if day is not None]
    if not known:
        return _Period(start, None, "")
    stop, reason = min(known, key=lambda end: end[0])
    return _Period(start, stop, reason) if stop > start else None


def _runs(periods: Iterable[_Period]) -> list[_Period]:
    """Overlapping or touching periods merged into runs, in order."""
    runs: list[_Period] = []
    for period in sorted(periods, key=lambda p: p.start):
        last = runs[-1] if runs else None
        if last is not None and (last.stop is None or period.start <= last.stop):
            if last.stop is None or (period.stop is not None and period.stop <= last.stop):
                continue  # inside the run
            runs[-1] = _Period(last.start, period.stop, period.reason)
        else:
            runs.append(period)
    return runs


def _standing(periods: Iterable[_Period], on: datetime.date) -> Membership:
    past: _Period | None = None
    future: _Period | None = None
    for run in _runs(periods):
        if run.start <= on and (run.stop is None or on < run.stop):
            return Membership(True, since=run.start, until=run.stop)
        if run.stop is not None and run.stop <= on:
            past = run
        elif run.start > on and future is None:
            future = run
    if past is not None:
        return Membership(
            False, since=future.start if future else None, lapsed_on=past.stop, reason=past.reason
        )
    return Membership(False, since=future.start if future else None, reason=NEVER_SIGNED)


def _signatures(organisation_ids: Iterable[Any] | None) -> models.QuerySet[Signature]:
    rows = Signature.objects.filter(
        protocol_version__status__in=list(BINDING_STATUSES)
    ).select_related("protocol_version")
    return rows if organisation_ids is None else rows.filter(organisation_id__in=organisation_ids)


def membership(organisation: Organisation | Any, on: datetime.date | None = None) -> Membership:
    """Is `organisation` (or its id) an NRM member on `on` (today by default)? One query.
    The rule every app asks (the referral sharing rule, the directory, the API)."""
    organisation_id = getattr(organisation, "pk", organisation)
    on = on or timezone.localdate()
    return _standing(filter(None, map(_period, _signatures([organisation_id]))), on)


def memberships(
    organisation_ids: Iterable[Any] | None = None, on: datetime.date | None = None
) -> dict[Any, Membership]:
    """`membership()` for many organisations in one query: {organisation id: Membership}.
    Organisations that never signed are absent (`.get(id)` → None; see `member_of`)."""
    on = on or timezone.localdate()
    ids = None if organisation_ids is None else list(organisation_ids)
    periods: dict[Any, list[_Period]] = {}
    for signature in _signatures(ids):
        period = _period(signature)
        if period is not None:
            periods.setdefault(signature.organisation_id, []).append(period)
    return {org_id: _standing(found, on) for org_id, found in periods.items()}


def member_of(found: dict[Any, Membership], organisation_id: Any) -> Membership:
    return found.get(organisation_id) or Membership(False, reason=NEVER_SIGNED)


def is_member_expression(organisation_field: str, on: datetime.date | None = None) -> Exists:
    """An `Exists` to annotate or filter any queryset by its organisation's membership, e.g.
    `services.annotate(provider_is_member=is_member_expression("provider_id"))`."""
    on = on or timezone.localdate()
    return Exists(
        Signature.objects.filter(counts_on(on), organisation_id=OuterRef(organisation_field))
    )


def member_ids(on: datetime.date | None = None) -> set[Any]:
    """The ids of the organisations that are members on `on`."""
    on = on or timezone.localdate()
    return set(Signature.objects.filter(counts_on(on)).values_list("organisation_id", flat=True))


# --- the pages --------------------------------------------------------------------------------


@dataclass(frozen=True)
class MemberRow:
    organisation: Organisation
    membership: Membership
    signatures: list[Signature]


def membership_rows(on: datetime.date | None = None) -> list[MemberRow]:
    """Every organisation that ever signed, with its membership and its signatures (members
    first, then lapsed): the membership page. Two queries."""
    on = on or timezone.localdate()
    by_org: dict[Any, list[Signature]] = {}
    for signature in _signatures(None).select_related("protocol_version__protocol", "organisation"):
        by_org.setdefault(signature.organisation_id, []).append(signature)
    found = memberships(by_org, on=on)
    rows = [
        MemberRow(sigs[0].organisation, member_of(found, org_id), sigs)
        for org_id, sigs in by_org.items()
    ]
    return sorted(rows, key=lambda r: (not r.membership.is_member, r.organisation.name))


def protocols(user: Any) -> list[Protocol]:
    """Every protocol, with its versions (newest first)."""
    return list(
        visible(user, Protocol)
        .select_related("country")
        .prefetch_related(
            models.Prefetch("versions", visible(user, ProtocolVersion).order_by("-number"))
        )
    )


def versions_of(user: Any, protocol: Protocol) -> list[ProtocolVersion]:
    return list(visible(user, ProtocolVersion).filter(protocol=protocol).order_by("-number"))


def latest_version(user: Any, protocol: Protocol) -> ProtocolVersion | None:
    return visible(user, ProtocolVersion).filter(protocol=protocol).order_by("-number").first()


def signatures_of(user: Any, version: ProtocolVersion) -> list[Signature]:
    return list(
        visible(user, Signature)
        .filter(protocol_version=version)
        .select_related("organisation")
        .order_by("signed_on", "organisation__name")
    )


def steps_of(user: Any, version: ProtocolVersion) -> list[VersionTransition]:
    return list(
        visible(user, VersionTransition).filter(protocol_version=version).select_related("by")
    )


def unsigned_organisations(version: ProtocolVersion) -> models.QuerySet[Organisation]:
    """Active organisations that have not signed this version (the signature form's choices)."""
    return Organisation.objects.filter(is_active=True).exclude(
        pk__in=Signature.objects.filter(protocol_version=version).values("organisation_id")
    )
