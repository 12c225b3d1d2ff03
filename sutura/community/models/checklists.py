"""Checklists kept as data: the safe-space safety checklist and the field-monitoring
checklist. Reference data, versioned as governance's assessment checklists are: a new version
is added by a data migration, keeping each item's `key` so answers compare across versions.
The answers are `ChecklistAnswer` rows of a safety check or of a monitoring visit."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from sutura.core.models import TimeStampedModel
from sutura.core.text import in_language


class ChecklistKind(models.TextChoices):
    SAFETY = "safety", _("Safe-space safety checklist")
    MONITORING = "monitoring", _("Field-monitoring checklist")


class Answer(models.TextChoices):
    YES = "yes", _("Yes")
    PARTLY = "partly", _("Partly")
    NO = "no", _("No")
    NOT_APPLICABLE = "na", _("Not applicable")


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
        return in_language(self.title_fr, self.title_en)


class ChecklistVersion(TimeStampedModel):
    personal_data = False

    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField(_("version"))

    class Meta:
        verbose_name = _("checklist version")
        verbose_name_plural = _("checklist versions")
        ordering = ["checklist", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist", "number"], name="community_checklist_version_once"
            )
        ]


class ChecklistItem(TimeStampedModel):
    personal_data = False

    checklist_version = models.ForeignKey(
        ChecklistVersion, on_delete=models.CASCADE, related_name="items"
    )
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"))
    question_fr = models.CharField(_("question (French)"), max_length=400)
    question_en = models.CharField(_("question (English)"), max_length=400)

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist_version", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["checklist_version", "key"], name="community_checklist_item_once"
            )
        ]

    @property
    def question(self) -> str:
        return in_language(self.question_fr, self.question_en)


class ChecklistAnswer(TimeStampedModel):
    """One answer of a safety check or of a monitoring visit (exactly one of the two)."""

    personal_data = False

    safety_check = models.ForeignKey(
        "community.SafetyCheck",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answers",
    )
    visit = models.ForeignKey(
        "community.MonitoringVisit",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="answers",
    )
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    answer = models.CharField(_("answer"), max_length=8, choices=Answer.choices)
    comment = models.CharField(_("comment"), max_length=1000, blank=True)

    class Meta:
        verbose_name = _("checklist answer")
        verbose_name_plural = _("checklist answers")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(safety_check__isnull=False, visit__isnull=True)
                | models.Q(safety_check__isnull=True, visit__isnull=False),
                name="community_answer_of_one_record",
            ),
            models.UniqueConstraint(
                fields=["safety_check", "item"], name="community_safety_answer_once"
            ),
            models.UniqueConstraint(fields=["visit", "item"], name="community_visit_answer_once"),
        ]
