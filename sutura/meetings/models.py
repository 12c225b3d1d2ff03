"""Meetings, workshops, trainings and consultations, shared by every app: agenda, facilitators,
attendance (named participants or counts), minutes, decisions and action items.

A meeting belongs to a *context* (a committee, a working group, a protocol consultation, later
a community or a peer group) named by a code and an id: the app that owns the context
registers who may see its meetings in the access package (`access/meetings.py`,
`register_context`). A meeting without a context is its organising organisation's own.

Kinds and training topics are reference data (rows, with their French and English names), so
an app adds its own kinds in a data migration without touching this one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.core.text import in_language
from sutura.people.models import Sex


class MeetingKind(TimeStampedModel):
    """A kind of meeting (steering committee, training, community dialogue…): reference data."""

    personal_data = False

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=120)
    is_training = models.BooleanField(
        _("training"),
        default=False,
        help_text=_("Trainings have topics, optional test scores and certificates."),
    )
    # Large public sessions usually count attendance (sex × age group × category) instead of
    # listing names; the form opens on counts for these kinds.
    counts_by_default = models.BooleanField(_("attendance counted, not named"), default=False)
    # The app that added the kind ("meetings", "governance", "mentoring", "community"…).
    app = models.CharField(_("added by"), max_length=40, default="meetings")
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("meeting kind")
        verbose_name_plural = _("meeting kinds")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)


class TrainingTopic(TimeStampedModel):
    """A topic a training covers (psychological first aid, PSEA, data protection…)."""

    personal_data = False

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_fr = models.CharField(_("name (French)"), max_length=160)
    name_en = models.CharField(_("name (English)"), max_length=160)
    order = models.PositiveSmallIntegerField(_("order"), default=100)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("training topic")
        verbose_name_plural = _("training topics")
        ordering = ["order", "code"]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return in_language(self.name_fr, self.name_en)


class Mode(models.TextChoices):
    IN_PERSON = "in_person", _("In person")
    ONLINE = "online", _("Online")
    HYBRID = "hybrid", _("In person and online")


class MeetingStatus(models.TextChoices):
    # "une réunion": the French agrees with it (Prévue, Tenue, Annulée).
    PLANNED = "planned", pgettext_lazy("meeting status", "Planned")
    HELD = "held", pgettext_lazy("meeting status", "Held")
    CANCELLED = "cancelled", pgettext_lazy("meeting status", "Cancelled")


class Meeting(AuditedModel, VersionedModel):
    audit_sensitive_fields = frozenset({"title", "objectives", "minutes", "address"})

    kind = models.ForeignKey(
        MeetingKind, verbose_name=_("kind"), on_delete=models.PROTECT, related_name="meetings"
    )
    title = models.CharField(_("title"), max_length=200)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organised by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The context the meeting belongs to: a code registered by the owning app
    # (`sutura.meetings.contexts`) and the id of the committee, group, consultation… Both empty
    # for an organisation's own meeting.
    context_kind = models.CharField(_("context"), max_length=40, blank=True, default="")
    context_id = models.UUIDField(_("context record"), null=True, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"), null=True, blank=True)
    mode = models.CharField(_("held"), max_length=12, choices=Mode.choices, default=Mode.IN_PERSON)
    location = models.ForeignKey(
        "geo.Location",
        verbose_name=_("place"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    address = models.CharField(_("address or venue"), max_length=300, blank=True)
    online_link = models.URLField(_("online link"), max_length=500, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=MeetingStatus.choices, default=MeetingStatus.PLANNED
    )
    objectives = models.TextField(_("objectives"), max_length=4000, blank=True)
    minutes = models.TextField(_("minutes"), max_length=50000, blank=True)
    topics = models.ManyToManyField(
        TrainingTopic, verbose_name=_("training topics"), blank=True, related_name="meetings"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        ordering = ["-starts_at"]
        indexes = [
            models.Index(fields=["organisation", "-starts_at"], name="meetings_org_start"),
            models.Index(fields=["context_kind", "context_id"], name="meetings_context"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__isnull=True) | Q(ends_at__gte=models.F("starts_at")),
                name="meetings_meeting_ends_after_start",
            ),
            models.CheckConstraint(
                condition=(Q(context_kind="") & Q(context_id__isnull=True))
                | (~Q(context_kind="") & Q(context_id__isnull=False)),
                name="meetings_meeting_context_whole",
            ),
        ]

    def audit_label(self) -> str:
        """Named by id in the audit log: free text may name a person."""
        return str(self.pk)[:8]

    def __str__(self) -> str:
        return self.title


class AgendaItem(AuditedModel, TimeStampedModel):
    audit_sensitive_fields = frozenset({"title", "presenter"})

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="agenda_items")
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    title = models.CharField(_("item"), max_length=300)
    presenter = models.CharField(_("presented by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["meeting", "order", "created_at"]

    def audit_label(self) -> str:
        """Named by id in the audit log: free text may name a person."""
        return str(self.pk)[:8]

    def __str__(self) -> str:
        return self.title


class Facilitator(AuditedModel, TimeStampedModel):
    """Who facilitated or trained: a user, or someone from outside named in full."""

    audit_sensitive_fields = frozenset({"name", "organisation_name"})

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="facilitators")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("facilitator")
        verbose_name_plural = _("facilitators")
        ordering = ["meeting", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | ~Q(name=""),
                name="meetings_facilitator_named",
            )
        ]

    def audit_label(self) -> str:
        """Named by id in the audit log: free text may name a person."""
        return str(self.pk)[:8]

    def __str__(self) -> str:
        return self.user.get_full_name() if self.user_id and self.user else self.name


class Decision(AuditedModel, TimeStampedModel):
    audit_sensitive_fields = frozenset({"text"})

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="decisions")
    agenda_item = models.ForeignKey(
        AgendaItem, null=True, blank=True, on_delete=models.SET_NULL, related_name="decisions"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=1)
    text = models.TextField(_("decision"), max_length=4000)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "order", "created_at"]

    def audit_label(self) -> str:
        """Named by id in the audit log: free text may name a person."""
        return str(self.pk)[:8]

    def __str__(self) -> str:
        return self.text[:80]


class ActionStatus(models.TextChoices):
    OPEN = "open", _("To do")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    CANCELLED = "cancelled", _("Cancelled")


OPEN_ACTION_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class ActionItem(AuditedModel, VersionedModel):
    """Something to do after a meeting, for a user or an organisation, by a date. Shown on the
    responsible person's home page until done (or cancelled), flagged once overdue."""

    audit_sensitive_fields = frozenset({"what", "progress_note"})

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="action_items")
    decision = models.ForeignKey(
        Decision, null=True, blank=True, on_delete=models.SET_NULL, related_name="action_items"
    )
    what = models.CharField(_("what"), max_length=500)
    responsible_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("responsible person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("responsible organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    done_on = models.DateField(_("done on"), null=True, blank=True)
    progress_note = models.TextField(_("progress"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("action item")
        verbose_name_plural = _("action items")
        ordering = ["due_on", "created_at"]
        indexes = [
            models.Index(
                fields=["responsible_user", "status", "due_on"], name="meetings_action_user"
            ),
            models.Index(
                fields=["responsible_organisation", "status", "due_on"],
                name="meetings_action_org",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(responsible_user__isnull=False)
                | Q(responsible_organisation__isnull=False),
                name="meetings_action_has_responsible",
            ),
            models.CheckConstraint(
                condition=Q(status="done", done_on__isnull=False) | ~Q(status="done"),
                name="meetings_action_done_dated",
            ),
        ]

    def audit_label(self) -> str:
        """Named by id in the audit log: free text may name a person."""
        return str(self.pk)[:8]

    def __str__(self) -> str:
        return self.what

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_ACTION_STATUSES

    @property
    def is_overdue(self) -> bool:
        return self.is_open and self.due_on is not None and self.due_on < timezone.localdate()


class ParticipantCategory(models.TextChoices):
    """Who a participant is, for attendance "by category of participant"."""

    GOVERNMENT = "government", _("Government")
    UN_AGENCY = "un_agency", _("UN agency")
    INTERNATIONAL_NGO = "international_ngo", _("International NGO")
    NATIONAL_NGO = "national_ngo", _("National NGO")
    CBO = "cbo", _("Community-based organisation")
    PRIVATE_SECTOR = "private_sector", _("Private sector")
    DONOR = "donor", _("Donor")
    COMMUNITY = "community", _("Community")
    # Groups of a community, for its consultations, dialogues and awareness sessions.
    COMMUNITY_LEADERS = "community_leaders", _("Community leaders")
    RELIGIOUS_LEADERS = "religious_leaders", _("Religious leaders")
    WOMEN = "women", _("Women")
    YOUTH = "youth", _("Youth")
    RETURNEES = "returnees", _("Returnees")
    DISPLACED = "displaced", _("Displaced people")
    HOST_COMMUNITY = "host_community", _("Host community")
    DISABILITIES = "disabilities", _("People with disabilities")
    OTHER = "other", _("Other")


# Which categories fit which meetings: organisations for the mechanism's meetings, the groups
# of a community for the community's own (`community_groups` first, the rest after).
ORGANISATION_CATEGORIES = (
    ParticipantCategory.GOVERNMENT,
    ParticipantCategory.UN_AGENCY,
    ParticipantCategory.INTERNATIONAL_NGO,
    ParticipantCategory.NATIONAL_NGO,
    ParticipantCategory.CBO,
    ParticipantCategory.PRIVATE_SECTOR,
    ParticipantCategory.DONOR,
    ParticipantCategory.COMMUNITY,
    ParticipantCategory.OTHER,
)
COMMUNITY_CATEGORIES = (
    ParticipantCategory.COMMUNITY_LEADERS,
    ParticipantCategory.RELIGIOUS_LEADERS,
    ParticipantCategory.WOMEN,
    ParticipantCategory.YOUTH,
    ParticipantCategory.RETURNEES,
    ParticipantCategory.DISPLACED,
    ParticipantCategory.HOST_COMMUNITY,
    ParticipantCategory.DISABILITIES,
    ParticipantCategory.OTHER,
)


class AgeGroup(models.TextChoices):
    """The age groups attendance is counted by (the same bounds as the people's figures)."""

    UNDER_12 = "0_11", _("Under 12")
    ADOLESCENT = "12_17", _("12–17")
    YOUTH = "18_24", _("18–24")
    ADULT = "25_59", _("25–59")
    OLDER = "60_plus", _("60 and over")
    UNKNOWN = "unknown", _("Age not known")


class Participant(AuditedModel, VersionedModel):
    """One participant of a meeting: a user, a registered person, or someone named on the
    sheet (free participant). Invitees are participants not (yet) marked present."""

    audit_sensitive_fields = frozenset({"name", "phone", "email", "function", "organisation_name"})

    meeting = models.ForeignKey(
        Meeting, verbose_name=_("meeting"), on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    person = models.ForeignKey(
        "people.Person",
        verbose_name=_("registered person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation_name = models.CharField(_("organisation"), max_length=200, blank=True)
    category = models.CharField(
        _("category"), max_length=20, choices=ParticipantCategory.choices, blank=True
    )
    function = models.CharField(_("function"), max_length=120, blank=True)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, blank=True)
    age_group = models.CharField(
        _("age group"), max_length=8, choices=AgeGroup.choices, default=AgeGroup.UNKNOWN
    )
    phone = models.CharField(_("phone"), max_length=32, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    invited = models.BooleanField(_("invited"), default=False)
    attended = models.BooleanField(_("present"), default=True)
    signed = models.BooleanField(_("signed the sheet"), default=False)
    pre_test_score = models.DecimalField(
        _("pre-test score (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    post_test_score = models.DecimalField(
        _("post-test score (%)"),
        max_digits=5,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    certificate_number = models.CharField(_("certificate number"), max_length=40, blank=True)
    # A re-import of the same sheet finds the rows it already holds by this key (a hash of the
    # normalised name, organisation and phone) instead of adding them twice.
    import_key = models.CharField(max_length=64, blank=True, editable=False)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["meeting", "name", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(person__isnull=False) | ~Q(name=""),
                name="meetings_participant_identified",
            ),
            models.UniqueConstraint(
                fields=["meeting", "import_key"],
                condition=~Q(import_key=""),
                name="meetings_participant_import_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "user"],
                condition=Q(user__isnull=False),
                name="meetings_participant_user_once",
            ),
            models.UniqueConstraint(
                fields=["meeting", "person"],
                condition=Q(person__isnull=False),
                name="meetings_participant_person_once",
            ),
            models.CheckConstraint(
                condition=Q(pre_test_score__isnull=True)
                | Q(pre_test_score__gte=0, pre_test_score__lte=100),
                name="meetings_participant_pre_score_range",
            ),
            models.CheckConstraint(
                condition=Q(post_test_score__isnull=True)
                | Q(post_test_score__gte=0, post_test_score__lte=100),
                name="meetings_participant_post_score_range",
            ),
            models.UniqueConstraint(
                fields=["certificate_number"],
                condition=~Q(certificate_number=""),
                name="meetings_participant_certificate_once",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name or str(_("participant"))

    def audit_label(self) -> str:
        """The audit log names a participant by id only (a person's name stays out of it)."""
        return str(self.pk)[:8]

    @property
    def display_name(self) -> str:
        """The name to print: the user's, the person's, or the one written on the sheet."""
        if self.user_id and self.user:
            return self.user.get_full_name() or self.user.get_username()
        if self.person_id and self.person:
            return str(self.person)
        return self.name

    @property
    def organisation_label(self) -> str:
        if self.organisation_id and self.organisation:
            return str(self.organisation)
        return self.organisation_name

    @property
    def score_gain(self) -> Any:
        if self.pre_test_score is None or self.post_test_score is None:
            return None
        return self.post_test_score - self.pre_test_score


class AttendanceCount(TimeStampedModel):
    """Attendance of a large public session, counted instead of named: one row per category ×
    sex × age group."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="counts")
    category = models.CharField(_("category"), max_length=20, choices=ParticipantCategory.choices)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=8, choices=AgeGroup.choices)
    count = models.PositiveIntegerField(_("number"), validators=[MaxValueValidator(100000)])

    class Meta:
        verbose_name = _("attendance count")
        verbose_name_plural = _("attendance counts")
        ordering = ["meeting", "category", "sex", "age_group"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "category", "sex", "age_group"],
                name="meetings_count_once",
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} {self.sex} {self.age_group}: {self.count}"


class CertificateCounter(models.Model):
    """The last certificate number given per year (ATT-2026-00012)."""

    personal_data = False  # a counter

    year = models.PositiveSmallIntegerField(unique=True)
    last = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last}"
