"""The duplicates API: proposals (list, read), "not a duplicate" decisions (list, read,
record, withdraw), merges (list, read, merge, undo) — the same selectors, services and access
rules as the pages (404 for what one may not see). The runs are the batch part's (api of
`services.runs`)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from sutura.accounts.roles import Perm
from sutura.audit.services import record_read
from sutura.core.api import (
    ERRORS,
    Conflict,
    SuturaViewSet,
    UserSummarySerializer,
    path_id,
    refused_as,
)
from sutura.dedup import selectors
from sutura.dedup.models import Merge, PairDecision, Proposal
from sutura.dedup.services.decisions import mark_not_duplicate, withdraw_not_duplicate
from sutura.dedup.services.merges import CHOSEN, KEPT, MERGED, merge_persons, undo_merge

REVIEWERS = (Perm.REVIEW_DUPLICATES,)
# Refusals that depend on the records' state (decided, merged or undone meanwhile, a clash):
# 409 with the service's message; other refusals stay 400 with their fields.
STATE_CODES = frozenset(
    {
        "already_merged",
        "already_decided",
        "already_undone",
        "kept_merged_since",
        "clash",
        "withdrawn",
        "changed",
    }
)


def _state(error: ValidationError) -> bool:
    return getattr(error, "code", None) in STATE_CODES


class FileSerializer(serializers.Serializer):
    """A file of the pair, as its reviewers may read it."""

    id = serializers.UUIDField()
    given_names = serializers.CharField()
    family_name = serializers.CharField()


class DuplicateProposalSerializer(serializers.ModelSerializer):
    first = FileSerializer(read_only=True)
    second = FileSerializer(read_only=True)
    reason_labels = serializers.SerializerMethodField(
        help_text=_("The reasons in the user's language, in the order of `reasons`.")
    )

    class Meta:
        model = Proposal
        fields = (
            "id",
            "run",
            "group",
            "first",
            "second",
            "probability",
            "reasons",
            "reason_labels",
            "status",
            "created_at",
            "decided_at",
        )
        read_only_fields = fields

    def get_reason_labels(self, proposal: Proposal) -> list[str]:
        return [text for text, _against in selectors.reasons(proposal)]


class ProposalViewSet(SuturaViewSet):
    """Open proposals of possible duplicates, most probable first (reviewers only; a pair is
    seen only when both files are)."""

    queryset = Proposal.objects.none()
    serializer_class = DuplicateProposalSerializer
    audit_name = gettext_noop("duplicate proposals")
    required_perms = {"list": REVIEWERS, "retrieve": REVIEWERS}

    @extend_schema(
        parameters=[
            OpenApiParameter(
                "band",
                OpenApiTypes.STR,
                enum=list(selectors.BANDS),
                description=_("Only the proposals of this probability band."),
            )
        ]
    )
    def list(self, request: Request) -> Response:
        band = request.query_params.get("band", "")
        band = band if band in selectors.BANDS else ""
        return self.paginated(
            selectors.open_proposals(request.user, band=band),
            lambda page: DuplicateProposalSerializer(page, many=True).data,
            filtered=bool(band),
        )

    @extend_schema(responses={200: DuplicateProposalSerializer, **ERRORS})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        proposal = selectors.proposal_for(request.user, path_id(pk))
        record_read(request.user, proposal.first, detail=gettext_noop("API duplicate proposal"))
        record_read(request.user, proposal.second, detail=gettext_noop("API duplicate proposal"))
        return Response(DuplicateProposalSerializer(proposal).data)


class DecisionSerializer(serializers.ModelSerializer):
    decided_by = UserSummarySerializer(read_only=True)
    withdrawn_by = UserSummarySerializer(read_only=True, allow_null=True)

    class Meta:
        model = PairDecision
        fields = (
            "id",
            "first",
            "second",
            "decided_by",
            "reason",
            "created_at",
            "withdrawn_at",
            "withdrawn_by",
            "withdraw_reason",
        )
        read_only_fields = fields


class DecisionInputSerializer(serializers.Serializer):
    proposal = serializers.UUIDField(
        required=False, help_text=_("The proposal decided (or name the two files).")
    )
    first = serializers.UUIDField(required=False)
    second = serializers.UUIDField(required=False)
    reason = serializers.CharField(max_length=2000, required=False, allow_blank=True, default="")

    def validate(self, data: dict[str, Any]) -> dict[str, Any]:
        if not data.get("proposal") and not (data.get("first") and data.get("second")):
            raise serializers.ValidationError(
                {"proposal": [_("Name the proposal, or the two files.")]}
            )
        return data


class WithdrawInputSerializer(serializers.Serializer):
    reason = serializers.CharField(
        max_length=2000, help_text=_("Why the decision was wrong (kept in both files' history).")
    )


class WithdrawnSerializer(serializers.Serializer):
    id = serializers.UUIDField(
        help_text=_("The decision withdrawn (kept, with who withdrew it, when and why).")
    )
    proposals_reopened = serializers.IntegerField(
        help_text=_("Proposals of the pair that this decision had closed, open again.")
    )


class DecisionViewSet(SuturaViewSet):
    """ "Not the same person": pairs not proposed again while the decision is in force (the
    list); a decision withdrawn is still read, with who withdrew it, when and why."""

    queryset = PairDecision.objects.none()
    serializer_class = DecisionSerializer
    audit_name = gettext_noop("duplicate decisions")
    required_perms = {
        "list": REVIEWERS,
        "retrieve": REVIEWERS,
        "create": REVIEWERS,
        "withdraw": REVIEWERS,
    }

    def list(self, request: Request) -> Response:
        return self.paginated(
            selectors.decisions(request.user),
            lambda page: DecisionSerializer(page, many=True).data,
            filtered=False,
        )

    @extend_schema(request=DecisionInputSerializer, responses={201: DecisionSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        data = self.validated(DecisionInputSerializer)
        proposal = None
        if data.get("proposal"):
            proposal = selectors.proposal_for(request.user, data["proposal"])
            first, second = proposal.first, proposal.second
        else:
            first = selectors.person_for_review(request.user, data["first"])
            second = selectors.person_for_review(request.user, data["second"])
        with refused_as(Conflict, ValidationError, when=_state):
            decision = mark_not_duplicate(
                actor=request.user,
                first=first,
                second=second,
                reason=data["reason"],
                proposal=proposal,
            )
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(responses={200: DecisionSerializer, **ERRORS})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        decision = selectors.decision_for(request.user, path_id(pk))
        for person in (decision.first, decision.second):
            record_read(request.user, person, detail=gettext_noop("API duplicate decision"))
        return Response(DecisionSerializer(decision).data)

    @extend_schema(request=WithdrawInputSerializer, responses={200: WithdrawnSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def withdraw(self, request: Request, pk: Any = None) -> Response:
        """Take back a "not the same person" given by mistake: the proposal it closed is open
        again, and a later run may propose the pair again. A decision already withdrawn: 409."""
        decision = selectors.decision_for(request.user, path_id(pk))
        data = self.validated(WithdrawInputSerializer)
        taken_back = decision.pk
        with refused_as(Conflict, ValidationError, when=_state):
            reopened = withdraw_not_duplicate(
                actor=request.user, decision=decision, reason=data["reason"]
            )
        return Response({"id": str(taken_back), "proposals_reopened": reopened})


class MergeSerializer(serializers.ModelSerializer):
    merged_by = UserSummarySerializer(read_only=True)
    undone_by = UserSummarySerializer(read_only=True)
    moved = serializers.SerializerMethodField(
        help_text=_("How many records of each kind moved (model.field: count).")
    )

    class Meta:
        model = Merge
        fields = (
            "id",
            "kept",
            "merged",
            "proposal",
            "merged_by",
            "reason",
            "moved",
            "created_at",
            "undone_by",
            "undone_at",
            "undo_reason",
        )
        read_only_fields = fields

    def get_moved(self, merge: Merge) -> dict[str, int]:
        return {key: len(ids) for key, ids in (merge.moved or {}).items()}


class MergeInputSerializer(serializers.Serializer):
    kept = serializers.UUIDField(help_text=_("The file kept."))
    merged = serializers.UUIDField(help_text=_("The file merged into it (hidden afterwards)."))
    reason = serializers.CharField(max_length=2000)
    proposal = serializers.UUIDField(required=False, help_text=_("The proposal decided."))
    choices = serializers.DictField(
        child=serializers.ChoiceField(choices=[KEPT, MERGED]),
        required=False,
        default=dict,
        help_text=_(
            "Where the two files hold different values, whose the file kept carries, by "
            "detail (name, birth_date, sex, phone, nationality, place_of_origin, "
            "current_location, current_address): kept or merged. A detail left out keeps the "
            "kept file's value (a date of birth known exactly wins over an estimate)."
        ),
    )

    versions = serializers.DictField(
        child=serializers.IntegerField(min_value=1),
        required=False,
        default=dict,
        help_text=_(
            "The two files' versions as you read them (file id: version): a file changed "
            "since is refused with 409, so that nothing you did not see is merged."
        ),
    )

    def validate_choices(self, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(set(value) - set(CHOSEN))
        if unknown:
            raise serializers.ValidationError(
                _("Unknown details: %(unknown)s (one of %(known)s).")
                % {"unknown": ", ".join(unknown), "known": ", ".join(CHOSEN)}
            )
        return value


class UndoInputSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=2000)
    two_people = serializers.BooleanField(
        required=False,
        default=False,
        help_text=_(
            "Also say they are two different people: the pair is not proposed again "
            "(otherwise it goes back to the review queue)."
        ),
    )


class MergeViewSet(SuturaViewSet):
    """Merges of two files of one person, and their undo."""

    queryset = Merge.objects.none()
    serializer_class = MergeSerializer
    audit_name = gettext_noop("merges")
    required_perms = {
        "list": REVIEWERS,
        "retrieve": REVIEWERS,
        "create": REVIEWERS,
        "undo": REVIEWERS,
    }

    def list(self, request: Request) -> Response:
        return self.paginated(
            selectors.merges(request.user),
            lambda page: MergeSerializer(page, many=True).data,
            filtered=False,
        )

    @extend_schema(responses={200: MergeSerializer, **ERRORS})
    def retrieve(self, request: Request, pk: Any = None) -> Response:
        merge = selectors.merge_for(request.user, path_id(pk))
        record_read(request.user, merge.kept, detail=gettext_noop("API merge"))
        return Response(MergeSerializer(merge).data)

    @extend_schema(request=MergeInputSerializer, responses={201: MergeSerializer, **ERRORS})
    def create(self, request: Request) -> Response:
        """Merge `merged` into `kept` (both files of your organisation that you may open)."""
        data = self.validated(MergeInputSerializer)
        kept = selectors.person_for_review(request.user, data["kept"])
        merged = selectors.person_for_review(request.user, data["merged"])
        proposal = None
        if data.get("proposal"):
            proposal = selectors.proposal_for(request.user, data["proposal"])
        with refused_as(Conflict, ValidationError, when=_state):
            merge = merge_persons(
                actor=request.user,
                kept=kept,
                merged=merged,
                reason=data["reason"],
                proposal=proposal,
                choices=data["choices"],
                versions=data["versions"],
            )
        return Response(MergeSerializer(merge).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=UndoInputSerializer, responses={200: MergeSerializer, **ERRORS})
    @action(detail=True, methods=["post"])
    def undo(self, request: Request, pk: Any = None) -> Response:
        """Undo a merge: what it moved goes back, the merged file reappears."""
        merge = selectors.merge_for(request.user, path_id(pk))
        data = self.validated(UndoInputSerializer)
        with refused_as(Conflict, ValidationError, when=_state):
            merge = undo_merge(
                actor=request.user,
                merge=merge,
                reason=data["reason"],
                two_people=data["two_people"],
            )
        return Response(MergeSerializer(merge).data)
