"""The API for what the case team records on a case: screenings, assessments, follow-ups.

Only the case team reaches these records: a mentor's minimal view of a case stops at the case.
"""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_noop
from rest_framework import serializers

from sutura.cases.api import CaseRecordViewSet
from sutura.cases.models import (
    FollowUp,
    FollowUpType,
    NeedsAssessment,
    Vulnerability,
    VulnerabilityScreening,
)
from sutura.cases.selectors import case_worked_on
from sutura.cases.services import records, screening
from sutura.core.api import UserSummarySerializer, documented

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
class ScreeningViewSet(CaseRecordViewSet):
    """Vulnerability screenings. A presumed trafficking victim or an unaccompanied child makes
    the case urgent and alerts the focal points (the service does it)."""

    queryset = VulnerabilityScreening.objects.none()
    serializer_class = ScreeningSerializer
    model = VulnerabilityScreening
    related = ("screened_by",)
    ordering = ("-screened_on", "-created_at")
    input_serializer = ScreeningInputSerializer
    audit_name = gettext_noop("screenings")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
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
class AssessmentViewSet(CaseRecordViewSet):
    """Needs assessments in the three dimensions of reintegration."""

    queryset = NeedsAssessment.objects.none()
    serializer_class = AssessmentSerializer
    model = NeedsAssessment
    related = ("assessed_by",)
    ordering = ("-assessed_on", "-created_at")
    input_serializer = AssessmentInputSerializer
    audit_name = gettext_noop("assessments")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
        return screening.record_assessment(actor=user, case=case, **data)


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
class FollowUpViewSet(CaseRecordViewSet):
    """Visits and calls, and when the next one is due (the overdue list reads it)."""

    queryset = FollowUp.objects.none()
    serializer_class = FollowUpSerializer
    model = FollowUp
    related = ("recorded_by",)
    ordering = ("-happened_on", "-created_at")
    input_serializer = FollowUpInputSerializer
    audit_name = gettext_noop("follow-ups")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
        return records.record_follow_up(actor=user, case=case, **data)
