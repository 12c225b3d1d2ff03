"""Status and capacity assessments, and the technical-assistance log.

Checklists are data (seeded by a data migration, versioned): the NRM status checklist (scope,
target groups, services, institutionalisation, coordination, data protection, gaps and
opportunities) and the partner capacity-needs checklist. An assessment answers every item of
one checklist version about one subject — the national mechanism (status) or an organisation
(capacity) — on a date; repeated over time, two of them compare item by item (items keep their
`key` from one checklist version to the next).
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sutura.core.dates import day
from sutura.core.models import AuditedModel, TimeStampedModel, VersionedModel
from sutura.core.text import in_language


class ChecklistKind(models.TextChoices):
    NRM_STATUS = "nrm_status", _("NRM status")
    CAPACITY = "capacity", _("Partner capacity needs")


class Scale(models.TextChoices):
    """How an item is scored: the scores it allows go from 0 to `SCALE_MAX`."""

    LEVEL_0_3 = "level_0_3", _("0 absent – 1 emerging – 2 functional – 3 established")
    YES_PARTLY_NO = "yes_partly_no", _("0 no – 1 partly – 2 yes")


SCALE_MAX = {Scale.LEVEL_0_3: 3, Scale.YES_PARTLY_NO: 2}


class Checklist(TimeStampedModel):
    personal_data = False

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=ChecklistKind.choices)
    title_fr = models.CharField(_("title (French)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)

    class Meta:
        verbose_name = _("checklist")
        verbose_name_plural = _("checklists")
        ordering = ["kind", "code"]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return in_language(self.title_fr, self.title_en)


class ChecklistVersion(TimeStampedModel):
    personal_data = False

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))
    is_current = models.BooleanField(_("in use"), default=True)

    class Meta:
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        ordering = ["checklist", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="checklist_version_once"),
            models.UniqueConstraint(
                fields=["checklist"], condition=Q(is_current=True), name="checklist_one_current"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.checklist} v{self.number}"


class ChecklistItem(TimeStampedModel):
    personal_data = False

    checklist_version = models.ForeignKey(
        ChecklistVersion, on_delete=models.CASCADE, related_name="items"
    )
    # The same question keeps its key across versions: comparisons match items by it.
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"))
    section_fr = models.CharField(_("section (French)"), max_length=120)
    section_en = models.CharField(_("section (English)"), max_length=120)
    question_fr = models.CharField(_("question (French)"), max_length=400)
    question_en = models.CharField(_("question (English)"), max_length=400)
    scale = models.CharField(_("scale"), max_length=16, choices=Scale.choices)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist_version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist_version", "key"], name="checklist_item_key_once"
            )
        ]

    def __str__(self) -> str:
        return self.question

    @property
    def section(self) -> str:
        return in_language(self.section_fr, self.section_en)

    @property
    def question(self) -> str:
        return in_language(self.question_fr, self.question_en)

    @property
    def max_score(self) -> int:
        return SCALE_MAX[Scale(self.scale)]


class Assessment(AuditedModel, VersionedModel):
    """One assessment: a checklist version answered about a subject on a date. A capacity
    assessment names the organisation assessed; the national status assessment names none."""

    personal_data = False  # about organisations and their work, not the people served

    checklist_version = models.ForeignKey(
        ChecklistVersion, on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=ChecklistKind.choices)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation assessed"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    assessed_on = models.DateField(_("assessed on"))
    assessors: models.ManyToManyField[Any, Any] = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessors"),
        blank=True,
        related_name="+",
        through="AssessmentAssessor",
    )
    other_assessors = models.CharField(_("other assessors"), max_length=300, blank=True)
    summary = models.TextField(_("summary"), max_length=4000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="nrm_status", organisation__isnull=True)
                | Q(kind="capacity", organisation__isnull=False),
                name="assessment_subject_matches_kind",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {day(self.assessed_on)}"


class AssessmentAssessor(TimeStampedModel):
    """Who assessed (a user of the platform; others are named in `other_assessors`)."""

    personal_data = False  # staff taking part in an assessment

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("assessor")
        verbose_name_plural = _("assessors")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user"], name="assessment_assessor_once")
        ]

    def __str__(self) -> str:
        return str(self.user_id)


class Answer(AuditedModel, VersionedModel):
    personal_data = False  # about organisations and their work, not the people served

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    score = models.PositiveSmallIntegerField(_("score"), null=True, blank=True)
    gaps = models.TextField(_("gaps"), max_length=2000, blank=True)
    opportunities = models.TextField(_("opportunities"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        ordering = ["assessment", "item__order"]
        constraints = [
            models.UniqueConstraint(fields=["assessment", "item"], name="assessment_answer_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__lte=3), name="assessment_score_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item_id}: {self.score}"


class AssistanceKind(models.TextChoices):
    ADVICE = "advice", _("Advice")
    TRAINING = "training", _("Training")
    COACHING = "coaching", _("Coaching")
    MATERIAL = "material", _("Material")


class TechnicalAssistance(AuditedModel, VersionedModel):
    """Who advised or trained which organisation, on what, when, and the follow-up due."""

    personal_data = False  # about organisations and their work, not the people served

    provided_by_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("given by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    provided_by = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("given by (organisation)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation supported"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    subject = models.CharField(_("on what"), max_length=300)
    kind = models.CharField(_("kind"), max_length=12, choices=AssistanceKind.choices)
    given_on = models.DateField(_("date"))
    follow_up_on = models.DateField(_("follow-up due"), null=True, blank=True)
    follow_up_note = models.TextField(_("follow-up"), max_length=2000, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("technical assistance")
        verbose_name_plural = _("technical assistance")
        ordering = ["-given_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(provided_by_user__isnull=False) | Q(provided_by__isnull=False),
                name="assistance_given_by_someone",
            )
        ]

    def __str__(self) -> str:
        return self.subject
