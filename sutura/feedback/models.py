"""Complaints and feedback (accountability to affected people).

- `Category`: what an item is about, kept as data (seeded by migration 0002): its names in
  French and English, whether it is **sensitive** (sexual exploitation and abuse, fraud: only
  the organisation's designated PSEA focal points ever see such an item) and its deadlines.
- `FeedbackItem`: one complaint, question, suggestion or thanks, from any channel (the public
  form included), with its workflow (`services/workflow.py::TRANSITIONS`), each step an
  `ItemStep` (who, when, why). Its `number` is for staff; its `tracking_code` (random) is what
  the complainant types to follow the status, and nothing else.
- `Implicated`: who the item names as its subject (a staff member, a volunteer, a partner
  organisation, or someone named only): they and their line managers never see the item
  (`sutura.access.feedback`).
- `PseaDesignation`: who, in an organisation, is a PSEA focal point, from when until when (a
  designation, not a role everyone has).
- `IntakePoint`: a public form's address and QR poster, per organisation, site or community.
- `ServiceFeedback`: a person's opinion of a service received (a completed referral, an
  assistance delivered): ratings only, no free text and nobody's name; per-service counts feed
  the directory.
"""

from __future__ import annotations

from datetime import datetime

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.people.models import Sex  # the people's own choices: one set of codes


class Sensitivity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    SENSITIVE = "sensitive", _("Sensitive (PSEA focal points only)")


class Category(TimeStampedModel):
    """What an item is about. Reference data: the codes are stable, the names editable."""

    personal_data = False

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    public_fr = models.CharField(_("name on the public form (French)"), max_length=160, blank=True)
    public_en = models.CharField(_("name on the public form (English)"), max_length=160, blank=True)
    sensitivity = models.CharField(
        _("sensitivity"), max_length=12, choices=Sensitivity.choices, default=Sensitivity.NORMAL
    )
    acknowledge_hours = models.PositiveIntegerField(
        _("acknowledge within (hours)"),
        help_text=_("From receipt: an item not acknowledged by then is overdue."),
    )
    respond_days = models.PositiveIntegerField(
        _("respond within (days)"),
        help_text=_("From receipt: an item without a response by then is overdue."),
    )
    on_public_form = models.BooleanField(_("offered on the public form"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("feedback category")
        verbose_name_plural = _("feedback categories")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name_en if (get_language() or "fr").startswith("en") else self.name_fr

    @property
    def public_name(self) -> str:
        english = (get_language() or "fr").startswith("en")
        return (self.public_en if english else self.public_fr) or str(self)

    @property
    def sensitive(self) -> bool:
        return self.sensitivity == Sensitivity.SENSITIVE


class Channel(models.TextChoices):
    HOTLINE = "hotline", _("Hotline (phone call)")
    SUGGESTION_BOX = "suggestion_box", _("Suggestion box")
    IN_PERSON = "in_person", _("In person")
    COMMITTEE = "committee", _("Community committee")
    VOLUNTEER = "volunteer", _("Volunteer or mentor")
    SMS = "sms", _("SMS")
    WHATSAPP = "whatsapp", _("WhatsApp")
    EMAIL = "email", _("E-mail")
    PUBLIC_FORM = "public_form", _("Public form (web)")


# The channels staff type in; the public form is its own.
STAFF_CHANNELS = [c for c in Channel if c != Channel.PUBLIC_FORM]


class ItemStatus(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("feedback status", "Received")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("feedback status", "Acknowledged")
    IN_REVIEW = "in_review", pgettext_lazy("feedback status", "In review")
    RESPONDED = "responded", pgettext_lazy("feedback status", "Responded")
    REFERRED = "referred", pgettext_lazy("feedback status", "Referred")
    CLOSED = "closed", pgettext_lazy("feedback status", "Closed")


OPEN_STATUSES = (
    ItemStatus.RECEIVED,
    ItemStatus.ACKNOWLEDGED,
    ItemStatus.IN_REVIEW,
    ItemStatus.RESPONDED,
)


class Closure(models.TextChoices):
    INFORMED = "informed", _("Complainant informed of the outcome")
    UNREACHABLE = "unreachable", _("Complainant could not be reached")
    NO_CONTACT = "no_contact", _("Anonymous: no way to inform the complainant")


class ContactMethod(models.TextChoices):
    NONE = "none", _("No contact (anonymous)")
    PHONE = "phone", _("By phone")
    TRUSTED_PERSON = "trusted_person", _("Through a trusted person")
    EMAIL = "email", _("By e-mail")
    IN_PERSON = "in_person", _("In person, at the office or through the volunteer")


class AgeGroup(models.TextChoices):
    CHILD = "under_18", _("Under 18")
    YOUTH = "18_24", _("18–24")
    ADULT = "25_59", _("25–59")
    OLDER = "60_plus", _("60 and over")
    UNKNOWN = "unknown", _("Age not known")


class IntakeKind(models.TextChoices):
    ORGANISATION = "organisation", _("Organisation")
    SITE = "site", _("Site (office, centre, transit point)")
    COMMUNITY = "community", _("Community")


class IntakePoint(AuditedModel, VersionedModel):
    """Where a public form is reached: its short address (`/r/<code>/`) and QR poster. Items
    filed through it belong to its organisation and carry its place."""

    personal_data = False

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=IntakeKind.choices)
    name = models.CharField(_("name"), max_length=160)
    code = models.SlugField(_("short code"), max_length=16, unique=True)
    location = models.ForeignKey(
        "geo.Location",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    community = models.ForeignKey(
        "community.Community",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    active = models.BooleanField(_("active"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("intake point")
        verbose_name_plural = _("intake points")
        ordering = ["organisation", "name"]

    def __str__(self) -> str:
        return self.name


class FeedbackItem(AuditedModel, VersionedModel):
    """One complaint, question, suggestion or thanks. The audit log names it by its reference
    and keeps the values of its status and organisation only: every other field is logged as
    "(changed)" — its category, deadlines, handler or referral would tell a reader of the log
    (a system administrator) what it is about, and what the complainant said or who they are
    never enters it. Nor a notification: those carry the reference and a link."""

    audit_sensitive_fields = frozenset(
        {
            "channel",
            "category",
            "sensitive",
            "intake_point",
            "received_at",
            "description",
            "location",
            "community",
            "sex",
            "age_group",
            "contact_method",
            "contact_name",
            "contact_phone",
            "contact_email",
            "trusted_person",
            "handler",
            "acknowledge_due",
            "respond_due",
            "acknowledged_at",
            "responded_at",
            "closed_at",
            "response",
            "closure",
            "referred_to",
            "referred_channel",
            "recorded_by",
            "tracking_code",
            "overdue_notified",
        }
    )

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    number = models.CharField(_("reference"), max_length=20, unique=True)
    tracking_code = models.CharField(_("tracking code"), max_length=16, unique=True)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("category"), on_delete=models.PROTECT, related_name="+"
    )
    # The category's sensitivity, kept on the row (set by the services with the category) so
    # that the access filter needs no join.
    sensitive = models.BooleanField(default=False, editable=False)
    intake_point = models.ForeignKey(
        IntakePoint,
        verbose_name=_("intake point"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    received_at = models.DateTimeField(_("received on"), default=timezone.now)
    description = models.TextField(_("what was said"))
    location = models.ForeignKey(
        "geo.Location",
        verbose_name=_("place"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    community = models.ForeignKey(
        "community.Community",
        verbose_name=_("community"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    sex = models.CharField(
        _("sex of the complainant"),
        max_length=12,
        choices=Sex.choices,
        default=Sex.NOT_STATED,
    )
    age_group = models.CharField(
        _("age group of the complainant"),
        max_length=12,
        choices=AgeGroup.choices,
        default=AgeGroup.UNKNOWN,
    )
    contact_method = models.CharField(
        _("how to reach the complainant"),
        max_length=20,
        choices=ContactMethod.choices,
        default=ContactMethod.NONE,
    )
    contact_name = models.CharField(_("name (if given)"), max_length=160, blank=True)
    contact_phone = models.CharField(_("phone"), max_length=40, blank=True)
    contact_email = models.EmailField(_("e-mail"), blank=True)
    trusted_person = models.CharField(
        _("trusted person (name and phone)"), max_length=200, blank=True
    )
    status = models.CharField(
        _("status"), max_length=14, choices=ItemStatus.choices, default=ItemStatus.RECEIVED
    )
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("handler"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    acknowledge_due = models.DateTimeField(_("to acknowledge by"))
    respond_due = models.DateTimeField(_("to respond by"))
    acknowledged_at = models.DateTimeField(_("acknowledged on"), null=True, blank=True)
    responded_at = models.DateTimeField(_("responded on"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed on"), null=True, blank=True)
    response = models.TextField(_("response given"), blank=True)
    closure = models.CharField(
        _("how it was closed"), max_length=12, choices=Closure.choices, blank=True
    )
    referred_to = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("referred to"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referred_channel = models.CharField(
        _("referred to (investigation channel)"), max_length=200, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    # When the overdue sweep last told the handlers (once per deadline).
    overdue_notified = models.CharField(max_length=20, blank=True, editable=False)

    class Meta:
        verbose_name = _("feedback item")
        verbose_name_plural = _("feedback items")
        ordering = ["-received_at"]
        indexes = [
            models.Index(fields=["organisation", "sensitive", "status"], name="feedback_org"),
            models.Index(fields=["referred_to"], name="feedback_referred"),
            models.Index(fields=["recorded_by"], name="feedback_recorder"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status=ItemStatus.CLOSED) | ~Q(closure=""),
                name="feedback_closed_has_closure",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def audit_label(self) -> str:
        return self.number

    @property
    def anonymous(self) -> bool:
        return self.contact_method == ContactMethod.NONE and not self.contact_name

    @property
    def open(self) -> bool:
        return self.status in OPEN_STATUSES

    def overdue(self, now: datetime | None = None) -> str:
        """ "acknowledge" or "respond" when that deadline has passed undone, else ""."""
        moment = now or timezone.now()
        if self.status == ItemStatus.RECEIVED and moment > self.acknowledge_due:
            return "acknowledge"
        if self.status in OPEN_STATUSES and self.responded_at is None and moment > self.respond_due:
            return "respond"
        return ""


class ImplicatedKind(models.TextChoices):
    STAFF = "staff", _("Staff member")
    VOLUNTEER = "volunteer", _("Volunteer or mentor")
    PARTNER = "partner", _("Partner organisation or its staff")
    OTHER = "other", _("Someone else")


class Implicated(AuditedModel, TimeStampedModel):
    """Someone an item names as its subject. A user named here, their line managers (up
    `reports_to`) and, for a volunteer, their focal point never see the item; an organisation
    named here (other than the item's own) has none of its staff see it."""

    audit_sensitive_fields = frozenset(
        {"kind", "user", "organisation", "description", "added_by", "kept_away"}
    )

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="implicated")
    kind = models.CharField(_("who"), max_length=12, choices=ImplicatedKind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user named"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation named"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    description = models.CharField(
        _("name or description"),
        max_length=200,
        blank=True,
        help_text=_("For someone without an account: a name, a role, what identifies them."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    # The accounts the named user kept away when they were named (themselves, their line
    # managers, a volunteer's focal point and that one's manager: `access.feedback`): a later
    # change of line manager or focal point adds whoever comes into that line, and lets nobody
    # out of it.
    kept_away = ArrayField(models.BigIntegerField(), default=list, blank=True, editable=False)

    class Meta:
        verbose_name = _("person implicated")
        verbose_name_plural = _("people implicated")
        ordering = ["created_at"]
        indexes = [models.Index(fields=["user"], name="feedback_implicated_user")]

    def __str__(self) -> str:
        return str(self.get_kind_display())

    def audit_label(self) -> str:
        # Not the kind (withheld from the log's changes too): an administrator would read
        # "staff member" against an item's id.
        return f"#{self.pk}"


class StepKind(models.TextChoices):
    RECEIVED = "received", pgettext_lazy("feedback step", "Received")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("feedback step", "Acknowledged")
    ASSIGNED = "assigned", pgettext_lazy("feedback step", "Assigned")
    RESPONDED = "responded", pgettext_lazy("feedback step", "Responded")
    REFERRED = "referred", pgettext_lazy("feedback step", "Referred")
    CLOSED = "closed", pgettext_lazy("feedback step", "Closed")
    RECLASSIFIED = "reclassified", pgettext_lazy("feedback step", "Category changed")
    REOPENED = "reopened", pgettext_lazy("feedback step", "Reopened")


class ItemStep(TimeStampedModel):
    """One step of an item's workflow: who, when, why (the item's history)."""

    item = models.ForeignKey(FeedbackItem, on_delete=models.CASCADE, related_name="steps")
    kind = models.CharField(max_length=14, choices=StepKind.choices)
    from_status = models.CharField(max_length=14, choices=ItemStatus.choices, blank=True)
    to_status = models.CharField(max_length=14, choices=ItemStatus.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    note = models.TextField(_("why"), blank=True)
    # What the step chose: the handler it gave the item to, the category it moved it into.
    handler = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["created_at"]


class PseaDesignation(AuditedModel, VersionedModel):
    """A user designated PSEA focal point of their organisation, for a period."""

    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("focal point"),
        on_delete=models.PROTECT,
        related_name="psea_designations",
    )
    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("until"), null=True, blank=True)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("PSEA focal point designation")
        verbose_name_plural = _("PSEA focal point designations")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="feedback_designation_dates",
            ),
        ]

    def __str__(self) -> str:
        return str(self.user)


class Satisfaction(models.TextChoices):
    SATISFIED = "satisfied", _("Satisfied")
    PARTLY = "partly", _("Partly satisfied")
    NOT_SATISFIED = "not_satisfied", _("Not satisfied")


class FeedbackSource(models.TextChoices):
    CASEWORKER = "caseworker", _("Recorded by a caseworker")
    PUBLIC = "public", _("Left by the person (public form)")


class ServiceFeedback(AuditedModel, TimeStampedModel):
    """A person's opinion of a service they received: after a completed referral (rated for
    the referral's directory service) or an assistance delivered. Ratings only: no text, no
    name; one per referral or delivery and source."""

    service = models.ForeignKey(
        "directory.Service",
        verbose_name=_("service"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    referral = models.ForeignKey(
        "referrals.Referral",
        verbose_name=_("referral"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    delivery = models.ForeignKey(
        "cases.AssistanceDelivery",
        verbose_name=_("assistance delivered"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation that gave the service"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    source = models.CharField(_("source"), max_length=12, choices=FeedbackSource.choices)
    satisfaction = models.CharField(_("satisfied?"), max_length=14, choices=Satisfaction.choices)
    timely = models.BooleanField(_("on time?"), null=True, blank=True)
    respectful = models.BooleanField(_("treated with respect?"), null=True, blank=True)
    would_recommend = models.BooleanField(_("would recommend it?"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )

    class Meta:
        verbose_name = _("feedback on a service")
        verbose_name_plural = _("feedback on services")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(referral__isnull=False, delivery__isnull=True)
                | Q(referral__isnull=True, delivery__isnull=False),
                name="feedback_service_one_subject",
            ),
            models.UniqueConstraint(
                fields=["referral", "source"],
                condition=Q(referral__isnull=False),
                name="feedback_one_per_referral",
            ),
            models.UniqueConstraint(
                fields=["delivery", "source"],
                condition=Q(delivery__isnull=False),
                name="feedback_one_per_delivery",
            ),
        ]
        indexes = [models.Index(fields=["service"], name="feedback_service")]

    def __str__(self) -> str:
        return str(self.get_satisfaction_display())


class ItemCounter(models.Model):
    """The last item number given per year (FB-2026-000042)."""

    personal_data = False

    year = models.PositiveIntegerField(primary_key=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"


# --- the public form's guards (public part: `sutura/feedback/public_guard.py`) -----------------


class PublicSubmission(models.Model):
    """A public form (or a public API call with an Idempotency-Key) already sent: a hash of its
    key and the item it filed. The same form sent again — a double tap, a retry on a weak
    network whose first answer was lost — finds this row and answers the same tracking code
    instead of filing a second item. Nothing about the complainant: kept a day."""

    personal_data = False  # a hash and which item: nothing said, nobody named

    key = models.CharField(max_length=64, unique=True)
    # The API's retry must send the same body (a hash of it); the form's key is ours, random.
    fingerprint = models.CharField(max_length=64, blank=True)
    item = models.ForeignKey(
        FeedbackItem, on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return self.key[:12]


class PublicThrottle(models.Model):
    """How many times a client address used a public door (the form, the status check) in the
    current hour. The address is kept only as a keyed hash (HMAC with the site's secret)."""

    personal_data = False  # a keyed hash of an address and a count

    scope = models.CharField(max_length=12)
    key = models.CharField(max_length=64)
    window_start = models.DateTimeField(db_index=True)
    count = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["scope", "key"], name="feedback_public_throttle_key")
        ]

    def __str__(self) -> str:
        return f"{self.scope} {self.key[:12]}: {self.count}"
