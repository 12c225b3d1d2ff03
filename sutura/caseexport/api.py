"""`GET /api/case-export/<case id>/?mapping=<code>&version=<n>&format=json|csv`: the same
export as the page, for a program (the agency's import job). The case team only (404
otherwise); audited like the page."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.request import Request

from sutura.caseexport import exports, services
from sutura.caseexport.models import ExportMapping
from sutura.caseexport.selectors.mappings import mapping_for
from sutura.cases.selectors import case_worked_on
from sutura.core.api import ERRORS, SuturaViewSet, path_id

DEFAULT_MAPPING = "sutura-central-case"


class JsonAnswers(DefaultContentNegotiation):
    """Errors answer JSON whatever `format` says: `format` chooses the file here, not DRF's
    renderer (its default would answer 404 to `format=csv`)."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type


class ExportQuerySerializer(serializers.Serializer):
    mapping = serializers.SlugField(required=False, default=DEFAULT_MAPPING, max_length=60)
    version = serializers.IntegerField(required=False, min_value=1, max_value=2**31 - 1)
    format = serializers.ChoiceField(choices=exports.FORMATS, required=False, default="json")


class MappingRefSerializer(serializers.Serializer):
    code = serializers.CharField()
    version = serializers.IntegerField()
    format_version = serializers.IntegerField()


class CaseExportSerializer(serializers.Serializer):
    mapping = MappingRefSerializer()
    exported_at = serializers.DateTimeField()
    case = serializers.CharField(help_text=_("The case number."))
    fields = serializers.DictField(  # type: ignore[assignment]  # the export's own key
        help_text=_("Each target of the mapping, in its order, with its value (null: empty).")
    )
    withheld = serializers.ListField(
        child=serializers.CharField(), help_text=_("Targets you may not read: left empty.")
    )
    unavailable = serializers.ListField(
        child=serializers.CharField(),
        help_text=_("Targets whose source no installed app provides (optional fields)."),
    )


PARAMETERS = [
    OpenApiParameter(
        "mapping", str, description=_("A mapping's code (default: sutura-central-case).")
    ),
    OpenApiParameter("version", int, description=_("A version (default: the latest active).")),
    OpenApiParameter("format", str, enum=list(exports.FORMATS), description=_("json or csv.")),
]


class CaseExportViewSet(SuturaViewSet):
    """One case as a record of the agency's central case database."""

    queryset = ExportMapping.objects.none()
    content_negotiation_class = JsonAnswers
    audit_name = gettext_noop("case export")

    @extend_schema(
        parameters=PARAMETERS,
        responses={
            200: CaseExportSerializer,
            (200, "text/csv"): OpenApiResponse(OpenApiTypes.BINARY, description=_("CSV file.")),
            **ERRORS,
        },
    )
    def retrieve(self, request: Request, pk: Any = None) -> HttpResponse:
        """The case through a mapping: only what you may read (the rest is `withheld`)."""
        case = case_worked_on(request.user, path_id(pk))
        query = ExportQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        given = query.validated_data
        mapping = mapping_for(request.user, given["mapping"], given.get("version"))
        fmt = given["format"]
        try:
            result = services.export_case(
                actor=request.user, case=case, mapping=mapping, fmt=fmt, via="API"
            )
        except ValidationError as refused:
            raise serializers.ValidationError({"mapping": refused.messages}) from refused
        if fmt == "csv":
            response = HttpResponse(result.as_csv(), content_type="text/csv; charset=utf-8")
        else:
            response = HttpResponse(result.as_json(), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{result.filename(fmt)}"'
        return response
