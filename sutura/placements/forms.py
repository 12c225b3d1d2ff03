"""Placement forms: an offer, the list's filters, a proposal and its outcome. Forms explain
input errors; the rules (who posts, the economic dimension, sharing, the referral's workflow)
live in `services.py`, whose refusals `sutura.core.forms.run_service` puts next to the fields."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.accounts.models import Organisation
from sutura.core.forms import DateInput
from sutura.directory.models import Service
from sutura.geo.widgets import LocationField
from sutura.placements import selectors
from sutura.placements.models import (
    NotRetainedReason,
    OfferKind,
    OfferStatus,
    ProposalOutcome,
    Sector,
)
from sutura.placements.selectors import OfferFilters
from sutura.referrals.forms import SECTION_HELP, urgency_choices
from sutura.referrals.models import Section, Urgency

TEXTAREA = forms.Textarea(attrs={"rows": 3})
ANY = ("", _("All"))


class OfferServiceField(forms.ModelChoiceField):
    """A service named with its provider: the provider is the offer's employer."""

    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.name} — {obj.provider.acronym or obj.provider.name}"


class OfferForm(forms.Form):
    service = OfferServiceField(
        label=_("Employer and service receiving the proposals"),
        queryset=Service.objects.none(),
        help_text=_(
            "Proposals arrive as referrals to this service of the employer, in its agents' "
            "inbox. Only active employment or vocational training services are listed."
        ),
    )
    kind = forms.ChoiceField(label=_("Kind of offer"), choices=OfferKind.choices)
    title = forms.CharField(label=_("Title"), max_length=200)
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices])
    location = LocationField(label=_("Place"))
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    places = forms.IntegerField(label=_("Number of places"), min_value=1, max_value=1000)
    requirements = forms.CharField(
        label=_("Requirements"),
        widget=TEXTAREA,
        required=False,
        help_text=_("Skills, experience, age, documents or languages the employer asks for."),
    )
    opens_on = forms.DateField(label=_("Opening date"), widget=DateInput())
    closes_on = forms.DateField(label=_("Closing date"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=OfferStatus.choices)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        service: Any = self.fields["service"]
        service.queryset = selectors.services_for_offers(user)
        if not editing:
            del self.fields["status"]
            del self.fields["version"]

    @property
    def has_services(self) -> bool:
        field: Any = self.fields["service"]
        return bool(field.queryset.exists())

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        opens, closes = data.get("opens_on"), data.get("closes_on")
        if opens and closes and closes < opens:
            self.add_error("closes_on", _("The closing date must not be before the opening date."))
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.pop("version", None)
        data["address"] = data.get("address") or ""
        data["requirements"] = data.get("requirements") or ""
        return data


def offer_initial(offer: Any) -> dict[str, Any]:
    return {
        "service": offer.service_id,
        "kind": offer.kind,
        "title": offer.title,
        "sector": offer.sector,
        "location": offer.location_id,
        "address": offer.address,
        "places": offer.places,
        "requirements": offer.requirements,
        "opens_on": offer.opens_on,
        "closes_on": offer.closes_on,
        "status": offer.status,
        "version": offer.version,
    }


class OfferFilterForm(forms.Form):
    open_now = forms.BooleanField(label=_("Open now only"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[ANY, *OfferKind.choices], required=False)
    sector = forms.ChoiceField(label=_("Sector"), choices=[ANY, *Sector.choices], required=False)
    location = LocationField(
        label=_("Place"), required=False, help_text=_("Offers in this place or any part of it.")
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[ANY, *OfferStatus.choices], required=False
    )
    employer = forms.ModelChoiceField(
        label=_("Employer"), queryset=Organisation.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        employer: Any = self.fields["employer"]
        employer.queryset = selectors.employers_for(user)

    def filters(self) -> OfferFilters:
        """What the list asks for: by default, the offers open now."""
        if not self.is_bound:
            return OfferFilters(open_now=True)
        data = self.cleaned_data if self.is_valid() else {}
        return OfferFilters(
            kind=data.get("kind") or "",
            sector=data.get("sector") or "",
            location=data.get("location"),
            open_now=bool(data.get("open_now")),
            status=data.get("status") or "",
            employer=data.get("employer"),
        )


class ProposalForm(forms.Form):
    """Who is proposed (their case number), why they fit, and what the employer receives."""

    case_number = forms.CharField(
        label=_("Case number"),
        max_length=40,
        help_text=_("The number of the returnee's case (one of the cases you work on)."),
    )
    reason = forms.CharField(
        label=_("Why this returnee fits the offer"),
        widget=TEXTAREA,
        max_length=4000,
        help_text=_(
            "Skills, experience, what the plan aims at. Do not write the person's name or "
            "details here: tick the sections below to share them."
        ),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), initial=Urgency.NORMAL)
    shared_sections = forms.MultipleChoiceField(
        label=_("What is shared with the employer"),
        choices=Section.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_(
            "Tick only what the employer needs to consider the candidate. Nothing is shared "
            "unless ticked."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["urgency"].choices = urgency_choices()  # type: ignore[attr-defined]

    def section_options(self) -> list[dict[str, Any]]:
        """The checkboxes with what each section carries, as the referral form shows them."""
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
            for index, (value, label) in enumerate(Section.choices)
        ]


class OutcomeForm(forms.Form):
    outcome = forms.ChoiceField(label=_("Outcome"), choices=[("", "—"), *ProposalOutcome.choices])
    start_on = forms.DateField(
        label=_("Start date"),
        widget=DateInput(),
        required=False,
        help_text=_("When placed: the day the person starts."),
    )
    reason = forms.ChoiceField(
        label=_("Why not retained"),
        choices=[("", "—"), *NotRetainedReason.choices],
        required=False,
    )
    note = forms.CharField(
        label=_("Your answer to the case manager"),
        widget=TEXTAREA,
        required=False,
        max_length=4000,
        help_text=_(
            "What was agreed (position, hours, pay) or why the candidate was not retained. "
            "It is the referral's feedback."
        ),
    )
