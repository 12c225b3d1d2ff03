from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import authenticate
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import APIException, NotFound, Throttled, ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from sutura.accounts import signin, throttle, twofactor
from sutura.accounts.membership import membership_of
from sutura.accounts.models import ApiToken, Organisation, User
from sutura.accounts.tokens import TokenLimitReached, create_token, revoke, tokens_of
from sutura.core.api import ERRORS


class OrganisationSerializer(serializers.ModelSerializer):
    """An organisation; its NRM membership is computed from its protocol signatures (kept by
    governance, asked through `accounts.membership`)."""

    country = serializers.CharField(source="country.iso_code", read_only=True)
    is_nrm_member = serializers.SerializerMethodField()
    nrm_member_since = serializers.SerializerMethodField()

    class Meta:
        model = Organisation
        fields = ["id", "name", "acronym", "type", "country", "nrm_member_since", "is_nrm_member"]

    def _membership(self, organisation: Organisation) -> Any:
        cache = self.context.setdefault("memberships", {}) if self.context is not None else {}
        if organisation.pk not in cache:
            cache[organisation.pk] = membership_of(organisation)
        return cache[organisation.pk]

    def get_is_nrm_member(self, organisation: Organisation) -> bool:
        found = self._membership(organisation)
        return bool(found is not None and found.is_member)

    def get_nrm_member_since(self, organisation: Organisation) -> datetime.date | None:
        found = self._membership(organisation)
        return found.since if found is not None and found.is_member else None


class MeSerializer(serializers.ModelSerializer):
    organisation = OrganisationSerializer(read_only=True)
    permissions = serializers.SerializerMethodField()
    areas = serializers.SerializerMethodField()

    class Meta:
        model = User
        fields = [
            "username",
            "first_name",
            "last_name",
            "email",
            "preferred_language",
            "roles",
            "permissions",
            "areas",
            "organisation",
        ]

    def get_permissions(self, user: User) -> list[str]:
        return sorted(str(p) for p in user.permissions)

    def get_areas(self, user: User) -> list[dict[str, str | None]]:
        return [
            {"id": str(a.pk), "name": a.name, "iso_code": a.iso_code, "pcode": a.pcode}
            for a in user.areas.all()
        ]


class MeView(APIView):
    """The signed-in user, their roles, permissions, areas and organisation."""

    @extend_schema(responses=MeSerializer)
    def get(self, request: Request) -> Response:
        return Response(MeSerializer(request.user).data)


class TokenRequestSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150)
    password = serializers.CharField(max_length=4096, trim_whitespace=False)
    code = serializers.CharField(
        max_length=32,
        required=False,
        allow_blank=True,
        help_text="The two-factor code (or a recovery code), for an account that has one.",
    )
    name = serializers.CharField(
        max_length=100, required=False, allow_blank=True, help_text="A name for the token."
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(help_text="The secret: send it as `Authorization: Token …`.")
    expiry = serializers.DateTimeField()
    name = serializers.CharField()
    prefix = serializers.CharField(help_text="Names the token in lists and to revoke it.")


class ApiTokenSerializer(serializers.ModelSerializer):
    prefix = serializers.CharField(source="token_key")

    class Meta:
        model = ApiToken
        fields = ["prefix", "name", "created", "expiry"]


class PasswordChangeRequired(APIException):
    status_code = 403
    default_code = "password_change_required"
    default_detail = gettext_lazy(
        "Your password was reset by an administrator: sign in on the website and choose a new "
        "one before asking for an API token."
    )


class TooManyTokens(APIException):
    status_code = 403
    default_code = "token_limit_reached"
    default_detail = gettext_lazy("You have too many API tokens: revoke one first.")


def _invalid(field: str, message: str) -> ValidationError:
    return ValidationError({field: [message]})


class ObtainTokenView(APIView):
    """A new API token for a username and password (and the two-factor code when the account
    has one). Tokens expire (`expiry`); too many failures answer 429 with Retry-After."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(request=TokenRequestSerializer, responses={200: TokenSerializer, **ERRORS})
    def post(self, request: Request) -> Response:
        data = TokenRequestSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        http = request._request
        user = authenticate(http, username=values["username"], password=values["password"])
        wait = getattr(http, throttle.WAIT_ATTRIBUTE, 0)
        if wait:
            raise Throttled(wait=wait)
        if user is None:
            objection = getattr(http, signin.REFUSAL_ATTRIBUTE, None)
            if objection:
                raise _invalid("non_field_errors", str(objection))
            raise _invalid("non_field_errors", _("Unable to log in with provided credentials."))
        if user.must_change_password:  # before the code: a recovery code is not used up
            raise PasswordChangeRequired()
        if twofactor.has_second_factor(user):
            if not values.get("code"):
                raise _invalid("code", _("This account uses two-factor login: give the code."))
            if not twofactor.check_code(user, values["code"]):
                raise _invalid("code", _("This code is not valid."))
        elif twofactor.required_for(user):
            raise PermissionDenied(
                _("Set up two-factor login on the website before asking for an API token.")
            )
        try:
            token, key = create_token(actor=user, name=values.get("name") or "API")
        except TokenLimitReached as error:
            raise TooManyTokens(str(error)) from error
        body = {"token": key, "expiry": token.expiry, "name": token.name, "prefix": token.token_key}
        return Response(TokenSerializer(body).data)


class LogoutApiView(APIView):
    """Revoke the token this request is made with."""

    @extend_schema(request=None, responses={204: None, **ERRORS})
    def post(self, request: Request) -> Response:
        if isinstance(request.auth, ApiToken):
            revoke(actor=request.user, token_key=request.auth.token_key)
        return Response(status=204)


class ApiTokenListView(APIView):
    """The signed-in user's API tokens (never their secret)."""

    @extend_schema(responses={200: ApiTokenSerializer(many=True), **ERRORS})
    def get(self, request: Request) -> Response:
        return Response(ApiTokenSerializer(tokens_of(request.user), many=True).data)


class ApiTokenDetailView(APIView):
    @extend_schema(request=None, responses={204: None, **ERRORS})
    def delete(self, request: Request, prefix: str) -> Response:
        """Revoke one of one's own tokens."""
        if not revoke(actor=request.user, token_key=prefix):
            raise NotFound()
        return Response(status=204)
