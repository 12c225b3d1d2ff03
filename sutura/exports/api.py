"""The exports API: my exports (list, read), ask for one, its password once, its download —
the same services, selectors and access rules as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.core.api import ERRORS, SuturaViewSet, path_id
from sutura.core.downloads import private_download
from sutura.exports import registry, sealing, selectors, services
from sutura.exports.models import Export, ExportFormat
from sutura.exports.writers import CONTENT_TYPES

FIELDS: tuple[str, ...] = (
    "id",
    "list_code",
    "format",
    "filters",
    "status",
    "done",
    "total",
    "stage",
    "error",
    "rows",
    "identifies_people",
    "size",
    "created_at",
    "finished_at",
    "expires_at",
    "password_waiting",
    "password_shown_at",
)


class ExportSerializer(serializers.ModelSerializer):
    password_waiting = serializers.BooleanField(read_only=True)

    class Meta:
        model = Export
        fields = FIELDS
        read_only_fields = fields


class ExportCreatedSerializer(ExportSerializer):
    reveal_key = serializers.CharField(
        read_only=True,
        help_text=_(
            "For an export that identifies people: the key that shows the archive's password "
            "once it is ready (POST it to …/password/). Given only here; Sutura keeps no copy."
        ),
    )

    class Meta(ExportSerializer.Meta):
        fields = (*FIELDS, "reveal_key")
        read_only_fields = fields


class ExportInputSerializer(serializers.Serializer):
    list = serializers.ChoiceField(choices=[])
    format = serializers.ChoiceField(choices=ExportFormat.choices)
    filters = serializers.DictField(child=serializers.CharField(max_length=40), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        codes = [(item.code, item.code) for item in registry.all_lists()]
        self.fields["list"].choices = codes  # type: ignore[attr-defined]


class RevealInputSerializer(serializers.Serializer):
    reveal_key = serializers.CharField(max_length=100)


class PasswordSerializer(serializers.Serializer):
    password = serializers.CharField()


class ExportViewSet(SuturaViewSet):
    """My exports: only their owner sees them."""

    queryset = Export.objects.none()
    serializer_class = ExportSerializer
    audit_name = gettext_noop("exports")

    def list(self, request: Request) -> Response:
        return self.paginated(
            selectors.exports_for(request.user),
            lambda page: ExportSerializer(page, many=True).data,
            filtered=False,
        )

    @extend_schema(responses={200: ExportSerializer, **ERRORS})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        return Response(ExportSerializer(selectors.export_for(request.user, path_id(pk))).data)

    @extend_schema(
        request=ExportInputSerializer, responses={201: ExportCreatedSerializer, **ERRORS}
    )
    def create(self, request: Request) -> Response:
        data = self.validated(ExportInputSerializer)
        try:
            export, key = services.start_export(
                actor=request.user,
                list_code=data["list"],
                format=data["format"],
                filters=data.get("filters") or {},
            )
        except services.ExportRefused as refused:
            raise exceptions.PermissionDenied(refused.args[0]) from None
        except ValidationError as error:
            raise exceptions.ValidationError(error.message_dict) from None
        body = ExportCreatedSerializer(export).data
        body["reveal_key"] = key if export.identifies_people else ""
        return Response(body, status=status.HTTP_201_CREATED)

    @extend_schema(
        request=RevealInputSerializer,
        responses={200: PasswordSerializer, **ERRORS},
    )
    @action(detail=True, methods=["post"], url_path="password")
    def password(self, request: Request, pk: Any = None) -> Response:
        """The archive's password, once (the next call answers 404)."""
        export = selectors.export_for(request.user, path_id(pk))
        data = self.validated(RevealInputSerializer)
        if not export.password_waiting:
            raise Http404
        try:
            password = services.reveal_password(
                actor=request.user, export=export, private_key=data["reveal_key"]
            )
        except sealing.KeyMismatch:
            raise exceptions.ValidationError(
                {"reveal_key": [_("Not this export's key.")]}
            ) from None
        return Response({"password": password})

    @extend_schema(responses={(200, "application/octet-stream"): bytes, **ERRORS})
    @action(detail=True, methods=["get"], url_path="download")
    def download(self, request: Request, pk: Any = None) -> Any:
        """The file (an encrypted zip when the export identifies people)."""
        export = selectors.export_for(request.user, path_id(pk))
        if not export.downloadable:
            raise Http404
        services.record_download(actor=request.user, export=export)
        kind = "zip" if export.filename.endswith(".zip") else export.format
        return private_download(export.file, export.filename, CONTENT_TYPES[kind])
