"""The public API: file a complaint or feedback through an intake point, and check its status
with the tracking code. No account: the only unauthenticated write of the system, so it takes
exactly what the public form takes, validates all of it, keeps nothing more (no address on the
item), and goes through the same guards (`public_guard`: a limit per client address and hour
shared with the form, the size of the body, every refusal logged without its content). An
`Idempotency-Key` header makes a retry answer the first tracking code instead of filing twice
(the same body only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sutura.access.feedback import item_for_public_receipt, item_for_tracking_code
from sutura.core.api import ERRORS, ErrorSerializer
from sutura.core.idempotency import HEADER, HEADER_PARAMETER, MAX_KEY, KeyReused
from sutura.feedback import public_guard as guard
from sutura.feedback.forms.public import (
    CONTACT_FIELDS,
    MAX_DESCRIPTION,
    clean_contact,
    phone_region,
    public_categories,
    status_words,
)
from sutura.feedback.models import AgeGroup, ContactMethod, IntakePoint, ItemStatus, Sex
from sutura.feedback.services import intake
from sutura.feedback.services.intake import normal_tracking_code


class PayloadTooLarge(exceptions.APIException):
    status_code = status.HTTP_413_REQUEST_ENTITY_TOO_LARGE
    default_code = "too_large"
    default_detail = gettext_lazy("The request is too large.")


class PublicFeedbackSerializer(serializers.Serializer):
    intake_point = serializers.SlugField(
        max_length=16, help_text=gettext_lazy("The intake point's short code (/r/<code>/).")
    )
    category = serializers.SlugField(
        max_length=40,
        help_text=gettext_lazy("A category's code, among those offered on the public form."),
    )
    description = serializers.CharField(max_length=MAX_DESCRIPTION)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False, default=Sex.NOT_STATED)
    age_group = serializers.ChoiceField(
        choices=AgeGroup.choices, required=False, default=AgeGroup.UNKNOWN
    )
    contact_method = serializers.ChoiceField(
        choices=ContactMethod.choices,
        required=False,
        default=ContactMethod.NONE,
        help_text=gettext_lazy(
            "How to reach the complainant: none (anonymous: no contact is kept), phone, "
            "trusted_person or email; in_person is for staff only."
        ),
    )
    contact_name = serializers.CharField(max_length=160, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    contact_email = serializers.CharField(max_length=254, required=False, allow_blank=True)
    trusted_person = serializers.CharField(max_length=200, required=False, allow_blank=True)

    def validate_intake_point(self, value: str) -> IntakePoint:
        point = (
            IntakePoint.objects.select_related("organisation", "location")
            .filter(code=value.lower(), active=True)
            .first()
        )
        if point is None:
            raise serializers.ValidationError(_("No intake point in use has this code."))
        return point

    def validate_category(self, value: str) -> Any:
        category = public_categories().filter(code=value).first()
        if category is None:
            raise serializers.ValidationError(_("Choose one of the categories offered."))
        return category

    def validate_contact_method(self, value: str) -> str:
        if value == ContactMethod.IN_PERSON:
            raise serializers.ValidationError(_("Choose none, phone, trusted_person or email."))
        return value

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        errors = clean_contact(attrs, phone_region(attrs["intake_point"]))
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class PublicReceiptSerializer(serializers.Serializer):
    tracking_code = serializers.CharField(
        help_text=gettext_lazy("What the complainant types to follow the status: keep it.")
    )
    status = serializers.ChoiceField(choices=ItemStatus.choices)


class StatusRequestSerializer(serializers.Serializer):
    tracking_code = serializers.CharField(
        max_length=40,
        help_text=gettext_lazy("As typed: spaces, dashes and small letters are fine."),
    )

    def validate_tracking_code(self, value: str) -> str:
        code = normal_tracking_code(value)
        if len(code) != 14:
            raise serializers.ValidationError(
                _("A tracking code has 12 letters and digits, for example KM4T-X7PQ-9RCA.")
            )
        return code


class StatusAnswerSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ItemStatus.choices)
    status_label = serializers.CharField()
    explanation = serializers.CharField()


TOO_MANY = OpenApiResponse(
    ErrorSerializer,
    description=gettext_lazy("Too many requests from this address this hour: see Retry-After."),
)
TOO_LARGE = OpenApiResponse(ErrorSerializer, description=gettext_lazy("The body is too large."))


def _guard_size(request: Request, scope: str, point: Any = None) -> None:
    if guard.too_large(request._request):
        guard.refuse(request._request, guard.TOO_LARGE, scope=scope, point=point)
        raise PayloadTooLarge()


def _guard_rate(request: Request, scope: str, point: Any = None) -> None:
    wait = guard.wait_seconds(request._request, scope)
    if wait:
        guard.refuse(request._request, guard.RATE_LIMIT, scope=scope, point=point)
        raise exceptions.Throttled(wait=wait)


def _idempotency_key(request: Request) -> str:
    given = request.headers.get(HEADER)
    if given is None:
        return ""
    given = given.strip()
    if not given or len(given) > MAX_KEY:
        raise serializers.ValidationError({HEADER: [_("Give a key of 1 to 200 characters.")]})
    return guard.api_key(given)


def _receipt(item_id: Any, answer: int, replayed: bool = False) -> Response:
    item = item_for_public_receipt(item_id)
    if item is None:
        raise exceptions.NotFound
    body = PublicReceiptSerializer({"tracking_code": item.tracking_code, "status": item.status})
    headers = {"Idempotent-Replayed": "true"} if replayed else None
    return Response(body.data, status=answer, headers=headers)


class PublicFeedbackView(APIView):
    """File a complaint or feedback without an account, as the public form does."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        operation_id="public_feedback_create",
        request=PublicFeedbackSerializer,
        parameters=[HEADER_PARAMETER],
        responses={
            201: PublicReceiptSerializer,
            400: ERRORS[400],
            413: TOO_LARGE,
            422: OpenApiResponse(
                ErrorSerializer,
                description=gettext_lazy("The Idempotency-Key was used with another body."),
            ),
            429: TOO_MANY,
        },
    )
    def post(self, request: Request) -> Response:
        _guard_size(request, guard.FORM)
        key = _idempotency_key(request)
        fingerprint = guard.body_fingerprint(request.data)
        if key:
            try:
                earlier = guard.filed_before(key, fingerprint)
            except guard.KeyReused as error:
                raise KeyReused() from error
            if earlier is not None:
                return _receipt(earlier, status.HTTP_201_CREATED, replayed=True)
        _guard_rate(request, guard.FORM)
        given = PublicFeedbackSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        values = dict(given.validated_data)
        point = values.pop("intake_point")
        fields = {
            name: values[name]
            for name in ("category", "description", "sex", "age_group", "contact_method")
        } | {name: values.get(name, "") for name in CONTACT_FIELDS}
        guard.spend(request._request, guard.FORM)

        def file() -> Any:
            return intake.submit_public(intake_point=point, **fields)

        if not key:
            with guard.quietly():
                return _receipt(file().pk, status.HTTP_201_CREATED)
        try:
            item_id, created = guard.file_once(key, file, fingerprint=fingerprint)
        except guard.KeyReused as error:
            raise KeyReused() from error
        return _receipt(item_id, status.HTTP_201_CREATED, replayed=not created)


class PublicStatusView(APIView):
    """The status of a complaint or feedback, from its tracking code: the status only."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(
        operation_id="public_feedback_status",
        request=StatusRequestSerializer,
        responses={
            200: StatusAnswerSerializer,
            400: ERRORS[400],
            404: OpenApiResponse(
                ErrorSerializer, description=gettext_lazy("No item has this tracking code.")
            ),
            413: TOO_LARGE,
            429: TOO_MANY,
        },
    )
    def post(self, request: Request) -> Response:
        _guard_size(request, guard.STATUS)
        _guard_rate(request, guard.STATUS)
        given = StatusRequestSerializer(data=request.data)
        given.is_valid(raise_exception=True)
        guard.spend(request._request, guard.STATUS)
        item = item_for_tracking_code(given.validated_data["tracking_code"])
        if item is None:
            raise exceptions.NotFound(_("No item has this tracking code."))
        label, explanation = status_words(item.status)
        body = {"status": item.status, "status_label": label, "explanation": explanation}
        return Response(StatusAnswerSerializer(body).data)
