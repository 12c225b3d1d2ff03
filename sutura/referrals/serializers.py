"""What the referral API shows and takes. A referral shows its metadata to both sides; of the
person, only what `sharing.shared_case_for()` returns, and only on the detail (lists carry no
personal data, nor the free texts that may hold some)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sutura.access.cases import CaseStanding, case_standing
from sutura.access.referrals import ReferralStanding, standing
from sutura.core.api import UserSummarySerializer
from sutura.directory.models import ServiceCategory
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
from sutura.referrals.selectors import INCOMING, OUTGOING, ReferralFilters
from sutura.referrals.sharing import SharedCase

DIRECTIONS = [(INCOMING, _("Incoming")), (OUTGOING, _("Outgoing"))]


# ---------------------------------------------------------------------------------------------
# What the API shows


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


class SharedFactSerializer(serializers.Serializer):
    """A fact an app above referrals adds to the protection history (the trafficking
    identification, the risk levels): a stable key, a code or ISO date, both in words."""

    key = serializers.CharField()
    title = serializers.CharField()
    value = serializers.CharField()
    code = serializers.CharField()


class SharedProtectionHistorySerializer(serializers.Serializer):
    case_type = serializers.CharField()
    opened_on = serializers.DateField(allow_null=True)
    individual_factors = serializers.CharField()
    household_factors = serializers.CharField()
    community_factors = serializers.CharField()
    structural_factors = serializers.CharField()
    facts = SharedFactSerializer(many=True)


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
        child=serializers.ChoiceField(choices=Section.choices),
        help_text=_(
            "The shared sections held after the person's file changed at the referring "
            "organisation: not shown to the receiving side until the case team confirms them."
        ),
    )
)
class SharingHeldField(_OneReferralField):
    def to_representation(self, value: Any) -> Any:
        shared = self.shared()
        return None if shared is None else shared.held


@extend_schema_field(
    serializers.ListField(
        child=serializers.CharField(),
        help_text=_(
            "The steps you may take now (send, acknowledge, accept, decline, start, "
            "update, complete, close, onward, edit, confirm_sharing)."
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
    sharing_held = SharingHeldField()
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
            "sharing_held",
            "actions",
            "version",
            "created_at",
            "updated_at",
        ]
        read_only_fields = fields

    def _standing(self, referral: Referral) -> ReferralStanding:
        """Where the user stands on this referral, worked out once per referral shown."""
        known = self.context.setdefault("standings", {})
        if referral.pk not in known:
            known[referral.pk] = standing(self.context["request"].user, referral)
        return known[referral.pk]

    def _incoming(self, referral: Referral) -> bool:
        return self._standing(referral).receiver

    @extend_schema_field(serializers.ChoiceField(choices=DIRECTIONS))
    def get_direction(self, referral: Referral) -> str:
        return INCOMING if self._incoming(referral) else OUTGOING

    @extend_schema_field(serializers.UUIDField(allow_null=True))
    def get_case(self, referral: Referral) -> Any:
        """The case's id, for the referring side that may open it; null for the receiver."""
        user = self.context["request"].user
        seen = case_standing(user, referral.case) != CaseStanding.NONE
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
            del data["shared"], data["sharing_ended"], data["sharing_held"]
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

    def filters(self) -> ReferralFilters:
        given = self.validated_data
        return ReferralFilters(
            direction=given.get("direction") or "",
            status=given.get("status") or "",
            overdue=given["overdue"],
        )


class InboxFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(
        choices=ReferralStatus.choices, required=False, allow_blank=True
    )
    overdue = serializers.BooleanField(default=False)

    def filters(self) -> ReferralFilters:
        given = self.validated_data
        return ReferralFilters(
            direction=INCOMING, status=given.get("status") or "", overdue=given["overdue"]
        )


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


class ReferralConfirmSharingSerializer(serializers.Serializer):
    shared_sections = serializers.ListField(
        child=serializers.ChoiceField(choices=Section.choices),
        help_text=_(
            "What the referral goes on sharing after the person's file changed: at most "
            "what it shared."
        ),
    )
    version = serializers.IntegerField(
        help_text=_(
            "The referral's version as you read it: refused (409) if it changed since, for "
            "instance by another merge of the person's file."
        )
    )


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
