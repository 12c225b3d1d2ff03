"""The REST API for what is recorded on people and cases: consents, screenings, assessments,
reintegration plans, assistance delivered and follow-ups.

Only the case team reaches these records (a mentor's minimal view of a case stops at the case);
the access layer decides, the services write. Conventions are in `sutura.cases.api`.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_field,
    extend_schema_view,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404, visible
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.audit.services import record_read
from sutura.cases.api import (
    CASE_TEAM,
    SuturaViewSet,
    UserSummarySerializer,
    VisibleRelatedField,
    full_case,
    path_id,
    query_id,
    versioned_write,
)
from sutura.cases.models import (
    AssistanceDelivery,
    Currency,
    Dimension,
    FollowUp,
    FollowUpType,
    NeedsAssessment,
    PlanDecision,
    PlannedAssistance,
    ReintegrationPlan,
    Vulnerability,
    VulnerabilityScreening,
)
from sutura.cases.services import plans, records, screening
from sutura.people import consent as consents
from sutura.people.models import Consent, ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.people.selectors import person_for

FILTER_HELP = {
    "case": _("Only the records of this case."),
    "person": _("Only the decisions of this person."),
    "item": _("Only the deliveries against this planned item."),
}


class RecordViewSet(SuturaViewSet):
    """List, read and add one kind of record. Lists and reads go through the access layer and
    are logged; `write()` calls the service."""

    model: ClassVar[type[models.Model]]
    related: ClassVar[tuple[str, ...]] = ()
    prefetch: ClassVar[tuple[str, ...]] = ()
    ordering: ClassVar[tuple[str, ...]] = ("-created_at",)
    # query parameter -> the lookup from the record to that parent
    filters: ClassVar[dict[str, str]] = {"case": "case"}
    input_serializer: ClassVar[type[serializers.Serializer]]
    required_perms = {"list": CASE_TEAM, "create": CASE_TEAM}

    def records(self) -> Any:
        queryset = self.model._default_manager.select_related(*self.related)
        return visible(self.request.user, queryset.prefetch_related(*self.prefetch))

    def get_queryset(self) -> Any:
        found = self.records()
        for param, lookup in self.filters.items():
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
        record_read(request.user, found, detail=f"API {self.audit_name}")
        return Response(self.get_serializer(found).data)

    def create(self, request: Request) -> Response:
        written = self.write(request.user, self.validated(self.input_serializer))
        return Response(self.get_serializer(written).data, status=status.HTTP_201_CREATED)

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        raise NotImplementedError


def documented(
    output: type[serializers.Serializer], given: type[serializers.Serializer]
) -> Any:
    """The schema of a RecordViewSet: its filters and what it takes to add a record."""

    def decorate(viewset: type[RecordViewSet]) -> type[RecordViewSet]:
        parameters = [
            OpenApiParameter(name, OpenApiTypes.UUID, description=FILTER_HELP[name])
            for name in viewset.filters
        ]
        return extend_schema_view(
            list=extend_schema(parameters=parameters),
            create=extend_schema(request=given, responses={201: output}),
        )(viewset)

    return decorate


# ---------------------------------------------------------------------------------------------
# Consent


class ConsentSerializer(serializers.ModelSerializer):
    recorded_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = Consent
        fields = [
            "id",
            "person",
            "purpose",
            "shared_with",
            "status",
            "method",
            "guardian_name",
            "childs_views",
            "decided_on",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class ConsentInputSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    status = serializers.ChoiceField(choices=ConsentStatus.choices)
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    decided_on = serializers.DateField(required=False, allow_null=True)
    shared_with = VisibleRelatedField(
        queryset=Organisation.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Only for consent to share with a named organisation."),
    )
    guardian_name = serializers.CharField(default="", allow_blank=True, max_length=200)
    childs_views = serializers.CharField(default="", allow_blank=True)


@documented(ConsentSerializer, ConsentInputSerializer)
class ConsentViewSet(RecordViewSet):
    """A person's decisions, purpose by purpose; the latest one is in force."""

    queryset = Consent.objects.none()
    serializer_class = ConsentSerializer
    model = Consent
    related = ("recorded_by",)
    ordering = ("-decided_on", "-created_at")
    filters = {"person": "person"}
    input_serializer = ConsentInputSerializer
    audit_name = "consents"
    required_perms = {
        "list": (Perm.VIEW_PERSONS,),
        "create": (Perm.EDIT_PERSONS,),
        "withdraw": (Perm.EDIT_PERSONS,),
    }

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        person = person_for(user, data.pop("person"), audit=False)
        return consents.record_consent(actor=user, person=person, **data)

    @extend_schema(request=None, responses={201: ConsentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        """Withdraw a consent: a new decision, in force at once; the history stays."""
        given = get_visible_or_404(request.user, self.records(), pk=path_id(pk))
        withdrawn = consents.withdraw_consent(actor=request.user, consent=given)
        return Response(ConsentSerializer(withdrawn).data, status=status.HTTP_201_CREATED)


# ---------------------------------------------------------------------------------------------
# Screening and assessment


class ScreeningSerializer(serializers.ModelSerializer):
    screened_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = VulnerabilityScreening
        fields = [
            "id",
            "case",
            "categories",
            "other_description",
            "individual_factors",
            "household_factors",
            "community_factors",
            "structural_factors",
            "screened_on",
            "screened_by",
            "created_at",
        ]
        read_only_fields = fields


class ScreeningInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    categories = serializers.ListField(
        child=serializers.ChoiceField(choices=Vulnerability.choices), allow_empty=True
    )
    screened_on = serializers.DateField(required=False, allow_null=True)
    other_description = serializers.CharField(default="", allow_blank=True, max_length=250)
    individual_factors = serializers.CharField(default="", allow_blank=True)
    household_factors = serializers.CharField(default="", allow_blank=True)
    community_factors = serializers.CharField(default="", allow_blank=True)
    structural_factors = serializers.CharField(default="", allow_blank=True)


@documented(ScreeningSerializer, ScreeningInputSerializer)
class ScreeningViewSet(RecordViewSet):
    """Vulnerability screenings. A presumed trafficking victim or an unaccompanied child makes
    the case urgent and alerts the focal points (the service does it)."""

    queryset = VulnerabilityScreening.objects.none()
    serializer_class = ScreeningSerializer
    model = VulnerabilityScreening
    related = ("screened_by",)
    ordering = ("-screened_on", "-created_at")
    input_serializer = ScreeningInputSerializer
    audit_name = "screenings"

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = full_case(user, data.pop("case"))
        return screening.record_screening(actor=user, case=case, **data)


class AssessmentSerializer(serializers.ModelSerializer):
    assessed_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = NeedsAssessment
        fields = [
            "id",
            "case",
            "economic",
            "social",
            "psychosocial",
            "summary",
            "assessed_on",
            "assessed_by",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class AssessmentInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    economic = serializers.CharField(default="", allow_blank=True)
    social = serializers.CharField(default="", allow_blank=True)
    psychosocial = serializers.CharField(default="", allow_blank=True)
    summary = serializers.CharField(default="", allow_blank=True)
    assessed_on = serializers.DateField(required=False, allow_null=True)


@documented(AssessmentSerializer, AssessmentInputSerializer)
class AssessmentViewSet(RecordViewSet):
    """Needs assessments in the three dimensions of reintegration."""

    queryset = NeedsAssessment.objects.none()
    serializer_class = AssessmentSerializer
    model = NeedsAssessment
    related = ("assessed_by",)
    ordering = ("-assessed_on", "-created_at")
    input_serializer = AssessmentInputSerializer
    audit_name = "assessments"

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = full_case(user, data.pop("case"))
        return screening.record_assessment(actor=user, case=case, **data)


# ---------------------------------------------------------------------------------------------
# Reintegration plans


class PlanItemSerializer(serializers.ModelSerializer):
    delivered = serializers.SerializerMethodField()

    class Meta:
        model = PlannedAssistance
        fields = [
            "id",
            "dimension",
            "kind",
            "description",
            "provider",
            "amount",
            "currency",
            "planned_on",
            "delivered",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.DECIMAL)
    def get_delivered(self, item: PlannedAssistance) -> str:
        """What has been disbursed so far (deliveries are prefetched with the plan)."""
        return str(sum((delivery.amount for delivery in item.deliveries.all()), start=0))


class PlanDecisionSerializer(serializers.ModelSerializer):
    actor = UserSummarySerializer(read_only=True)

    class Meta:
        model = PlanDecision
        fields = ["decision", "comments", "actor", "created_at"]
        read_only_fields = fields


class PlanSerializer(serializers.ModelSerializer):
    items = PlanItemSerializer(many=True, read_only=True)
    decisions = PlanDecisionSerializer(many=True, read_only=True)

    class Meta:
        model = ReintegrationPlan
        fields = [
            "id",
            "case",
            "objectives",
            "status",
            "submitted_at",
            "items",
            "decisions",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PlanOpenSerializer(serializers.Serializer):
    case = serializers.UUIDField()


class PlanItemInputSerializer(serializers.Serializer):
    dimension = serializers.ChoiceField(choices=Dimension.choices)
    kind = serializers.CharField(max_length=120)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    currency = serializers.ChoiceField(choices=Currency.choices)
    description = serializers.CharField(default="", allow_blank=True)
    provider = serializers.CharField(default="", allow_blank=True, max_length=200)
    planned_on = serializers.DateField(required=False, allow_null=True)


class PlanSubmitSerializer(serializers.Serializer):
    version = serializers.IntegerField(min_value=1, help_text=_("The version you read."))


class PlanDecideSerializer(PlanSubmitSerializer):
    comments = serializers.CharField(default="", allow_blank=True)


@extend_schema_view(
    list=extend_schema(
        parameters=[OpenApiParameter("case", OpenApiTypes.UUID, description=FILTER_HELP["case"])]
    ),
    create=extend_schema(
        request=PlanOpenSerializer, responses={200: PlanSerializer, 201: PlanSerializer}
    ),
)
class PlanViewSet(RecordViewSet):
    """The reintegration plan of a case: items, submission, approval above the threshold."""

    queryset = ReintegrationPlan.objects.none()
    serializer_class = PlanSerializer
    model = ReintegrationPlan
    related = ("case",)
    prefetch = ("items__deliveries", "decisions__actor")
    input_serializer = PlanOpenSerializer
    audit_name = "plans"
    required_perms = {
        "list": CASE_TEAM,
        "create": CASE_TEAM,
        "items": CASE_TEAM,
        "submit": CASE_TEAM,
        "approve": (Perm.APPROVE_PLANS,),
        "return_plan": (Perm.APPROVE_PLANS,),
    }

    def create(self, request: Request) -> Response:
        """The case's plan: started if it has none yet (201), the existing one otherwise."""
        case = full_case(request.user, self.validated(PlanOpenSerializer)["case"])
        existed = self.records().filter(case=case).exists()
        plan = plans.plan_for_case(actor=request.user, case=case)
        code = status.HTTP_200_OK if existed else status.HTTP_201_CREATED
        return Response(self._shown(plan.pk), status=code)

    def _plan(self, pk: Any) -> ReintegrationPlan:
        return get_visible_or_404(self.request.user, self.records(), pk=path_id(pk))

    def _shown(self, plan_id: Any) -> Any:
        return PlanSerializer(self.records().get(pk=plan_id)).data

    @extend_schema(request=PlanItemInputSerializer, responses={201: PlanItemSerializer})
    @action(detail=True, methods=["post"])
    def items(self, request: Request, pk: Any = None) -> Response:
        """Add a planned assistance item (a draft or returned plan only)."""
        plan = self._plan(pk)
        data = self.validated(PlanItemInputSerializer)
        item = plans.add_item(actor=request.user, plan=plan, **data)
        return Response(PlanItemSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=PlanSubmitSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        """Submit the plan: above the threshold it waits for a programme manager; below, the
        submission approves it."""
        plan = self._plan(pk)
        version = self.validated(PlanSubmitSerializer)["version"]
        with versioned_write():
            plans.submit_plan(actor=request.user, plan=plan, expected_version=version)
        return Response(self._shown(plan.pk))

    def _decide(self, pk: Any, *, approve: bool) -> Response:
        plan = self._plan(pk)
        data = self.validated(PlanDecideSerializer)
        with versioned_write():
            plans.decide_plan(
                actor=self.request.user,
                plan=plan,
                approve=approve,
                comments=data["comments"],
                expected_version=data["version"],
            )
        return Response(self._shown(plan.pk))

    @extend_schema(request=PlanDecideSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        """A programme manager approves a plan awaiting approval."""
        return self._decide(pk, approve=True)

    @extend_schema(request=PlanDecideSerializer, responses=PlanSerializer)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_plan(self, request: Request, pk: Any = None) -> Response:
        """A programme manager returns the plan with comments on what must change."""
        return self._decide(pk, approve=False)


# ---------------------------------------------------------------------------------------------
# Assistance delivered and follow-ups


class DeliverySerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="item.plan.case_id", read_only=True)
    currency = serializers.CharField(source="item.currency", read_only=True)
    recorded_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = AssistanceDelivery
        fields = [
            "id",
            "case",
            "item",
            "delivered_on",
            "amount",
            "currency",
            "reference",
            "notes",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class DeliveryInputSerializer(serializers.Serializer):
    item = serializers.UUIDField()
    delivered_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2)
    reference = serializers.CharField(default="", allow_blank=True, max_length=80)
    notes = serializers.CharField(default="", allow_blank=True)


@documented(DeliverySerializer, DeliveryInputSerializer)
class DeliveryViewSet(RecordViewSet):
    """Assistance actually delivered against an approved plan's items."""

    queryset = AssistanceDelivery.objects.none()
    serializer_class = DeliverySerializer
    model = AssistanceDelivery
    related = ("item__plan", "recorded_by")
    ordering = ("-delivered_on", "-created_at")
    filters = {"case": "item__plan__case", "item": "item"}
    input_serializer = DeliveryInputSerializer
    audit_name = "assistance"

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        item = get_visible_or_404(user, PlannedAssistance, pk=data.pop("item"))
        delivery = plans.record_delivery(actor=user, item=item, **data)
        return self.records().get(pk=delivery.pk)


class FollowUpSerializer(serializers.ModelSerializer):
    recorded_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = FollowUp
        fields = [
            "id",
            "case",
            "happened_on",
            "type",
            "notes",
            "next_due_on",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class FollowUpInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    happened_on = serializers.DateField()
    type = serializers.ChoiceField(choices=FollowUpType.choices)
    notes = serializers.CharField(default="", allow_blank=True)
    next_due_on = serializers.DateField(required=False, allow_null=True)


@documented(FollowUpSerializer, FollowUpInputSerializer)
class FollowUpViewSet(RecordViewSet):
    """Visits and calls, and when the next one is due (the overdue list reads it)."""

    queryset = FollowUp.objects.none()
    serializer_class = FollowUpSerializer
    model = FollowUp
    related = ("recorded_by",)
    ordering = ("-happened_on", "-created_at")
    input_serializer = FollowUpInputSerializer
    audit_name = "follow-ups"

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = full_case(user, data.pop("case"))
        return records.record_follow_up(actor=user, case=case, **data)
