"""Consent decisions, lapsed NRM memberships and merged files take effect on referrals at once
(people and governance do not know about referrals)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from sutura.governance.signals import membership_lapsed
from sutura.people.models import Consent, ConsentStatus
from sutura.people.signals import files_merged, merge_undone
from sutura.referrals.services.holds import hold_after_merge, release_after_undo
from sutura.referrals.services.sweeps import close_after_withdrawal, tell_membership_lapsed


@receiver(post_save, sender=Consent, dispatch_uid="referrals_consent_withdrawn")
def _consent_decided(sender: Any, instance: Consent, created: bool, **kwargs: Any) -> None:
    if created and instance.status in {ConsentStatus.WITHDRAWN, ConsentStatus.REFUSED}:
        close_after_withdrawal(instance)


@receiver(membership_lapsed, dispatch_uid="referrals_membership_lapsed")
def _membership_lapsed(
    sender: Any, signature: Any, lapsed_on: Any, reason: str, **kwargs: Any
) -> None:
    tell_membership_lapsed(signature.organisation, lapsed_on=lapsed_on, reason=reason)


@receiver(files_merged, dispatch_uid="referrals_files_merged")
def _files_merged(sender: Any, kept: Any, merge_id: Any, actor: Any, **kwargs: Any) -> None:
    hold_after_merge(kept=kept, merge_id=merge_id, actor=actor)


@receiver(merge_undone, dispatch_uid="referrals_merge_undone")
def _merge_undone(sender: Any, merge_id: Any, **kwargs: Any) -> None:
    release_after_undo(merge_id=merge_id)
