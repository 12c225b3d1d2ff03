"""Programme writes: a programme and its details, donors, budget envelopes, the results
framework (results, their indicators, baselines, targets and entered actuals per period), and
tags. Each takes the acting user first, checks that they keep the programme
(`access.programmes.manages_programme`), and runs in one transaction; edits of a record opened
earlier go through `save_versioned` (someone else's newer save is never overwritten)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from sutura.access import can, visible
from sutura.access.programmes import manages_programme
from sutura.accounts.roles import Perm
from sutura.cases.models import Currency, Dimension, Programme
from sutura.core import indicators
from sutura.core.concurrency import save_versioned
from sutura.core.locking import locked
from sutura.programmes import periods
from sutura.programmes.models import (
    PARENT_LEVEL,
    Donor,
    Envelope,
    PeriodValue,
    ProgrammeProfile,
    ProgrammeTag,
    ResultIndicator,
    ResultLevel,
    ResultNode,
    Unit,
)
from sutura.programmes.taggable import KINDS


def _name_taken() -> str:
    return _("Your organisation already has a programme of this name.")


PROFILE_FIELDS = ("description", "starts_on", "ends_on", "warning_percent", "alert_percent")


def _require_manages(actor: Any, programme: Programme) -> None:
    if not manages_programme(actor, programme):
        raise PermissionDenied


def _check_details(data: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    if not str(data.get("name", "x")).strip():
        errors["name"] = _("Give the programme a name.")
    starts, ends = data.get("starts_on"), data.get("ends_on")
    if starts and ends and ends < starts:
        errors["ends_on"] = _("The end must not be before the start.")
    warning, alert = data.get("warning_percent"), data.get("alert_percent")
    if warning is not None and alert is not None and alert < warning:
        errors["alert_percent"] = _("The alert comes at or after the warning.")
    for name in ("warning_percent", "alert_percent"):
        value = data.get(name)
        if value is not None and not 1 <= value <= 1000:
            errors[name] = _("Give a percentage between 1 and 1000.")
    if errors:
        raise ValidationError(errors)


def _own_donors(actor: Any, donors: Iterable[Donor]) -> list[Donor]:
    donors = list(donors)
    if any(d.organisation_id != actor.organisation_id for d in donors):
        raise ValidationError({"donors": _("Choose donors from your organisation's list.")})
    return donors


def _donor_text(donors: list[Donor]) -> str:
    """`cases.Programme.donor` (shown by the cases app) follows the donors chosen."""
    return ", ".join(sorted(str(d) for d in donors))[:200]


@transaction.atomic
def create_programme(
    *,
    actor: Any,
    name: str,
    code: str = "",
    description: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    donors: Iterable[Donor] = (),
    areas: Iterable[Any] = (),
    partners: Iterable[Any] = (),
    warning_percent: int | None = None,
    alert_percent: int | None = None,
) -> Programme:
    """A programme manager sets up a programme of their organisation: its donors, period,
    places and implementing partners (envelopes and results come next, on its page)."""
    if not can(actor, Perm.MANAGE_PROGRAMMES) or actor.organisation_id is None:
        raise PermissionDenied
    details = {
        "name": name,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "warning_percent": warning_percent,
        "alert_percent": alert_percent,
    }
    _check_details(details)
    chosen = _own_donors(actor, donors)
    if visible(actor, Programme).filter(name__iexact=name.strip()).exists():
        raise ValidationError(
            {"name": _("Your organisation already has a programme of this name.")}
        )
    programme = Programme.objects.create(
        organisation_id=actor.organisation_id,
        name=name.strip(),
        code=code.strip(),
        donor=_donor_text(chosen),
    )
    profile = ProgrammeProfile(
        programme=programme, description=description, starts_on=starts_on, ends_on=ends_on
    )
    if warning_percent is not None:
        profile.warning_percent = warning_percent
    if alert_percent is not None:
        profile.alert_percent = alert_percent
    profile.save()
    profile.donors.set(chosen)
    profile.areas.set(list(areas))
    profile.partners.set([p for p in partners if p.pk != actor.organisation_id])
    return programme


def profile_for_edit(programme: Programme) -> ProgrammeProfile:
    """The programme's details row (made for a programme the cases app created before)."""
    profile, _created = ProgrammeProfile.objects.get_or_create(programme=programme)
    return profile


@transaction.atomic
def update_programme(
    *,
    actor: Any,
    programme: Programme,
    expected_version: int,
    name: str,
    code: str = "",
    description: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    donors: Iterable[Donor] = (),
    areas: Iterable[Any] = (),
    partners: Iterable[Any] = (),
    warning_percent: int,
    alert_percent: int,
) -> Programme:
    """Change a programme's details; refused if someone saved it since it was opened."""
    _require_manages(actor, programme)
    details = {
        "name": name,
        "starts_on": starts_on,
        "ends_on": ends_on,
        "warning_percent": warning_percent,
        "alert_percent": alert_percent,
    }
    _check_details(details)
    chosen = _own_donors(actor, donors)
    taken = visible(actor, Programme).filter(name__iexact=name.strip()).exclude(pk=programme.pk)
    if taken.exists():
        raise ValidationError(
            {"name": _("Your organisation already has a programme of this name.")}
        )
    profile = profile_for_edit(programme)
    profile.description, profile.starts_on, profile.ends_on = description, starts_on, ends_on
    profile.warning_percent, profile.alert_percent = warning_percent, alert_percent
    save_versioned(profile, expected_version=expected_version, fields=PROFILE_FIELDS)
    profile.donors.set(chosen)
    profile.areas.set(list(areas))
    profile.partners.set([p for p in partners if p.pk != programme.organisation_id])
    programme = locked(programme)
    programme.name, programme.code, programme.donor = (
        name.strip(),
        code.strip(),
        _donor_text(chosen),
    )
    programme.save(update_fields=["name", "code", "donor", "updated_at"])
    return programme


@transaction.atomic
def add_donor(*, actor: Any, name: str, acronym: str = "") -> Donor:
    """Add a donor to the organisation's list."""
    if not can(actor, Perm.MANAGE_PROGRAMMES) or actor.organisation_id is None:
        raise PermissionDenied
    if not name.strip():
        raise ValidationError({"name": _("Give the donor's name.")})
    if Donor.objects.filter(
        organisation_id=actor.organisation_id, name__iexact=name.strip()
    ).exists():
        raise ValidationError({"name": _("This donor is already on your list.")})
    return Donor.objects.create(
        organisation_id=actor.organisation_id, name=name.strip(), acronym=acronym.strip()
    )


def _check_envelope(data: dict[str, Any]) -> None:
    errors: dict[str, Any] = {}
    if not str(data["budget_line"]).strip():
        errors["budget_line"] = _("Name the budget line.")
    if data["currency"] not in Currency.values:
        errors["currency"] = _("Choose a currency.")
    if data["dimension"] and data["dimension"] not in Dimension.values:
        errors["dimension"] = _("Choose a dimension, or none.")
    amount = data["amount"]
    if amount is None or amount < 0:
        errors["amount"] = _("Give an amount of zero or more.")
    elif data["currency"] in ("XOF", "XAF") and amount != amount.to_integral_value():
        errors["amount"] = _("The CFA franc has no cents: give a whole amount.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def save_envelope(
    *,
    actor: Any,
    programme: Programme,
    budget_line: str,
    currency: str,
    amount: Decimal,
    dimension: str = "",
    envelope: Envelope | None = None,
    expected_version: int | None = None,
) -> Envelope:
    """Add a budget envelope to the programme, or change one (version-checked)."""
    _require_manages(actor, programme)
    data = {
        "budget_line": budget_line.strip(),
        "currency": currency,
        "amount": amount,
        "dimension": dimension or "",
    }
    _check_envelope(data)
    same = Envelope.objects.filter(
        programme=programme, currency=currency, budget_line__iexact=data["budget_line"]
    )
    if envelope is not None:
        same = same.exclude(pk=envelope.pk)
    if same.exists():
        raise ValidationError({"budget_line": _("This budget line already has an envelope.")})
    if envelope is None:
        return Envelope.objects.create(programme=programme, **data)
    if envelope.programme_id != programme.pk:
        raise PermissionDenied
    for name, value in data.items():
        setattr(envelope, name, value)
    return save_versioned(envelope, expected_version=expected_version or 0, fields=list(data))


@transaction.atomic
def add_result(
    *,
    actor: Any,
    programme: Programme,
    level: str,
    statement: str,
    code: str = "",
    parent: ResultNode | None = None,
) -> ResultNode:
    """Add a goal, an outcome (under the goal) or an output (under an outcome)."""
    _require_manages(actor, programme)
    errors: dict[str, Any] = {}
    if level not in ResultLevel.values:
        errors["level"] = _("Choose goal, outcome or output.")
    elif PARENT_LEVEL[ResultLevel(level)] is None and parent is not None:
        errors["parent"] = _("A goal stands at the top of the framework.")
    elif PARENT_LEVEL[ResultLevel(level)] is not None and (
        parent is None or parent.level != PARENT_LEVEL[ResultLevel(level)]
    ):
        errors["parent"] = (
            _("An outcome sits under the goal.")
            if level == ResultLevel.OUTCOME
            else _("An output sits under an outcome.")
        )
    if parent is not None and parent.programme_id != programme.pk:
        errors["parent"] = _("Choose a result of this programme.")
    if not statement.strip():
        errors["statement"] = _("State the result.")
    if errors:
        raise ValidationError(errors)
    return ResultNode.objects.create(
        programme=programme,
        parent=parent,
        level=level,
        code=code.strip(),
        statement=statement.strip(),
    )


def registry_codes() -> set[str]:
    return {indicator.code for indicator in indicators.all_indicators()}


@transaction.atomic
def add_result_indicator(
    *,
    actor: Any,
    result: ResultNode,
    code: str = "",
    name: str = "",
    unit: str = Unit.COUNT,
    source: str = "",
) -> ResultIndicator:
    """Measure a result with an indicator of the registry (computed from the data), or with one
    entered by hand: then its name and source are needed."""
    _require_manages(actor, result.programme)
    errors: dict[str, Any] = {}
    code, name = code.strip(), name.strip()
    if code and code not in registry_codes():
        errors["code"] = _("Choose an indicator of the list.")
    if not code and not name:
        errors["name"] = _("Name the indicator, or choose one of the list.")
    if not code and not source.strip():
        errors["source"] = _("Say where the figures of an indicator entered by hand come from.")
    if unit not in Unit.values:
        errors["unit"] = _("Choose a unit.")
    if errors:
        raise ValidationError(errors)
    if code:  # the registry's own unit, when it says one we know
        unit = str(getattr(indicators.get(code), "unit", unit))
        unit = unit if unit in Unit.values else Unit.COUNT
    return ResultIndicator.objects.create(
        result=result, code=code, name=name, unit=unit, source=source.strip()
    )


@transaction.atomic
def set_period_value(
    *,
    actor: Any,
    indicator: ResultIndicator,
    period: str,
    baseline: Decimal | None = None,
    target: Decimal | None = None,
    actual: Decimal | None = None,
    actual_source: str = "",
    expected_version: int | None = None,
) -> PeriodValue:
    """Set an indicator's baseline and target for a period, and its actual when the figures
    come from outside Sutura (with their source). The period's row is made the first time;
    changing it later needs the version the user opened."""
    _require_manages(actor, indicator.result.programme)
    try:
        found = periods.parse(period)
    except ValidationError as error:
        raise ValidationError({"period": error.messages}) from error
    errors: dict[str, Any] = {}
    if indicator.computed and actual is not None:
        errors["actual"] = _("This indicator is computed from the data: leave the actual empty.")
    if actual is not None and not actual_source.strip():
        errors["actual_source"] = _("Say where the actual comes from.")
    if errors:
        raise ValidationError(errors)
    values = {
        "baseline": baseline,
        "target": target,
        "actual": actual,
        "actual_source": actual_source.strip(),
    }
    row = PeriodValue.objects.filter(indicator=indicator, period=found.code).first()
    if row is None:
        try:
            with transaction.atomic():
                return PeriodValue.objects.create(
                    indicator=indicator,
                    period=found.code,
                    starts_on=found.start,
                    ends_on=found.end,
                    **values,
                )
        except IntegrityError:  # made meanwhile by someone else: theirs stands
            raise ValidationError(
                _("Someone else set this period meanwhile: reload the page.")
            ) from None
    if expected_version is None:
        raise ValidationError({"period": _("This period is already set: change it instead.")})
    for name, value in values.items():
        setattr(row, name, value)
    return save_versioned(row, expected_version=expected_version, fields=list(values))


@transaction.atomic
def tag(*, actor: Any, programme: Programme, kind: str, object_id: Any) -> ProgrammeTag:
    """Count a meeting, a mentoring activity or a community's work under the programme (and so
    its donors): one of the organisation's records the user may see."""
    _require_manages(actor, programme)
    taggable = KINDS.get(kind)
    if taggable is None:
        raise ValidationError({"kind": _("Choose what to tag.")})
    record = (
        visible(actor, taggable.model)
        .filter(pk=str(object_id), organisation_id=programme.organisation_id)
        .first()
    )
    if record is None:
        raise ValidationError({"object_id": _("Choose one of your organisation's records.")})
    content_type = ContentType.objects.get_for_model(taggable.model)
    # One kind is one model (taggable.KINDS): the kind stands for the content type here.
    existing = ProgrammeTag.objects.filter(
        programme=programme, kind=kind, object_id=str(record.pk)
    ).first()
    if existing is not None:
        return existing
    return ProgrammeTag.objects.create(
        programme=programme,
        kind=kind,
        content_type=content_type,
        object_id=str(record.pk),
        tagged_by=actor,
    )


@transaction.atomic
def untag(*, actor: Any, tag: ProgrammeTag) -> None:
    _require_manages(actor, tag.programme)
    tag.delete()
