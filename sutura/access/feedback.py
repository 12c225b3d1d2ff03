"""Complaints and feedback: who sees an item, who handles it, who reads the complainant's
identity. Designed for the worst case first: a complaint of sexual exploitation and abuse that
reaches the wrong colleague, or the person accused, can cost the complainant their safety.

Who stands where on a `FeedbackItem`:
- an item that is **not sensitive** is seen by the feedback handlers (`Perm.HANDLE_FEEDBACK`:
  programme managers, community protection officers) and the designated PSEA focal points of
  the organisation that holds it, and of the organisation it was referred to;
- a **sensitive** item (its category says so: sexual exploitation and abuse, fraud) is seen by
  the organisation's **designated PSEA focal points** only (`PseaDesignation` in force today:
  a designation, not a role) — not the handlers, not the programme managers, not the person
  who recorded it;
- **whoever an item implicates never sees it**, whatever their role or designation: a user
  named in it (`Implicated.user`), everyone up their line (`User.reports_to`, three levels),
  and for a volunteer their focal point and the focal point's manager; an organisation named
  in it (other than the item's own) has none of its staff see it;
- the complainant's identity (name, phone, e-mail, trusted person) is read by the item's
  **handler** only (`ItemStanding.reads_identity`); everyone else who sees the item reads
  "identity withheld";
- the person who recorded an item reads, afterwards, its reference, date and status only
  (`recorded_by_user`), like the complainant with their tracking code;
- who read an item (the audit log's reads and refusals of it) is shown to the PSEA focal
  points for a sensitive item and to the handlers for the others (`ItemStanding.sees_reads`).

Figures (`items_counted_for`) count without showing anyone: one's organisation's items for
the handlers, the focal points, the programme managers and the M&E officers; every
organisation's for those who follow the whole mechanism (`Perm.VIEW_NRM_DASHBOARD`), where
another organisation's counts under 5 read "<5"; sensitive categories have no detail except for
PSEA focal points (`counts_sensitive_in_detail`).

Service feedback (`ServiceFeedback`: ratings, no text) is seen row by row by the team of the
case it is about and by whoever recorded it; per-service counts by the NRM coordinator and the
provider's staff (`reads_service_ratings`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from sutura.access.cases import team_cases
from sutura.access.permissions import can, signed_in
from sutura.access.scopes import register_scope
from sutura.accounts.roles import Perm, Role
from sutura.feedback.models import (
    Category,
    FeedbackItem,
    Implicated,
    IntakePoint,
    ItemStep,
    PseaDesignation,
    ServiceFeedback,
)


def _member(user: Any) -> bool:
    return signed_in(user) and user.organisation_id is not None


def handles_feedback(user: Any) -> bool:
    """A feedback handler of their organisation (items that are not sensitive)."""
    return _member(user) and can(user, Perm.HANDLE_FEEDBACK)


def records_feedback(user: Any) -> bool:
    return _member(user) and can(user, Perm.RECORD_FEEDBACK)


def designates_focal_points(user: Any) -> bool:
    return _member(user) and can(user, Perm.DESIGNATE_PSEA)


def designations_in_force(on: Any = None) -> models.QuerySet[PseaDesignation]:
    today = on or timezone.localdate()
    return PseaDesignation.objects.filter(starts_on__lte=today).filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today)
    )


def is_psea_focal_point(user: Any) -> bool:
    """Is the user a designated PSEA focal point of their organisation today?"""
    if not _member(user):
        return False
    return (
        designations_in_force()
        .filter(user_id=user.pk, organisation_id=user.organisation_id)
        .exists()
    )


def focal_points_of(organisation_id: Any) -> models.QuerySet[Any]:
    """The active users designated PSEA focal points of an organisation today."""
    from django.contrib.auth import get_user_model

    ids = designations_in_force().filter(organisation_id=organisation_id).values("user_id")
    return get_user_model().objects.filter(
        pk__in=ids, is_active=True, organisation_id=organisation_id
    )


# --- who an item implicates ----------------------------------------------------------------------


def _implicates(user: Any, item_ref: str = "item_id", owner_ref: str = "organisation_id") -> Q:
    """Implicated rows that keep `user` away from their item: the user named, anyone up their
    line (three levels), a volunteer's focal point and that focal point's manager, the named
    user's direct reports and supervised volunteers, and the staff of an organisation named
    (other than the item's own)."""
    me = user.pk
    return (
        Q(user_id=me)
        | Q(
            user__reports_to_id=me,
        )
        | Q(user__reports_to__reports_to_id=me)
        | Q(user__reports_to__reports_to__reports_to_id=me)
        | Q(user__volunteer__focal_point_id=me)
        | Q(user__volunteer__focal_point__reports_to_id=me)
        # …and down: the named user's direct reports and the volunteers they supervise (the
        # accused must not learn of it through, nor be able to lean on, those under them)
        | Q(user__reports__id=me)
        | Q(user__supervised_volunteers__user_id=me)
        | (Q(organisation_id=user.organisation_id) & ~Q(organisation_id=OuterRef(owner_ref)))
        # the line as it stood when the user was named (leak: `line_when_named`)
        | Q(kept_away__contains=[me])
    )


def implicated_filter(user: Any) -> Q:
    """Items that implicate the user (to exclude)."""
    rows = Implicated.objects.filter(item_id=OuterRef("pk")).filter(_implicates(user))
    return Q(Exists(rows))


def _line_of(named: Any) -> set[Any]:
    """The ids a named user keeps away: themselves, three levels of managers, for a volunteer
    their focal point and the focal point's manager, and their direct reports and supervised
    volunteers (the filter's rule)."""
    kept = {named.pk}
    boss = named.reports_to
    for _level in range(3):
        if boss is None:
            break
        kept.add(boss.pk)
        boss = boss.reports_to
    volunteer = getattr(named, "volunteer", None)
    if volunteer is not None and volunteer.focal_point_id:
        kept.add(volunteer.focal_point_id)
        if volunteer.focal_point.reports_to_id:
            kept.add(volunteer.focal_point.reports_to_id)
    # `.all()`: the item page prefetches them with the item (selectors_items.IMPLICATED_LINE)
    kept.update(report.pk for report in named.reports.all())
    kept.update(volunteer.user_id for volunteer in named.supervised_volunteers.all())
    return kept


def is_implicated(user: Any, item: FeedbackItem) -> bool:
    """Does the item keep this user away (the standing's form of `implicated_filter`)?"""
    for row in item.implicated.all():
        if row.user is not None and user.pk in _line_of(row.user):
            return True
        if user.pk in (row.kept_away or ()):
            return True
        if (
            row.organisation_id is not None
            and row.organisation_id == user.organisation_id
            and row.organisation_id != item.organisation_id
        ):
            return True
    return False


# --- items ---------------------------------------------------------------------------------------


def item_filter(user: Any) -> Q | None:
    """The items a user sees, as a filter (before the implicated exclusion); None: none."""
    if not _member(user):
        return None
    org = user.organisation_id
    ours = Q(organisation_id=org) | Q(referred_to_id=org)
    condition = Q(pk__in=[])
    seen = False
    if handles_feedback(user):
        condition |= ours & Q(sensitive=False)
        seen = True
    if is_psea_focal_point(user):
        condition |= ours
        seen = True
    return condition if seen else None


@register_scope(FeedbackItem)
def _items(user: Any, queryset: models.QuerySet[FeedbackItem]) -> models.QuerySet[FeedbackItem]:
    condition = item_filter(user)
    if condition is None:
        return queryset.none()
    return queryset.filter(condition).exclude(implicated_filter(user))


@dataclass(frozen=True)
class ItemStanding:
    sees: bool = False
    # may take the workflow's steps (acknowledge, assign, respond, refer, close, reclassify)
    handles: bool = False
    # is the assigned handler: reads the complainant's identity
    reads_identity: bool = False
    # reads who read the item (the audit log's reads and refusals of it)
    sees_reads: bool = False
    # a PSEA focal point of the organisation holding the item (or receiving it)
    focal_point: bool = False
    # on the side of the organisation the item was referred to (reads, takes no step)
    receiver: bool = False


NO_STANDING = ItemStanding()


def item_standing(user: Any, item: FeedbackItem) -> ItemStanding:
    """Where the user stands on one item: the same rule as the filter above."""
    if not _member(user):
        return NO_STANDING
    org = user.organisation_id
    owner = item.organisation_id == org
    receiving = item.referred_to_id == org and not owner
    if not (owner or receiving):
        return NO_STANDING
    focal = is_psea_focal_point(user)
    handler_role = handles_feedback(user)
    sees = focal if item.sensitive else focal or handler_role
    if not sees or is_implicated(user, item):
        return NO_STANDING
    return ItemStanding(
        sees=True,
        handles=owner,
        reads_identity=item.handler_id == user.pk,
        sees_reads=owner and (focal if item.sensitive else True),
        focal_point=focal,
        receiver=receiving,
    )


def sees_item(user: Any, item: FeedbackItem) -> bool:
    return item_standing(user, item).sees


def may_handle_items(user: Any) -> bool:
    """Could the user handle any item at all (the desk's pages: 403 otherwise)?"""
    return handles_feedback(user) or is_psea_focal_point(user)


def may_be_handler(user: Any, item: FeedbackItem) -> bool:
    """May this user be assigned the item? They must see it (a sensitive item: a focal
    point; never someone it implicates) and be active in its organisation."""
    return (
        user is not None
        and user.is_active
        and user.organisation_id == item.organisation_id
        and item_standing(user, item).sees
    )


def recorded_by_user(user: Any) -> models.QuerySet[FeedbackItem]:
    """What the recorder reads back of the items they recorded: reference, date, status and
    whether it is sensitive, nothing more (the view takes these columns only)."""
    if not records_feedback(user):
        return FeedbackItem.objects.none()
    mine = FeedbackItem.objects.filter(recorded_by_id=user.pk)
    # named as implicated since (or their line): not even the status (leak)
    return mine.exclude(implicated_filter(user)).only(
        "id", "number", "received_at", "status", "sensitive", "organisation_id", "channel"
    )


def item_for_tracking_code(code: str) -> FeedbackItem | None:
    """The public status check (no account): the item a tracking code names, loaded with its
    status only — the caller shows that and nothing else. `code` is already normalised."""
    if not code:
        return None
    return FeedbackItem.objects.filter(tracking_code=code).only("id", "status").first()


def recipients_for(item: FeedbackItem) -> list[Any]:
    """Who is told about an item (a new one, one reclassified, one overdue): its handler if
    any, otherwise the organisation's focal points (a sensitive item) or its handlers and focal
    points; never someone it implicates (each is asked `item_standing`)."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True, organisation_id=item.organisation_id)
    if item.handler_id:
        handler = [u for u in users.filter(pk=item.handler_id) if item_standing(u, item).sees]
        if handler:
            return handler
        # a handler who no longer sees it (designation ended, named since): whoever may
    focal = Q(pk__in=focal_points_of(item.organisation_id).values("pk"))
    users = users.filter(focal if item.sensitive else focal | Q(roles__overlap=_HANDLER_ROLES))
    return [u for u in users if item_standing(u, item).sees]


def handles_open_items(user: Any) -> bool:
    """Is the user the handler of an open item (their designation may not end before they hand
    it over)? A system question: it says nothing of the items."""
    from sutura.feedback.models import OPEN_STATUSES

    return FeedbackItem.objects.filter(handler_id=user.pk, status__in=OPEN_STATUSES).exists()


def designators_for(item: FeedbackItem) -> list[Any]:
    """Who designates the organisation's focal points (asked to designate one when an item has
    nobody who may handle it), never someone the item implicates."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(
        is_active=True, organisation_id=item.organisation_id, roles__overlap=_DESIGNATOR_ROLES
    )
    return [u for u in users if designates_focal_points(u) and not is_implicated(u, item)]


def receivers_of(item: FeedbackItem, organisation: Any) -> list[Any]:
    """Who is told that an item was referred to their organisation: its PSEA focal points (a
    sensitive item) or its handlers, never someone the item implicates."""
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(is_active=True, organisation_id=organisation.pk)
    focal = Q(pk__in=focal_points_of(organisation.pk).values("pk"))
    users = users.filter(focal if item.sensitive else focal | Q(roles__overlap=_HANDLER_ROLES))
    return [u for u in users if item_standing(u, item).sees]


def stale_notifications(item: FeedbackItem, link: str) -> models.QuerySet[Any]:
    """The notifications about an item (by its link) held by people who no longer see it: a
    reclassified item deletes them."""
    from sutura.notifications.models import Notification

    held = Notification.objects.filter(link=link).select_related("recipient")
    stale = [n.pk for n in held if not item_standing(n.recipient, item).sees]
    return Notification.objects.filter(pk__in=stale)


_DESIGNATOR_ROLES = [Role.PROGRAMME_MANAGER.value]
_HANDLER_ROLES = [Role.PROGRAMME_MANAGER.value, Role.PROTECTION_OFFICER.value]


@register_scope(Implicated)
def _implicated(user: Any, queryset: models.QuerySet[Implicated]) -> models.QuerySet[Any]:
    return queryset.filter(item__in=_items(user, FeedbackItem.objects.all()))


@register_scope(ItemStep)
def _steps(user: Any, queryset: models.QuerySet[ItemStep]) -> models.QuerySet[Any]:
    return queryset.filter(item__in=_items(user, FeedbackItem.objects.all()))


# --- reference data, intake points, designations ------------------------------------------------


@register_scope(Category)
def _categories(user: Any, queryset: models.QuerySet[Category]) -> models.QuerySet[Category]:
    return queryset if _member(user) else queryset.none()


@register_scope(IntakePoint)
def _intake_points(user: Any, queryset: models.QuerySet[IntakePoint]) -> models.QuerySet[Any]:
    """An organisation's intake points: its staff who record or handle feedback."""
    if not (records_feedback(user) or may_handle_items(user)):
        return queryset.none()
    return queryset.filter(organisation_id=user.organisation_id)


def manages_intake_points(user: Any) -> bool:
    return handles_feedback(user) or is_psea_focal_point(user)


@register_scope(PseaDesignation)
def _designations(user: Any, queryset: models.QuerySet[PseaDesignation]) -> models.QuerySet[Any]:
    """Who the organisation's PSEA focal points are is known to all its staff (so they know
    whom to tell); the list of past designations to those who designate."""
    if not _member(user):
        return queryset.none()
    return queryset.filter(organisation_id=user.organisation_id)


# --- figures -------------------------------------------------------------------------------------


def counts_feedback(user: Any) -> bool:
    """Reads the feedback figures (of their organisation at least)."""
    return _member(user) and (
        handles_feedback(user)
        or is_psea_focal_point(user)
        or can(user, Perm.VIEW_INDICATORS)
        or can(user, Perm.VIEW_NRM_DASHBOARD)
    )


def counts_every_organisation(user: Any) -> bool:
    return _member(user) and can(user, Perm.VIEW_NRM_DASHBOARD)


def counts_sensitive_in_detail(user: Any) -> bool:
    return is_psea_focal_point(user)


def items_counted_for(user: Any) -> models.QuerySet[FeedbackItem]:
    """The items a user's figures count (counts only: the figures never list an item).
    Another organisation's counts are protected by the figures ("<5")."""
    if not counts_feedback(user):
        return FeedbackItem.objects.none()
    counted = FeedbackItem.objects.exclude(implicated_filter(user))  # leak: not even counted
    if counts_every_organisation(user):
        return counted
    return counted.filter(organisation_id=user.organisation_id)


def closed_items_before(cutoff: Any) -> models.QuerySet[FeedbackItem]:
    """Items closed before `cutoff` that still hold what was said or who said it: the
    retention job clears them (a system job: no user)."""
    from sutura.feedback.models import ItemStatus

    return FeedbackItem.objects.filter(status=ItemStatus.CLOSED, closed_at__lt=cutoff).exclude(
        description="", contact_name="", contact_phone="", contact_email="", trusted_person=""
    )


def implicated_of(items: models.QuerySet[FeedbackItem]) -> models.QuerySet[Implicated]:
    return Implicated.objects.filter(item__in=items)


def steps_of(items: models.QuerySet[FeedbackItem]) -> models.QuerySet[ItemStep]:
    return ItemStep.objects.filter(item__in=items)


# --- service feedback ----------------------------------------------------------------------------


@register_scope(ServiceFeedback)
def _service_feedback(
    user: Any, queryset: models.QuerySet[ServiceFeedback]
) -> models.QuerySet[Any]:
    if not _member(user):
        return queryset.none()
    cases = team_cases(user)
    return queryset.filter(
        Q(recorded_by_id=user.pk)
        | Q(referral__case__in=cases)
        | Q(delivery__item__plan__case__in=cases)
    )


def reads_service_ratings(user: Any, provider_id: Any) -> bool:
    """Per-service counts: the NRM coordinator (any service), the provider's staff (its own)
    and, for assistance delivered, the programme managers of the organisation that gave it."""
    if not _member(user):
        return False
    if can(user, Perm.MANAGE_DIRECTORY):
        return True
    return user.organisation_id == provider_id


def ratings_counted_for(user: Any) -> models.QuerySet[ServiceFeedback]:
    if not _member(user):
        return ServiceFeedback.objects.none()
    if can(user, Perm.MANAGE_DIRECTORY):
        return ServiceFeedback.objects.all()
    return ServiceFeedback.objects.filter(organisation_id=user.organisation_id)


# --- desk (helper `desk`): the recorder's confirmation, the overdue sweep ------------------------
# (imports inside the functions: the header of this module stays the lead's)

# How long after recording an item its recorder is still shown the tracking code (to read it
# out to the complainant, or to copy it again after a reload); afterwards they read the
# reference, date and status only, like every other item they recorded.
TRACKING_CODE_SHOWN_MINUTES = 60


def tracking_code_for_recorder(user: Any, item: FeedbackItem, now: Any = None) -> str:
    """The tracking code of an item the user has just recorded, to give the complainant; ""
    once `TRACKING_CODE_SHOWN_MINUTES` have passed, or for anyone but its recorder."""
    from datetime import timedelta

    if not records_feedback(user) or item.recorded_by_id != user.pk:
        return ""
    since = (now or timezone.now()) - timedelta(minutes=TRACKING_CODE_SHOWN_MINUTES)
    found = FeedbackItem.objects.filter(pk=item.pk, recorded_by_id=user.pk, created_at__gte=since)
    return found.values_list("tracking_code", flat=True).first() or ""


def overdue_unannounced(now: Any) -> models.QuerySet[FeedbackItem]:
    """Items past a deadline their recipients were not told about yet (the daily sweep, which
    runs with no user): not acknowledged in time and never told, or without a response in time
    and not told of that one. `FeedbackItem.overdue()` is the same rule on one row."""
    from sutura.feedback.models import OPEN_STATUSES, ItemStatus

    late_acknowledgement = Q(status=ItemStatus.RECEIVED, acknowledge_due__lt=now)
    late_response = Q(
        status__in=OPEN_STATUSES, responded_at__isnull=True, respond_due__lt=now
    ) & ~Q(overdue_notified="respond")
    return FeedbackItem.objects.filter(
        (late_acknowledgement & Q(overdue_notified="")) | late_response
    ).order_by("received_at")


# --- the public form (public part) ---------------------------------------------------------------


def item_for_public_receipt(item_id: Any) -> FeedbackItem | None:
    """The item a public form just filed (or filed on the first of two sends of the same form),
    loaded with its tracking code and status only: the receipt shows these and nothing else."""
    if item_id is None:
        return None
    return FeedbackItem.objects.filter(pk=item_id).only("id", "tracking_code", "status").first()


# --- items (helper "items"): who read an item ---------------------------------------------------


def reads_of_item(user: Any, item: FeedbackItem, limit: int = 200) -> models.QuerySet[Any]:
    """The audit log's entries about one item (`AuditEntry` rows), newest first, for whoever
    `sees_reads` it (the PSEA focal points of a sensitive item, the owning side's handlers of
    the others): its reads and exports, its changes and those of the people it implicates, and
    the refused attempts to open it (`AuditContextMiddleware` keeps the path's id, so an
    implicated colleague who tried its address shows here). Nobody else gets a row: the audit
    log stays the administrators' (`access.platform`) for every other question."""
    from django.contrib.contenttypes.models import ContentType

    from sutura.audit.models import Action, AuditEntry

    if not item_standing(user, item).sees_reads:
        return AuditEntry.objects.none()
    types = ContentType.objects.get_for_models(FeedbackItem, Implicated)
    named = Implicated.objects.filter(item_id=item.pk).values_list("pk", flat=True)
    about = Q(content_type=types[FeedbackItem], object_id=str(item.pk)) | Q(
        content_type__isnull=True, action=Action.REFUSED, object_id=str(item.pk)
    )
    implicated = [str(pk) for pk in named]
    if implicated:
        about |= Q(content_type=types[Implicated], object_id__in=implicated)
    found = AuditEntry.objects.filter(about).select_related("actor", "organisation")
    return found.order_by("-at", "-id")[:limit]


# --- leak (helper "leak"): the line kept away, fixed when someone is named -----------------------


def line_when_named(named: Any) -> list[Any]:
    """The ids a user named as implicated keeps away today (`_line_of`), stored on the
    `Implicated` row so that a later change of their line manager or volunteer focal point
    does not let the manager or focal point of the time see the item."""
    if named is None:
        return []
    return sorted(_line_of(named))


def implicates_organisation(item: FeedbackItem, organisation_id: Any) -> bool:
    """Does the item name this organisation (another than its own) as implicated? Its staff
    never see it: the item is not referred there."""
    return (
        organisation_id is not None
        and organisation_id != item.organisation_id
        and Implicated.objects.filter(item_id=item.pk, organisation_id=organisation_id).exists()
    )


# --- service feedback and figures (helper `ratings`) ----------------------------------------------
# (imports inside the functions: the header of this module stays the lead's)


def reads_ratings(user: Any) -> bool:
    """Opens the ratings page: the NRM coordinator (every service) and the staff of an
    organisation (its own services and assistance, `ratings_counted_for`)."""
    return _member(user)


def referral_for_feedback_reference(number: str) -> Any:
    """The public service-feedback page (no account): the referral a feedback reference's
    number names, loaded with what the page checks (its status, the service and who gave it)
    and nothing of the person. The caller checks the reference's check letters (an HMAC of the
    referral) before using it: a number alone, easy to guess, opens nothing."""
    from sutura.referrals.models import Referral

    if not number:
        return None
    return (
        Referral.objects.filter(number=number)
        .only("id", "number", "status", "service_id", "to_organisation_id")
        .first()
    )
