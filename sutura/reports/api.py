"""The reports API: list and read a programme's reports, and read a report's figures (the frozen
snapshot once submitted; a draft's figures of now). Same selectors and access rules as the
pages: a report one may not read is a 404; a role without reports, 403."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.exceptions import PermissionDenied
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access.reports import reporter
from sutura.accounts.roles import Perm
from sutura.core.api import ERRORS, SuturaViewSet, path_id
from sutura.reports import selectors
from sutura.reports.models import ProgrammeReport

READERS = (Perm.MANAGE_PROGRAMMES, Perm.VIEW_INDICATORS)


class ProgrammeReportFileSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    format = serializers.CharField()
    language = serializers.CharField()
    status = serializers.CharField()
    percent = serializers.IntegerField()
    size = serializers.IntegerField()


class ProgrammeReportSerializer(serializers.ModelSerializer):
    programme_name = serializers.CharField(source="programme.name")

    class Meta:
        model = ProgrammeReport
        fields = (
            "id",
            "programme",
            "programme_name",
            "kind",
            "period",
            "starts_on",
            "ends_on",
            "language",
            "number",
            "replaces",
            "status",
            "submitted_at",
            "version",
            "summary",
            "achievements",
            "challenges",
            "lessons",
            "next_period",
        )
        read_only_fields = fields


class ProgrammeReportSnapshotSerializer(serializers.Serializer):
    frozen = serializers.BooleanField(help_text="True once submitted: the figures never move.")
    figures = serializers.JSONField()


class ProgrammeReportViewSet(SuturaViewSet):
    queryset = ProgrammeReport.objects.none()
    serializer_class = ProgrammeReportSerializer
    audit_name = gettext_noop("programme reports")
    required_perms = {"list": READERS, "retrieve": READERS, "snapshot": READERS}

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        if not reporter(request.user):
            raise PermissionDenied

    def list(self, request: Request) -> Response:
        return self.paginated(
            selectors.reports_for(request.user),
            lambda page: ProgrammeReportSerializer(page, many=True).data,
            filtered=False,
        )

    @extend_schema(responses={200: ProgrammeReportSerializer, **ERRORS})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        report = selectors.report_for(request.user, path_id(pk))
        return Response(ProgrammeReportSerializer(report).data)

    @extend_schema(responses={200: ProgrammeReportSnapshotSerializer, **ERRORS})
    @action(detail=True, methods=["get"])
    def snapshot(self, request: Request, pk: Any = None) -> Response:
        report = selectors.report_for(request.user, path_id(pk))
        return Response(
            {"frozen": report.submitted, "figures": selectors.figures_of(request.user, report)}
        )
