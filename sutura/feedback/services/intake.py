"""Items come in: recorded by staff from any channel, or filed through the public form."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from sutura.access import visible
from sutura.access.feedback import (
    designators_for,
    line_when_named,
    recipients_for,
    records_feedback,
)
from sutura.community.models import Community
from sutura.core.counters import next_value
from sutura.feedback.models import (
    STAFF_CHANNELS,
    Category,
    Channel,
    ContactMethod,
    FeedbackItem,
    Implicated,
    ImplicatedKind,
    IntakePoint,
    ItemCounter,
    ItemStatus,
    ItemStep,
    StepKind,
)
from sutura.notifications.messages import Text
from sutura.notifications.services import notify

# No 0/O, 1/I/L, 5/S or 2/Z: read aloud on a hotline and typed on a phone without mistakes.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRTUVWXY346789"
TRACKING_GROUPS = 3  # XXXX-XXXX-XXXX: 27^12 codes, about 2^57


def new_tracking_code() -> str:
    return "-".join(
        "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(4)) for _ in range(TRACKING_GROUPS)
    )


def normal_tracking_code(typed: str) -> str:
    """What someone typed (spaces, dashes, small letters, an O for a 0…) as a stored code."""
    letters = "".join(ch for ch in (typed or "").upper() if ch.isalnum())[: 4 * TRACKING_GROUPS]
    return "-".join(letters[i : i + 4] for i in range(0, len(letters), 4))


def item_link(item: FeedbackItem) -> str:
    return reverse("feedback:item", kwargs={"pk": item.pk})


def _number(now: Any) -> str:
    return f"FB-{now.year}-{next_value(ItemCounter, year=now.year):06d}"


def dues(category: Category, received_at: Any) -> tuple[Any, Any]:
    return (
        received_at + timedelta(hours=category.acknowledge_hours),
        received_at + timedelta(days=category.respond_days),
    )


def _check_contact(fields: dict[str, Any]) -> None:
    method = fields.get("contact_method") or ContactMethod.NONE
    errors = {}
    if method == ContactMethod.PHONE and not fields.get("contact_phone"):
        errors["contact_phone"] = _("Give the phone number to call back, or choose no contact.")
    if method == ContactMethod.EMAIL and not fields.get("contact_email"):
        errors["contact_email"] = _("Give the e-mail address, or choose no contact.")
    if method == ContactMethod.TRUSTED_PERSON and not fields.get("trusted_person"):
        errors["trusted_person"] = _("Say who the trusted person is and how to reach them.")
    if errors:
        raise ValidationError(errors)
    if method == ContactMethod.NONE:
        # Anonymous: nothing that identifies the complainant is kept.
        for name in ("contact_name", "contact_phone", "contact_email", "trusted_person"):
            fields[name] = ""


def _implicated_rows(
    item: FeedbackItem, implicated: list[dict[str, Any]], actor: Any
) -> list[Implicated]:
    rows = []
    for spec in implicated:
        kind = spec.get("kind") or ImplicatedKind.OTHER
        user, organisation = spec.get("user"), spec.get("organisation")
        description = (spec.get("description") or "").strip()
        if user is None and organisation is None and not description:
            continue
        if kind not in ImplicatedKind.values:
            raise ValidationError({"implicated": _("Unknown kind of person implicated.")})
        own = item.organisation_id
        if kind == ImplicatedKind.PARTNER:
            if (user is not None and user.organisation_id == own) or (
                organisation is not None and organisation.pk == own
            ):
                raise ValidationError(
                    {"implicated": _("A partner is another organisation than yours.")}
                )
        elif organisation is not None or (user is not None and user.organisation_id != own):
            raise ValidationError(
                {
                    "implicated": _(
                        "Staff and volunteers are chosen among your organisation's; name "
                        "someone of another organisation as a partner."
                    )
                }
            )
        rows.append(
            Implicated(
                item=item,
                kind=kind,
                user=user,
                organisation=organisation,
                description=description[:200],
                added_by=actor,
                kept_away=line_when_named(user),
            )
        )
    Implicated.objects.bulk_create(rows)
    return rows


def _create(
    *,
    actor: Any,
    organisation_id: Any,
    category: Category,
    channel: str,
    implicated: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> FeedbackItem:
    if not category.active:
        raise ValidationError({"category": _("This category is no longer in use.")})
    description = (fields.get("description") or "").strip()
    if not description:
        raise ValidationError({"description": _("Say what the complaint or feedback is.")})
    fields["description"] = description
    _check_contact(fields)
    now = timezone.now()
    received_at = fields.pop("received_at", None) or now
    if received_at > now + timedelta(minutes=5):
        raise ValidationError({"received_at": _("The date received cannot be in the future.")})
    acknowledge_due, respond_due = dues(category, received_at)
    item = FeedbackItem.objects.create(
        organisation_id=organisation_id,
        number=_number(now),
        tracking_code=new_tracking_code(),
        channel=channel,
        category=category,
        sensitive=category.sensitive,
        received_at=received_at,
        acknowledge_due=acknowledge_due,
        respond_due=respond_due,
        recorded_by=actor,
        **fields,
    )
    ItemStep.objects.create(
        item=item, kind=StepKind.RECEIVED, to_status=ItemStatus.RECEIVED, actor=actor
    )
    _implicated_rows(item, implicated or [], actor)
    # Code and link only: never the category, never a word of what was said.
    told = notify(
        recipients_for(item),
        Text(gettext_noop("New feedback item %(number)s"), number=item.number),
        link=item_link(item),
    )
    if not told:
        # Nobody may handle it (no focal point designated, or every one is implicated): those
        # who designate focal points are asked to designate one. The item waits, counted.
        # No reference: the message must not point at the item (nor say it is sensitive).
        notify(
            designators_for(item),
            Text(
                gettext_noop(
                    "A complaint is waiting with nobody who may handle it: designate a PSEA "
                    "focal point"
                )
            ),
            link=reverse("feedback:focal_points"),
        )
    return item


@transaction.atomic
def record_item(
    *,
    actor: Any,
    category: Category,
    channel: str,
    description: str,
    implicated: list[dict[str, Any]] | None = None,
    **fields: Any,
) -> FeedbackItem:
    """Staff record an item that came by any channel (not the public form)."""
    if not records_feedback(actor):
        raise PermissionDenied(_("You may not record complaints or feedback."))
    if channel not in [c.value for c in STAFF_CHANNELS]:
        raise ValidationError({"channel": _("Choose how the item came in.")})
    intake_point = fields.get("intake_point")
    if intake_point is not None and intake_point.organisation_id != actor.organisation_id:
        raise ValidationError({"intake_point": _("Choose one of your organisation's points.")})
    community = fields.get("community")
    if community is not None and not visible(actor, Community).filter(pk=community.pk).exists():
        raise ValidationError({"community": _("Choose a community you work with.")})
    return _create(
        actor=actor,
        organisation_id=actor.organisation_id,
        category=category,
        channel=channel,
        description=description,
        implicated=implicated,
        **fields,
    )


@transaction.atomic
def submit_public(
    *, intake_point: IntakePoint, category: Category, description: str, **fields: Any
) -> FeedbackItem:
    """The public form (no account): the item belongs to the intake point's organisation and
    carries its place. Only what the form asks is kept."""
    if not intake_point.active:
        raise ValidationError(_("This form is no longer in use."))
    if not category.on_public_form:
        raise ValidationError({"category": _("Choose one of the categories offered.")})
    allowed = {
        "sex",
        "age_group",
        "contact_method",
        "contact_name",
        "contact_phone",
        "contact_email",
        "trusted_person",
    }
    unknown = set(fields) - allowed
    if unknown:
        raise ValueError(f"not asked on the public form: {sorted(unknown)}")
    return _create(
        actor=None,
        organisation_id=intake_point.organisation_id,
        category=category,
        channel=Channel.PUBLIC_FORM,
        description=description,
        intake_point=intake_point,
        location=intake_point.location
        or (intake_point.community.location if intake_point.community is not None else None),
        community=intake_point.community,
        **fields,
    )
