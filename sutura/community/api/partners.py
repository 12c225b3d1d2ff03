"""API of workplans (their activities and progress), monitoring visits (answers and
recommendations), case trends and periodic report figures: the same selectors, services and
access rules as the pages. A user without a community role gets 404 everywhere."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404, visible
from sutura.access.accounts import colleague
from sutura.access.community import has_community_role
from sutura.accounts.models import Organisation
from sutura.cases.models import Programme
from sutura.community.models import (
    ActivityProgress,
    Answer,
    Community,
    FollowUpStatus,
    MonitoringVisit,
    VisitRecommendation,
    Workplan,
)
from sutura.community.selectors import partners as selectors
from sutura.community.selectors import periodic, trends
from sutura.community.services import visits as visit_services
from sutura.community.services import workplans as services
from sutura.core.api import ERRORS, SuturaViewSet, path_id, query_id, versioned_write
from sutura.geo.models import Location
from sutura.meetings.models import AgeGroup
from sutura.people.models import Sex


class PartnersRefSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class PlannedActivitySerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    community = PartnersRefSerializer(read_only=True)
    description = serializers.CharField(read_only=True)
    target = serializers.IntegerField(read_only=True)
    unit = serializers.CharField(read_only=True)
    achieved = serializers.IntegerField(read_only=True, source="done", default=0)
    version = serializers.IntegerField(read_only=True)


class WorkplanSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    organisation = PartnersRefSerializer(read_only=True)
    partner = PartnersRefSerializer(read_only=True)
    title = serializers.CharField(read_only=True)
    starts_on = serializers.DateField(read_only=True)
    ends_on = serializers.DateField(read_only=True)
    programmes = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)

    def get_programmes(self, workplan: Workplan) -> list[str]:
        return [str(programme.pk) for programme in workplan.programmes.all()]


class WorkplanDetailSerializer(WorkplanSerializer):
    activities = serializers.SerializerMethodField()

    def get_activities(self, workplan: Workplan) -> list[dict[str, Any]]:
        rows = self.context.get("rows", [])
        return [
            {**PlannedActivitySerializer(row.activity).data, "achieved": row.achieved}
            for row in rows
        ]


class WorkplanInputSerializer(serializers.Serializer):
    partner = serializers.UUIDField()
    title = serializers.CharField(max_length=200)
    starts_on = serializers.DateField()
    ends_on = serializers.DateField()
    programmes = serializers.ListField(child=serializers.UUIDField(), default=list)


class WorkplanUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you read."))
    title = serializers.CharField(max_length=200, required=False)
    starts_on = serializers.DateField(required=False)
    ends_on = serializers.DateField(required=False)


class PlannedActivityInputSerializer(serializers.Serializer):
    community = serializers.UUIDField()
    description = serializers.CharField(max_length=500)
    target = serializers.IntegerField(min_value=0, max_value=10_000_000)
    unit = serializers.CharField(max_length=60)


class ProgressCountSerializer(serializers.Serializer):
    sex = serializers.ChoiceField(choices=Sex.choices)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices)
    count = serializers.IntegerField(min_value=0, max_value=100_000)


class ActivityProgressSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    activity = serializers.UUIDField(read_only=True, source="activity_id")
    period_start = serializers.DateField(read_only=True)
    period_end = serializers.DateField(read_only=True)
    achieved = serializers.IntegerField(read_only=True)
    note = serializers.CharField(read_only=True)
    participants = ProgressCountSerializer(
        many=True, read_only=True, source="participant_counts.all"
    )
    created_at = serializers.DateTimeField(read_only=True)


class ActivityProgressInputSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        required=False, help_text=_("Your own id for the report: sending it twice records it once.")
    )
    activity = serializers.UUIDField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    achieved = serializers.IntegerField(min_value=0, max_value=10_000_000)
    note = serializers.CharField(max_length=2000, required=False, default="", allow_blank=True)
    participants = ProgressCountSerializer(many=True, required=False, default=list)


def _require_role(user: Any) -> None:
    """Mentors, provider agents and others without a community role: not found (404)."""
    if not has_community_role(user):
        raise Http404


def _colleague(user: Any, user_id: Any) -> Any:
    found = colleague(user_id, user.organisation_id)
    if found is None:
        raise serializers.ValidationError(
            {"visitors": [_("Choose colleagues of your organisation.")]}
        )
    return found


def _one(user: Any, model: Any, pk: Any, field: str) -> Any:
    found = visible(user, model).filter(pk=pk).first()
    if found is None:
        raise serializers.ValidationError({field: [_("Choose one from the list.")]})
    return found


class WorkplanViewSet(SuturaViewSet):
    """Partners' workplans: planned activities with targets, achieved so far."""

    queryset = Workplan.objects.none()
    serializer_class = WorkplanSerializer
    audit_name = gettext_noop("workplans")

    def list(self, request: Request) -> Response:
        """The workplans you see (your organisation's, or your organisation's as partner)."""
        _require_role(request.user)
        return self.paginated(
            selectors.workplans_for(request.user),
            lambda page: WorkplanSerializer(page, many=True).data,
            filtered=False,
        )

    def _answer(self, workplan: Workplan, code: int = status.HTTP_200_OK) -> Response:
        rows = selectors.activity_rows(self.request.user, workplan)
        return Response(
            WorkplanDetailSerializer(workplan, context={"rows": rows}).data, status=code
        )

    @extend_schema(responses={200: WorkplanDetailSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return self._answer(selectors.workplan_for(request.user, path_id(pk)))

    @extend_schema(
        request=WorkplanInputSerializer, responses={201: WorkplanDetailSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        """Open a partner's workplan for a period, under your organisation."""
        _require_role(request.user)
        data = self.validated(WorkplanInputSerializer)
        data["partner"] = _one(request.user, Organisation, data["partner"], "partner")
        data["programmes"] = [
            _one(request.user, Programme, pk, "programmes") for pk in data["programmes"]
        ]
        workplan = services.create_workplan(actor=request.user, **data)
        return self._answer(
            selectors.workplan_for(request.user, workplan.pk), status.HTTP_201_CREATED
        )

    @extend_schema(
        request=WorkplanUpdateSerializer, responses={200: WorkplanDetailSerializer, **ERRORS}
    )
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        workplan = selectors.workplan_for(request.user, path_id(pk))
        data = self.validated(WorkplanUpdateSerializer)
        version = data.pop("version")
        with versioned_write():
            services.update_workplan(
                actor=request.user, workplan=workplan, expected_version=version, **data
            )
        return self._answer(selectors.workplan_for(request.user, workplan.pk))

    @extend_schema(
        request=PlannedActivityInputSerializer, responses={201: WorkplanDetailSerializer, **ERRORS}
    )
    @action(detail=True, methods=["post"])
    def activities(self, request: Request, pk: Any = None) -> Response:
        """Plan an activity of the workplan in one of your organisation's communities."""
        workplan = selectors.workplan_for(request.user, path_id(pk))
        if not selectors.can_edit(request.user, workplan):
            raise PermissionDenied
        data = self.validated(PlannedActivityInputSerializer)
        data["community"] = _one(request.user, Community, data["community"], "community")
        services.add_activity(actor=request.user, workplan=workplan, **data)
        return self._answer(workplan, status.HTTP_201_CREATED)


class ProgressViewSet(SuturaViewSet):
    """Progress reported against planned activities (participants by sex × age group)."""

    queryset = ActivityProgress.objects.none()
    serializer_class = ActivityProgressSerializer
    audit_name = gettext_noop("activity progress")

    def list(self, request: Request) -> Response:
        """The progress reports you see; `activity` narrows to one activity."""
        _require_role(request.user)
        activity = query_id(request, "activity")
        found = (
            visible(request.user, ActivityProgress)
            .prefetch_related("participant_counts")
            .order_by("-period_start", "-created_at")
        )
        if activity is not None:
            found = found.filter(activity_id=activity)
        return self.paginated(
            found,
            lambda page: ActivityProgressSerializer(page, many=True).data,
            filtered=activity is not None,
        )

    @extend_schema(responses={200: ActivityProgressSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(
            ActivityProgressSerializer(selectors.progress_for(request.user, path_id(pk))).data
        )

    @extend_schema(
        request=ActivityProgressInputSerializer,
        responses={201: ActivityProgressSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        """Report what was achieved against an activity (the partner's staff or the officer).
        An `id` of your own makes a repeated report count once."""
        data = self.validated(ActivityProgressInputSerializer)
        activity = selectors.activity_for(request.user, data.pop("activity"))
        participants = {(c["sex"], c["age_group"]): c["count"] for c in data.pop("participants")}
        progress = services.report_progress(
            actor=request.user, activity=activity, participants=participants, **data
        )
        found = selectors.progress_for(request.user, progress.pk)
        return Response(ActivityProgressSerializer(found).data, status=status.HTTP_201_CREATED)


# --- monitoring visits --------------------------------------------------------------------------


class VisitRecommendationSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    visit = serializers.UUIDField(read_only=True, source="visit_id")
    text = serializers.CharField(read_only=True)
    due_on = serializers.DateField(read_only=True, allow_null=True)
    follow_up_status = serializers.CharField(read_only=True)
    follow_up_note = serializers.CharField(read_only=True)
    overdue = serializers.SerializerMethodField()
    version = serializers.IntegerField(read_only=True)

    def get_overdue(self, recommendation: VisitRecommendation) -> bool:
        return selectors.overdue(recommendation)


class VisitAnswerSerializer(serializers.Serializer):
    key = serializers.CharField()
    answer = serializers.ChoiceField(choices=[("", "—"), *Answer.choices], allow_blank=True)
    comment = serializers.CharField(max_length=1000, required=False, default="", allow_blank=True)


class MonitoringVisitSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    community = serializers.UUIDField(read_only=True, source="community_id", allow_null=True)
    workplan = serializers.UUIDField(read_only=True, source="workplan_id", allow_null=True)
    visited_on = serializers.DateField(read_only=True)
    findings = serializers.CharField(read_only=True)
    version = serializers.IntegerField(read_only=True)


class MonitoringVisitDetailSerializer(MonitoringVisitSerializer):
    answers = serializers.SerializerMethodField()
    recommendations = serializers.SerializerMethodField()

    def get_answers(self, visit: MonitoringVisit) -> list[dict[str, str]]:
        return [
            {
                "key": row.item.key,
                "question": row.item.question,
                "answer": row.answer.answer if row.answer else "",
                "comment": row.answer.comment if row.answer else "",
            }
            for row in self.context.get("answers", [])
        ]

    def get_recommendations(self, visit: MonitoringVisit) -> Any:
        return VisitRecommendationSerializer(
            self.context.get("recommendations", []), many=True
        ).data


class MonitoringVisitInputSerializer(serializers.Serializer):
    visited_on = serializers.DateField()
    community = serializers.UUIDField(required=False, allow_null=True, default=None)
    workplan = serializers.UUIDField(required=False, allow_null=True, default=None)
    visitors = serializers.ListField(child=serializers.IntegerField(), default=list)
    findings = serializers.CharField(max_length=8000, required=False, default="", allow_blank=True)
    answers = VisitAnswerSerializer(many=True, required=False, default=list)


class VisitRecommendationInputSerializer(serializers.Serializer):
    text = serializers.CharField(max_length=1000)
    due_on = serializers.DateField(required=False, allow_null=True, default=None)


class VisitFollowUpInputSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text=_("The version you read."))
    follow_up_status = serializers.ChoiceField(choices=FollowUpStatus.choices)
    follow_up_note = serializers.CharField(
        max_length=2000, required=False, default="", allow_blank=True
    )


class VisitViewSet(SuturaViewSet):
    """Field monitoring visits: the checklist answered, findings, recommendations."""

    queryset = MonitoringVisit.objects.none()
    serializer_class = MonitoringVisitSerializer
    audit_name = gettext_noop("monitoring visits")

    def list(self, request: Request) -> Response:
        """The monitoring visits you see, the latest first."""
        _require_role(request.user)
        return self.paginated(
            selectors.visits_for(request.user),
            lambda page: MonitoringVisitSerializer(page, many=True).data,
            filtered=False,
        )

    def _answer(self, visit: MonitoringVisit, code: int = status.HTTP_200_OK) -> Response:
        user = self.request.user
        context = {
            "answers": selectors.answers_of(user, visit),
            "recommendations": selectors.recommendations_of(user, visit),
        }
        return Response(MonitoringVisitDetailSerializer(visit, context=context).data, status=code)

    @extend_schema(responses={200: MonitoringVisitDetailSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return self._answer(selectors.visit_for(request.user, path_id(pk)))

    @extend_schema(
        request=MonitoringVisitInputSerializer,
        responses={201: MonitoringVisitDetailSerializer, **ERRORS},
    )
    def create(self, request: Request) -> Response:
        """Record a monitoring visit to a community and/or a workplan, with the checklist's
        answers by item key."""
        _require_role(request.user)
        data = self.validated(MonitoringVisitInputSerializer)
        user = request.user
        if data["community"] is not None:
            data["community"] = _one(user, Community, data["community"], "community")
        if data["workplan"] is not None:
            data["workplan"] = _one(user, Workplan, data["workplan"], "workplan")
        data["visitors"] = [_colleague(user, pk) for pk in data["visitors"]]
        data["answers"] = {a["key"]: (a["answer"], a["comment"]) for a in data["answers"]}
        visit = visit_services.record_visit(actor=user, **data)
        return self._answer(selectors.visit_for(user, visit.pk), status.HTTP_201_CREATED)

    @extend_schema(
        request=VisitRecommendationInputSerializer,
        responses={201: VisitRecommendationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"])
    def recommendations(self, request: Request, pk: Any = None) -> Response:
        """Leave a recommendation of the visit, to be followed up."""
        visit = selectors.visit_for(request.user, path_id(pk))
        if not selectors.can_edit_visit(request.user, visit):
            raise PermissionDenied
        data = self.validated(VisitRecommendationInputSerializer)
        made = visit_services.add_recommendation(actor=request.user, visit=visit, **data)
        return Response(VisitRecommendationSerializer(made).data, status=status.HTTP_201_CREATED)


class RecommendationViewSet(SuturaViewSet):
    """Recommendations of monitoring visits and their follow-up."""

    queryset = VisitRecommendation.objects.none()
    serializer_class = VisitRecommendationSerializer
    audit_name = gettext_noop("visit recommendations")

    def list(self, request: Request) -> Response:
        """The recommendations still to follow up, the earliest due first."""
        _require_role(request.user)
        return self.paginated(
            selectors.follow_ups_due(request.user),
            lambda page: VisitRecommendationSerializer(page, many=True).data,
            filtered=False,
        )

    @extend_schema(responses={200: VisitRecommendationSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        found = selectors.recommendation_for(request.user, path_id(pk))
        return Response(VisitRecommendationSerializer(found).data)

    @extend_schema(
        request=VisitFollowUpInputSerializer,
        responses={200: VisitRecommendationSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="follow-up")
    def follow_up(self, request: Request, pk: Any = None) -> Response:
        """Record where the follow-up stands (409 if it changed since you read it)."""
        recommendation = selectors.recommendation_for(request.user, path_id(pk))
        if not selectors.can_follow_up(request.user, recommendation.visit):
            raise PermissionDenied
        data = self.validated(VisitFollowUpInputSerializer)
        version = data.pop("version")
        with versioned_write():
            saved = visit_services.follow_up(
                actor=request.user, recommendation=recommendation, expected_version=version, **data
            )
        return Response(VisitRecommendationSerializer(saved).data)


# --- case trends and report figures -------------------------------------------------------------


class CaseTrendQuerySerializer(serializers.Serializer):
    # Always by calendar quarter (small-number protection: one fixed grid); kept so that a
    # program asking for quarters still works, and one asking for months is told no.
    step = serializers.ChoiceField(choices=[("quarter", "quarter")], default="quarter")


class CaseTrendViewSet(SuturaViewSet):
    """Vulnerable cases of a community's area by category and calendar quarter: counts only,
    under the small-number rule ("<5"; totals that would reveal one hidden as "…")."""

    queryset = Community.objects.none()
    serializer_class = CaseTrendQuerySerializer

    @extend_schema(parameters=[CaseTrendQuerySerializer], responses={200: dict, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        community = get_visible_or_404(request.user, Community, pk=path_id(pk))
        params = CaseTrendQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        trend = trends.trend_for(request.user, community)
        return Response(trend.as_data())


class CommunityReportQuerySerializer(serializers.Serializer):
    frequency = serializers.ChoiceField(
        choices=[(f, f) for f in periodic.FREQUENCIES], default="monthly"
    )
    day = serializers.DateField(required=False, help_text=_("A day of the period (today)."))
    partner = serializers.UUIDField(required=False)
    area = serializers.UUIDField(required=False)
    programme = serializers.UUIDField(required=False)


def _figures_data(figures: periodic.ReportFigures) -> dict[str, Any]:
    def sex_age(table: periodic.SexAge) -> list[dict[str, Any]]:
        return [
            {"sex": sex, "age_group": age, "count": n}
            for (sex, age), n in sorted(table.tally.items())
            if n
        ]

    return {
        "frequency": figures.request.frequency,
        "start": figures.start,
        "end": figures.end,
        "communities": [{"id": str(c.pk), "name": c.name} for c in figures.communities],
        "meetings": [
            {"kind": r.kind, "meetings": r.held, "participants": sex_age(r.people)}
            for r in figures.meeting_rows
        ],
        "risk_analyses": figures.analyses,
        "risk_analysis_participants": sex_age(figures.analysis_participants),
        "risks": [
            {
                "community": r.community,
                "held_on": r.held_on,
                "threat": r.threat,
                "priority": r.priority,
            }
            for r in figures.risks
        ],
        "action_plans": [
            {
                "community": p.community,
                "recommendations": p.recommendations,
                "done": p.done,
                "updates": p.updates,
            }
            for p in figures.plans
        ],
        "safe_spaces": [
            {"name": s.name, "community": s.community, "attendance": sex_age(s.attendance)}
            for s in figures.safe_spaces
        ],
        "visits": [
            {
                "visited_on": v.visited_on,
                "subject": v.subject,
                "findings": v.findings,
                "recommendations": [
                    {"text": r.text, "status": r.status, "due_on": r.due_on, "overdue": r.overdue}
                    for r in v.recommendations
                ],
            }
            for v in figures.visits
        ],
        "workplans": [
            {
                "title": w.title,
                "partner": w.partner,
                "activities": [
                    {
                        "description": a.description,
                        "community": a.community,
                        "target": a.target,
                        "unit": a.unit,
                        "in_period": a.in_period,
                        "to_date": a.to_date,
                    }
                    for a in w.activities
                ],
                "participants": sex_age(w.people),
            }
            for w in figures.workplans
        ],
        "case_trends": [trend.as_data() for trend in figures.trends],
    }


class ReportViewSet(SuturaViewSet):
    """The figures of a weekly, monthly or quarterly community-based-protection report, for a
    partner or an area, cut by programme (the same as the page, the PDF and the XLSX)."""

    queryset = Community.objects.none()
    serializer_class = CommunityReportQuerySerializer

    @extend_schema(
        parameters=[CommunityReportQuerySerializer], responses={200: dict, 404: ERRORS[404]}
    )
    def list(self, request: Request) -> Response:
        user = request.user
        _require_role(user)
        params = CommunityReportQuerySerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        given = params.validated_data
        found: dict[str, Any] = {}
        for name, model in (
            ("partner", Organisation),
            ("area", Location),
            ("programme", Programme),
        ):
            if given.get(name):
                found[name] = _one(user, model, given[name], name)
        if "day" in given:
            found["day"] = given["day"]
        request_ = periodic.ReportRequest(frequency=given["frequency"], **found)
        return Response(_figures_data(periodic.report_figures(user, request_)))


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("community/workplans", WorkplanViewSet, basename="api-community-workplan")
    router.register("community/progress", ProgressViewSet, basename="api-community-progress")
    router.register("community/visits", VisitViewSet, basename="api-community-visit")
    router.register(
        "community/visit-recommendations",
        RecommendationViewSet,
        basename="api-community-visit-recommendation",
    )
    router.register("community/case-trends", CaseTrendViewSet, basename="api-community-case-trend")
    router.register("community/reports", ReportViewSet, basename="api-community-report")
