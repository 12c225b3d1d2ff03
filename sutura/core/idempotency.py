"""Creates that happen once, however often the request is sent.

A phone on a weak network retries; a person taps "Save" twice. Every create endpoint of the API
accepts an `Idempotency-Key` header (`idempotent_create`, applied by `SuturaViewSet` to every
`create`), and every create form of the pages carries a form token (`{% form_token %}`, checked
by `idempotent_form` on the view):

- the first request with a key inserts the key's row in the same transaction as the record it
  creates; a concurrent request with the same key waits on that row's unique index until the
  first commits, then answers what the first answered: the same status and the created record
  (API), or a redirect to the created record (pages). One record, whichever arrives first;
- the same key with another body (or another endpoint) is refused: 422, `idempotency_key_reused`;
- a request that created nothing (refused input, an error) leaves no key behind, so the
  corrected request goes through;
- keys belong to the user who sent them and are kept `SUTURA_IDEMPOTENCY_HOURS` (24 h);
  `manage.py apply_retention` deletes every older key (`purge_expired`).

What a key keeps is not personal: the status, and which record was created (its model label and
primary key), never the answer's body. A retry reads the record again through the viewset's
own `retrieve` (the access layer's scope, the role check, the audited read) and shows it as it
is now: a person anonymised since shows no name, and a record the user may no longer see is a
404 in the API's error shape.

Why our own: the Django packages for this (django-idempotency-key and others) answer a
concurrent retry with an error or create twice, and know nothing of form tokens; the whole
mechanism is the insert below.
"""

from __future__ import annotations

import functools
import hashlib
import json
import uuid
from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter
from rest_framework import exceptions, serializers, status
from rest_framework.response import Response

from sutura.access import visible
from sutura.core.models import IdempotencyKey

HEADER = "Idempotency-Key"
FORM_TOKEN = "form_token"  # noqa: S105 - a field name, not a secret
MAX_KEY = 200

HEADER_PARAMETER = OpenApiParameter(
    HEADER,
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    required=False,
    description=_(
        "Any unique string (a UUID, say), at most 200 characters: a retry with the same key "
        "and body creates nothing more and answers what the first request answered."
    ),
)


class KeyReused(exceptions.APIException):
    status_code = status.HTTP_422_UNPROCESSABLE_ENTITY
    default_code = "idempotency_key_reused"
    default_detail = _(
        "This Idempotency-Key was already used for a different request: send a new key."
    )


def _hours() -> int:
    return int(getattr(settings, "SUTURA_IDEMPOTENCY_HOURS", 24))


def purge_expired(now: Any = None) -> int:
    """Delete every key older than `SUTURA_IDEMPOTENCY_HOURS`, whoever sent it (the retention
    job). Returns how many were deleted."""
    return expired_keys(now).delete()[0]


def expired_keys(now: Any = None) -> Any:
    cutoff = (now or timezone.now()) - timedelta(hours=_hours())
    return IdempotencyKey.objects.filter(created_at__lt=cutoff)


def _model_label(view: Any) -> str:
    model = getattr(view, "model", None) or getattr(getattr(view, "queryset", None), "model", None)
    return model._meta.label if model is not None else ""


def _replay(view: Any, request: Any, row: IdempotencyKey) -> Response:
    """The created record as the user may see it now, with the first answer's status."""
    if not row.record_pk:  # nothing was recorded to show again: it is no longer there for you
        raise Http404
    view.action = "retrieve"
    view.check_permissions(request)
    answer = view.retrieve(request, pk=row.record_pk)
    return Response(answer.data, status=row.status, headers={"Idempotent-Replayed": "true"})


def _claim(user: Any, key: str, fingerprint: str) -> tuple[IdempotencyKey, bool]:
    """The key's row, and whether this request inserted it. Runs inside the caller's
    transaction: a concurrent insert of the same key waits here until the first commits (or
    rolls back, and then this one goes through)."""
    mine = visible(user, IdempotencyKey)
    mine.filter(created_at__lt=timezone.now() - timedelta(hours=_hours())).delete()
    try:
        with transaction.atomic():
            row = IdempotencyKey.objects.create(user=user, key=key, fingerprint=fingerprint)
            return row, True
    except IntegrityError:
        return mine.get(key=key), False


def _value(value: Any) -> Any:
    if isinstance(value, UploadedFile):
        digest = hashlib.sha256()
        for chunk in value.chunks():
            digest.update(chunk)
        value.seek(0)
        return f"file:{value.name}:{value.size}:{digest.hexdigest()}"
    return str(value)


def fingerprint(method: str, path: str, data: Any) -> str:
    if hasattr(data, "lists"):  # a QueryDict (form or multipart body)
        data = sorted((name, [_value(v) for v in values]) for name, values in data.lists())
    body = json.dumps(data, sort_keys=True, default=_value)
    return hashlib.sha256(f"{method} {path}\n{body}".encode()).hexdigest()


def idempotent_create(create: Callable[..., Response]) -> Callable[..., Response]:
    """Wrap a viewset's `create` so that an `Idempotency-Key` header makes it happen once."""

    @functools.wraps(create)
    def wrapper(view: Any, request: Any, *args: Any, **kwargs: Any) -> Response:
        key = request.headers.get(HEADER)
        if key is None or getattr(request, "_idempotent", False):
            return create(view, request, *args, **kwargs)
        key = key.strip()
        if not key or len(key) > MAX_KEY:
            raise serializers.ValidationError({HEADER: [_("Give a key of 1 to 200 characters.")]})
        request._idempotent = True  # a subclass's create calling super() claims nothing more
        given = fingerprint(request.method, request.path, request.data)
        with transaction.atomic():
            row, new = _claim(request.user, f"api:{key}", given)
            if not new:
                if row.fingerprint != given:
                    raise KeyReused()
                return _replay(view, request, row)
            response = create(view, request, *args, **kwargs)
            created = response.data.get("id") if isinstance(response.data, dict) else None
            if status.is_success(response.status_code):
                row.status, row.record_pk = response.status_code, str(created or "")
                row.record = _model_label(view)
                row.save(update_fields=["status", "record", "record_pk"])
            else:
                row.delete()
            return response

    return wrapper


def idempotent_form(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A create page's view: the form token it posts makes a double submit create once; the
    second submit lands on what the first created."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        token = request.POST.get(FORM_TOKEN, "") if request.method == "POST" else ""
        if not token or len(token) > MAX_KEY or not request.user.is_authenticated:
            return view(request, *args, **kwargs)
        with transaction.atomic():
            row, new = _claim(request.user, f"form:{token}", fingerprint("POST", request.path, ""))
            if not new and row.location:
                messages.info(request, _("This form had already been sent: here is what it saved."))
                return redirect(row.location)
            response = view(request, *args, **kwargs)
            if response.status_code in (301, 302, 303) and response.get("Location"):
                row.location = response["Location"][:500]
                row.save(update_fields=["location"])
            else:
                row.delete()  # nothing created (the form is shown again): the token is free
            return response

    return wrapper


def new_form_token() -> str:
    return uuid.uuid4().hex
