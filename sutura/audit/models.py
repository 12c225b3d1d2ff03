from __future__ import annotations

from typing import Any, ClassVar

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import Promise
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from sutura.audit.field_names import FIELD_NAMES
from sutura.core import texts


class Action(models.TextChoices):
    LOGIN = "login", _("Login")
    LOGIN_FAILED = "login_failed", _("Failed login")
    LOGOUT = "logout", _("Logout")
    CREATE = "create", _("Create")
    UPDATE = "update", _("Update")
    DELETE = "delete", _("Delete")
    READ = "read", _("Read")
    EXPORT = "export", _("Export")
    # A page or endpoint that names a record answered 404 or 403 to a signed-in user: who
    # tried which address (its route and ids, never a query string), not what it holds.
    REFUSED = "refused", _("Refused access")


# Entries written before `texts.term()` kept these codes as plain strings (a list's code, a
# route's name): they are put into words all the same. (message id, parameter) -> kind
CODES_KEPT_PLAIN = {
    ("Answered %(status)s: %(route)s", "route"): "route",
    ("Export asked: %(list)s (%(format)s)", "list"): "export_list",
    ("Export written: %(list)s, %(rows)s rows", "list"): "export_list",
    ("Export written: %(list)s, %(rows)s rows, encrypted", "list"): "export_list",
    ("Export downloaded: %(list)s", "list"): "export_list",
    ("Return step form: %(step)s", "step"): "return_step",
}


class AuditEntry(models.Model):
    """One line of the append-only audit log.

    A database trigger (migration 0002) refuses UPDATE and DELETE on this table, whatever the
    role; the app offers no edit or delete screen either. The app's database role may only
    INSERT and SELECT here (`core.db_roles`), and each committed entry is sealed into a hash
    chain (`ChainLink`) that `manage.py verify_audit` checks.
    """

    # What the app's database role may do on this table (core.db_roles.grant_app_role).
    database_privileges: ClassVar[tuple[str, ...]] = ("SELECT", "INSERT")

    at = models.DateTimeField(_("time"), auto_now_add=True, db_index=True)
    action = models.CharField(_("action"), max_length=20, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_username = models.CharField(_("username"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "accounts.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    content_type = models.ForeignKey(
        ContentType,
        verbose_name=_("object type"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_label = models.CharField(_("object"), max_length=200, blank=True)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    # What happened, as a code: the English message id (`detail`) and its parameters
    # (`detail_params`, `core.texts`), put into words in the reader's language when shown
    # (`shown_detail`). Entries written before codes (`detail_params` null) hold free English
    # text in `detail` and a worded `object_label` ("Case SN-…"): shown as written.
    detail = models.CharField(_("detail"), max_length=300, blank=True)
    detail_params = models.JSONField(_("detail parameters"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["content_type", "object_id"]),
            models.Index(fields=["actor", "-at"]),
            models.Index(fields=["organisation", "-at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username} {self.action} {self.object_label}"

    @property
    def written_with_codes(self) -> bool:
        return self.detail_params is not None

    def shown_detail(self) -> str:
        """What happened, in the active language (an older entry's text as written)."""
        if not self.written_with_codes:
            return self.detail
        params = {
            name: texts.term(kind, value)
            if isinstance(value, str) and (kind := CODES_KEPT_PLAIN.get((self.detail, name)))
            else value
            for name, value in (self.detail_params or {}).items()
        }
        return texts.render({"msgid": self.detail, "params": params})

    def shown_changes(self) -> list[str]:
        """The fields changed, by their names in the active language, and for a field of
        choices its values' labels ("Statut : Ouvert → Fusionné"). Keys that name no field of
        the model (a merge's ids, a refusal's path ids: bookkeeping the detail puts into
        words) are kept in the entry but not listed, nor are the keys of an entry about no
        model (a refusal's ids, a reassignment's cases): its detail says what happened."""
        model = self.content_type.model_class() if self.content_type is not None else None
        if model is None:
            return []
        shown = []
        for name, values in (self.changes or {}).items():
            try:
                field = model._meta.get_field(name)
            except FieldDoesNotExist:
                continue
            if not getattr(field, "concrete", False):
                continue  # a relation from another model, not a field of this one
            shown.append(_shown_change(field, values))
        return shown

    def shown_object(self) -> str:
        """The object, in the active language: its kind and the label the log keeps (an id,
        a case number: never a name) — an older entry's label as written."""
        if not self.written_with_codes or self.content_type is None:
            return self.object_label
        model = self.content_type.model_class()
        if model is None:
            return self.object_label
        kind = capfirst(str(model._meta.verbose_name))
        if not self.object_label:
            return kind
        return gettext("%(kind)s %(label)s") % {"kind": kind, "label": self.object_label}


def field_name(field: Any) -> str:
    """A field's name in the active language: its verbose name, or for a field declared
    without one, Django's English name translated through `field_names.FIELD_NAMES`."""
    name = getattr(field, "verbose_name", None) or field.name
    if not isinstance(name, Promise):
        name = FIELD_NAMES.get(str(name), name)
    return capfirst(str(name))


def _shown_change(field: Any, values: Any) -> str:
    name = field_name(field)
    labels = dict(field.flatchoices) if getattr(field, "choices", None) else None
    if not labels or not isinstance(values, list) or len(values) != 2:
        return name
    old, new = ("" if value in (None, "") else str(labels.get(value, value)) for value in values)
    if not old and not new:
        return name
    if not old:
        return gettext("%(field)s: %(new)s") % {"field": name, "new": new}
    return gettext("%(field)s: %(old)s → %(new)s") % {"field": name, "old": old, "new": new}


class ChainLink(models.Model):
    """An audit entry's place in the hash chain, written by the database, never by the app.

    When the transaction that wrote an entry commits, a deferred trigger (migration 0003) takes
    the chain's lock, reads the last link and adds this one: `entry_hash` is SHA-256 over the
    entry's canonical content with its position and the previous link's hash. An entry edited,
    removed or moved afterwards no longer matches its link (`sutura.audit.chain.verify`).
    The app's role may only read this table; the trigger function runs as its owner.
    """

    database_privileges: ClassVar[tuple[str, ...]] = ("SELECT",)

    entry = models.OneToOneField(
        AuditEntry, primary_key=True, on_delete=models.PROTECT, related_name="chain_link"
    )
    position = models.BigIntegerField(unique=True)
    previous_hash = models.CharField(max_length=64)
    entry_hash = models.CharField(max_length=64)

    class Meta:
        verbose_name = _("audit chain link")
        verbose_name_plural = _("audit chain links")

    def __str__(self) -> str:
        return f"{self.position}: {self.entry_hash[:12]}"
