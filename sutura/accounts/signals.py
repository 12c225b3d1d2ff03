"""Security events accounts announces; `sutura.audit` writes them to the log (accounts sits
below audit and does not import it, as login and logout reach the log through Django's auth
signals)."""

from __future__ import annotations

from django.dispatch import Signal

# Sent with: event (one of EVENTS), actor (who acted, or None), user (the account concerned,
# or None), detail (plain text, no secret).
security_event = Signal()

EVENTS = (
    "login_locked",  # a client address, account or device is held back after failures
    "login_unlocked",  # an administrator lifted a hold
    "two_factor_enrolled",
    "two_factor_reset",  # an administrator removed a user's second factor
    "recovery_codes_renewed",
    "recovery_code_used",
    "api_tokens_revoked",
)


def announce(event: str, *, actor: object = None, user: object = None, detail: str = "") -> None:
    if event not in EVENTS:
        raise ValueError(f"Unknown security event: {event}")
    security_event.send(sender=announce, event=event, actor=actor, user=user, detail=detail)
