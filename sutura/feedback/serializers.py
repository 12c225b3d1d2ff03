"""What the staff API shows of an item and what it takes (`api_staff.py`).

A list row carries no identity and nothing of what was said: reference, dates, channel,
category, status, deadlines. The detail adds what was said, the people implicated and the
history; the complainant's identity only for the item's handler (`complainant` is null for
everyone else, with `identity_withheld`).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from sutura.core.api import UserSummarySerializer
from sutura.feedback.forms.items import STEP_KINDS
from sutura.feedback.models import (
    STAFF_CHANNELS,
    AgeGroup,
    Channel,
    Closure,
    ContactMethod,
    ImplicatedKind,
    ItemStatus,
    Sex,
    StepKind,
)

# The channels staff type in (the public form is its own): named in the schema
# (settings: ENUM_NAME_OVERRIDES "FeedbackStaffChannelEnum").
STAFF_CHANNEL_CHOICES = [(c.value, c.label) for c in STAFF_CHANNELS]
NOTE_MAX = 4000
RESPONSE_MAX = 8000


# --- what the API shows --------------------------------------------------------------------------


class FeedbackCategorySerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    code = serializers.SlugField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)
    public_name = serializers.CharField(read_only=True)
    sensitive = serializers.BooleanField(
        read_only=True, help_text=_("Seen by the designated PSEA focal points only.")
    )
    acknowledge_hours = serializers.IntegerField(read_only=True)
    respond_days = serializers.IntegerField(read_only=True)


class FeedbackCategoryReference(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    code = serializers.SlugField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)
    sensitive = serializers.BooleanField(read_only=True)


class FeedbackReference(serializers.Serializer):
    """An organisation, a place, a community or an intake point: its id and name."""

    id = serializers.UUIDField(read_only=True)
    name = serializers.CharField(source="__str__", read_only=True)


class FeedbackItemRowSerializer(serializers.Serializer):
    id = serializers.UUIDField(read_only=True)
    number = serializers.CharField(read_only=True, help_text=_("The reference, for staff."))
    organisation = FeedbackReference(read_only=True)
    received_at = serializers.DateTimeField(read_only=True)
    channel = serializers.ChoiceField(choices=Channel.choices, read_only=True)
    category = FeedbackCategoryReference(read_only=True)
    sensitive = serializers.BooleanField(read_only=True)
    status = serializers.ChoiceField(choices=ItemStatus.choices, read_only=True)
    overdue = serializers.SerializerMethodField(
        help_text=_("acknowledge or respond: that deadline passed undone; empty otherwise.")
    )
    acknowledge_due = serializers.DateTimeField(read_only=True)
    respond_due = serializers.DateTimeField(read_only=True)
    acknowledged_at = serializers.DateTimeField(read_only=True, allow_null=True)
    responded_at = serializers.DateTimeField(read_only=True, allow_null=True)
    closed_at = serializers.DateTimeField(read_only=True, allow_null=True)
    handler = UserSummarySerializer(read_only=True, allow_null=True)
    referred_to = FeedbackReference(read_only=True, allow_null=True)
    version = serializers.IntegerField(
        read_only=True, help_text=_("Send it back with a step: a stale one answers 409.")
    )

    def get_overdue(self, item: Any) -> str:
        return str(item.overdue())


class ComplainantSerializer(serializers.Serializer):
    contact_method = serializers.ChoiceField(choices=ContactMethod.choices, read_only=True)
    contact_name = serializers.CharField(read_only=True)
    contact_phone = serializers.CharField(read_only=True)
    contact_email = serializers.CharField(read_only=True)
    trusted_person = serializers.CharField(read_only=True)


class ImplicatedSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImplicatedKind.choices, read_only=True)
    user = UserSummarySerializer(read_only=True, allow_null=True)
    organisation = FeedbackReference(read_only=True, allow_null=True)
    description = serializers.CharField(read_only=True)


class ItemStepSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=StepKind.choices, read_only=True)
    from_status = serializers.CharField(
        read_only=True, help_text=_("The status before the step (empty for the first).")
    )
    to_status = serializers.CharField(read_only=True, help_text=_("The status after it."))
    actor = UserSummarySerializer(
        read_only=True, allow_null=True, help_text=_("Null: the public form.")
    )
    note = serializers.CharField(read_only=True, help_text=_("Why."))
    created_at = serializers.DateTimeField(read_only=True)


class FeedbackItemSerializer(FeedbackItemRowSerializer):
    """One item: the row, what was said, the people implicated, the history; the identity of
    the complainant for the handler only. The context holds what the access layer allowed
    (`implicated`, `history`, `steps`, `reads_identity`)."""

    description = serializers.CharField(read_only=True)
    response = serializers.CharField(read_only=True)
    closure = serializers.CharField(
        read_only=True, help_text=_("How it was closed (a closure code), or empty.")
    )
    referred_channel = serializers.CharField(read_only=True)
    location = FeedbackReference(read_only=True, allow_null=True)
    community = FeedbackReference(read_only=True, allow_null=True)
    intake_point = FeedbackReference(read_only=True, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, read_only=True)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, read_only=True)
    identity_withheld = serializers.SerializerMethodField(
        help_text=_("True unless you are the item's handler.")
    )
    complainant = serializers.SerializerMethodField(
        help_text=_("Who complained and how to reach them: for the handler only.")
    )
    implicated = serializers.SerializerMethodField()
    history = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField(
        help_text=_("The steps you may take now (POST /api/feedback/items/<id>/<step>/).")
    )

    def get_identity_withheld(self, item: Any) -> bool:
        return not self.context.get("reads_identity", False)

    @extend_schema_field(ComplainantSerializer(allow_null=True))
    def get_complainant(self, item: Any) -> Any:
        if not self.context.get("reads_identity", False):
            return None
        return ComplainantSerializer(item).data

    @extend_schema_field(ImplicatedSerializer(many=True))
    def get_implicated(self, item: Any) -> Any:
        return ImplicatedSerializer(self.context.get("implicated", []), many=True).data

    @extend_schema_field(ItemStepSerializer(many=True))
    def get_history(self, item: Any) -> Any:
        return ItemStepSerializer(self.context.get("history", []), many=True).data

    @extend_schema_field(
        serializers.ListField(child=serializers.ChoiceField(choices=list(STEP_KINDS)))
    )
    def get_steps(self, item: Any) -> list[str]:
        return list(self.context.get("steps", []))


class FeedbackReceiptSerializer(serializers.Serializer):
    """What the recorder reads back of an item they recorded: its reference, the complainant's
    tracking code (to give them, once), its status. A sensitive item is not theirs to read."""

    id = serializers.UUIDField(read_only=True)
    number = serializers.CharField(read_only=True)
    tracking_code = serializers.CharField(
        read_only=True, help_text=_("Give it to the complainant: it shows them the status.")
    )
    received_at = serializers.DateTimeField(read_only=True)
    status = serializers.ChoiceField(choices=ItemStatus.choices, read_only=True)
    sensitive = serializers.BooleanField(read_only=True)
    seen = serializers.BooleanField(
        read_only=True, help_text=_("Whether you may read the item itself (GET its detail).")
    )


# --- what it takes -------------------------------------------------------------------------------


class ItemFilterSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=ItemStatus.choices, required=False)
    category = serializers.SlugField(
        required=False,
        max_length=40,
        help_text=_("A category's code (see /api/feedback/categories/)."),
    )
    overdue = serializers.BooleanField(
        required=False, default=False, help_text=_("Only the items past a deadline.")
    )


class ImplicatedInputSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=ImplicatedKind.choices)
    user = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("An active colleague of your organisation named as the subject."),
    )
    organisation = serializers.UUIDField(required=False, allow_null=True, default=None)
    description = serializers.CharField(max_length=200, required=False, default="")


class FeedbackItemCreateSerializer(serializers.Serializer):
    category = serializers.SlugField(
        max_length=40, help_text=_("A category's code (see /api/feedback/categories/).")
    )
    channel = serializers.ChoiceField(choices=STAFF_CHANNEL_CHOICES)
    description = serializers.CharField(max_length=RESPONSE_MAX)
    received_at = serializers.DateTimeField(required=False)
    location = serializers.UUIDField(required=False, allow_null=True)
    community = serializers.UUIDField(required=False, allow_null=True)
    intake_point = serializers.UUIDField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    age_group = serializers.ChoiceField(choices=AgeGroup.choices, required=False)
    contact_method = serializers.ChoiceField(choices=ContactMethod.choices, required=False)
    contact_name = serializers.CharField(max_length=160, required=False, allow_blank=True)
    contact_phone = serializers.CharField(max_length=40, required=False, allow_blank=True)
    contact_email = serializers.EmailField(required=False, allow_blank=True)
    trusted_person = serializers.CharField(max_length=200, required=False, allow_blank=True)
    implicated = ImplicatedInputSerializer(many=True, required=False, default=list)


class StepSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        min_value=0, max_value=2**31 - 1, help_text=_("The item's version you read.")
    )


class AcknowledgeSerializer(StepSerializer):
    note = serializers.CharField(max_length=NOTE_MAX, required=False, default="")


class AssignSerializer(StepSerializer):
    handler = serializers.IntegerField(
        min_value=1,
        max_value=2**31 - 1,
        help_text=_("A colleague who may handle the item (a sensitive one: a PSEA focal point)."),
    )
    note = serializers.CharField(max_length=NOTE_MAX, required=False, default="")


class RespondSerializer(StepSerializer):
    response = serializers.CharField(max_length=RESPONSE_MAX)


class ReferSerializer(StepSerializer):
    organisation = serializers.UUIDField(required=False, allow_null=True, default=None)
    channel = serializers.CharField(
        max_length=200,
        required=False,
        default="",
        help_text=_("An investigation channel, when not another organisation."),
    )
    note = serializers.CharField(max_length=NOTE_MAX, help_text=_("Why it is referred."))


class CloseSerializer(StepSerializer):
    closure = serializers.ChoiceField(choices=Closure.choices)
    note = serializers.CharField(max_length=NOTE_MAX, required=False, default="")


class ReopenSerializer(StepSerializer):
    note = serializers.CharField(max_length=NOTE_MAX, help_text=_("Why it is reopened."))


class ReclassifySerializer(StepSerializer):
    category = serializers.SlugField(max_length=40, help_text=_("The new category's code."))
    note = serializers.CharField(max_length=NOTE_MAX, help_text=_("Why the category changes."))
