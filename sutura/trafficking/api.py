"""The trafficking API: the identifications, risk assessments (with their safety plan) and
cooperation decisions the user reads (lists scoped by the access layer, restricted records to
the case's manager and the programme managers only), one by one, and new ones through the same
services as the pages; the checklist in use, for a client to build its form."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.cases.api import CaseRecordViewSet
from sutura.cases.selectors import case_worked_on
from sutura.core.api import SuturaViewSet, UserSummarySerializer, documented
from sutura.trafficking import selectors, services
from sutura.trafficking.models import (
    Answer,
    Authority,
    Confidentiality,
    CooperationDecision,
    Identification,
    IndicatorItem,
    LawEnforcementCooperation,
    Level,
    RiskAssessment,
    SafetyMeasure,
    SafetyPlan,
    VictimStatus,
)

COMMON = ["id", "case", "confidentiality", "recorded_by", "version", "created_at"]


class IdentificationSerializer(serializers.ModelSerializer):
    recorded_by = UserSummarySerializer(read_only=True)
    checklist_version = serializers.IntegerField(source="checklist.version", read_only=True)
    answers = serializers.DictField(child=serializers.ChoiceField(choices=Answer.choices))

    class Meta:
        model = Identification
        fields = [
            *COMMON,
            "checklist_version",
            "answers",
            "status",
            "identified_on",
            "authority",
            "notes",
        ]
        read_only_fields = fields


class RecordInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    confidentiality = serializers.ChoiceField(
        choices=Confidentiality.choices, default=Confidentiality.RESTRICTED
    )


class IdentificationInputSerializer(RecordInputSerializer):
    answers = serializers.DictField(
        child=serializers.ChoiceField(choices=Answer.choices),
        help_text=_("By item key (the checklist in use): yes, no or unknown."),
    )
    status = serializers.ChoiceField(choices=VictimStatus.choices)
    identified_on = serializers.DateField(required=False, allow_null=True)
    authority = serializers.ChoiceField(choices=Authority.choices, required=False, default="")
    notes = serializers.CharField(default="", allow_blank=True, max_length=4000)


@documented(IdentificationSerializer, IdentificationInputSerializer)
class IdentificationViewSet(CaseRecordViewSet):
    """Identifications of victims of trafficking (the checklist answered, and its result)."""

    queryset = Identification.objects.none()
    serializer_class = IdentificationSerializer
    model = Identification
    related = ("recorded_by", "checklist")
    ordering = ("-identified_on", "-created_at")
    input_serializer = IdentificationInputSerializer
    audit_name = gettext_noop("trafficking identifications")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
        return services.record_identification(actor=user, case=case, **data)


class SafetyPlanSerializer(serializers.ModelSerializer):
    measures = serializers.ListField(child=serializers.ChoiceField(choices=SafetyMeasure.choices))

    class Meta:
        model = SafetyPlan
        fields = ["measures", "measures_text", "safe_contacts", "relocation", "review_on"]


class RiskAssessmentSerializer(serializers.ModelSerializer):
    recorded_by = UserSummarySerializer(read_only=True)
    safety_plan = serializers.SerializerMethodField()

    class Meta:
        model = RiskAssessment
        fields = [
            *COMMON,
            "assessed_on",
            "re_trafficking",
            "trafficker_threats",
            "family_risk",
            "details",
            "safety_plan",
        ]
        read_only_fields = fields

    @extend_schema(responses=SafetyPlanSerializer(allow_null=True))
    def get_safety_plan(self, assessment: RiskAssessment) -> dict[str, Any] | None:
        plan = selectors.prefetched_plan(assessment)
        return None if plan is None else dict(SafetyPlanSerializer(plan).data)


class RiskAssessmentInputSerializer(RecordInputSerializer):
    assessed_on = serializers.DateField(required=False, allow_null=True)
    re_trafficking = serializers.ChoiceField(choices=Level.choices)
    trafficker_threats = serializers.ChoiceField(choices=Level.choices)
    family_risk = serializers.ChoiceField(choices=Level.choices)
    details = serializers.CharField(default="", allow_blank=True, max_length=4000)
    safety_plan = SafetyPlanSerializer(required=False, allow_null=True)


@documented(RiskAssessmentSerializer, RiskAssessmentInputSerializer)
class RiskAssessmentViewSet(CaseRecordViewSet):
    """Risk assessments (re-trafficking, threats from traffickers, risk to the family), each
    with the safety plan agreed with the person (a high risk needs one)."""

    queryset = RiskAssessment.objects.none()
    serializer_class = RiskAssessmentSerializer
    model = RiskAssessment
    related = ("recorded_by",)
    ordering = ("-assessed_on", "-created_at")
    input_serializer = RiskAssessmentInputSerializer
    audit_name = gettext_noop("trafficking risk assessments")

    def records(self) -> Any:
        return selectors.risk_assessments(self.request.user)

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
        plan = data.pop("safety_plan", None)
        written = services.assess_risk(
            actor=user, case=case, safety_plan=dict(plan) if plan else None, **data
        )
        return selectors.record_for(user, "risk", written.pk, audit=False)


class CooperationSerializer(serializers.ModelSerializer):
    recorded_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = LawEnforcementCooperation
        fields = [*COMMON, "decision", "decided_on", "notes"]
        read_only_fields = fields


class CooperationInputSerializer(RecordInputSerializer):
    decision = serializers.ChoiceField(choices=CooperationDecision.choices)
    decided_on = serializers.DateField(required=False, allow_null=True)
    notes = serializers.CharField(default="", allow_blank=True, max_length=4000)


@documented(CooperationSerializer, CooperationInputSerializer)
class CooperationViewSet(CaseRecordViewSet):
    """The person's decisions about cooperating with law enforcement (the latest counts).
    Assistance never depends on them."""

    queryset = LawEnforcementCooperation.objects.none()
    serializer_class = CooperationSerializer
    model = LawEnforcementCooperation
    related = ("recorded_by",)
    ordering = ("-decided_on", "-created_at")
    input_serializer = CooperationInputSerializer
    audit_name = gettext_noop("trafficking cooperation")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
        return services.record_cooperation(actor=user, case=case, **data)


class IndicatorItemSerializer(serializers.ModelSerializer):
    class Meta:
        model = IndicatorItem
        fields = ["key", "group", "order", "text_fr", "text_en"]


class ChecklistViewSet(SuturaViewSet):
    """The identification checklist in use (reference data): its items' keys are what an
    identification's answers are given by."""

    queryset = IndicatorItem.objects.none()
    serializer_class = IndicatorItemSerializer
    audit_name = gettext_noop("trafficking checklist")
    pagination_class = None

    @extend_schema(responses=IndicatorItemSerializer(many=True))
    def list(self, request: Request) -> Response:
        return Response(IndicatorItemSerializer(selectors.current_items(), many=True).data)
