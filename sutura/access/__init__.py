"""THE access layer: the one place that says which rows a user may see and what they may do.

Views, API endpoints, exports, search and reports call:

- ``visible(user, Model)`` → a queryset scoped by organisation, role and sharing;
- ``get_visible_or_404(user, Model, **lookup)`` → one row or 404 (never 403: nobody learns
  that a record exists);
- ``can(user, perm)`` / ``require(user, perm)`` → role checks from ``accounts.roles``;
- one module per domain (``access.people``, ``access.cases``, ``access.referrals``,
  ``access.directory``, ``access.accounts``, ``access.platform``, and one per later app), each
  holding both forms of its rules: the queryset filter that ``visible()`` applies, and the
  user's *standing* on one record already loaded (``works_on(user, case)``,
  ``standing(user, referral)``), for services, views, the API, sharing and PDFs.

Fail closed: a model without a registered scope, an inactive user, a user without an
organisation or without the right role gets an empty queryset.
"""

from sutura.access.permissions import can, require
from sutura.access.scopes import get_visible_or_404, register_scope, visible

__all__ = [
    "can",
    "get_visible_or_404",
    "register_scope",
    "require",
    "visible",
]
