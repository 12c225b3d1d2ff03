"""Monthly reports over the API: list, read, open the report of a month (the same month twice
is the same report), write its free text, submit, approve, return with comments, and download
it as PDF or XLSX (`?lang=fr|en`)."""

from __future__ import annotations

from typing import Any

from django.http import HttpResponse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access.mentoring import has_volunteer_profile, report_standing
from sutura.audit.services import record_export
from sutura.core.api import SuturaViewSet, path_id, versioned_write
from sutura.core.downloads import download_name
from sutura.core.texts import Text
from sutura.mentoring import report_files
from sutura.mentoring.models import MonthlyReport
from sutura.mentoring.selectors import reports as selectors
from sutura.mentoring.services import reports as services

LANGUAGES = ("fr", "en")


class ReportSerializer(serializers.ModelSerializer):
    mentor = serializers.IntegerField(source="mentor_id", read_only=True)
    month = serializers.DateField(format="%Y-%m", read_only=True)
    figures = serializers.SerializerMethodField()
    changed_after_approval = serializers.SerializerMethodField()

    class Meta:
        model = MonthlyReport
        fields = [
            "id",
            "mentor",
            "month",
            "status",
            "highlights",
            "challenges",
            "ideas",
            "figures",
            "submitted_at",
            "reviewed_at",
            "review_comment",
            "changed_after_approval",
            "version",
        ]
        read_only_fields = fields

    def get_figures(self, report: MonthlyReport) -> dict[str, Any]:
        return selectors.figures_of(self.context["request"].user, report)

    def get_changed_after_approval(self, report: MonthlyReport) -> list[str]:
        user = self.context["request"].user
        return [str(a.pk) for a in selectors.changed_after_approval(user, report)]


class ReportListSerializer(serializers.ModelSerializer):
    mentor = serializers.IntegerField(source="mentor_id", read_only=True)
    month = serializers.DateField(format="%Y-%m", read_only=True)

    class Meta:
        model = MonthlyReport
        fields = ["id", "mentor", "month", "status", "submitted_at", "reviewed_at", "version"]
        read_only_fields = fields


class MonthInputSerializer(serializers.Serializer):
    month = serializers.DateField(input_formats=["%Y-%m", "%Y-%m-%d"])


class TextInputSerializer(serializers.Serializer):
    highlights = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    challenges = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    ideas = serializers.CharField(max_length=4000, required=False, allow_blank=True)
    version = serializers.IntegerField(min_value=0)


class CommentInputSerializer(serializers.Serializer):
    comment = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


LANG = OpenApiParameter("lang", OpenApiTypes.STR, enum=list(LANGUAGES))


class ReportViewSet(SuturaViewSet):
    """The monthly reports the user writes, reviews or oversees."""

    queryset = MonthlyReport.objects.none()
    serializer_class = ReportSerializer
    audit_name = gettext_noop("monthly reports")

    def _report(self, pk: Any, *, audit: bool = True) -> MonthlyReport:
        return selectors.report_for(self.request.user, path_id(pk), audit=audit)

    def _answer(self, report: MonthlyReport, code: int = status.HTTP_200_OK) -> Response:
        return Response(self.get_serializer(report).data, status=code)

    @extend_schema(responses={200: ReportListSerializer(many=True)})
    def list(self, request: Request) -> Response:
        return self.paginated(
            selectors.reports_for(request.user).order_by("-month", "mentor_id"),
            lambda page: ReportListSerializer(page, many=True).data,
            filtered=False,
        )

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return self._answer(self._report(pk))

    @extend_schema(request=MonthInputSerializer, responses={201: ReportSerializer})
    def create(self, request: Request) -> Response:
        """Open one's report of a month (not one to come); the month's report if it exists."""
        if not has_volunteer_profile(request.user):
            raise NotFound
        data = self.validated(MonthInputSerializer)
        report = services.open_report(request.user, month=data["month"])
        return self._answer(report, status.HTTP_201_CREATED)

    @extend_schema(request=TextInputSerializer, responses={200: ReportSerializer})
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        """The mentor's highlights, challenges and ideas (draft or returned report)."""
        report = self._report(pk, audit=False)
        if not report_standing(request.user, report).author:
            raise NotFound
        data = self.validated(TextInputSerializer)
        version = data.pop("version")
        with versioned_write():
            services.write_text(request.user, report, expected_version=version, **data)
        return self._answer(report)

    @extend_schema(request=None, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request: Request, pk: Any = None) -> Response:
        report = self._report(pk, audit=False)
        if not report_standing(request.user, report).author:
            raise NotFound
        return self._answer(services.submit(request.user, report))

    @extend_schema(request=CommentInputSerializer, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"])
    def approve(self, request: Request, pk: Any = None) -> Response:
        report = self._report(pk, audit=False)
        if not report_standing(request.user, report).reviewer:
            raise NotFound
        comment = self.validated(CommentInputSerializer)["comment"]
        return self._answer(services.approve(request.user, report, comment=comment))

    @extend_schema(request=CommentInputSerializer, responses={200: ReportSerializer})
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request: Request, pk: Any = None) -> Response:
        report = self._report(pk, audit=False)
        if not report_standing(request.user, report).reviewer:
            raise NotFound
        comment = self.validated(CommentInputSerializer)["comment"]
        return self._answer(services.return_report(request.user, report, comment=comment))

    def _file(self, pk: Any, kind: str) -> HttpResponse:
        report = self._report(pk, audit=False)
        asked = self.request.query_params.get("lang", "")
        language = asked if asked in LANGUAGES else (translation.get_language() or "fr")[:2]
        figures = selectors.figures_of(self.request.user, report)
        with translation.override(language):
            if kind == "pdf":
                content = report_files.report_pdf(report, figures)
                mime = "application/pdf"
            else:
                content = report_files.report_xlsx(report, figures)
                mime = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        record_export(
            self.request.user,
            detail=Text(
                gettext_noop("API monthly report %(format)s (%(language)s)"),
                format=kind,
                language=language,
            ),
            obj=report,
        )
        response = HttpResponse(content, content_type=mime)
        with translation.override(language):
            name = download_name(_("Monthly report"), f"{report.month:%Y-%m}", ext=kind)
        response["Content-Disposition"] = f'attachment; filename="{name}"'
        return response

    @extend_schema(parameters=[LANG], responses={(200, "application/pdf"): OpenApiTypes.BINARY})
    @action(detail=True, methods=["get"])
    def pdf(self, request: Request, pk: Any = None) -> HttpResponse:
        return self._file(pk, "pdf")

    @extend_schema(
        parameters=[LANG], responses={(200, "application/octet-stream"): OpenApiTypes.BINARY}
    )
    @action(detail=True, methods=["get"])
    def xlsx(self, request: Request, pk: Any = None) -> HttpResponse:
        return self._file(pk, "xlsx")


def register(router: Any) -> None:
    """Add this module's viewsets to the API router."""
    router.register("mentoring/reports", ReportViewSet, basename="api-mentoring-report")
