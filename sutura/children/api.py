"""The children API under /api/children/: profiles, care arrangements and checks,
best-interests assessments (BIA) and determinations (BID). Lists are scoped by the access
layer (the case team) and logged; creates go through the services."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from rest_framework import serializers

from sutura.cases.api import CaseRecordViewSet
from sutura.cases.selectors import case_worked_on
from sutura.children import selectors
from sutura.children.models import (
    BestInterestsAssessment,
    BestInterestsDetermination,
    BidDecision,
    BidQuestion,
    CareArrangement,
    CareCheck,
    CareKind,
    CheckOutcome,
    ChildProfile,
    ChildStatus,
)
from sutura.children.services import assessments, care, determinations
from sutura.core.api import UserSummarySerializer, documented


class ChildProfileSerializer(serializers.ModelSerializer):
    class Meta:
        model = ChildProfile
        fields = [
            "id",
            "case",
            "status",
            "caregiver_name",
            "caregiver_relationship",
            "caregiver_phone",
            "care_kind",
            "care_since",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class ChildProfileInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    status = serializers.ChoiceField(choices=ChildStatus.choices)
    caregiver_name = serializers.CharField(default="", allow_blank=True, max_length=200)
    caregiver_relationship = serializers.CharField(default="", allow_blank=True, max_length=100)
    caregiver_phone = serializers.CharField(default="", allow_blank=True, max_length=30)


@documented(ChildProfileSerializer, ChildProfileInputSerializer)
class ProfileViewSet(CaseRecordViewSet):
    """A child's profile on their case (one per case): status and current caregiver."""

    queryset = ChildProfile.objects.none()
    serializer_class = ChildProfileSerializer
    model = ChildProfile
    input_serializer = ChildProfileInputSerializer
    audit_name = gettext_noop("child profiles")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
        return care.save_profile(actor=user, case=case, **data)


class CareArrangementSerializer(serializers.ModelSerializer):
    class Meta:
        model = CareArrangement
        fields = [
            "id",
            "case",
            "kind",
            "place",
            "caregiver_name",
            "started_on",
            "ended_on",
            "notes",
            "created_at",
        ]
        read_only_fields = fields


class CareArrangementInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=CareKind.choices)
    started_on = serializers.DateField()
    place = serializers.CharField(default="", allow_blank=True, max_length=200)
    caregiver_name = serializers.CharField(default="", allow_blank=True, max_length=200)
    notes = serializers.CharField(default="", allow_blank=True, max_length=4000)


@documented(CareArrangementSerializer, CareArrangementInputSerializer)
class ArrangementViewSet(CaseRecordViewSet):
    """Interim care arrangements; a new one ends the one in force."""

    queryset = CareArrangement.objects.none()
    serializer_class = CareArrangementSerializer
    model = CareArrangement
    ordering = ("-started_on", "-created_at")
    input_serializer = CareArrangementInputSerializer
    audit_name = gettext_noop("care arrangements")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
        return care.record_arrangement(actor=user, case=case, **data)


class CareCheckSerializer(serializers.ModelSerializer):
    checked_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = CareCheck
        fields = ["id", "case", "arrangement", "checked_on", "checked_by", "outcome", "notes"]
        read_only_fields = fields


class CareCheckInputSerializer(serializers.Serializer):
    arrangement = serializers.UUIDField()
    checked_on = serializers.DateField()
    outcome = serializers.ChoiceField(choices=CheckOutcome.choices)
    notes = serializers.CharField(default="", allow_blank=True, max_length=4000)


@documented(CareCheckSerializer, CareCheckInputSerializer)
class CheckViewSet(CaseRecordViewSet):
    """Checks of care arrangements."""

    queryset = CareCheck.objects.none()
    serializer_class = CareCheckSerializer
    model = CareCheck
    related = ("checked_by",)
    ordering = ("-checked_on", "-created_at")
    input_serializer = CareCheckInputSerializer
    audit_name = gettext_noop("care checks")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        arrangement = selectors.arrangement_for(user, data.pop("arrangement"))
        return care.record_check(actor=user, arrangement=arrangement, **data)


class BiaSerializer(serializers.ModelSerializer):
    assessor = UserSummarySerializer(read_only=True)
    form_version = serializers.IntegerField(source="form.version", read_only=True)

    class Meta:
        model = BestInterestsAssessment
        fields = [
            "id",
            "case",
            "form_version",
            "answers",
            "childs_views",
            "assessor",
            "assessed_on",
            "recommendation",
            "created_at",
        ]
        read_only_fields = fields


class BiaInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    assessed_on = serializers.DateField()
    childs_views = serializers.CharField(max_length=8000)
    answers = serializers.DictField(
        child=serializers.CharField(allow_blank=True, max_length=4000),
        default=dict,
        help_text=_("Answers by item key of the current form version."),
    )
    recommendation = serializers.CharField(default="", allow_blank=True, max_length=8000)


@documented(BiaSerializer, BiaInputSerializer)
class AssessmentViewSet(CaseRecordViewSet):
    """Best-interests assessments, on the current form version."""

    queryset = BestInterestsAssessment.objects.none()
    serializer_class = BiaSerializer
    model = BestInterestsAssessment
    related = ("assessor", "form")
    ordering = ("-assessed_on", "-created_at")
    input_serializer = BiaInputSerializer
    audit_name = gettext_noop("best-interests assessments")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
        return assessments.record_assessment(actor=user, case=case, **data)


class BidOutsideMemberSerializer(serializers.Serializer):
    name = serializers.CharField(max_length=200)
    role = serializers.CharField(max_length=200)
    organisation = serializers.CharField(default="", allow_blank=True, max_length=200)


class BidSerializer(serializers.ModelSerializer):
    class Meta:
        model = BestInterestsDetermination
        fields = [
            "id",
            "case",
            "question",
            "question_detail",
            "panel_on",
            "evidence",
            "status",
            "decision",
            "reasons",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class BidInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    question = serializers.ChoiceField(choices=BidQuestion.choices)
    question_detail = serializers.CharField(default="", allow_blank=True, max_length=250)
    panel_on = serializers.DateField()
    assessments = serializers.ListField(child=serializers.UUIDField(), default=list)
    evidence = serializers.CharField(default="", allow_blank=True, max_length=8000)
    panel_users = serializers.ListField(
        child=serializers.IntegerField(),
        default=list,
        help_text=_("Ids of colleagues of your organisation on the panel."),
    )
    outside_members = BidOutsideMemberSerializer(many=True, default=list)
    decision = serializers.ChoiceField(
        choices=BidDecision.choices,
        default="",
        allow_blank=True,
        help_text=_("Empty: a draft, decided later."),
    )
    reasons = serializers.CharField(default="", allow_blank=True, max_length=8000)


@documented(BidSerializer, BidInputSerializer)
class DeterminationViewSet(CaseRecordViewSet):
    """Best-interests determinations: a draft, or decided at once (three panel members at least
    and an assessment done on or before the panel's date)."""

    queryset = BestInterestsDetermination.objects.none()
    serializer_class = BidSerializer
    model = BestInterestsDetermination
    ordering = ("-panel_on", "-created_at")
    input_serializer = BidInputSerializer
    audit_name = gettext_noop("best-interests determinations")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
        wanted = {str(pk) for pk in data.pop("assessments")}
        reviewed = [a for a in selectors.assessments_of(user, case) if str(a.pk) in wanted]
        if len(reviewed) != len(wanted):
            raise serializers.ValidationError(
                {"assessments": [_("Choose assessments of this child's case.")]}
            )
        outside = [dict(row) for row in data.pop("outside_members")]
        return determinations.record_determination(
            actor=user,
            case=case,
            assessments=reviewed,
            outside_members=outside,
            **data,
        )
