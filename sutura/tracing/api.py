"""The API of family tracing and reunification: tracing requests (and their outcome), family
assessments, reunifications and their follow-up visits (and recording one). The case team
only: lists hold what `visible()` gives (audited), a record of another case answers 404, a role
without case work 403; the services decide the rest, as on the pages."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.accounts.roles import Perm
from sutura.cases.selectors import case_worked_on
from sutura.core.api import (
    ERRORS,
    RecordViewSet,
    SuturaViewSet,
    UserSummarySerializer,
    documented,
    path_id,
    versioned_write,
)
from sutura.core.registry import StrOrPromise
from sutura.geo.models import Location
from sutura.people.models import Sex
from sutura.tracing import selectors, services
from sutura.tracing.models import (
    OUTCOMES,
    FamilyAssessment,
    PlacementOutcome,
    Recommendation,
    Relationship,
    Reunification,
    ReunificationVisit,
    Source,
    Through,
    TracingRequest,
    WellBeing,
)

CASE_TEAM = (Perm.MANAGE_CASES,)
CASE_FILTER: dict[str, tuple[str, StrOrPromise]] = {
    "case": ("case", _("Only the records of this case."))
}


class CaseRecords(RecordViewSet):
    filters = CASE_FILTER
    required_perms = {"list": CASE_TEAM, "create": CASE_TEAM}


# --- tracing requests -----------------------------------------------------------------------


class TracingRequestSerializer(serializers.ModelSerializer):
    opened_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = TracingRequest
        fields = [
            "id",
            "case",
            "sought_name",
            "relationship",
            "sex",
            "age",
            "last_known_place",
            "last_known_place_details",
            "sources",
            "through",
            "organisation_name",
            "referral",
            "opened_on",
            "status",
            "outcome_on",
            "outcome_notes",
            "opened_by",
            "version",
            "created_at",
        ]
        read_only_fields = fields


class TracingRequestInputSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    sought_name = serializers.CharField(max_length=200)
    relationship = serializers.ChoiceField(choices=Relationship.choices)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, allow_blank=True)
    age = serializers.IntegerField(min_value=0, max_value=120, required=False, allow_null=True)
    last_known_place = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True
    )
    last_known_place_details = serializers.CharField(
        max_length=300, required=False, allow_blank=True
    )
    sources = serializers.ListField(
        child=serializers.ChoiceField(choices=Source.choices), required=False, max_length=10
    )
    through = serializers.ChoiceField(choices=Through.choices, required=False)
    organisation_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    referral = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text=_("A referral of this case to a family tracing service."),
    )
    opened_on = serializers.DateField(required=False, allow_null=True)


class OutcomeInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=OUTCOMES)
    outcome_on = serializers.DateField()
    outcome_notes = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    version = serializers.IntegerField(min_value=0, required=False)


@documented(TracingRequestSerializer, TracingRequestInputSerializer)
class TracingRequestViewSet(CaseRecords):
    """Tracing requests: someone the person of a case is looking for."""

    queryset = TracingRequest.objects.none()
    serializer_class = TracingRequestSerializer
    model = TracingRequest
    related = ("opened_by",)
    ordering = ("-opened_on", "-created_at")
    input_serializer = TracingRequestInputSerializer
    audit_name = gettext_noop("tracing requests")
    required_perms = {**CaseRecords.required_perms, "outcome": CASE_TEAM}

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        case = case_worked_on(user, data.pop("case"))
        referral_id = data.pop("referral", None)
        if referral_id is not None:
            referral = selectors.family_tracing_referrals(user, case).filter(pk=referral_id)
            data["referral"] = referral.first()
            if data["referral"] is None:
                raise serializers.ValidationError(
                    {"referral": [_("Choose a referral of this case to a family tracing service.")]}
                )
        return services.open_request(actor=user, case=case, **data)

    @extend_schema(
        request=OutcomeInputSerializer, responses={200: TracingRequestSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def outcome(self, request: Request, pk: Any = None) -> Response:
        """Record how the request ended: found, not found, or closed."""
        found = selectors.request_for(request.user, path_id(pk), audit=False)
        data = self.validated(OutcomeInputSerializer)
        with versioned_write():
            done = services.record_outcome(
                actor=request.user,
                request=found,
                expected_version=data.pop("version", None),
                **data,
            )
        return Response(TracingRequestSerializer(done).data)


# --- family assessments ---------------------------------------------------------------------


class FamilyAssessmentSerializer(serializers.ModelSerializer):
    assessor = UserSummarySerializer(read_only=True)

    class Meta:
        model = FamilyAssessment
        fields = [
            "id",
            "case",
            "tracing_request",
            "family_member",
            "assessed_on",
            "assessor",
            "findings",
            "recommendation",
            "created_at",
        ]
        read_only_fields = fields


class FamilyAssessmentInputSerializer(serializers.Serializer):
    tracing_request = serializers.UUIDField()
    family_member = serializers.CharField(max_length=200, required=False, allow_blank=True)
    assessed_on = serializers.DateField()
    assessor = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("A colleague; yourself by default.")
    )
    findings = serializers.CharField(max_length=10000)
    recommendation = serializers.ChoiceField(choices=Recommendation.choices)


@documented(FamilyAssessmentSerializer, FamilyAssessmentInputSerializer)
class FamilyAssessmentViewSet(CaseRecords):
    """Assessments of the family found, before a reunification."""

    queryset = FamilyAssessment.objects.none()
    serializer_class = FamilyAssessmentSerializer
    model = FamilyAssessment
    related = ("assessor",)
    ordering = ("-assessed_on", "-created_at")
    input_serializer = FamilyAssessmentInputSerializer
    audit_name = gettext_noop("family assessments")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        found = selectors.request_for(user, data.pop("tracing_request"), audit=False)
        return services.assess_family(actor=user, request=found, **data)


# --- reunifications and their visits ---------------------------------------------------------


class ReunificationSerializer(serializers.ModelSerializer):
    recorded_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = Reunification
        fields = [
            "id",
            "case",
            "assessment",
            "reunified_on",
            "place",
            "place_details",
            "bid_checked",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class ReunificationInputSerializer(serializers.Serializer):
    assessment = serializers.UUIDField(help_text=_("The family assessment (with whom)."))
    reunified_on = serializers.DateField()
    place = serializers.PrimaryKeyRelatedField(
        queryset=Location.objects.all(), required=False, allow_null=True
    )
    place_details = serializers.CharField(max_length=300, required=False, allow_blank=True)


@documented(ReunificationSerializer, ReunificationInputSerializer)
class ReunificationViewSet(CaseRecords):
    """Reunifications (refused for a child without a best-interests determination deciding it,
    and without a family assessment recommending it); each schedules its follow-up visits."""

    queryset = Reunification.objects.none()
    serializer_class = ReunificationSerializer
    model = Reunification
    related = ("recorded_by",)
    ordering = ("-reunified_on", "-created_at")
    input_serializer = ReunificationInputSerializer
    audit_name = gettext_noop("reunifications")

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        assessment = selectors.assessment_for(user, data.pop("assessment"), audit=False)
        return services.record_reunification(actor=user, assessment=assessment, **data)


class VisitSerializer(serializers.ModelSerializer):
    done_by = UserSummarySerializer(read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = ReunificationVisit
        fields = [
            "id",
            "case",
            "reunification",
            "due_on",
            "done_on",
            "done_by",
            "well_being",
            "placement",
            "observations",
            "overdue",
            "version",
            "created_at",
        ]
        read_only_fields = fields

    def get_overdue(self, visit: ReunificationVisit) -> bool:
        return visit.done_on is None and visit.due_on < timezone.localdate()


class VisitInputSerializer(serializers.Serializer):
    done_on = serializers.DateField()
    well_being = serializers.ChoiceField(choices=WellBeing.choices)
    placement = serializers.ChoiceField(choices=PlacementOutcome.choices)
    observations = serializers.CharField(required=False, allow_blank=True, max_length=5000)
    version = serializers.IntegerField(min_value=0, required=False)


class ReunificationVisitViewSet(SuturaViewSet):
    """Follow-up visits after a reunification (scheduled by it, never added by hand): list,
    read, and `record` one."""

    # A record viewset without its create.
    records = RecordViewSet.records
    get_queryset = RecordViewSet.get_queryset
    list = RecordViewSet.list
    retrieve = RecordViewSet.retrieve

    queryset = ReunificationVisit.objects.none()
    serializer_class = VisitSerializer
    model = ReunificationVisit
    related = ("done_by",)
    prefetch: tuple[str, ...] = ()
    ordering = ("due_on", "created_at")
    filters = {
        **CASE_FILTER,
        "reunification": ("reunification", _("Only the visits after this reunification.")),
    }
    required_perms = {"list": CASE_TEAM, "record": CASE_TEAM}
    audit_name = gettext_noop("reunification visits")

    @extend_schema(request=VisitInputSerializer, responses={200: VisitSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def record(self, request: Request, pk: Any = None) -> Response:
        """Record the visit: the date, the child's well-being, how the placement holds."""
        found = selectors.visit_for(request.user, path_id(pk), audit=False)
        data = self.validated(VisitInputSerializer)
        version = data.pop("version", None)
        with versioned_write():
            done = services.record_visit(
                actor=request.user, visit=found, expected_version=version, **data
            )
        return Response(VisitSerializer(done).data)
