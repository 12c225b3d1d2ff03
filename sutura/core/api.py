"""API conventions every endpoint follows, and the base classes that carry them.

Reads go through `sutura.access` (directly or through the selectors), writes through the
services; nothing in the API decides who sees what. A record the user may not see answers 404,
an action their role does not allow answers 403, a refused write answers 400 with the fields,
and a save over someone else's newer version answers 409. Every error has the same shape:

{"error": {"code": "not_found", "message": "…", "fields": {"name": ["…"]}}}

A new app's API: a `SuturaViewSet` (or a `RecordViewSet` for a kind of record kept on a
person or a case), `required_perms` per action, `validated()` for input, `paginated()` for
lists (audited), `path_id()` for ids in the URL, `ERRORS` for the schema.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar
from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from sutura.access import can, get_visible_or_404, visible
from sutura.accounts.models import User
from sutura.accounts.roles import Perm
from sutura.audit.models import Action
from sutura.audit.services import record, record_read
from sutura.core.concurrency import StaleVersionError
from sutura.core.idempotency import HEADER_PARAMETER, KeyReused, idempotent_create
from sutura.core.middleware import api_language
from sutura.core.registry import StrOrPromise
from sutura.core.texts import Text


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    fields: dict[str, Any] = {}
    if isinstance(exc, exceptions.ValidationError):
        code = "invalid"
        message = str(exceptions.ValidationError.default_detail)
        detail = exc.detail
        fields = detail if isinstance(detail, dict) else {"non_field_errors": detail}
    elif isinstance(exc, Http404 | exceptions.NotFound):
        code, message = "not_found", str(exceptions.NotFound.default_detail)
    elif isinstance(exc, PermissionDenied | exceptions.PermissionDenied):
        # A refusal that explains itself (e.g. a missing consent) keeps its message; a bare
        # role refusal gets the generic one.
        code = "permission_denied"
        explained = isinstance(exc, PermissionDenied) and str(exc)
        message = str(exc) if explained else str(exceptions.PermissionDenied.default_detail)
    elif isinstance(exc, exceptions.APIException):
        code = str(exc.default_code)
        message = str(exc.detail) if isinstance(exc.detail, str) else str(exc.default_detail)
    else:  # pragma: no cover - DRF only handles the cases above
        code, message = "error", str(exc)
    # An error may add what the client needs to act on it (e.g. `kept_id`: where a merged
    # file went), beside the common keys.
    extra = getattr(exc, "extra", None) or {}
    response.data = {"error": {"code": code, "message": message, "fields": fields, **extra}}
    return response


# ---------------------------------------------------------------------------------------------
# The error shape, for the schema


class ErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("e.g. invalid, permission_denied, not_found, …"))
    message = serializers.CharField()
    fields = serializers.DictField(  # type: ignore[assignment]  # the error shape's key
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("For `invalid`: the refused fields and why."),
    )


class ErrorSerializer(serializers.Serializer):
    """The common error shape."""

    error = ErrorDetailSerializer()


ERRORS = {
    400: OpenApiResponse(ErrorSerializer, description=_("Refused input: see `fields`.")),
    403: OpenApiResponse(ErrorSerializer, description=_("Your role may not take this action.")),
    404: OpenApiResponse(ErrorSerializer, description=_("No such record for you.")),
    409: OpenApiResponse(
        ErrorSerializer, description=_("Not possible from the record's current state.")
    ),
}


# ---------------------------------------------------------------------------------------------
# Conventions shared by every endpoint


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"
    default_detail = _("Someone else saved this record after you opened it.")


@contextmanager
def refused_as(
    answer: type[exceptions.APIException],
    refusal: type[DjangoValidationError],
    *,
    when: Callable[[DjangoValidationError], bool] | None = None,
) -> Iterator[None]:
    """A service's refusal of kind `refusal` (and, with `when`, only those it says) answers as
    `answer` (a 409, say) with the service's own message; other refusals keep their answer
    (400 with the fields, 403)."""
    try:
        yield
    except refusal as error:
        if when is not None and not when(error):
            raise
        raise answer(error.messages[0]) from error


def versioned_write() -> Any:
    """A save refused because the record changed since the client read it answers 409."""
    return refused_as(Conflict, StaleVersionError)


def path_id(value: Any) -> UUID:
    """An id from the URL; a malformed one is simply not found."""
    try:
        return UUID(str(value))
    except ValueError as error:
        raise Http404 from error


def query_id(request: Request, name: str) -> UUID | None:
    raw = request.query_params.get(name, "")
    if not raw:
        return None
    try:
        return UUID(raw)
    except ValueError as error:
        raise serializers.ValidationError({name: [_("Not a valid identifier.")]}) from error


class RolePermission(BasePermission):
    """The viewset's `required_perms` names, per action, the permissions of which one suffices
    (the role table in `accounts.roles` says who holds them). Rows are scoped separately."""

    def has_permission(self, request: Any, view: Any) -> bool:
        needed = getattr(view, "required_perms", {}).get(getattr(view, "action", None), ())
        return not needed or any(can(request.user, perm) for perm in needed)


class VisibleRelatedField(serializers.PrimaryKeyRelatedField):
    """A reference to a row the user may see. The queryset given is a placeholder naming the
    model (the schema generator reads it); lookups go through the access layer."""

    def get_queryset(self) -> Any:
        model = self.queryset.model  # type: ignore[union-attr]
        return visible(self.context["request"].user, model)


class UserSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    name = serializers.SerializerMethodField()

    def get_name(self, user: User) -> str:
        return user.get_full_name() or user.get_username()


class SuturaViewSet(viewsets.GenericViewSet):
    """Signed-in users only, a role check per action, and every list read logged."""

    permission_classes = [IsAuthenticated, RolePermission]
    required_perms: ClassVar[dict[str, tuple[Perm, ...]]] = {}
    audit_name = ""

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Every `create` of every endpoint takes an `Idempotency-Key` (core.idempotency)."""
        super().__init_subclass__(**kwargs)
        create = cls.__dict__.get("create")
        if create is not None and not getattr(create, "idempotent", False):
            wrapped: Any = extend_schema(parameters=[HEADER_PARAMETER])(idempotent_create(create))
            wrapped.idempotent = True
            setattr(cls, "create", wrapped)  # noqa: B010 - not every viewset has a create

    def perform_authentication(self, request: Any) -> None:
        """Once the token says who is asking, a client that named no language (no
        Accept-Language, no language cookie) is answered in its account's language."""
        super().perform_authentication(request)
        user = request.user
        if (
            user is not None
            and user.is_authenticated
            and not api_language(request)
            and settings.LANGUAGE_COOKIE_NAME not in request.COOKIES
        ):
            preferred = getattr(user, "preferred_language", "")
            if preferred in dict(settings.LANGUAGES):
                translation.activate(preferred)
                request.LANGUAGE_CODE = preferred

    def validated(self, serializer_class: type[serializers.Serializer], **context: Any) -> Any:
        """The request body, checked by `serializer_class` (400 with the fields otherwise)."""
        context = {**self.get_serializer_context(), **context}
        serializer = serializer_class(data=self.request.data, context=context)
        serializer.is_valid(raise_exception=True)
        return dict(serializer.validated_data)

    def paginated(
        self, queryset: Any, serialize: Callable[[list[Any]], Any], *, filtered: bool
    ) -> Response:
        """One page. Who read which list is logged; what they searched for (often a name)
        is not."""
        page = list(self.paginate_queryset(queryset) or [])
        number = getattr(getattr(self.paginator, "page", None), "number", 1)
        what = Text(self.audit_name)  # marked for translation where it is set
        if filtered:
            detail = Text(gettext_noop("API %(what)s list, page %(page)s, filtered"), what=what,
                          page=number)  # fmt: skip
        else:
            detail = Text(gettext_noop("API %(what)s list, page %(page)s"), what=what, page=number)
        record(Action.READ, actor=self.request.user, detail=detail)
        return self.get_paginated_response(serialize(page))


class RecordViewSet(SuturaViewSet):
    """List, read and add one kind of record. Lists and reads go through the access layer and
    are logged; `write()` calls the service."""

    model: ClassVar[type[models.Model]]
    related: ClassVar[tuple[str, ...]] = ()
    prefetch: ClassVar[tuple[str, ...]] = ()
    ordering: ClassVar[tuple[str, ...]] = ("-created_at",)
    # query parameter -> (the lookup from the record to that parent, its help in the schema)
    filters: ClassVar[dict[str, tuple[str, StrOrPromise]]] = {}
    input_serializer: ClassVar[type[serializers.Serializer]]

    def records(self) -> Any:
        found = visible(self.request.user, self.model).select_related(*self.related)
        return found.prefetch_related(*self.prefetch)

    def get_queryset(self) -> Any:
        found = self.records()
        for param, (lookup, _help) in self.filters.items():
            value = query_id(self.request, param)
            if value is not None:
                found = found.filter(**{lookup: value})
        return found.order_by(*self.ordering)

    def list(self, request: Request) -> Response:
        return self.paginated(
            self.get_queryset(),
            lambda page: self.get_serializer(page, many=True).data,
            filtered=any(request.query_params.get(param) for param in self.filters),
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        found = get_visible_or_404(request.user, self.records(), pk=path_id(pk))
        record_read(
            request.user,
            found,
            detail=Text(gettext_noop("API %(what)s"), what=Text(self.audit_name)),
        )
        return Response(self.get_serializer(found).data)

    def create(self, request: Request) -> Response:
        written = self.write(request.user, self.validated(self.input_serializer))
        return Response(self.get_serializer(written).data, status=status.HTTP_201_CREATED)

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError


def documented(output: type[serializers.Serializer], given: type[serializers.Serializer]) -> Any:
    """The schema of a RecordViewSet: its filters and what it takes to add a record."""

    def decorate(viewset: type[RecordViewSet]) -> type[RecordViewSet]:
        parameters = [
            OpenApiParameter(name, OpenApiTypes.UUID, description=help_text)
            for name, (_lookup, help_text) in viewset.filters.items()
        ]
        return extend_schema_view(
            list=extend_schema(parameters=parameters),
            create=extend_schema(request=given, responses={201: output}),
        )(viewset)

    return decorate


# The answers any endpoint may give besides its own (the access layer's 404, a role's 403, a
# refused input's 400…), in the common error shape. Added to every operation of the schema
# that does not describe them itself, so a client (and Schemathesis) knows them all.
ANY_ENDPOINT = {
    "400": _("Refused input: see `fields`."),
    "401": _("Not signed in, or the token has expired."),
    "403": _("Your role may not take this action."),
    "404": _("No such record for you."),
    "429": _("Too many requests: try again later."),
    "503": _("The service is unavailable for a moment: try again."),
}
ANY_WRITE = {
    "409": _("Not possible from the record's current state."),
    "415": _("Send the body as JSON (or as a form)."),
}


def document_errors(result: dict[str, Any], **_kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook (SPECTACULAR_SETTINGS POSTPROCESSING_HOOKS)."""
    shape = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            answers = operation.setdefault("responses", {})
            codes = dict(ANY_ENDPOINT) | (ANY_WRITE if method != "get" else {})
            parameters = operation.get("parameters", [])
            if any(p.get("name") == "Idempotency-Key" for p in parameters):
                codes["422"] = KeyReused.default_detail
            for code, description in codes.items():
                answers.setdefault(code, {"description": str(description), "content": shape})
    return result


class SchemaView(SpectacularAPIView):
    """/api/schema/: the schema describes endpoints, not data (`SERVE_PUBLIC`: the same for
    whoever asks), and the code does not change while the process runs, so it is generated
    and rendered once per language and format (drf-spectacular and the YAML renderer take
    seconds) and the bytes kept for the process. Only what the project serves is kept: a
    language it speaks (`?lang=` or the request's), one of the view's renderers; a request
    naming a version or another language is answered afresh, never kept, so nobody can fill
    the memory with schemas."""

    _rendered: ClassVar[dict[tuple[str, str], tuple[bytes, dict[str, str]]]] = {}

    def _key(self, request: Request) -> tuple[str, str] | None:
        if not self.serve_public or self.api_version or "version" in request.GET:
            return None
        spoken = {code for code, _name in settings.LANGUAGES}
        language = request.GET.get("lang") or translation.get_language() or ""
        renderer = getattr(request, "accepted_renderer", None)
        if language not in spoken or renderer is None:
            return None
        return (language, f"{renderer.format}:{renderer.media_type}")

    @extend_schema(exclude=True)  # SERVE_INCLUDE_SCHEMA is off: the schema leaves itself out
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Any:
        key = self._key(request)
        if key is not None and key in self._rendered:
            content, headers = self._rendered[key]
            return HttpResponse(content, headers=headers)
        return super().get(request, *args, **kwargs)

    def finalize_response(self, request: Request, response: Any, *args: Any, **kwargs: Any) -> Any:
        response = super().finalize_response(request, response, *args, **kwargs)
        key = self._key(request)
        if key is not None and isinstance(response, Response) and response.status_code == 200:
            response.render()
            kept = ("Content-Type", "Content-Disposition")
            headers = {name: response[name] for name in kept if response.has_header(name)}
            self._rendered[key] = (response.content, headers)
        return response


class DocsView(SpectacularSwaggerSplitView):
    """/api/docs/: Swagger UI is read by people in a browser, so it speaks the language they
    chose on the site (the middleware ignores Accept-Language here), and asks the schema in
    that language (`?lang=`): the browser's own header would otherwise pick it."""

    def _get_schema_url(self, request: Request) -> str:
        url = super()._get_schema_url(request)
        if request.GET.get("lang"):
            return url
        return f"{url}{'&' if '?' in url else '?'}lang={translation.get_language()}"
