"""What governance announces to the apps above it (they listen; governance imports none)."""

from __future__ import annotations

from django.dispatch import Signal

# An organisation's signature stopped counting (ended, or its version expired): sent inside the
# transaction that records it, with `signature`, `lapsed_on` (a date) and `reason` (a code of
# `selectors.protocols.REASONS`). The referrals app applies its rule to referrals under way.
membership_lapsed = Signal()
