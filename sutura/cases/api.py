"""The REST API for people and cases: the same selectors, services and audit as the pages.

Reads go through `sutura.access` (directly or through the selectors), writes through the
services; nothing here decides who sees what. A record the user may not see answers 404, an
action their role does not allow answers 403, a refused write answers 400 with the common
error shape, and a save over someone else's newer version answers 409.

This module holds the conventions, persons and cases; `api_records.py` holds what is recorded
on them (consents, screenings, assessments, plans, assistance, follow-ups).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, ClassVar
from uuid import UUID

import pycountry
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import BooleanField, ExpressionWrapper, QuerySet, Value
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import (
    OpenApiParameter,
    PolymorphicProxySerializer,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import BasePermission, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import can, visible
from sutura.access.rules import case_filter, sees_case_in_full
from sutura.accounts.models import User
from sutura.accounts.roles import Perm, Role
from sutura.audit.models import Action
from sutura.audit.services import record
from sutura.cases.models import (
    Case,
    CaseStatus,
    CaseType,
    ClosureReason,
    Priority,
    Programme,
    RiskLevel,
    Vulnerability,
)
from sutura.cases.selectors import SORTS, CaseFilters, case_for, cases_for
from sutura.cases.services import lifecycle
from sutura.core.concurrency import StaleVersionError
from sutura.geo.models import Location
from sutura.people import services as people
from sutura.people.models import Person, Sex
from sutura.people.phones import to_e164
from sutura.people.selectors import person_for, persons_for

# ---------------------------------------------------------------------------------------------
# Conventions shared by every endpoint


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "stale"
    default_detail = _("Someone else saved this record after you opened it.")


@contextmanager
def versioned_write() -> Iterator[None]:
    """A save refused because the record changed since the client read it answers 409."""
    try:
        yield
    except StaleVersionError as error:
        raise Conflict(error.messages[0]) from error


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
    permission_classes = [IsAuthenticated, RolePermission]
    required_perms: ClassVar[dict[str, tuple[Perm, ...]]] = {}
    audit_name = ""

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
        detail = f"API {self.audit_name} list, page {number}" + (", filtered" if filtered else "")
        record(Action.READ, actor=self.request.user, detail=detail)
        return self.get_paginated_response(serialize(page))


# ---------------------------------------------------------------------------------------------
# Persons

COUNTRY_CODES = sorted(country.alpha_2 for country in pycountry.countries)


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "given_names",
            "family_name",
            "sex",
            "birth_date",
            "birth_date_estimated",
            "nationality",
            "phone",
            "other_phones",
            "aliases",
            "languages",
            "place_of_origin",
            "current_location",
            "current_address",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class CaseLinkSerializer(serializers.ModelSerializer):
    class Meta:
        model = Case
        fields = ["id", "number", "case_type", "status", "opened_on"]
        read_only_fields = fields


class PersonDetailSerializer(PersonSerializer):
    cases = serializers.SerializerMethodField()

    class Meta(PersonSerializer.Meta):
        fields = [*PersonSerializer.Meta.fields, "cases"]
        read_only_fields = fields

    @extend_schema_field(CaseLinkSerializer(many=True))
    def get_cases(self, person: Person) -> Any:
        cases = visible(self.context["request"].user, Case).filter(person=person)
        return CaseLinkSerializer(cases.order_by("-opened_on"), many=True).data


class PersonInputSerializer(serializers.Serializer):
    given_names = serializers.CharField(max_length=120)
    family_name = serializers.CharField(max_length=120)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    birth_date = serializers.DateField(required=False, allow_null=True)
    birth_date_estimated = serializers.BooleanField(required=False)
    nationality = serializers.ChoiceField(choices=COUNTRY_CODES, required=False, allow_blank=True)
    phone = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        help_text=_(
            "Without a country code, the nationality's (or else your organisation's) is added."
        ),
    )
    place_of_origin = VisibleRelatedField(
        queryset=Location.objects.none(), required=False, allow_null=True
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("phone"):
            region = attrs.get("nationality") or self.context.get("default_region")
            try:
                attrs["phone"] = to_e164(attrs["phone"], region)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"phone": error.messages}) from error
        return attrs


class PersonUpdateSerializer(PersonInputSerializer):
    """Only the fields sent change; `version` is the one the client read."""

    version = serializers.IntegerField(min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name == "version"


def _home_region(user: Any) -> str | None:
    organisation = user.organisation
    return organisation.country.iso_code if organisation else None


class PersonViewSet(SuturaViewSet):
    """The people whose files the user's organisation holds."""

    queryset = Person.objects.none()
    serializer_class = PersonSerializer
    audit_name = "people"
    required_perms = {
        "list": (Perm.VIEW_PERSONS,),
        "create": (Perm.REGISTER_PERSONS,),
        "partial_update": (Perm.EDIT_PERSONS,),
    }

    def get_queryset(self) -> QuerySet[Person]:
        return persons_for(self.request.user, query=self.request.query_params.get("q", ""))

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description=_("A name or a phone number."))]
    )
    def list(self, request: Request) -> Response:
        return self.paginated(
            self.get_queryset(),
            lambda page: PersonSerializer(page, many=True).data,
            filtered=bool(request.query_params.get("q")),
        )

    @extend_schema(responses=PersonDetailSerializer)
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        person = person_for(request.user, path_id(pk))  # the read is audited
        context = self.get_serializer_context()
        return Response(PersonDetailSerializer(person, context=context).data)

    @extend_schema(request=PersonInputSerializer, responses={201: PersonSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated(PersonInputSerializer, default_region=_home_region(request.user))
        person = people.register_person(actor=request.user, **data)
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PersonUpdateSerializer, responses=PersonSerializer)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        person = person_for(request.user, path_id(pk), audit=False)
        region = person.nationality or _home_region(request.user)
        data = self.validated(PersonUpdateSerializer, default_region=region)
        version = data.pop("version")
        with versioned_write():
            person = people.update_person(
                actor=request.user, person=person, expected_version=version, **data
            )
        return Response(PersonSerializer(person).data)
