"""The REST API for referrals and the provider inbox: the same selectors, services and sharing
rules as the pages.

A referral shows its metadata to both sides. Of the person, the API shows only what
`sharing.shared_case_for()` returns (the ticked sections, while the referral is active, the
receiver's read audited), and only on the detail: lists carry no personal data. The receiving
side never learns the case's id or number.

Answers: a referral the user does not deal with is 404; an action their side may not take is
403; a refused input is 400 with the fields; a step the workflow does not allow from the
referral's current status is **409** (`illegal_transition`).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any, cast

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404, visible
from sutura.accounts.models import User
from sutura.accounts.roles import Perm
from sutura.audit.services import record_list_read, record_read
from sutura.cases.api import SuturaViewSet, UserSummarySerializer, path_id
from sutura.cases.models import Case
from sutura.directory.models import Service, ServiceCategory
from sutura.referrals import selectors, services
from sutura.referrals.models import (
    ClosureReason,
    DeclineReason,
    Outcome,
    Referral,
    ReferralStatus,
    ReferralTransition,
    Section,
    Urgency,
)
from sutura.referrals.sharing import SharedCase, shared_case_for

INCOMING, OUTGOING = "incoming", "outgoing"
DIRECTIONS = [(INCOMING, _("Incoming")), (OUTGOING, _("Outgoing"))]
_RELATED = ("from_organisation", "to_organisation", "service", "to_user", "referred_by")


class TransitionRefused(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "illegal_transition"
    default_detail = _("This referral cannot take that step from its current status.")


@contextmanager
def workflow_step() -> Iterator[None]:
    """A step the workflow does not allow now answers 409; other refusals keep their answer
    (400 with the fields, 403)."""
    try:
        yield
    except services.IllegalTransition as error:
        raise TransitionRefused(error.messages[0]) from error


# ---------------------------------------------------------------------------------------------
# What the API shows


class ReferralErrorDetailSerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("e.g. invalid, permission_denied, not_found, …"))
    message = serializers.CharField()
    fields = serializers.DictField(  # type: ignore[assignment]  # the error shape's key
        child=serializers.ListField(child=serializers.CharField()),
        help_text=_("For `invalid`: the refused fields and why."),
    )


class ReferralErrorSerializer(serializers.Serializer):
    """The common error shape (sutura.core.api)."""

    error = ReferralErrorDetailSerializer()


class ReferralOrganisationSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)
    acronym = serializers.CharField(read_only=True)


class ReferralServiceSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(read_only=True)


class SharedDocumentNumberSerializer(serializers.Serializer):
    type = serializers.CharField()
    number = serializers.CharField()


class SharedIdentitySerializer(serializers.Serializer):
    given_names = serializers.CharField()
    family_name = serializers.CharField()
    aliases = serializers.ListField(child=serializers.CharField())
    sex = serializers.CharField()
    birth_date = serializers.DateField(allow_null=True)
    birth_date_estimated = serializers.BooleanField()
    age = serializers.IntegerField(allow_null=True)
    nationality = serializers.CharField()
    languages = serializers.ListField(child=serializers.CharField())
    documents = SharedDocumentNumberSerializer(many=True)


class SharedContactSerializer(serializers.Serializer):
    phones = serializers.ListField(child=serializers.CharField())
    location = serializers.CharField()
    address = serializers.CharField()


class SharedVulnerabilitiesSerializer(serializers.Serializer):
    categories = serializers.ListField(child=serializers.CharField())
    priority = serializers.CharField()
    risk_level = serializers.CharField()
    screened_on = serializers.DateField(allow_null=True)


class SharedProtectionHistorySerializer(serializers.Serializer):
    case_type = serializers.CharField()
    opened_on = serializers.DateField(allow_null=True)
    individual_factors = serializers.CharField()
    household_factors = serializers.CharField()
    community_factors = serializers.CharField()
    structural_factors = serializers.CharField()


class SharedHealthSerializer(serializers.Serializer):
    psychosocial = serializers.CharField()
    assessed_on = serializers.DateField(allow_null=True)


class SharedNoteSerializer(serializers.Serializer):
    text = serializers.CharField()
    created_at = serializers.DateTimeField()


class SharedDocumentSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    original_name = serializers.CharField()
    description = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    created_at = serializers.DateTimeField()


class SharedSerializer(serializers.Serializer):
    """The sections of the person's file the referral shares, and only those: a section not
    shared is absent (not null); the object is empty once the receiver's access has ended."""

    identity = SharedIdentitySerializer(required=False)
    contact = SharedContactSerializer(required=False)
    vulnerabilities = SharedVulnerabilitiesSerializer(required=False)
    protection_history = SharedProtectionHistorySerializer(required=False)
    health = SharedHealthSerializer(required=False)
    notes = SharedNoteSerializer(many=True, required=False)
    documents = SharedDocumentSerializer(many=True, required=False)


def represent_shared(shared: SharedCase) -> dict[str, Any]:
    fields = SharedSerializer().fields
    return {
        name: field.to_representation(value)
        for name, field in fields.items()
        if (value := getattr(shared, name)) is not None
    }


class _OneReferralField(serializers.Field):
    """A value the view gives for one referral only (in the serializer's context): optional
    in the schema, since lists leave it out."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(source="*", required=False, **kwargs)

    def shared(self) -> SharedCase | None:
        return self.context.get("shared")  # the detail only


@extend_schema_field(SharedSerializer)
class SharedField(_OneReferralField):
    def to_representation(self, value: Any) -> Any:
        shared = self.shared()
        return None if shared is None else represent_shared(shared)


@extend_schema_field(
    serializers.BooleanField(
        help_text=_("True once the referral ended: the receiver no longer sees the person.")
    )
)
class SharingEndedField(_OneReferralField):
    def to_representation(self, value: Any) -> Any:
        shared = self.shared()
        return None if shared is None else shared.ended


@extend_schema_field(
    serializers.ListField(
        child=serializers.CharField(),
        help_text=_(
            "The steps you may take now (send, acknowledge, accept, decline, start, "
            "update, complete, close, onward, edit)."
        ),
    )
)
class ActionsField(_OneReferralField):
    """Given with the detail and the answer to a step."""

    def to_representation(self, value: Any) -> Any:
        return self.context.get("actions")


class ReferralSerializer(serializers.ModelSerializer):
    """A referral as either side sees it. `case` is given to the referring side only; `shared`
    and `sharing_ended` come with the detail only, `actions` with the detail and the answer to
    a step."""

    direction = serializers.SerializerMethodField()
    case = serializers.SerializerMethodField()
    parent = serializers.SerializerMethodField()  # type: ignore[assignment]  # not Field.parent
    from_organisation = ReferralOrganisationSerializer(read_only=True)
    to_organisation = ReferralOrganisationSerializer(read_only=True)
    service = ReferralServiceSerializer(read_only=True, allow_null=True)
    referred_by = UserSummarySerializer(read_only=True)
    to_user = UserSummarySerializer(read_only=True, allow_null=True)
    # Plain strings: the same choice sets are named by the inputs (ReferralDeclineReasonEnum…)
    decline_reason = serializers.CharField(
        read_only=True, help_text=_("Why the receiver declined (a decline reason), or empty.")
    )
    closure_reason = serializers.CharField(
        read_only=True, help_text=_("Why the referral was closed (a closure reason), or empty.")
    )
    is_internal = serializers.BooleanField(read_only=True)
    is_overdue = serializers.BooleanField(read_only=True)
    shared = SharedField()
    sharing_ended = SharingEndedField()
    actions = ActionsField()

    class Meta:
        model = Referral
        fields = [
            "id",
            "number",
            "direction",
            "status",
            "category",
            "urgency",
            "reason",
            "shared_sections",
            "case",
            "parent",
            "from_organisation",
            "to_organisation",
            "service",
            "referred_by",
            "to_user",
            "is_internal",
            "is_overdue",
            "sent_at",
            "respond_by",
            "received_at",
            "answered_at",
            "ended_at",
            "decline_reason",
            "closure_reason",
            "outcome",
            "outcome_notes",
            "feedback",
            "shared",
            "sharing_ended",
            "actions",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _incoming(self, referral: Referral) -> bool:
        return services.is_receiver(self.context["request"].user, referral)

    @extend_schema_field(serializers.ChoiceField(choices=DIRECTIONS))
    def get_direction(self, referral: Referral) -> str:
        return INCOMING if self._incoming(referral) else OUTGOING

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_case(self, referral: Referral) -> Any:
        """The case's id, for the referring side that may open it; null for the receiver."""
        seen = referral.case_id in self.context.get("cases_seen", ())
        return str(referral.case_id) if seen and not self._incoming(referral) else None

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_parent(self, referral: Referral) -> Any:
        """The referral this one continues (a counter-referral), for the referring side."""
        if referral.parent_id is None or self._incoming(referral):
            return None
        return str(referral.parent_id)

    def to_representation(self, instance: Referral) -> Any:
        data = super().to_representation(instance)
        shared = self.context.get("shared")
        if shared is None:  # lists carry no personal data, nor free texts that may hold some
            del data["shared"], data["sharing_ended"]
            del data["reason"], data["outcome_notes"], data["feedback"]
        elif not shared.texts_visible:  # the receiver, once the referral ended
            data["reason"] = ""
        if self.context.get("actions") is None:
            del data["actions"]
        return data


class TransitionSerializer(serializers.ModelSerializer):
    actor = UserSummarySerializer(read_only=True)
    # Plain strings: the referral's `status` names this choice set (ReferralStatusEnum).
    from_status = serializers.CharField(
        read_only=True, help_text=_("The referral's status before (empty when created).")
    )
    to_status = serializers.CharField(
        read_only=True, help_text=_("The referral's status after (same as before: an update).")
    )

    class Meta:
        model = ReferralTransition
        fields = ["from_status", "to_status", "actor", "reason", "created_at"]
        read_only_fields = fields


# ---------------------------------------------------------------------------------------------
# What the API takes


class ReferralFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ReferralStatus.choices, required=False, allow_blank=True
    )
    direction = serializers.ChoiceField(
        choices=DIRECTIONS,
        required=False,
        allow_blank=True,
        help_text=_("Incoming: sent to you or your organisation; outgoing: made by it."),
    )
    overdue = serializers.BooleanField(
        default=False, help_text=_("Only referrals still unanswered after their deadline.")
    )


class InboxFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ReferralStatus.choices, required=False, allow_blank=True
    )
    overdue = serializers.BooleanField(default=False)


def _sections_field() -> serializers.ListField:
    return serializers.ListField(
        child=serializers.ChoiceField(choices=Section.choices),
        default=list,
        help_text=_("What of the case is shared; nothing unless listed."),
    )


class ReferralCreateSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    service = serializers.UUIDField(
        required=False, allow_null=True, help_text=_("A service of the directory.")
    )
    to_user = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("A colleague, for an internal referral.")
    )
    category = serializers.ChoiceField(
        choices=ServiceCategory.choices,
        required=False,
        help_text=_("The need; by default the service's category."),
    )
    reason = serializers.CharField()
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    shared_sections = _sections_field()
    send = serializers.BooleanField(default=False, help_text=_("Send at once (else a draft)."))


class ReferralOnwardSerializer(serializers.Serializer):
    service = serializers.UUIDField()
    category = serializers.ChoiceField(choices=ServiceCategory.choices, required=False)
    reason = serializers.CharField()
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    shared_sections = _sections_field()


class ReferralNoteSerializer(serializers.Serializer):
    note = serializers.CharField(default="", allow_blank=True)


class ReferralDeclineSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=DeclineReason.choices)
    note = serializers.CharField(default="", allow_blank=True)


class ReferralCloseSerializer(serializers.Serializer):
    reason = serializers.ChoiceField(choices=ClosureReason.choices)
    note = serializers.CharField(default="", allow_blank=True)


class ReferralCompleteSerializer(serializers.Serializer):
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    outcome_notes = serializers.CharField(default="", allow_blank=True)
    feedback = serializers.CharField(help_text=_("What happened, for the referrer."))


class ReferralUpdateSerializer(serializers.Serializer):
    note = serializers.CharField()


ERRORS = {
    400: OpenApiResponse(ReferralErrorSerializer, description=_("Refused input: see `fields`.")),
    403: OpenApiResponse(
        ReferralErrorSerializer, description=_("Your side may not take this step.")
    ),
    404: OpenApiResponse(ReferralErrorSerializer, description=_("No such referral for you.")),
    409: OpenApiResponse(
        ReferralErrorSerializer,
        description=_("`illegal_transition`: not possible from the referral's current status."),
    ),
}


def _step(request: Any, *, ok: int = 200, output: Any = ReferralSerializer) -> Any:
    return extend_schema(request=request, responses={ok: output, **ERRORS})


# ---------------------------------------------------------------------------------------------
# The endpoints


def _service(user: Any, service_id: Any) -> Service | None:
    if service_id is None:
        return None
    found = visible(user, Service).select_related("provider").filter(pk=service_id).first()
    if found is None:
        raise serializers.ValidationError({"service": [_("Choose a service of the directory.")]})
    return found


def _colleague(case: Case, user_id: int | None) -> User | None:
    """An active user of the case's organisation (the service checks the rest)."""
    if user_id is None:
        return None
    colleague = User.objects.filter(
        pk=user_id, organisation_id=case.organisation_id, is_active=True
    ).first()
    if colleague is None:
        raise serializers.ValidationError({"to_user": [_("Choose an active colleague.")]})
    return colleague


class ReferralViewSet(SuturaViewSet):
    """Referrals the user deals with: the referring side and the receiving side."""

    queryset = Referral.objects.none()
    serializer_class = ReferralSerializer
    audit_name = "referrals"
    required_perms = {"create": (Perm.MAKE_REFERRALS,)}

    # --- helpers ---------------------------------------------------------------------------

    def _represent(
        self, referrals: Iterable[Referral], *, many: bool, shared: SharedCase | None = None
    ) -> Any:
        user = self.request.user
        found = list(referrals)
        cases_seen = set(
            visible(user, Case)
            .filter(pk__in={r.case_id for r in found})
            .values_list("pk", flat=True)
        )
        context = {**self.get_serializer_context(), "cases_seen": cases_seen, "shared": shared}
        if not many:
            context["actions"] = services.available_actions(user, found[0])
        data = ReferralSerializer(found, many=True, context=context).data
        return data if many else data[0]

    def _page(self, queryset: QuerySet[Referral], *, what: str, filtered: bool) -> Response:
        page = list(self.paginate_queryset(queryset) or [])
        number = getattr(getattr(self.paginator, "page", None), "number", 1)
        record_list_read(self.request.user, what=what, searched=filtered, page=number)
        return self.get_paginated_response(self._represent(page, many=True))

    def _referral(self, pk: Any) -> Referral:
        return selectors.referral_for(self.request.user, path_id(pk))

    def _answer(self, referral: Referral, code: int = status.HTTP_200_OK) -> Response:
        return Response(self._represent([referral], many=False), status=code)

    # --- reading ---------------------------------------------------------------------------

    @extend_schema(parameters=[ReferralFilterSerializer])
    def list(self, request: Request) -> Response:
        """The referrals you deal with, newest first."""
        params = ReferralFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        given = params.validated_data
        user = request.user
        direction = given.get("direction")
        if direction == INCOMING:
            referrals = selectors.inbox_for(user)
        elif direction == OUTGOING:
            referrals = selectors.sent_by(user)
        else:
            referrals = visible(user, Referral).select_related(*_RELATED).order_by("-created_at")
        if given.get("status"):
            referrals = referrals.filter(status=given["status"])
        if given["overdue"]:
            referrals = selectors.overdue(referrals)
        filtered = bool(given.get("status") or direction or given["overdue"])
        return self._page(referrals, what="API referrals", filtered=filtered)

    @extend_schema(parameters=[InboxFilterSerializer])
    @action(detail=False, methods=["get"])
    def inbox(self, request: Request) -> Response:
        """The provider inbox: referrals sent to you or to your organisation's agents."""
        params = InboxFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        referrals = selectors.inbox_for(request.user)
        if params.validated_data.get("status"):
            referrals = referrals.filter(status=params.validated_data["status"])
        if params.validated_data["overdue"]:
            referrals = selectors.overdue(referrals)
        filtered = bool(params.validated_data.get("status") or params.validated_data["overdue"])
        return self._page(referrals, what="API referral inbox", filtered=filtered)

    @extend_schema(responses={200: ReferralSerializer, 404: ERRORS[404]})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        """One referral and what it shares of the person (audited)."""
        referral = self._referral(pk)
        shared = shared_case_for(request.user, referral)  # audited there
        return Response(self._represent([referral], many=False, shared=shared))

    @extend_schema(responses={200: TransitionSerializer(many=True), 404: ERRORS[404]})
    @action(detail=True, methods=["get"])
    def history(self, request: Request, pk: Any = None) -> Response:
        """Every change of status and every update: who, when, why."""
        referral = self._referral(pk)
        transitions = (
            visible(request.user, ReferralTransition)
            .filter(referral=referral)
            .select_related("actor")
            .order_by("created_at")
        )
        record_read(request.user, referral, detail="API referral history")
        rows = TransitionSerializer(transitions, many=True).data
        if not shared_case_for(request.user, referral, audit=False).texts_visible:
            for row in rows:  # the notes may describe the person: not after the end
                row["reason"] = ""
        return Response(rows)

    # --- writing ---------------------------------------------------------------------------

    @_step(ReferralCreateSerializer, ok=201)
    def create(self, request: Request) -> Response:
        """Refer the person of a case to a service (or a colleague): a draft, or sent."""
        data = self.validated(ReferralCreateSerializer)
        case = get_visible_or_404(request.user, Case, pk=data.pop("case"))
        service = _service(request.user, data.pop("service", None))
        to_user = _colleague(case, data.pop("to_user", None))
        category = data.pop("category", None) or (service.category if service else None)
        if category is None:
            raise serializers.ValidationError({"category": [_("Choose the need.")]})
        with workflow_step():
            referral = services.create_referral(
                actor=request.user,
                case=case,
                service=service,
                to_user=to_user,
                category=category,
                **data,
            )
        return self._answer(referral, status.HTTP_201_CREATED)

    @_step(None)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: Any = None) -> Response:
        """Send a draft: the receiver is told, the deadline starts."""
        with workflow_step():
            referral = services.send_referral(actor=request.user, referral=self._referral(pk))
        return self._answer(referral)

    @_step(None)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: Any = None) -> Response:
        """The receiver has seen the referral."""
        with workflow_step():
            referral = services.acknowledge(actor=request.user, referral=self._referral(pk))
        return self._answer(referral)

    @_step(ReferralNoteSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        data = self.validated(ReferralNoteSerializer)
        with workflow_step():
            referral = services.accept(actor=request.user, referral=self._referral(pk), **data)
        return self._answer(referral)

    @_step(ReferralDeclineSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: Any = None) -> Response:
        """Decline with a reason: the receiver's access to the shared sections ends."""
        data = self.validated(ReferralDeclineSerializer)
        with workflow_step():
            referral = services.decline(actor=request.user, referral=self._referral(pk), **data)
        return self._answer(referral)

    @_step(ReferralNoteSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: Any = None) -> Response:
        data = self.validated(ReferralNoteSerializer)
        with workflow_step():
            referral = services.start(actor=request.user, referral=self._referral(pk), **data)
        return self._answer(referral)

    @_step(ReferralUpdateSerializer)
    @action(detail=True, methods=["post"], url_path="update", url_name="update")
    def add_update(self, request: Request, pk: Any = None) -> Response:
        """A progress note from either side, kept in the history."""
        data = self.validated(ReferralUpdateSerializer)
        with workflow_step():
            referral = services.add_update(actor=request.user, referral=self._referral(pk), **data)
        return self._answer(referral)

    @_step(ReferralCompleteSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: Any = None) -> Response:
        """Record the outcome and the feedback to the referrer; access ends."""
        data = self.validated(ReferralCompleteSerializer)
        with workflow_step():
            referral = services.complete(actor=request.user, referral=self._referral(pk), **data)
        return self._answer(referral)

    @_step(ReferralCloseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        """Close without completion (no-show, unreachable, withdrawn…); access ends."""
        data = self.validated(ReferralCloseSerializer)
        with workflow_step():
            referral = services.close(actor=request.user, referral=self._referral(pk), **data)
        return self._answer(referral)

    @_step(ReferralOnwardSerializer, ok=201)
    @action(detail=True, methods=["post"])
    def onward(self, request: Request, pk: Any = None) -> Response:
        """A counter-referral: refer the person onward, sharing at most what you received."""
        parent = self._referral(pk)
        data = self.validated(ReferralOnwardSerializer)
        service = cast(Service, _service(request.user, data.pop("service")))  # required
        category = data.pop("category", None) or service.category
        with workflow_step():
            referral = services.refer_onward(
                actor=request.user, parent=parent, service=service, category=category, **data
            )
        return self._answer(referral, status.HTTP_201_CREATED)
