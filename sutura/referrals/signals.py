"""Consent decisions take effect on referrals at once (people does not know about referrals)."""

from __future__ import annotations

from typing import Any

from django.db.models.signals import post_save
from django.dispatch import receiver

from sutura.people.models import Consent, ConsentStatus
from sutura.referrals.services.sweeps import close_after_withdrawal


@receiver(post_save, sender=Consent, dispatch_uid="referrals_consent_withdrawn")
def _consent_decided(sender: Any, instance: Consent, created: bool, **kwargs: Any) -> None:
    if created and instance.status in {ConsentStatus.WITHDRAWN, ConsentStatus.REFUSED}:
        close_after_withdrawal(instance)
