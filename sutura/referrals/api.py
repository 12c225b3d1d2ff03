"""The REST API for referrals and the provider inbox: the same selectors, services and sharing
rules as the pages (what it shows and takes is in `serializers.py`).

A referral shows its metadata to both sides. Of the person, the API shows only what
`sharing.shared_case_for()` returns (the ticked sections, while the referral is active, the
receiver's read audited), and only on the detail: lists carry no personal data. The receiving
side never learns the case's id or number.

Answers: a referral the user does not deal with is 404; an action their side may not take is
403; a refused input is 400 with the fields; a step the workflow does not allow from the
referral's current status is **409** (`illegal_transition`).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, cast

from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import exceptions, serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.access import get_visible_or_404, visible
from sutura.access.accounts import colleague
from sutura.access.referrals import standing
from sutura.accounts.models import User
from sutura.accounts.roles import Perm
from sutura.audit.services import record_list_read, record_read
from sutura.cases.models import Case
from sutura.core.api import ERRORS as COMMON_ERRORS
from sutura.core.api import ErrorSerializer, SuturaViewSet, path_id, refused_as
from sutura.directory.models import Service
from sutura.referrals import selectors
from sutura.referrals.models import Referral
from sutura.referrals.serializers import (
    InboxFilterSerializer,
    ReferralCloseSerializer,
    ReferralCompleteSerializer,
    ReferralConfirmSharingSerializer,
    ReferralCreateSerializer,
    ReferralDeclineSerializer,
    ReferralFilterSerializer,
    ReferralNoteSerializer,
    ReferralOnwardSerializer,
    ReferralSerializer,
    ReferralUpdateSerializer,
    TransitionSerializer,
)
from sutura.referrals.services import holds, referring, workflow
from sutura.referrals.sharing import SharedCase, shared_case_for


class TransitionRefused(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "illegal_transition"
    default_detail = _("This referral cannot take that step from its current status.")


def workflow_step() -> Any:
    """A step the workflow does not allow now answers 409."""
    return refused_as(TransitionRefused, workflow.IllegalTransition)


ERRORS = {
    **COMMON_ERRORS,
    403: OpenApiResponse(ErrorSerializer, description=_("Your side may not take this step.")),
    404: OpenApiResponse(ErrorSerializer, description=_("No such referral for you.")),
    409: OpenApiResponse(
        ErrorSerializer,
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
    found = colleague(user_id, case.organisation_id)
    if found is None:
        raise serializers.ValidationError({"to_user": [_("Choose an active colleague.")]})
    return found


class ReferralViewSet(SuturaViewSet):
    """Referrals the user deals with: the referring side and the receiving side."""

    queryset = Referral.objects.none()
    serializer_class = ReferralSerializer
    audit_name = gettext_noop("referrals")
    required_perms = {"create": (Perm.MAKE_REFERRALS,)}

    # --- helpers ---------------------------------------------------------------------------

    def _represent(
        self, referrals: Iterable[Referral], *, many: bool, shared: SharedCase | None = None
    ) -> Any:
        found = list(referrals)
        context = {**self.get_serializer_context(), "shared": shared}
        if not many:
            context["actions"] = workflow.available_actions(standing(self.request.user, found[0]))
        data = ReferralSerializer(found, many=True, context=context).data
        return data if many else data[0]

    def _page(self, filters: selectors.ReferralFilters, *, what: str, searched: bool) -> Response:
        referrals = selectors.referrals_for(self.request.user, filters)
        page = list(self.paginate_queryset(referrals) or [])
        number = getattr(getattr(self.paginator, "page", None), "number", 1)
        record_list_read(self.request.user, what=what, searched=searched, page=number)
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
        filters = params.filters()
        searched = filters.narrowed or bool(filters.direction)
        return self._page(filters, what=gettext_noop("API referrals"), searched=searched)

    @extend_schema(parameters=[InboxFilterSerializer], responses=ReferralSerializer(many=True))
    @action(detail=False, methods=["get"])
    def inbox(self, request: Request) -> Response:
        """The provider inbox: referrals sent to you or to your organisation's agents."""
        params = InboxFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        filters = params.filters()
        return self._page(
            filters, what=gettext_noop("API referral inbox"), searched=filters.narrowed
        )

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
        record_read(request.user, referral, detail=gettext_noop("API referral history"))
        rows = TransitionSerializer(selectors.history_of(request.user, referral), many=True).data
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
            referral = referring.create_referral(
                actor=request.user,
                case=case,
                service=service,
                to_user=to_user,
                category=category,
                **data,
            )
        return self._answer(referral, status.HTTP_201_CREATED)

    def _take(self, pk: Any, step: Any, given: Any = None) -> Response:
        """One step of the workflow: the referral first (404 for whoever does not deal with
        it, whatever they sent), then the input (400), then the service (403 for the wrong
        side, 409 for a step the status does not allow)."""
        referral = selectors.referral_to_act_on(self.request.user, path_id(pk))
        data = self.validated(given) if given is not None else {}
        with workflow_step():
            done = step(actor=self.request.user, referral=referral, **data)
        return self._answer(done)

    @_step(None)
    @action(detail=True, methods=["post"])
    def send(self, request: Request, pk: Any = None) -> Response:
        """Send a draft: the receiver is told, the deadline starts."""
        return self._take(pk, referring.send_referral)

    @_step(None)
    @action(detail=True, methods=["post"])
    def acknowledge(self, request: Request, pk: Any = None) -> Response:
        """The receiver has seen the referral."""
        return self._take(pk, workflow.acknowledge)

    @_step(ReferralNoteSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request: Request, pk: Any = None) -> Response:
        return self._take(pk, workflow.accept, ReferralNoteSerializer)

    @_step(ReferralDeclineSerializer)
    @action(detail=True, methods=["post"])
    def decline(self, request: Request, pk: Any = None) -> Response:
        """Decline with a reason: the receiver's access to the shared sections ends."""
        return self._take(pk, workflow.decline, ReferralDeclineSerializer)

    @_step(ReferralNoteSerializer)
    @action(detail=True, methods=["post"])
    def start(self, request: Request, pk: Any = None) -> Response:
        return self._take(pk, workflow.start, ReferralNoteSerializer)

    @_step(ReferralUpdateSerializer)
    @action(detail=True, methods=["post"], url_path="update", url_name="update")
    def add_update(self, request: Request, pk: Any = None) -> Response:
        """A progress note from either side, kept in the history."""
        return self._take(pk, workflow.add_update, ReferralUpdateSerializer)

    @_step(ReferralCompleteSerializer)
    @action(detail=True, methods=["post"])
    def complete(self, request: Request, pk: Any = None) -> Response:
        """Record the outcome and the feedback to the referrer; access ends."""
        return self._take(pk, workflow.complete, ReferralCompleteSerializer)

    @_step(ReferralCloseSerializer)
    @action(detail=True, methods=["post"])
    def close(self, request: Request, pk: Any = None) -> Response:
        """Close without completion (no-show, unreachable, withdrawn…); access ends."""
        return self._take(pk, workflow.close, ReferralCloseSerializer)

    @_step(ReferralConfirmSharingSerializer)
    @action(detail=True, methods=["post"], url_path="confirm-sharing", url_name="confirm-sharing")
    def confirm_sharing(self, request: Request, pk: Any = None) -> Response:
        """The case team confirms what a referral shares after the person's file was merged
        with another (`sharing_held`): the sections it keeps, at most what it shared."""
        return self._take(pk, holds.confirm_sharing, ReferralConfirmSharingSerializer)

    @_step(ReferralOnwardSerializer, ok=201)
    @action(detail=True, methods=["post"])
    def onward(self, request: Request, pk: Any = None) -> Response:
        """A counter-referral: refer the person onward, sharing at most what you received."""
        parent = self._referral(pk)
        data = self.validated(ReferralOnwardSerializer)
        service = cast(Service, _service(request.user, data.pop("service")))  # required
        category = data.pop("category", None) or service.category
        with workflow_step():
            referral = referring.refer_onward(
                actor=request.user, parent=parent, service=service, category=category, **data
            )
        return self._answer(referral, status.HTTP_201_CREATED)
