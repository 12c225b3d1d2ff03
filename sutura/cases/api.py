"""The API for cases: in full for the case team, a minimal profile for the assigned mentor.
The records kept on a case have theirs in `api_records` (screenings, assessments, follow-ups)
and `api_plans` (plans, assistance delivered); the conventions are `sutura.core.api`'s."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import PolymorphicProxySerializer, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import can
from sutura.access.accounts import colleague
from sutura.access.cases import with_works_on_flag, works_on, works_on_filter
from sutura.accounts.models import User
from sutura.accounts.roles import Perm
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
from sutura.cases.selectors import SORTS, CaseFilters, case_for, case_worked_on, cases_for
from sutura.cases.services import lifecycle
from sutura.core.api import (
    RecordViewSet,
    SuturaViewSet,
    UserSummarySerializer,
    VisibleRelatedField,
    path_id,
    versioned_write,
)
from sutura.people.models import Person
from sutura.people.selectors import person_for


class CaseLinkSerializer(serializers.ModelSerializer):
    """A case as listed on its person's file."""

    class Meta:
        model = Case
        fields = ["id", "number", "case_type", "status", "opened_on"]
        read_only_fields = fields


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
    """First name, age, area and phone: what a mentor needs to meet and call the returnee."""

    age = serializers.SerializerMethodField()
    current_location = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["given_names", "age", "phone", "current_location"]
        read_only_fields = fields

    def get_age(self, person: Person) -> int | None:
        return person.age()

    def get_current_location(self, person: Person) -> str | None:
        location = person.current_location
        return location.name if location is not None else None


class MinimalCaseSerializer(serializers.ModelSerializer):
    """What a community mentor sees of a returnee assigned to them, and nothing more."""

    profile = serializers.SerializerMethodField()
    person = MinimalPersonSerializer(read_only=True)

    class Meta:
        model = Case
        # The stage of the case in words is in the mentoring API (/api/mentoring/returnees/):
        # cases sits below mentoring and cannot ask it.
        fields = ["id", "profile", "status", "person"]
        read_only_fields = fields

    def get_profile(self, case: Case) -> str:
        return "minimal"


def _case_schema(many: bool) -> PolymorphicProxySerializer:
    return PolymorphicProxySerializer(
        component_name="CaseOrMinimalCase",
        serializers={"full": CaseSerializer, "minimal": MinimalCaseSerializer},
        resource_type_field_name="profile",
        many=many,
    )


def represent_case(case: Case, in_full: bool) -> Any:
    return (CaseSerializer if in_full else MinimalCaseSerializer)(case).data


def represent_cases(cases: list[Any]) -> list[Any]:
    """A page of cases, each in full or minimal as its `works_on` flag says. One serializer of
    each kind serves every row, as a `many=True` list does: building a serializer (its fields
    are deep-copied) cost more CPU than representing the row."""
    full, minimal = CaseSerializer(), MinimalCaseSerializer()  # cases from with_works_on_flag
    return [(full if case.works_on else minimal).to_representation(case) for case in cases]


def _colleague(organisation_id: Any, user_id: int | None) -> User | None:
    """The active user of the case's organisation to assign as case manager."""
    if user_id is None:
        return None
    candidate = colleague(user_id, organisation_id)
    if candidate is None or not can(candidate, Perm.MANAGE_CASES):
        raise serializers.ValidationError({"case_manager": [_("Choose a colleague in this role.")]})
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
    sort = serializers.ChoiceField(
        choices=[*SORTS, "relevance"],
        required=False,
        allow_blank=True,
        default="",
        help_text=_("By default, the closest first when `q` is a name, else the newest opened."),
    )


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
    programme = VisibleRelatedField(
        queryset=Programme.objects.none(), required=False, allow_null=True
    )
    priority = serializers.ChoiceField(choices=Priority.choices, required=False)
    risk_level = serializers.ChoiceField(choices=RiskLevel.choices, required=False)

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "mentor" in self.initial_data:  # once a field of this endpoint: say where it went
            raise serializers.ValidationError(
                {
                    "mentor": [
                        _(
                            "A mentor is assigned with a purpose and a period: "
                            "POST /api/mentoring/assignments/."
                        )
                    ]
                }
            )
        return attrs


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


class CaseRecordViewSet(RecordViewSet):
    """A kind of record the case team keeps on a case (screenings, plans, follow-ups…)."""

    filters = {"case": ("case", _("Only the records of this case."))}
    required_perms = {"list": CASE_TEAM, "create": CASE_TEAM}


class CaseViewSet(SuturaViewSet):
    """Cases: in full for the case team, as a minimal profile for the assigned mentor."""

    queryset = Case.objects.none()
    serializer_class = CaseSerializer
    audit_name = gettext_noop("cases")
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
        given = dict(params.validated_data)
        if works_on_filter(request.user) is None:
            # A mentor sees minimal profiles: filters or sorts on what they may not see (type,
            # vulnerabilities, follow-ups, priority) would reveal it by what they return.
            given = {
                "q": given.get("q", ""),
                "status": given.get("status", ""),
                "overdue": False,
                "sort": "opened",
            }
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
            with_works_on_flag(request.user, cases),
            represent_cases,
            filtered=filtered or given["overdue"],
        )

    @extend_schema(responses=_case_schema(many=False))
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        case = case_for(request.user, path_id(pk))  # the read is audited
        return Response(represent_case(case, works_on(request.user, case)))

    @extend_schema(request=CaseOpenSerializer, responses={201: CaseSerializer})
    def create(self, request: Request) -> Response:
        """Open a case for a person (their consent to registration must be recorded)."""
        data = self.validated(CaseOpenSerializer)
        person = person_for(request.user, data.pop("person"), audit=False)
        data["case_manager"] = _colleague(person.organisation_id, data.get("case_manager"))
        case = lifecycle.open_case(actor=request.user, person=person, **data)
        return Response(CaseSerializer(case).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=CaseUpdateSerializer, responses=CaseSerializer)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        """Assign the case manager, the programme, the priority or the type (a mentor is
        assigned through the mentoring API, with a purpose and a period)."""
        case = case_worked_on(request.user, path_id(pk))
        data = self.validated(CaseUpdateSerializer)
        version = data.pop("version")
        if "case_manager" in data:
            data["case_manager"] = _colleague(case.organisation_id, data["case_manager"])
        with versioned_write():
            case = lifecycle.update_case(
                actor=request.user, case=case, expected_version=version, **data
            )
        return Response(CaseSerializer(case).data)

    @extend_schema(request=CaseMoveSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def move(self, request: Request, pk: Any = None) -> Response:
        """Move the case to its next status, or close it (with a reason and a date)."""
        case = case_worked_on(request.user, path_id(pk))
        data = self.validated(CaseMoveSerializer)
        case = lifecycle.move_case(actor=request.user, case=case, **data)
        return Response(CaseSerializer(case).data)

    @extend_schema(request=CaseReopenSerializer, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request: Request, pk: Any = None) -> Response:
        """Reopen a closed case where it was before closing; the reason is mandatory."""
        case = case_worked_on(request.user, path_id(pk))
        data = self.validated(CaseReopenSerializer)
        case = lifecycle.reopen_case(actor=request.user, case=case, reason=data["reason"])
        return Response(CaseSerializer(case).data)
