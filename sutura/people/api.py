"""The API for the people whose files we hold, and their consent decisions."""

from __future__ import annotations

from typing import Any

import pycountry
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.audit.models import Action
from sutura.audit.services import record, record_read
from sutura.core import sections
from sutura.core.api import (
    ErrorSerializer,
    RecordViewSet,
    SuturaViewSet,
    UserSummarySerializer,
    VisibleRelatedField,
    documented,
    path_id,
    versioned_write,
)
from sutura.core.texts import Text
from sutura.geo.models import Location
from sutura.people import consent as consents
from sutura.people import services as people
from sutura.people.duplicates import Candidate, find_possible_duplicates
from sutura.people.forms import ALIASES_LENGTH, MAX_ALIASES
from sutura.people.match_reasons import LABELS, label
from sutura.people.models import (
    Consent,
    ConsentMethod,
    ConsentPurpose,
    ConsentStatus,
    DocumentType,
    Person,
    Sex,
    check_birth_date,
)
from sutura.people.names import check_name_words
from sutura.people.phones import home_region, to_e164
from sutura.people.selectors import kept_file_of, person_for, persons_for

# ---------------------------------------------------------------------------------------------
# Persons

COUNTRY_CODES = sorted(country.alpha_2 for country in pycountry.countries)


class PersonSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = [
            "id",
            "given_names",
            "family_name",
            "sex",
            "birth_date",
            "birth_date_estimated",
            "nationality",
            "phone",
            "other_phones",
            "aliases",
            "languages",
            "place_of_origin",
            "current_location",
            "current_address",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields


class PersonSectionField(serializers.Field):
    """What another app keeps about the person (`core.sections`): its rows the reader may see,
    with that app's serializer (described as such in the schema)."""

    def __init__(self, section: sections.Section, **kwargs: Any) -> None:
        self.section = section
        super().__init__(source="*", read_only=True, **kwargs)
        self._spectacular_annotation = {"field": section.serializer_class()(many=True)}

    def to_representation(self, person: Person) -> Any:
        rows = self.section.rows(self.context["request"].user, person)
        return self.section.serializer_class()(rows, many=True).data


class PersonDetailSerializer(PersonSerializer):
    """A person and, under their own names, what other apps keep about them (their cases…)."""

    def get_fields(self) -> dict[str, Any]:
        fields = super().get_fields()
        for section in sections.registered("person"):
            if section.serializer:
                fields[section.name] = PersonSectionField(section)
        return fields


class PersonInputSerializer(serializers.Serializer):
    given_names = serializers.CharField(max_length=120, validators=[check_name_words])
    family_name = serializers.CharField(max_length=120, validators=[check_name_words])
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    birth_date = serializers.DateField(
        required=False, allow_null=True, validators=[check_birth_date]
    )
    birth_date_estimated = serializers.BooleanField(required=False)
    nationality = serializers.ChoiceField(choices=COUNTRY_CODES, required=False, allow_blank=True)
    phone = serializers.CharField(
        max_length=30,
        required=False,
        allow_blank=True,
        help_text=_(
            "Without a country code, the nationality's (or else your organisation's) is added."
        ),
    )
    place_of_origin = VisibleRelatedField(
        queryset=Location.objects.none(), required=False, allow_null=True
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if attrs.get("phone"):
            region = attrs.get("nationality") or self.context.get("default_region")
            try:
                attrs["phone"] = to_e164(attrs["phone"], region)
            except DjangoValidationError as error:
                raise serializers.ValidationError({"phone": error.messages}) from error
        return attrs


class PersonUpdateSerializer(PersonInputSerializer):
    """Only the fields sent change; `version` is the one the client read."""

    version = serializers.IntegerField(min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name == "version"


def _comma_list(value: str) -> list[str]:
    return [part.strip() for part in value.replace(";", ",").split(",") if part.strip()]


class DuplicateCheckSerializer(PersonInputSerializer):
    # The registration fields the duplicate check compares (a comment: the schema would show
    # a docstring untranslated).

    aliases = serializers.CharField(
        max_length=ALIASES_LENGTH,
        required=False,
        allow_blank=True,
        help_text=_("Other spellings and aliases, separated by commas."),
    )
    other_phones = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text=_("Other phones, separated by commas."),
    )
    document_type = serializers.ChoiceField(
        choices=DocumentType.choices, required=False, default=DocumentType.OTHER
    )
    document_number = serializers.CharField(max_length=60, required=False, allow_blank=True)

    def validate_aliases(self, value: str) -> list[str]:
        aliases = _comma_list(value)
        if len(aliases) > MAX_ALIASES:
            raise serializers.ValidationError(
                _("At most %(max)d aliases: keep the spellings people use.") % {"max": MAX_ALIASES}
            )
        for alias in aliases:
            try:
                check_name_words(alias)
            except DjangoValidationError as error:
                raise serializers.ValidationError(error.messages) from error
        return aliases

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        attrs = super().validate(attrs)
        region = attrs.get("nationality") or self.context.get("default_region")
        try:
            attrs["other_phones"] = [
                to_e164(p, region) for p in _comma_list(attrs.get("other_phones", ""))
            ]
        except DjangoValidationError as error:
            raise serializers.ValidationError({"other_phones": error.messages}) from error
        return attrs


class ReasonSerializer(serializers.Serializer):
    code = serializers.ChoiceField(
        choices=list(LABELS.items()),
        help_text=_("What the reason is, as a code that does not change with the language."),
    )
    label = serializers.CharField(  # type: ignore[assignment]
        help_text=_("The reason in the reader's language.")
    )


class CandidatePersonSerializer(serializers.ModelSerializer):
    # What the register page shows of a possible duplicate, no more: the person's file is
    # opened through its own address (and audited there) when the user needs the rest. (A
    # comment, not a docstring: the schema would show a docstring untranslated.)

    class Meta:
        model = Person
        fields = [
            "id",
            "given_names",
            "family_name",
            "sex",
            "birth_date",
            "birth_date_estimated",
            "nationality",
            "phone",
            "place_of_origin",
            "created_at",
        ]
        read_only_fields = fields


class CandidateSerializer(serializers.Serializer):
    person = CandidatePersonSerializer()
    probability = serializers.FloatField(
        source="shown_probability",
        help_text=_("The model's probability, 0 to 1, in whole percent as the page shows it."),
    )
    band = serializers.ChoiceField(
        choices=[
            ("high", _("very likely the same person, 90% and more")),
            ("medium", _("probably the same person, 50 to 90%")),
            ("low", _("possibly the same person, under 50%")),
        ]
    )
    reasons = serializers.SerializerMethodField()

    @extend_schema_field(ReasonSerializer(many=True))
    def get_reasons(self, candidate: Candidate) -> list[dict[str, str]]:
        return [{"code": code, "label": label(code)} for code in candidate.reasons]


class DuplicateCheckResultSerializer(serializers.Serializer):
    candidates = CandidateSerializer(many=True)


class Merged(exceptions.APIException):
    """A merged file's old address, for a client that may open the file kept."""

    status_code = status.HTTP_410_GONE
    default_code = "merged"
    default_detail = _("This file was merged into another file: see kept_id.")

    def __init__(self, kept_id: Any) -> None:
        super().__init__()
        self.extra = {"kept_id": str(kept_id)}


class PersonViewSet(SuturaViewSet):
    """The people whose files the user's organisation holds."""

    queryset = Person.objects.none()
    serializer_class = PersonSerializer
    audit_name = gettext_noop("people")
    required_perms = {
        "list": (Perm.VIEW_PERSONS,),
        "create": (Perm.REGISTER_PERSONS,),
        "partial_update": (Perm.EDIT_PERSONS,),
        "possible_duplicates": (Perm.REGISTER_PERSONS,),
    }

    def get_queryset(self) -> QuerySet[Person]:
        return persons_for(self.request.user, query=self.request.query_params.get("q", ""))

    @extend_schema(
        parameters=[OpenApiParameter("q", str, description=_("A name or a phone number."))]
    )
    def list(self, request: Request) -> Response:
        return self.paginated(
            self.get_queryset(),
            lambda page: PersonSerializer(page, many=True).data,
            filtered=bool(request.query_params.get("q")),
        )

    @extend_schema(
        responses={
            200: PersonDetailSerializer,
            410: OpenApiResponse(
                ErrorSerializer,
                description=_(
                    "The file was merged into another (code `merged`): `kept_id` names the "
                    "file kept. Only for a client that may open that file; otherwise 404."
                ),
            ),
        }
    )
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        person_id = path_id(pk)
        try:
            person = person_for(request.user, person_id)  # the read is audited
        except Http404:
            kept = kept_file_of(request.user, person_id)
            if kept is None:
                raise
            raise Merged(kept.pk) from None
        context = self.get_serializer_context()
        return Response(PersonDetailSerializer(person, context=context).data)

    @extend_schema(request=PersonInputSerializer, responses={201: PersonSerializer})
    def create(self, request: Request) -> Response:
        data = self.validated(PersonInputSerializer, default_region=home_region(request.user))
        person = people.register_person(actor=request.user, **data)
        return Response(PersonSerializer(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DuplicateCheckSerializer, responses=DuplicateCheckResultSerializer)
    @action(detail=False, methods=["post"], url_path="possible-duplicates")
    def possible_duplicates(self, request: Request) -> Response:
        """Before registering: the people on file (that you may see) who may be this person,
        most probable first, with the reasons; an empty list on most registrations."""
        data = self.validated(DuplicateCheckSerializer, default_region=home_region(request.user))
        candidates = find_possible_duplicates(
            request.user,
            family_name=data["family_name"],
            given_names=data["given_names"],
            aliases=data.get("aliases", []),
            birth_date=data.get("birth_date"),
            birth_date_estimated=data.get("birth_date_estimated", False),
            sex=data.get("sex", ""),
            place_of_origin=data.get("place_of_origin"),
            nationality=data.get("nationality", ""),
            phones=[data.get("phone", ""), *data.get("other_phones", [])],
            documents=[(data["document_type"], data["document_number"])]
            if data.get("document_number")
            else [],
        )
        record(
            Action.READ,
            actor=request.user,
            detail=Text(
                gettext_noop("API possible duplicates, %(count)s candidates"), count=len(candidates)
            ),
        )
        for candidate in candidates:  # each listed: a read of their file
            record_read(
                request.user, candidate.person, detail=gettext_noop("API possible duplicate")
            )
        return Response(DuplicateCheckResultSerializer({"candidates": candidates}).data)

    @extend_schema(request=PersonUpdateSerializer, responses=PersonSerializer)
    def partial_update(self, request: Request, pk: Any = None) -> Response:
        person = person_for(request.user, path_id(pk), audit=False)
        region = person.nationality or home_region(request.user)
        data = self.validated(PersonUpdateSerializer, default_region=region)
        version = data.pop("version")
        with versioned_write():
            person = people.update_person(
                actor=request.user, person=person, expected_version=version, **data
            )
        return Response(PersonSerializer(person).data)


# ---------------------------------------------------------------------------------------------
# Consent


class ConsentSerializer(serializers.ModelSerializer):
    recorded_by = UserSummarySerializer(read_only=True)

    class Meta:
        model = Consent
        fields = [
            "id",
            "person",
            "purpose",
            "shared_with",
            "status",
            "method",
            "guardian_name",
            "childs_views",
            "best_interests_basis",
            "decided_on",
            "recorded_by",
            "created_at",
        ]
        read_only_fields = fields


class ConsentInputSerializer(serializers.Serializer):
    person = serializers.UUIDField()
    purpose = serializers.ChoiceField(choices=ConsentPurpose.choices)
    status = serializers.ChoiceField(choices=ConsentStatus.choices)
    method = serializers.ChoiceField(choices=ConsentMethod.choices)
    decided_on = serializers.DateField(required=False, allow_null=True)
    shared_with = VisibleRelatedField(
        queryset=Organisation.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("Only for consent to share with a named organisation."),
    )
    guardian_name = serializers.CharField(default="", allow_blank=True, max_length=200)
    childs_views = serializers.CharField(
        default="", allow_blank=True, help_text=_("Required for a child.")
    )
    best_interests_basis = serializers.CharField(
        default="",
        allow_blank=True,
        help_text=_(
            "With the method `best_interests` (a child without a parent or guardian): who "
            "decided, when, and its reference."
        ),
    )


@documented(ConsentSerializer, ConsentInputSerializer)
class ConsentViewSet(RecordViewSet):
    """A person's decisions, purpose by purpose; the latest one is in force."""

    queryset = Consent.objects.none()
    serializer_class = ConsentSerializer
    model = Consent
    related = ("recorded_by",)
    ordering = ("-decided_on", "-created_at")
    filters = {"person": ("person", _("Only the decisions of this person."))}
    input_serializer = ConsentInputSerializer
    audit_name = gettext_noop("consents")
    required_perms = {
        "list": (Perm.VIEW_PERSONS,),
        "create": (Perm.EDIT_PERSONS,),
        "withdraw": (Perm.EDIT_PERSONS,),
    }

    def write(self, user: Any, data: dict[str, Any]) -> models.Model:
        person = person_for(user, data.pop("person"), audit=False)
        return consents.record_consent(actor=user, person=person, **data)

    @extend_schema(request=None, responses={201: ConsentSerializer})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        """Withdraw a consent: a new decision, in force at once; the history stays."""
        given = get_visible_or_404(request.user, self.records(), pk=path_id(pk))
        withdrawn = consents.withdraw_consent(actor=request.user, consent=given)
        return Response(ConsentSerializer(withdrawn).data, status=status.HTTP_201_CREATED)
