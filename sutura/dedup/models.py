"""Finding the same person twice in one organisation's registry, and deciding.

A *run* scores the registry (or what an import added) in the background and proposes pairs of
files that may be the same person, grouped; designated reviewers take the proposals in order of
probability and decide: *merge* (the second file's records move to the first, which is undone
by moving them back) or *not a duplicate* (remembered: the pair is not proposed again while
the decision is in force).
Everything here stays inside one organisation: files of two organisations are two controllers'
records and are never compared or merged.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from sutura.core.models import AuditedModel, TimeStampedModel
from sutura.people import match_reasons


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("Waiting to start")
    RUNNING = "running", _("Running")
    DONE = "done", _("Finished")
    FAILED = "failed", _("Failed")


class DedupRun(TimeStampedModel):
    """One background pass of duplicate detection over an organisation's people (its start
    and end are written to the audit log by the service; its progress is not)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=RunStatus.choices, default=RunStatus.QUEUED
    )
    # Progress: `done` of `total` steps (the page's progress bar), and what is being done.
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    stage = models.CharField(max_length=40, blank=True)  # a code, translated on the page
    people = models.PositiveIntegerField(_("people compared"), default=0)
    pairs_scored = models.PositiveIntegerField(_("pairs scored"), default=0)
    proposals = models.PositiveIntegerField(_("pairs proposed"), default=0)
    error = models.CharField(max_length=200, blank=True)  # a code, never a person's data
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # The model's parameters as used by this run (m/u probabilities, threshold, version).
    parameters = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = _("duplicate search")
        verbose_name_plural = _("duplicate searches")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M}"

    @property
    def left_out(self) -> int:
        """Pairs above the threshold the run did not propose: decided "not the same person"
        already, or (a run over the people registered since a date) with nobody new."""
        return max(self.pairs_scored - self.proposals, 0)


class ProposalStatus(models.TextChoices):
    OPEN = "open", _("To review")
    MERGED = "merged", _("Merged")
    NOT_DUPLICATE = "not_duplicate", _("Not the same person")
    SUPERSEDED = "superseded", _("Replaced by a newer search")


class Proposal(AuditedModel, TimeStampedModel):
    """Two files of one organisation that may be the same person (first < second by id)."""

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    run = models.ForeignKey(DedupRun, on_delete=models.CASCADE, related_name="proposal_set")
    first = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    probability = models.FloatField(_("probability"))
    # Codes of what the two files share ("same_phone", "name_variant", "birth_year_1"…),
    # translated on the page (sutura.people.matching names them).
    reasons = models.JSONField(default=list)
    group = models.PositiveIntegerField(_("group"), default=0)  # the cluster, within the run
    status = models.CharField(
        _("status"), max_length=15, choices=ProposalStatus.choices, default=ProposalStatus.OPEN
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("possible duplicate")
        verbose_name_plural = _("possible duplicates")
        ordering = ["-probability", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(first__lt=F("second")), name="dedup_pair_ordered"),
            models.UniqueConstraint(
                fields=["first", "second"],
                condition=Q(status="open"),
                name="dedup_one_open_proposal_per_pair",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organisation", "status", "-probability"], name="dedup_proposal_queue"
            )
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ~ {self.second_id}"

    @property
    def percent(self) -> int:
        return match_reasons.percent(self.probability)

    @property
    def band(self) -> str:
        return match_reasons.band(self.probability)


class PairDecision(AuditedModel, TimeStampedModel):
    """A reviewer said these two files are not the same person: not proposed again while the
    decision is in force. A decision withdrawn (given by mistake) is kept, with who withdrew it,
    when and why; the pair may then be proposed again, and decided again."""

    audit_sensitive_fields = frozenset({"reason", "withdraw_reason"})

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    first = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    second = models.ForeignKey("people.Person", on_delete=models.CASCADE, related_name="+")
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("withdrawn by"),
    )
    withdraw_reason = models.TextField(_("reason for the withdrawal"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("“not the same person” decision")
        verbose_name_plural = _("“not the same person” decisions")
        constraints = [
            models.CheckConstraint(
                condition=Q(first__lt=F("second")), name="dedup_decision_ordered"
            ),
            models.UniqueConstraint(
                fields=["first", "second"],
                condition=Q(withdrawn_at__isnull=True),
                name="dedup_one_decision_in_force_per_pair",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_id} ≠ {self.second_id}"


class Merge(AuditedModel, TimeStampedModel):
    """The file `merged` was merged into `kept`: every record that named `merged` was moved.

    `moved` lists them ({"app_label.Model.field": [ids]}) so that an undo moves exactly those
    back; `merged` stays in the database, hidden (`Person.merged_into`), until the undo."""

    # The snapshot holds both files' names and phones: the audit log, never rewritten, must not
    # keep them past an anonymisation (which blanks the snapshot itself).
    audit_sensitive_fields = frozenset({"reason", "undo_reason", "snapshot"})

    organisation = models.ForeignKey(
        "accounts.Organisation", on_delete=models.CASCADE, related_name="+"
    )
    kept = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    merged = models.ForeignKey("people.Person", on_delete=models.PROTECT, related_name="+")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    merged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.TextField(_("reason"), max_length=2000)
    moved = models.JSONField(default=dict)
    # The kept file's fields the merge changed: {"before": …, "after": …} (an undo restores).
    snapshot = models.JSONField(default=dict)
    undone_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    undone_at = models.DateTimeField(null=True, blank=True)
    undo_reason = models.TextField(_("reason for the undo"), max_length=2000, blank=True)

    class Meta:
        verbose_name = _("merge")
        verbose_name_plural = _("merges")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.merged_id} → {self.kept_id}"
