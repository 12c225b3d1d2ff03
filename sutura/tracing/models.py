"""Family tracing and reunification: a tracing request for someone a person has lost (who,
their relationship, where they were last known, what was tried, through whom), its outcome, the
assessment of the family found, the reunification with them and the follow-up visits after it.

Every record is kept on a case and follows it, for its team (`sutura/access/tracing.py`).
Codes are stored, never text; what people typed is kept out of the audit log
(`audit_sensitive_fields`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.people.models import Sex


class Relationship(models.TextChoices):
    MOTHER = "mother", _("Mother")
    FATHER = "father", _("Father")
    SIBLING = "sibling", _("Brother or sister")
    GRANDPARENT = "grandparent", _("Grandparent")
    AUNT_UNCLE = "aunt_uncle", _("Aunt or uncle")
    OTHER_RELATIVE = "other_relative", _("Other relative")
    SPOUSE = "spouse", _("Spouse")
    OTHER = "other", _("Other")


class Source(models.TextChoices):
    PHONE = "phone", _("Phone")
    COMMUNITY_LEADERS = "community_leaders", _("Community leaders")
    RCRC = "rcrc_family_links", _("Red Cross / Red Crescent family links")
    SOCIAL_MEDIA = "social_media", _("Social media")
    OTHER_ORGANISATION = "other_organisation", _("Another organisation")
    OTHER = "other", _("Other")


class Through(models.TextChoices):
    OWN = "own", _("Our organisation")
    OTHER_ORGANISATION = "other_organisation", _("Another organisation")


class RequestStatus(models.TextChoices):
    # A context: "Not found" alone is Django's 404 title ("Page introuvable").
    OPEN = "open", pgettext_lazy("tracing request", "Open")
    FOUND = "found", pgettext_lazy("tracing request", "Found")
    NOT_FOUND = "not_found", pgettext_lazy("tracing request", "Not found")
    CLOSED = "closed", pgettext_lazy("tracing request", "Closed")


# The outcomes a request may be given (the statuses it may move to from "open").
OUTCOMES = [(s.value, s.label) for s in RequestStatus if s != RequestStatus.OPEN]


class Recommendation(models.TextChoices):
    SUITABLE = "suitable", _("Suitable")
    WITH_SUPPORT = "suitable_with_support", _("Suitable with support")
    NOT_SUITABLE = "not_suitable", _("Not suitable")


class WellBeing(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fair: some concerns")
    POOR = "poor", _("Poor: serious concerns")


class PlacementOutcome(models.TextChoices):
    STABLE = "stable", _("Stable")
    NEEDS_SUPPORT = "needs_support", _("Holds with support")
    AT_RISK = "at_risk", _("At risk of breaking down")
    BROKEN_DOWN = "broken_down", _("Broken down: the child left the family")


class TracingRequest(AuditedModel, VersionedModel):
    """Someone the person of a case is looking for."""

    audit_sensitive_fields = frozenset(
        {"sought_name", "last_known_place_details", "organisation_name", "outcome_notes"}
    )

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="tracing_requests"
    )
    sought_name = models.CharField(_("name of the person sought"), max_length=200)
    relationship = models.CharField(_("relationship"), max_length=20, choices=Relationship.choices)
    sex = models.CharField(_("sex"), max_length=12, choices=Sex.choices, blank=True)
    age = models.PositiveSmallIntegerField(_("age, if known"), null=True, blank=True)
    last_known_place = models.ForeignKey(
        "geo.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("last known place"),
    )
    last_known_place_details = models.CharField(
        _("last known place, in words"), max_length=300, blank=True
    )
    sources = ArrayField(
        models.CharField(max_length=20, choices=Source.choices),
        default=list,
        blank=True,
        verbose_name=_("sources tried"),
    )
    through = models.CharField(
        _("traced through"), max_length=20, choices=Through.choices, default=Through.OWN
    )
    organisation_name = models.CharField(_("other organisation"), max_length=200, blank=True)
    referral = models.ForeignKey(
        "referrals.Referral",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referral to a family tracing service"),
    )
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(
        _("status"), max_length=12, choices=RequestStatus.choices, default=RequestStatus.OPEN
    )
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True)
    outcome_notes = models.TextField(_("outcome notes"), blank=True)
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("tracing request")
        verbose_name_plural = _("tracing requests")
        ordering = ["-opened_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome_on__isnull=True) | Q(outcome_on__gte=models.F("opened_on")),
                name="tracing_outcome_not_before_request",
            ),
            models.CheckConstraint(
                condition=Q(status=RequestStatus.OPEN) | Q(outcome_on__isnull=False),
                name="tracing_outcome_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_relationship_display()} · {self.sought_name}"

    @property
    def source_labels(self) -> list[str]:
        labels = dict(Source.choices)
        return [str(labels.get(code, code)) for code in self.sources]


class FamilyAssessment(AuditedModel, TimeStampedModel):
    """Is the family found a safe and suitable place to return to?"""

    audit_sensitive_fields = frozenset({"family_member", "findings"})

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="family_assessments"
    )
    tracing_request = models.ForeignKey(
        TracingRequest, on_delete=models.CASCADE, related_name="tracing_assessments"
    )
    family_member = models.CharField(_("family member assessed"), max_length=200)
    assessed_on = models.DateField(_("date"))
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("assessor"),
    )
    findings = models.TextField(_("findings"))
    recommendation = models.CharField(
        _("recommendation"), max_length=24, choices=Recommendation.choices
    )

    class Meta:
        verbose_name = _("family assessment")
        verbose_name_plural = _("family assessments")
        ordering = ["-assessed_on", "-created_at"]

    def __str__(self) -> str:
        return f"{self.family_member} · {self.get_recommendation_display()}"

    @property
    def recommends_reunification(self) -> bool:
        return self.recommendation != Recommendation.NOT_SUITABLE


class Reunification(AuditedModel, TimeStampedModel):
    """The person rejoined the family member assessed."""

    audit_sensitive_fields = frozenset({"place_details"})

    case = models.ForeignKey("cases.Case", on_delete=models.CASCADE, related_name="reunifications")
    assessment = models.OneToOneField(
        FamilyAssessment,
        on_delete=models.PROTECT,
        related_name="reunification",
        verbose_name=_("with whom (the family member assessed)"),
    )
    reunified_on = models.DateField(_("date"))
    place = models.ForeignKey(
        "geo.Location",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("place"),
    )
    place_details = models.CharField(_("place, in words"), max_length=300, blank=True)
    # For a child's case: the best-interests determination on reunification was checked
    # when this was recorded (the service refuses a child's reunification without it).
    bid_checked = models.BooleanField(_("best-interests determination checked"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("reunification")
        verbose_name_plural = _("reunifications")
        ordering = ["-reunified_on", "-created_at"]

    def __str__(self) -> str:
        return str(self.reunified_on)


class ReunificationVisit(AuditedModel, VersionedModel):
    """A follow-up visit after a reunification: due on a date, done (or not yet)."""

    audit_sensitive_fields = frozenset({"observations"})

    case = models.ForeignKey(
        "cases.Case", on_delete=models.CASCADE, related_name="reunification_visits"
    )
    reunification = models.ForeignKey(
        Reunification, on_delete=models.CASCADE, related_name="scheduled_visits"
    )
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    well_being = models.CharField(
        _("child's well-being"), max_length=12, choices=WellBeing.choices, blank=True
    )
    placement = models.CharField(
        _("placement"), max_length=16, choices=PlacementOutcome.choices, blank=True
    )
    observations = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("follow-up visit")
        verbose_name_plural = _("follow-up visits")
        ordering = ["due_on", "created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(done_on__isnull=True)
                | (~Q(well_being="") & ~Q(placement="") & Q(done_by__isnull=False)),
                name="tracing_visit_done_with_outcome",
            )
        ]

    def __str__(self) -> str:
        return str(self.due_on)
