"""The API for reintegration plans (items, submission, approval) and assistance delivered."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
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

from sutura.access import get_visible_or_404
from sutura.accounts.roles import Perm
from sutura.cases.api import CASE_TEAM, CaseRecordViewSet
from sutura.cases.models import (
    AssistanceDelivery,
    Currency,
    Dimension,
    PlanDecision,
    PlannedAssistance,
    ReintegrationPlan,
)
from sutura.cases.selectors import case_worked_on, plans_for
from sutura.cases.services import plans
from sutura.core.api import UserSummarySerializer, documented, path_id, versioned_write

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
        """What has been disbursed so far against this item."""
        return f"{getattr(item, 'delivered', None) or Decimal(0):.2f}"


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
        parameters=[
            OpenApiParameter(
                "case", OpenApiTypes.UUID, description=CaseRecordViewSet.filters["case"][1]
            )
        ]
    ),
    create=extend_schema(
        request=PlanOpenSerializer, responses={200: PlanSerializer, 201: PlanSerializer}
    ),
)
class PlanViewSet(CaseRecordViewSet):
    """The reintegration plan of a case: items, submission, approval above the threshold."""

    queryset = ReintegrationPlan.objects.none()
    serializer_class = PlanSerializer
    model = ReintegrationPlan
    related = ("case",)

    def records(self) -> Any:
        return plans_for(self.request.user)

    input_serializer = PlanOpenSerializer
    audit_name = gettext_noop("plans")
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
        case = case_worked_on(request.user, self.validated(PlanOpenSerializer)["case"])
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
class DeliveryViewSet(CaseRecordViewSet):
    """Assistance actually delivered against an approved plan's items."""

    queryset = AssistanceDelivery.objects.none()
    serializer_class = DeliverySerializer
    model = AssistanceDelivery
    related = ("item__plan", "recorded_by")
    ordering = ("-delivered_on", "-created_at")
    filters = {
        "case": ("item__plan__case", _("Only the records of this case.")),
        "item": ("item", _("Only the deliveries against this planned item.")),
    }
    input_serializer = DeliveryInputSerializer
    audit_name = gettext_noop("assistance")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        item = get_visible_or_404(user, PlannedAssistance, pk=data.pop("item"))
        delivery = plans.record_delivery(actor=user, item=item, **data)
        return self.records().get(pk=delivery.pk)
