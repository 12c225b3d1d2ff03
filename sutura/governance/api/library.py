"""The library through the API: documents with the versions the user may read (the same rule
as the pages: `sutura.access.library`), and for the editor (`manage_governance`) new documents
and new versions (multipart, with the file)."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_noop
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.core.api import SuturaViewSet, path_id
from sutura.governance.models.library import DocumentKind, DocumentVersion, LibraryDocument
from sutura.governance.selectors import library as selectors
from sutura.governance.services import library as services


class LibraryVersionSerializer(serializers.ModelSerializer):
    validated_at = serializers.UUIDField(source="validated_at_id", read_only=True, allow_null=True)
    file_url = serializers.SerializerMethodField()
    comments = serializers.SerializerMethodField()
    comments_integrated = serializers.SerializerMethodField()

    class Meta:
        model = DocumentVersion
        fields = [
            "id",
            "number",
            "status",
            "changes",
            "original_name",
            "validated_at",
            "validated_on",
            "file_url",
            "comments",
            "comments_integrated",
        ]
        read_only_fields = fields

    def get_file_url(self, version: DocumentVersion) -> str | None:
        return reverse("library:file", args=[version.pk]) if version.file else None

    def get_comments(self, version: DocumentVersion) -> int:
        return selectors.share_of(version).total

    def get_comments_integrated(self, version: DocumentVersion) -> int:
        return selectors.share_of(version).integrated


class DocumentSerializer(serializers.ModelSerializer):
    title = serializers.CharField(read_only=True)
    owner = serializers.UUIDField(source="owner_id", read_only=True)
    versions = serializers.SerializerMethodField()

    class Meta:
        model = LibraryDocument
        fields = ["id", "kind", "title", "title_fr", "title_en", "description", "owner", "versions"]
        read_only_fields = fields

    @extend_schema(responses=LibraryVersionSerializer(many=True))
    def get_versions(self, document: LibraryDocument) -> Any:
        versions = self.context.get("versions", {}).get(document.pk, [])
        return LibraryVersionSerializer(versions, many=True).data


class DocumentInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=DocumentKind.choices)
    title_fr = serializers.CharField(max_length=200)
    title_en = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    description = serializers.CharField(
        max_length=4000, required=False, allow_blank=True, default=""
    )
    owner = serializers.PrimaryKeyRelatedField(
        queryset=Organisation.objects.filter(is_active=True), required=False, allow_null=True
    )


class LibraryVersionInputSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, allow_null=True)
    changes = serializers.CharField(max_length=4000, required=False, allow_blank=True, default="")


READERS = (Perm.VIEW_GOVERNANCE,)
EDITORS = (Perm.MANAGE_GOVERNANCE,)


class LibraryDocumentViewSet(SuturaViewSet):
    """Documents of the library, each with the versions the user may read."""

    queryset = LibraryDocument.objects.none()
    serializer_class = DocumentSerializer
    audit_name = gettext_noop("library documents")
    parser_classes = [JSONParser, MultiPartParser, FormParser]
    required_perms = {
        "list": READERS,
        "retrieve": READERS,
        "create": EDITORS,
        "versions": EDITORS,
    }

    def _serialize(self, documents: list[LibraryDocument]) -> Any:
        user = self.request.user
        versions = {d.pk: selectors.versions_of(user, d) for d in documents}
        return DocumentSerializer(documents, many=True, context={"versions": versions}).data

    def list(self, request: Request) -> Response:
        rows = selectors.documents_for(request.user)
        return self.paginated([row.document for row in rows], self._serialize, filtered=False)

    def retrieve(self, request: Request, pk: Any = None) -> Response:
        document = selectors.document_for(request.user, path_id(pk))
        return Response(self._serialize([document])[0])

    @extend_schema(request=DocumentInputSerializer, responses={201: DocumentSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated(DocumentInputSerializer)
        document = services.create_document(request.user, **data)
        return Response(self._serialize([document])[0], status=status.HTTP_201_CREATED)

    @extend_schema(request=LibraryVersionInputSerializer, responses={201: LibraryVersionSerializer})
    @action(detail=True, methods=["post"])
    def versions(self, request: Request, pk: Any = None) -> Response:
        """Start the next version (a draft), with its file (multipart)."""
        document = selectors.document_for(request.user, path_id(pk))
        data = self.validated(LibraryVersionInputSerializer)
        version = services.add_version(
            request.user, document, upload=data.get("file"), changes=data.get("changes", "")
        )
        return Response(LibraryVersionSerializer(version).data, status=status.HTTP_201_CREATED)
