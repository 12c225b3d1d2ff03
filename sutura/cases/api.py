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


# ---------------------------------------------------------------------------------------------
# Cases


class PersonSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "given_names", "family_name"]
        read_only_fields = fields


class ProgrammeSummarySerializer(serializers.ModelSerializer):
    class Meta:
        model = Programme
        fields = ["id", "name"]
        read_only_fields = fields


class CaseSerializer(serializers.ModelSerializer):
    """A case as its team sees it."""

    profile = serializers.SerializerMethodField()
    person = PersonSummarySerializer(read_only=True)
    case_manager = UserSummarySerializer(read_only=True, allow_null=True)
    mentor = UserSummarySerializer(read_only=True, allow_null=True)
    programme = ProgrammeSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = Case
        fields = [
            "id",
            "profile",
            "number",
            "person",
            "case_type",
            "status",
            "priority",
            "risk_level",
            "flags",
            "opened_on",
            "closed_on",
            "closure_reason",
            "case_manager",
            "mentor",
            "programme",
            "next_follow_up_on",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def get_profile(self, case: Case) -> str:
        return "full"


class MinimalPersonSerializer(serializers.ModelSerializer):
    current_location = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["given_names", "family_name", "phone", "current_location"]
        read_only_fields = fields

    def get_current_location(self, person: Person) -> str | None:
        location = person.current_location
        return location.name if location is not None else None


class MinimalCaseSerializer(serializers.ModelSerializer):
    """What a community mentor sees of a returnee assigned to them, and nothing more."""

    profile = serializers.SerializerMethodField()
    person = MinimalPersonSerializer(read_only=True)

    class Meta:
        model = Case
        fields = ["id", "profile", "number", "status", "person"]
        read_only_fields = fields

    def get_profile(self, case: Case) -> str:
        return "minimal"


CASE_OR_MINIMAL = {"full": CaseSerializer, "minimal": MinimalCaseSerializer}


def _case_schema(many: bool) -> PolymorphicProxySerializer:
    return PolymorphicProxySerializer(
        component_name="CaseOrMinimalCase",
        serializers=CASE_OR_MINIMAL,
        resource_type_field_name="profile",
        many=many,
    )


def represent_case(case: Case, in_full: bool) -> Any:
    return (CaseSerializer if in_full else MinimalCaseSerializer)(case).data


def _with_full_flag(user: Any, cases: QuerySet[Case]) -> QuerySet[Case]:
    """Mark, in the list query itself, the cases the user works on in full (the access layer's
    own condition), so a list page costs no query per row."""
    condition = case_filter(user)
    flag: Any = (
        Value(False)
        if condition is None
        else ExpressionWrapper(condition, output_field=BooleanField())
    )
    return cases.annotate(seen_in_full=flag)


def full_case(user: Any, case_id: Any) -> Case:
    """A case the user works on in full. A mentor's minimal view reaches neither the records
    kept on the case nor its actions: for them, those answer 404."""
    case = case_for(user, case_id, audit=False)
    if not sees_case_in_full(user, case):
        raise Http404
    return case


def _colleague(organisation_id: Any, user_id: int | None, *, mentor: bool) -> User | None:
    """The active user of the case's organisation to assign, in a role that fits the task."""
    if user_id is None:
        return None
    candidate = User.objects.filter(
        pk=user_id, organisation_id=organisation_id, is_active=True
    ).first()
    fits = candidate is not None and (
        Role.COMMUNITY_MENTOR in candidate.roles if mentor else can(candidate, Perm.MANAGE_CASES)
    )
    if not fits:
        field = "mentor" if mentor else "case_manager"
        raise serializers.ValidationError({field: [_("Choose a colleague in this role.")]})
    return candidate


class CaseFilterSerializer(serializers.Serializer):
    q = serializers.CharField(
        required=False, allow_blank=True, help_text=_("A case number, a phone number or a name.")
    )
    status = serializers.ChoiceField(choices=CaseStatus.choices, required=False, allow_blank=True)
    type = serializers.ChoiceField(choices=CaseType.choices, required=False, allow_blank=True)
    vulnerability = serializers.ChoiceField(
        choices=Vulnerability.choices, required=False, allow_blank=True
    )
    overdue = serializers.BooleanField(
        default=False, help_text=_("Only open cases whose next follow-up date has passed.")
    )
    sort = serializers.ChoiceField(choices=[*SORTS, "relevance"], default="opened")


class CaseOpenSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    case_type = serializers.ChoiceField(choices=CaseType.choices)
    opened_on = serializers.DateField(required=False, allow_null=True)
    case_manager = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("By default, the user opening the case.")
    )
    programme = VisibleRelatedField(
        queryset=Programme.objects.none(), required=False, allow_null=True
    )


class CaseUpdateSerializer(serializers.Serializer):
    """Only the fields sent change; `version` is the one the client read."""

    version = serializers.IntegerField(min_value=1)
    case_type = serializers.ChoiceField(choices=CaseType.choices, required=False)
    case_manager = serializers.IntegerField(required=False, allow_null=True)
    mentor = serializers.IntegerField(required=False, allow_null=True)
    programme = VisibleRelatedField(
        queryset=Programme.objects.none(), required=False, allow_null=True
    )
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)


class CaseMoveSerializer(serializers.Serializer):
    to_status = serializers.ChoiceField(choices=CaseStatus.choices)
    reason = serializers.CharField(default="", allow_blank=True)
    closure_reason = serializers.ChoiceField(
        choices=ClosureReason.choices, default="", allow_blank=True
    )
    closed_on = serializers.DateField(default=None, allow_null=True)


class CaseReopenSerializer(serializers.Serializer):
    reason = serializers.CharField(allow_blank=True)


CASE_TEAM = (Perm.MANAGE_CASES,)


class CaseViewSet(SuturaViewSet):
    """Cases: in full for the case team, as a minimal profile for the assigned mentor."""

    queryset = Case.objects.none()
    serializer_class = CaseSerializer
    audit_name = "cases"
    required_perms = {
        "list": (Perm.MANAGE_CASES, Perm.VIEW_ASSIGNED_PERSONS_MINIMAL),
        "create": CASE_TEAM,
        "partial_update": CASE_TEAM,
        "move": CASE_TEAM,
        "reopen": CASE_TEAM,
    }

    @extend_schema(parameters=[CaseFilterSerializer], responses=_case_schema(many=True))
    def list(self, request: Request) -> Response:
        params = CaseFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        given = params.validated_data
        filters = CaseFilters(
            query=given.get("q", ""),
            status=given.get("status", ""),
            case_type=given.get("type", ""),
            vulnerability=given.get("vulnerability", ""),
            overdue=given["overdue"],
            sort=given["sort"],
        )
        cases = cases_for(request.user, filters).select_related("mentor", "programme")
        filtered = any(given.get(name) for name in ("q", "status", "type", "vulnerability"))
        return self.paginated(
            _with_full_flag(request.user, cases),
            lambda page: [represent_case(case, case.seen_in_full) for case in page],
            filtered=filtered or given["overdue"],
        )

    @extend_schema(responses=_case_schema(many=False))
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        case = case_for(request.user, path_id(pk))  # the read is audited
        return Response(represent_case(case, sees_case_in_full(request.user, case)))

    @extend_schema(request=CaseOpenSerializer, responses={201: CaseSerializer})
    def create(self, request: Request) -> Response:
        """Open a case for a person (their consent to registration must be recorded)."""
        data = self.validated(CaseOpenSerializer)
        person = person_for(request.user, data.pop("person"), audit=False)
        data["case_manager"] = _colleague(
            person.organisation_id, data.get("case_manager"), mentor=False
        )
        case = lifecycle.open_case(actor=request.user, person=person, **data)
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseUpdateSerializer, responses=CaseSerializer)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        """Assign the case manager or mentor, the programme, the priority or the type."""
        case = full_case(request.user, path_id(pk))
        data = self.validated(CaseUpdateSerializer)
        version = data.pop("version")
        for name, mentor in (("case_manager", False), ("mentor", True)):
            if name in data:
                data[name] = _colleague(case.organisation_id, data[name], mentor=mentor)
        with versioned_write():
            case = lifecycle.update_case(
                actor=request.user, case=case, expected_version=version, **data
            )
        return Response(CaseSerializer(case).data)

    @extend_schema(request=CaseMoveSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: Any = None) -> Response:
        """Move the case to its next status, or close it (with a reason and a date)."""
        case = full_case(request.user, path_id(pk))
        data = self.validated(CaseMoveSerializer)
        case = lifecycle.move_case(actor=request.user, case=case, **data)
        return Response(CaseSerializer(case).data)

    @extend_schema(request=CaseReopenSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: Any = None) -> Response:
        """Reopen a closed case where it was before closing; the reason is mandatory."""
        case = full_case(request.user, path_id(pk))
        data = self.validated(CaseReopenSerializer)
        case = lifecycle.reopen_case(actor=request.user, case=case, reason=data["reason"])
        return Response(CaseSerializer(case).data)
