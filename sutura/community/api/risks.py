"""API of risk analyses (their risks and the comparison of two), assets, and action plans
(recommendations, progress, validation at a consultation). Same rules as the pages: whoever
sees the community reads (404 otherwise, and for users without a community role even the
lists answer 404); its protection officers write (403 for the others who see it)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404
from sutura.access.community import community_standing, has_community_role
from sutura.community.models import (
    ActionPlan,
    AnalysisParticipantCount,
    Asset,
    AssetKind,
    GroupKind,
    ProgressUpdate,
    Recommendation,
    RecommendationStatus,
    Risk,
    RiskAnalysis,
)
from sutura.community.selectors import risks as selectors
from sutura.community.services import assets as asset_services
from sutura.community.services import plans as plan_services
from sutura.community.services import risks as risk_services
from sutura.core.api import ERRORS, SuturaViewSet, path_id, query_id, versioned_write
from sutura.geo.models import Location
from sutura.meetings.models import AgeGroup, Meeting
from sutura.people.models import Sex

COMMUNITY = OpenApiParameter(
    "community", OpenApiTypes.UUID, description="Only the records of this community."
)


def _role(user: Any) -> None:
    if not has_community_role(user):
        raise Http404


# --- serializers --------------------------------------------------------------------------------


class AnalysisParticipantSerializer(serializers.ModelSerializer):
    class Meta:
        model = AnalysisParticipantCount
        fields = ["sex", "age_group", "count"]


class RiskSerializer(serializers.ModelSerializer):
    class Meta:
        model = Risk
        fields = [
            "id",
            "key",
            "threat",
            "affected",
            "vulnerabilities",
            "capacities",
            "likelihood",
            "impact",
            "priority",
            "mitigations",
            "version",
        ]
        read_only_fields = fields


class AnalysisSerializer(serializers.ModelSerializer):
    community = serializers.UUIDField(source="community_id", read_only=True)
    meeting = serializers.UUIDField(source="meeting_id", read_only=True, allow_null=True)
    participants = AnalysisParticipantSerializer(
        source="participant_counts", many=True, read_only=True
    )
    risks = RiskSerializer(many=True, read_only=True)

    class Meta:
        model = RiskAnalysis
        fields = [
            "id",
            "community",
            "held_on",
            "meeting",
            "groups_represented",
            "note",
            "participants",
            "risks",
        ]
        read_only_fields = fields


class AnalysisParticipantInputSerializer(serializers.Serializer):
    sex = serializers.ChoiceField(choices=Sex.choices)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices)
    count = serializers.IntegerField(min_value=0, max_value=100000)


class AnalysisInputSerializer(serializers.Serializer):
    community = serializers.UUIDField()
    held_on = serializers.DateField()
    meeting = serializers.UUIDField(required=False, allow_null=True)
    groups_represented = serializers.ListField(
        child=serializers.ChoiceField(choices=GroupKind.choices), required=False, max_length=20
    )
    participants = AnalysisParticipantInputSerializer(many=True, required=False, max_length=50)  # type: ignore[call-arg]
    note = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class RiskInputSerializer(serializers.Serializer):
    key = serializers.CharField(required=False, allow_blank=True, max_length=60)
    threat = serializers.CharField(max_length=300)
    affected = serializers.CharField(max_length=300)
    likelihood = serializers.IntegerField(min_value=1, max_value=5)
    impact = serializers.IntegerField(min_value=1, max_value=5)
    vulnerabilities = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    capacities = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    mitigations = serializers.CharField(required=False, allow_blank=True, max_length=4000)


class ChangeSerializer(serializers.Serializer):
    key = serializers.CharField()
    threat = serializers.CharField()
    before = serializers.IntegerField(allow_null=True)
    after = serializers.IntegerField(allow_null=True)


class ComparisonSerializer(serializers.Serializer):
    before = serializers.UUIDField()
    after = serializers.UUIDField()
    new = ChangeSerializer(many=True)
    gone = ChangeSerializer(many=True)
    up = ChangeSerializer(many=True)
    down = ChangeSerializer(many=True)
    same = ChangeSerializer(many=True)


def _change(old: Risk | None, now: Risk | None) -> dict[str, Any]:
    risk: Any = now or old
    return {
        "key": risk.key,
        "threat": risk.threat,
        "before": old.priority if old else None,
        "after": now.priority if now else None,
    }


class AssetSerializer(serializers.ModelSerializer):
    community = serializers.UUIDField(source="community_id", read_only=True)
    location = serializers.UUIDField(source="location_id", read_only=True, allow_null=True)

    class Meta:
        model = Asset
        fields = [
            "id",
            "community",
            "kind",
            "name",
            "description",
            "location",
            "latitude",
            "longitude",
            "version",
        ]
        read_only_fields = fields


class AssetInputSerializer(serializers.Serializer):
    community = serializers.UUIDField()
    kind = serializers.ChoiceField(choices=AssetKind.choices)
    name = serializers.CharField(max_length=200)
    description = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    location = serializers.UUIDField(required=False, allow_null=True)
    latitude = serializers.DecimalField(
        max_digits=9, decimal_places=6, min_value=-90, max_value=90, required=False, allow_null=True
    )
    longitude = serializers.DecimalField(
        max_digits=9,
        decimal_places=6,
        min_value=-180,
        max_value=180,
        required=False,
        allow_null=True,
    )


class AssetUpdateSerializer(AssetInputSerializer):
    community = None  # type: ignore[assignment]
    version = serializers.IntegerField(min_value=1)
    kind = serializers.ChoiceField(choices=AssetKind.choices, required=False)
    name = serializers.CharField(max_length=200, required=False)


class ProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressUpdate
        fields = ["id", "noted_on", "status", "text"]
        read_only_fields = fields


class RecommendationSerializer(serializers.ModelSerializer):
    risks: Any = serializers.PrimaryKeyRelatedField(many=True, read_only=True)
    updates = ProgressSerializer(many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "id",
            "action",
            "risks",
            "responsible_text",
            "partners",
            "resources",
            "estimated_cost",
            "currency",
            "starts_on",
            "ends_on",
            "status",
            "order",
            "version",
            "updates",
        ]
        read_only_fields = fields


class ActionPlanSerializer(serializers.ModelSerializer):
    community = serializers.UUIDField(source="community_id", read_only=True)
    validated_at = serializers.UUIDField(source="validated_at_id", read_only=True, allow_null=True)
    decision = serializers.UUIDField(source="decision_id", read_only=True, allow_null=True)
    recommendations = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta:
        model = ActionPlan
        fields = [
            "id",
            "community",
            "status",
            "validated_at",
            "decision",
            "progress",
            "recommendations",
        ]
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_progress(self, plan: ActionPlan) -> Any:
        progress = self.context.get("progress", {}).get(plan.pk)
        if progress is None:
            return None
        return {
            "total": progress.total,
            "overdue": progress.overdue,
            "done_percent": progress.done_percent,
            "by_status": {code: count for code, _label, count in progress.by_status},
        }

    @extend_schema_field(RecommendationSerializer(many=True))
    def get_recommendations(self, plan: ActionPlan) -> Any:
        found = self.context.get("recommendations", {}).get(plan.pk, [])
        return RecommendationSerializer(found, many=True).data


class RecommendationInputSerializer(serializers.Serializer):
    community = serializers.UUIDField()
    action = serializers.CharField(max_length=500)
    risks = serializers.ListField(child=serializers.UUIDField(), required=False, max_length=50)
    responsible_text = serializers.CharField(max_length=300)
    partners = serializers.CharField(required=False, allow_blank=True, max_length=500)
    resources = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    estimated_cost = serializers.DecimalField(
        max_digits=14, decimal_places=2, min_value=0, required=False, allow_null=True
    )
    currency = serializers.CharField(required=False, allow_blank=True, max_length=3)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)


class RecommendationUpdateSerializer(RecommendationInputSerializer):
    community = None  # type: ignore[assignment]
    version = serializers.IntegerField(min_value=1)
    action = serializers.CharField(max_length=500, required=False)
    responsible_text = serializers.CharField(max_length=300, required=False)
    status = serializers.ChoiceField(choices=RecommendationStatus.choices, required=False)


class ProgressInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=RecommendationStatus.choices)
    text = serializers.CharField(max_length=4000)
    noted_on = serializers.DateField(required=False, allow_null=True)


class ValidateInputSerializer(serializers.Serializer):
    meeting = serializers.UUIDField()
    text = serializers.CharField(
        max_length=4000,
        help_text="The decision as the consultation took it (stored as written).",
    )


# --- viewsets -----------------------------------------------------------------------------------


def _community_filter(request: Request) -> Any:
    found = query_id(request, "community")
    return None if found is None else selectors.community_for(request.user, found)


class AnalysisViewSet(SuturaViewSet):
    """Participatory risk analyses with their participants and risks."""

    queryset = RiskAnalysis.objects.none()
    serializer_class = AnalysisSerializer
    audit_name = gettext_noop("risk analyses")

    def _visible(self) -> Any:
        from sutura.access import visible

        return (
            visible(self.request.user, RiskAnalysis)
            .prefetch_related("participant_counts", "risks")
            .order_by("-held_on", "-created_at")
        )

    @extend_schema(parameters=[COMMUNITY])
    def list(self, request: Request) -> Response:
        """The analyses of the communities you see (or of one), newest first."""
        _role(request.user)
        community = _community_filter(request)
        found = self._visible()
        if community is not None:
            found = found.filter(community=community)
        return self.paginated(
            found,
            lambda page: AnalysisSerializer(page, many=True).data,
            filtered=community is not None,
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(AnalysisSerializer(selectors.analysis_for(request.user, path_id(pk))).data)

    @extend_schema(request=AnalysisInputSerializer, responses={201: AnalysisSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Record an analysis of a community (participants counted by sex and age group)."""
        _role(request.user)
        data = self.validated(AnalysisInputSerializer)
        community = selectors.community_for(request.user, data.pop("community"))
        meeting_id = data.pop("meeting", None)
        meeting = get_visible_or_404(request.user, Meeting, pk=meeting_id) if meeting_id else None
        participants = {
            (row["sex"], row["age_group"]): row["count"] for row in data.pop("participants", [])
        }
        found = risk_services.record_analysis(
            actor=request.user,
            community=community,
            meeting=meeting,
            participants=participants,
            **data,
        )
        answer = AnalysisSerializer(selectors.analysis_for(request.user, found.pk)).data
        return Response(answer, status=status.HTTP_201_CREATED)

    @extend_schema(request=RiskInputSerializer, responses={201: RiskSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def risks(self, request: Request, pk: Any = None) -> Response:
        """Add a risk to the analysis (its `key` matches it in other analyses)."""
        analysis = selectors.analysis_for(request.user, path_id(pk))
        data = self.validated(RiskInputSerializer)
        risk = risk_services.add_risk(actor=request.user, analysis=analysis, **data)
        return Response(RiskSerializer(risk).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        parameters=[
            OpenApiParameter("before", OpenApiTypes.UUID, required=True),
            OpenApiParameter("after", OpenApiTypes.UUID, required=True),
        ],
        responses={200: ComparisonSerializer, **ERRORS},
    )
    @action(detail=False, methods=["get"])
    def compare(self, request: Request) -> Response:
        """What changed between two analyses of one community: new, gone, up, down, same."""
        _role(request.user)
        before_id, after_id = query_id(request, "before"), query_id(request, "after")
        if before_id is None or after_id is None:
            raise serializers.ValidationError({"before": ["Give two analyses."]})
        found = risk_services.compare_analyses(
            actor=request.user,
            before=selectors.analysis_for(request.user, before_id),
            after=selectors.analysis_for(request.user, after_id),
        )
        answer = {
            "before": found.before.pk,
            "after": found.after.pk,
            "new": [_change(None, risk) for risk in found.new],
            "gone": [_change(risk, None) for risk in found.gone],
            "up": [_change(*pair) for pair in found.up],
            "down": [_change(*pair) for pair in found.down],
            "same": [_change(*pair) for pair in found.same],
        }
        return Response(ComparisonSerializer(answer).data)


def _location(value: Any) -> Any:
    if value is None:
        return None
    found = Location.objects.filter(pk=value).first()
    if found is None:
        raise serializers.ValidationError({"location": ["Unknown place."]})
    return found


class AssetViewSet(SuturaViewSet):
    """A community's strengths, resources and allies, with their place on the map."""

    queryset = Asset.objects.none()
    serializer_class = AssetSerializer
    audit_name = gettext_noop("community assets")

    @extend_schema(parameters=[COMMUNITY])
    def list(self, request: Request) -> Response:
        from sutura.access import visible

        _role(request.user)
        community = _community_filter(request)
        found = visible(request.user, Asset).order_by("community", "kind", "name")
        if community is not None:
            found = found.filter(community=community)
        return self.paginated(
            found, lambda page: AssetSerializer(page, many=True).data, filtered=bool(community)
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(AssetSerializer(selectors.asset_for(request.user, path_id(pk))).data)

    @extend_schema(request=AssetInputSerializer, responses={201: AssetSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        _role(request.user)
        data = self.validated(AssetInputSerializer)
        community = selectors.community_for(request.user, data.pop("community"))
        data["location"] = _location(data.get("location"))
        asset = asset_services.add_asset(actor=request.user, community=community, **data)
        return Response(AssetSerializer(asset).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=AssetUpdateSerializer, responses={200: AssetSerializer, **ERRORS})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        asset = selectors.asset_for(request.user, path_id(pk))
        data = self.validated(AssetUpdateSerializer)
        if "location" in data:
            data["location"] = _location(data["location"])
        version = data.pop("version")
        with versioned_write():
            asset = asset_services.update_asset(
                actor=request.user, asset=asset, expected_version=version, **data
            )
        return Response(AssetSerializer(asset).data)


class PlanViewSet(SuturaViewSet):
    """Community action plans with their recommendations, progress, and validation."""

    queryset = ActionPlan.objects.none()
    serializer_class = ActionPlanSerializer
    audit_name = gettext_noop("action plans")

    def _answer(self, community: Any) -> dict[str, Any]:
        view = selectors.plan_view(self.request.user, community)
        if view.plan is None:
            raise Http404
        context = {
            "recommendations": {view.plan.pk: view.recommendations},
            "progress": {view.plan.pk: view.progress},
        }
        return ActionPlanSerializer(view.plan, context=context).data

    def list(self, request: Request) -> Response:
        """The plans of the communities you see, with their progress at a glance."""
        _role(request.user)
        rows = selectors.plans_for(request.user)
        context = {"progress": {row.plan.pk: row.progress for row in rows}}
        return self.paginated(
            [row.plan for row in rows],
            lambda page: ActionPlanSerializer(page, many=True, context=context).data,
            filtered=False,
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        from sutura.access import visible

        plan = get_visible_or_404(
            request.user,
            visible(request.user, ActionPlan).select_related("community"),
            pk=path_id(pk),
        )
        return Response(self._answer(plan.community))

    @extend_schema(request=ValidateInputSerializer, responses={200: ActionPlanSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def validate(self, request: Request, pk: Any = None) -> Response:
        """Record the plan's validation at a consultation of the community (a decision of
        that meeting); the recommendations validated are frozen."""
        plan = get_visible_or_404(
            request.user, ActionPlan.objects.select_related("community"), pk=path_id(pk)
        )
        if not community_standing(request.user, plan.community).edits:
            raise PermissionDenied  # before the meeting is looked up: readers get 403
        data = self.validated(ValidateInputSerializer)
        meeting = get_visible_or_404(request.user, Meeting, pk=data["meeting"])
        plan_services.validate_plan(
            actor=request.user, community=plan.community, meeting=meeting, text=data["text"]
        )
        return Response(self._answer(plan.community))


class RecommendationViewSet(SuturaViewSet):
    """Recommendations of a community's action plan: add, change, note progress."""

    queryset = Recommendation.objects.none()
    serializer_class = RecommendationSerializer
    audit_name = gettext_noop("recommendations")

    def _risks(self, community: Any, ids: list[Any]) -> list[Any]:
        found = {r.pk: r for r in selectors.risks_of_community(self.request.user, community)}
        if any(pk not in found for pk in ids):
            raise serializers.ValidationError({"risks": ["Choose risks of this community."]})
        return [found[pk] for pk in ids]

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        found = selectors.recommendation_for(request.user, path_id(pk))
        return Response(RecommendationSerializer(found).data)

    @extend_schema(
        request=RecommendationInputSerializer, responses={201: RecommendationSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        """Add a recommendation to a community's action plan (opened if needed)."""
        _role(request.user)
        data = self.validated(RecommendationInputSerializer)
        community = selectors.community_for(request.user, data.pop("community"))
        data["risks"] = self._risks(community, data.get("risks", []))
        found = plan_services.add_recommendation(actor=request.user, community=community, **data)
        return Response(RecommendationSerializer(found).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RecommendationUpdateSerializer,
        responses={200: RecommendationSerializer, **ERRORS},
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        found = selectors.recommendation_for(request.user, path_id(pk))
        data = self.validated(RecommendationUpdateSerializer)
        if "risks" in data:
            data["risks"] = self._risks(found.plan.community, data["risks"])
        version = data.pop("version")
        with versioned_write():
            found = plan_services.update_recommendation(
                actor=request.user, recommendation=found, expected_version=version, **data
            )
        return Response(RecommendationSerializer(found).data)

    @extend_schema(request=ProgressInputSerializer, responses={201: ProgressSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def progress(self, request: Request, pk: Any = None) -> Response:
        """Note progress on a recommendation (its status becomes the one given)."""
        found = selectors.recommendation_for(request.user, path_id(pk))
        data = self.validated(ProgressInputSerializer)
        update = plan_services.record_progress(actor=request.user, recommendation=found, **data)
        return Response(ProgressSerializer(update).data, status=status.HTTP_201_CREATED)


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("community/analyses", AnalysisViewSet, basename="api-community-analysis")
    router.register("community/assets", AssetViewSet, basename="api-community-asset")
    router.register("community/plans", PlanViewSet, basename="api-community-plan")
    router.register(
        "community/recommendations", RecommendationViewSet, basename="api-community-recommendation"
    )
