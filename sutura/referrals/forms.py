"""Referral forms: what a referrer fills in, the receiver's answers, the list filters.

Forms explain input errors; the rules (who may share what, consent, the workflow) live in
`services.py`, whose errors `sutura.core.forms.run_service` puts next to these fields.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable
from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.access.accounts import colleagues
from sutura.accounts.models import User
from sutura.accounts.roles import Role
from sutura.cases.forms import TEXTAREA, UserChoiceField
from sutura.directory.models import Service, ServiceCategory
from sutura.governance.selectors.protocols import is_member_expression, membership
from sutura.referrals.deadlines import deadline_label
from sutura.referrals.models import (
    ClosureReason,
    DeclineReason,
    Outcome,
    ReferralStatus,
    Section,
    Urgency,
)
from sutura.referrals.selectors import ACTIVE, ReferralFilters

# What each section carries, in words a referrer understands before ticking it.
SECTION_HELP = {
    Section.IDENTITY: _(
        "Name, sex, date of birth, nationality, languages and identity document numbers."
    ),
    Section.CONTACT: _("Phone numbers, place of residence and address."),
    Section.VULNERABILITIES: _(
        "The vulnerabilities found at screening, the case's priority and risk level."
    ),
    Section.PROTECTION_HISTORY: _(
        "Type of case, when it was opened, and the risk factors noted at screening."
    ),
    Section.HEALTH: _("The psychosocial needs noted in the needs assessment."),
    Section.NOTES: _("The case notes (restricted notes are never shared)."),
    Section.DOCUMENTS: _("The case documents (restricted documents are never shared)."),
}


def urgency_choices() -> list[tuple[str, str]]:
    """'Emergency (answer within 24 h)': the deadline is part of the choice."""
    return [
        (
            value,
            _("%(urgency)s (answer within %(deadline)s)")
            % {"urgency": label, "deadline": deadline_label(value)},
        )
        for value, label in Urgency.choices
    ]


class ServiceChoiceField(forms.ModelChoiceField):
    """Services grouped by category; each says its provider and whether it signed the NRM
    data-sharing protocol (personal data goes only to members)."""

    def label_from_instance(self, obj: Any) -> str:
        provider = obj.provider.acronym or obj.provider.name
        member = getattr(obj, "provider_is_member", None)
        if member is None:
            member = membership(obj.provider).is_member
        if member:
            return f"{obj.name} — {provider}"
        return str(
            _("%(service)s — %(provider)s (not an NRM member)")
            % {"service": obj.name, "provider": provider}
        )


def grouped_services(services: Iterable[Service], field: ServiceChoiceField) -> list[Any]:
    """Choices for a select with one <optgroup> per category, in category order."""
    groups: dict[str, list[tuple[Any, str]]] = {}
    for service in services:
        groups.setdefault(service.category, []).append(
            (service.pk, field.label_from_instance(service))
        )
    return [("", "—")] + [
        (label, groups[value]) for value, label in ServiceCategory.choices if value in groups
    ]


def is_uuid(value: str) -> bool:
    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


def active_services(user: Any, category: str = "") -> Any:
    services = (
        visible(user, Service)
        .filter(is_active=True, provider__is_active=True)
        .select_related("provider")
        .annotate(provider_is_member=is_member_expression("provider_id"))
        .order_by("category", "name_fr")
    )
    return services.filter(category=category) if category else services


class ReferralForm(forms.Form):
    """A referral from a case (or onward from a referral): need, where to, why, how urgent,
    and what is shared (nothing ticked by default)."""

    category = forms.ChoiceField(label=_("Need"), choices=ServiceCategory.choices)
    service = ServiceChoiceField(
        label=_("Service"),
        queryset=Service.objects.none(),
        required=False,
        help_text=_("From the directory of service providers."),
    )
    to_user = UserChoiceField(
        label=_("Or a colleague (internal referral)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("The MHPSS focal point or a case manager of your organisation."),
    )
    reason = forms.CharField(
        label=_("Reason for the referral"),
        widget=TEXTAREA,
        help_text=_(
            "What the person needs from this service. Do not write their name or personal "
            "details here: tick the sections below to share them."
        ),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), initial=Urgency.NORMAL)
    shared_sections = forms.MultipleChoiceField(
        label=_("What is shared with the receiver"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Tick only what the receiver needs to help the person. Nothing is shared unless ticked."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(
        self,
        *args: Any,
        user: Any,
        sections: Iterable[str],
        with_services: bool = True,
        with_colleagues: bool = True,
        case_id: Any = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["urgency"].choices = urgency_choices()  # type: ignore[attr-defined]
        allowed = set(sections)
        self.fields["shared_sections"].choices = [  # type: ignore[attr-defined]
            (value, label) for value, label in Section.choices if value in allowed
        ]
        if with_services:
            service: Any = self.fields["service"]
            service.queryset = active_services(user)
            service.choices = grouped_services(service.queryset, service)
            # Choosing a service redraws the panel that says who it is and what may be shared.
            service.widget.attrs.update(
                {
                    "hx-get": reverse("referrals:service_info"),
                    "hx-trigger": "change",
                    "hx-target": "#service-info",
                    "hx-vals": json.dumps({"case": str(case_id)} if case_id else {}),
                }
            )
        else:
            del self.fields["service"]
        if with_colleagues:
            to_user: Any = self.fields["to_user"]
            to_user.queryset = colleagues(user, Role.MHPSS_FOCAL_POINT, Role.CASE_MANAGER).exclude(
                pk=user.pk
            )
            if not with_services:  # a mentor refers to a colleague only
                to_user.required = True
                to_user.label = _("Colleague")
        else:
            del self.fields["to_user"]

    @classmethod
    def for_request(cls, request: Any, **kwargs: Any) -> ReferralForm:
        """The form as posted; after "choose this service" (a suggestion), the same input with
        that service chosen and nothing yet checked, so the user carries on where they were.
        On a GET, `service` and `category` may come from the address (a directory link)."""
        initial = dict(kwargs.pop("initial", None) or {})
        if request.method != "POST":
            for name in ("service", "category"):
                if request.GET.get(name):
                    initial[name] = request.GET[name]
            return cls(initial=initial, **kwargs)
        pick = request.POST.get("pick")
        if not pick:
            return cls(request.POST, **kwargs)
        data = {
            name: request.POST.getlist(name)
            if name == "shared_sections"
            else request.POST.get(name)
            for name in cls.base_fields
        }
        service = active_services(kwargs["user"]).filter(pk=pick).first() if is_uuid(pick) else None
        if service is not None:
            data["service"], data["category"] = service.pk, service.category
        return cls(initial=data, **kwargs)

    @property
    def submitted(self) -> bool:
        """Posted to be saved (not only to pick a suggested service), and valid."""
        return self.is_bound and self.is_valid()

    def chosen_service(self) -> Service | None:
        """The service currently chosen on the form (posted or initial), if any."""
        if "service" not in self.fields:
            return None
        value = self["service"].value()
        if not value or not is_uuid(str(value)):
            return None
        field: Any = self.fields["service"]
        return field.queryset.filter(pk=value).first()

    def section_options(self) -> list[dict[str, Any]]:
        """The checkboxes with their explanation, for the template."""
        field = self["shared_sections"]
        chosen = {str(v) for v in (field.value() or [])}
        return [
            {
                "value": value,
                "label": label,
                "help": SECTION_HELP[Section(value)],
                "checked": value in chosen,
                "id": f"{field.auto_id}_{index}",
            }
            for index, (value, label) in enumerate(field.field.choices)  # type: ignore[attr-defined]
        ]

    def service_data(self) -> dict[str, Any]:
        """The keyword arguments the referral services take, from the cleaned data."""
        data = self.cleaned_data
        return {
            "category": data["category"],
            "reason": data["reason"],
            "urgency": data["urgency"],
            "shared_sections": data["shared_sections"],
            **({"service": data.get("service")} if "service" in self.fields else {}),
            **({"to_user": data.get("to_user")} if "to_user" in self.fields else {}),
        }


def draft_initial(referral: Any) -> dict[str, Any]:
    """A draft's current content, to edit it."""
    return {
        "category": referral.category,
        "service": referral.service_id,
        "to_user": referral.to_user_id,
        "reason": referral.reason,
        "urgency": referral.urgency,
        "shared_sections": referral.shared_sections,
        "version": referral.version,
    }


# --- the receiver's (and the referrer's) answers ------------------------------------------------


class NoteForm(forms.Form):
    note = forms.CharField(label=_("Note (optional)"), required=False, widget=TEXTAREA)


class UpdateForm(forms.Form):
    note = forms.CharField(label=_("Progress update"), widget=TEXTAREA)


class DeclineForm(forms.Form):
    decline_reason = forms.ChoiceField(
        label=_("Why do you decline?"), choices=[("", "—"), *DeclineReason.choices]
    )
    note = forms.CharField(
        label=_("Details"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Required when the reason is “Other”."),
    )


class CompleteForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *Outcome.choices])
    outcome_notes = forms.CharField(label=_("Outcome details"), required=False, widget=TEXTAREA)
    feedback = forms.CharField(
        label=_("Feedback to the referrer"),
        widget=TEXTAREA,
        help_text=_("What was done for the person, and anything the referrer should follow."),
    )


class CloseForm(forms.Form):
    """Closing without completion. The reasons offered follow the side: the referrer withdraws
    (or, for a provider not on the platform, records its answer); the receiver closes for a
    no-show, an unreachable person or a person who no longer wants the service."""

    closure_reason = forms.ChoiceField(label=_("Why is the referral closed?"))
    note = forms.CharField(
        label=_("Details"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Required when the reason is “Other”."),
    )

    def __init__(self, *args: Any, reasons: Iterable[str] = (), **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = set(reasons) or set(ClosureReason.values)
        choices: list[tuple[str, Any]] = [
            (v, label) for v, label in ClosureReason.choices if v in allowed
        ]
        field: Any = self.fields["closure_reason"]
        field.choices = choices if len(choices) == 1 else [("", "—"), *choices]


# --- lists ---------------------------------------------------------------------------------------

STATUS_FILTERS = [
    ("active", _("Active")),
    ("ended", _("Ended")),
    ("all", _("All")),
    *[(value, label) for value, label in ReferralStatus.choices],
]


class ReferralFilterForm(forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=STATUS_FILTERS, required=False)
    urgency = forms.ChoiceField(
        label=_("Urgency"), choices=[("", _("All")), *Urgency.choices], required=False
    )
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)

    def filters(self, direction: str) -> ReferralFilters:
        """What the list asks for: by default the active referrals ("all" shows every one)."""
        data = self.cleaned_data if self.is_valid() else {}
        status = data.get("status") or ACTIVE
        return ReferralFilters(
            direction=direction,
            status="" if status == "all" else status,
            urgency=data.get("urgency") or "",
            overdue=bool(data.get("overdue")),
        )


class ConfirmSharingForm(forms.Form):
    """After a merge of the person's file: the sections the referral goes on sharing, at most
    those it shared (all ticked to begin with)."""

    shared_sections = forms.MultipleChoiceField(
        label=_("What this referral goes on sharing"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Open the person's file and check it first: it now holds what the merged file "
            "held. Untick what the receiving organisation should no longer read."
        ),
    )

    # The referral's version as the case team saw it: a confirmation prepared before another
    # merge is refused (`holds.confirm_sharing`).
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(
        self, *args: Any, sections: Iterable[str] = (), version: int = 0, **kwargs: Any
    ) -> None:
        sections = list(sections)
        kwargs.setdefault("initial", {"shared_sections": sections, "version": version})
        super().__init__(*args, **kwargs)
        field: Any = self.fields["shared_sections"]
        field.choices = [(v, label) for v, label in Section.choices if v in sections]
