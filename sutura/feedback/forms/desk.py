"""The desk's forms: intake by staff (every channel but the public form), who is implicated,
the desk list's filters, and PSEA designations.

The intake form is filled on a cheap phone as often as at a desk: one column, native
selects, the fields of the chosen way to reach the complainant only (`feedback.css`, where
the browser can; all of them otherwise), and the people implicated folded away until needed.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from sutura.access import visible
from sutura.access.accounts import colleagues
from sutura.accounts.models import Organisation
from sutura.community.models import Community
from sutura.core.forms import DateInput
from sutura.feedback.models import (
    STAFF_CHANNELS,
    AgeGroup,
    Category,
    Channel,
    ContactMethod,
    ImplicatedKind,
    ItemStatus,
    Sex,
)
from sutura.geo.widgets import LocationField
from sutura.people.phones import to_e164

BLANK = [("", "—")]
DESCRIPTION_MAX = 10000
# A date before this is a typing slip (a year of 0026), not an old complaint.
EARLIEST = date(2000, 1, 1)
# The clock of the phone that filled the form may run a little ahead of the server's.
CLOCK_SLACK = timedelta(minutes=5)
IMPLICATED_ROWS = 3
# What each way of reaching the person keeps (the rest of what was typed goes).
KEPT_CONTACT: dict[str, set[str]] = {
    ContactMethod.NONE.value: set(),
    ContactMethod.PHONE.value: {"contact_name", "contact_phone"},
    ContactMethod.EMAIL.value: {"contact_name", "contact_email"},
    ContactMethod.TRUSTED_PERSON.value: {"contact_name", "trusted_person"},
    ContactMethod.IN_PERSON.value: {"contact_name"},
}


class DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%dT%H:%M")


class CategoryField(forms.ModelChoiceField):
    """A category, marked confidential when only the PSEA focal points will see the item."""

    def label_from_instance(self, obj: Any) -> str:
        if obj.sensitive:
            return str(format_lazy("{} — {}", obj, _("confidential")))
        return str(obj)


class UserField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.get_username()


class OrganisationField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.acronym} — {obj.name}" if obj.acronym else obj.name


def _now_to_the_minute() -> datetime:
    return timezone.localtime().replace(second=0, microsecond=0)


def _sensitive_hint(categories: list[Category]) -> Any:
    names = ", ".join(str(c) for c in categories if c.sensitive)
    if not names:
        return ""
    return format_lazy(
        "{} {}",
        _("Confidential (%(names)s): sent to the PSEA focal points only.") % {"names": names},
        _("You will not see it again, only its status."),
    )


# --- intake ------------------------------------------------------------------------------------


class IntakeForm(forms.Form):
    """One item as staff record it. The service (`services.intake.record_item`) decides; this
    form explains each field's error where it is."""

    channel = forms.ChoiceField(label=_("How did it come in?"))
    category = CategoryField(
        label=_("What is it about?"), queryset=Category.objects.none(), empty_label="—"
    )
    received_at = forms.DateTimeField(
        label=_("Received on"),
        widget=DateTimeInput(),
        help_text=_("When the person said it (now, or earlier if you record it later)."),
    )
    description = forms.CharField(
        label=_("What was said"),
        max_length=DESCRIPTION_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "In the person's words where you can. Write nothing that would identify them "
            "here: their contact goes below."
        ),
    )
    location = LocationField(label=_("Place"), required=False)
    community = forms.ModelChoiceField(
        label=_("Community"), queryset=Community.objects.none(), required=False, empty_label="—"
    )
    sex = forms.ChoiceField(label=_("Sex of the person"), choices=Sex.choices)
    age_group = forms.ChoiceField(label=_("Age group of the person"), choices=AgeGroup.choices)
    contact_method = forms.ChoiceField(
        label=_("How may the person be reached about it?"),
        choices=ContactMethod.choices,
        widget=forms.RadioSelect,
        initial=ContactMethod.NONE,
    )
    contact_name = forms.CharField(
        label=_("Name (if they gave it)"),
        max_length=160,
        required=False,
    )
    contact_phone = forms.CharField(label=_("Phone number"), max_length=40, required=False)
    contact_email = forms.EmailField(label=_("E-mail address"), required=False)
    trusted_person = forms.CharField(
        label=_("Trusted person (name and how to reach them)"),
        max_length=200,
        required=False,
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("received_at", _now_to_the_minute())
        kwargs["initial"].setdefault("sex", Sex.NOT_STATED)
        kwargs["initial"].setdefault("age_group", AgeGroup.UNKNOWN)
        super().__init__(*args, **kwargs)
        self.user = user
        channel: Any = self.fields["channel"]
        channel.choices = BLANK + [(c.value, c.label) for c in STAFF_CHANNELS]
        categories = list(visible(user, Category).filter(active=True))
        category: Any = self.fields["category"]
        category.queryset = visible(user, Category).filter(active=True)
        category.help_text = _sensitive_hint(categories)
        community: Any = self.fields["community"]
        community.queryset = visible(user, Community).order_by("name")
        if not community.queryset.exists():
            del self.fields["community"]  # a volunteer works in no community's records
        country = getattr(getattr(user, "organisation", None), "country", None)
        self.region = getattr(country, "iso_code", None)

    def clean_received_at(self) -> datetime:
        received: datetime = self.cleaned_data["received_at"]
        if received > timezone.now() + CLOCK_SLACK:
            raise forms.ValidationError(_("The date received cannot be in the future."))
        if received.date() < EARLIEST:
            raise forms.ValidationError(_("Check the date: it is too far in the past."))
        return received

    def clean_description(self) -> str:
        text = self.cleaned_data["description"].strip()
        if not text:
            raise forms.ValidationError(_("Say what the complaint or feedback is."))
        return text

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        method = data.get("contact_method")
        needed = {
            ContactMethod.PHONE: (
                "contact_phone",
                _("Give the phone number to call back, or choose another way."),
            ),
            ContactMethod.EMAIL: (
                "contact_email",
                _("Give the e-mail address, or choose another way."),
            ),
            ContactMethod.TRUSTED_PERSON: (
                "trusted_person",
                _("Say who the trusted person is and how to reach them."),
            ),
        }
        if method in needed:
            field, message = needed[method]
            if not data.get(field) and field not in self.errors:
                self.add_error(field, message)
        phone = (data.get("contact_phone") or "").strip()
        if phone and method == ContactMethod.PHONE:
            try:
                data["contact_phone"] = to_e164(phone, self.region)
            except forms.ValidationError as error:
                self.add_error("contact_phone", error)
        # Only what the chosen way needs is kept: a name typed, then "anonymous" chosen, goes.
        kept = KEPT_CONTACT.get(str(method or ""), set())
        for name in ("contact_name", "contact_phone", "contact_email", "trusted_person"):
            if name not in kept:
                data[name] = ""
            else:
                data[name] = (data.get(name) or "").strip()
        return data

    def service_data(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        data.setdefault("community", None)
        return data


class ImplicatedForm(forms.Form):
    """Someone the item names as its subject: a colleague (picked), a partner organisation, or
    someone described. They and their line managers will never see the item."""

    kind = forms.ChoiceField(
        label=_("Who"), choices=BLANK + list(ImplicatedKind.choices), required=False
    )
    user = UserField(
        label=_("A colleague with an account"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="—",
    )
    organisation = OrganisationField(
        label=_("Or an organisation"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label="—",
    )
    description = forms.CharField(
        label=_("Or a name or description"),
        max_length=200,
        required=False,
        help_text=_("For someone without an account: a name, a role, what identifies them."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        person: Any = self.fields["user"]
        person.queryset = colleagues(user).order_by("first_name", "last_name", "username")
        organisation: Any = self.fields["organisation"]
        organisation.queryset = (
            visible(user, Organisation)
            .filter(is_active=True)
            .exclude(pk=user.organisation_id)
            .order_by("name")
        )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        data["description"] = (data.get("description") or "").strip()
        named = data.get("user") or data.get("organisation") or data["description"]
        if not named:
            return data
        if not data.get("kind"):
            self.add_error("kind", _("Say who they are: staff, volunteer, partner or other."))
        if data.get("user") and data.get("organisation"):
            self.add_error(
                "organisation",
                _("Name a colleague or an organisation, not both: add another line for the other."),
            )
        return data

    def implicated(self) -> dict[str, Any] | None:
        data = getattr(self, "cleaned_data", None) or {}
        if not (data.get("user") or data.get("organisation") or data.get("description")):
            return None
        return {
            "kind": data["kind"],
            "user": data.get("user"),
            "organisation": data.get("organisation"),
            "description": data.get("description", ""),
        }


class BaseImplicatedFormSet(forms.BaseFormSet):
    def implicated(self) -> list[dict[str, Any]]:
        return [row for form in self.forms if (row := form.implicated()) is not None]


ImplicatedFormSet = forms.formset_factory(
    ImplicatedForm,
    formset=BaseImplicatedFormSet,
    extra=IMPLICATED_ROWS,
    max_num=IMPLICATED_ROWS,
    absolute_max=IMPLICATED_ROWS,
    validate_max=True,
)


def implicated_formset(data: Any, user: Any) -> BaseImplicatedFormSet:
    formset: Any = ImplicatedFormSet(data, prefix="implicated", form_kwargs={"user": user})
    return formset


# --- the desk's list ---------------------------------------------------------------------------


STATES = [
    ("", pgettext_lazy("feedback items", "All")),
    ("open", pgettext_lazy("feedback items", "Open")),
    ("closed", _("Closed or referred")),
]


class DeskFilterForm(forms.Form):
    """The desk list's filters. The search matches the reference or the tracking code only,
    never what was said (see `selectors_desk`)."""

    q = forms.CharField(
        label=_("Reference or tracking code"),
        required=False,
        max_length=40,
        help_text=_("FB-2026-000042, or the code the person was given."),
    )
    state = forms.ChoiceField(label=_("Open or closed"), required=False)
    status = forms.ChoiceField(label=_("Status"), required=False)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.none(), required=False
    )
    channel = forms.ChoiceField(label=_("Channel"), required=False)
    overdue = forms.BooleanField(label=_("Overdue only"), required=False)
    mine = forms.BooleanField(label=_("Assigned to me"), required=False)
    received_from = forms.DateField(label=_("Received from"), widget=DateInput(), required=False)
    received_until = forms.DateField(label=_("Received until"), widget=DateInput(), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        state: Any = self.fields["state"]
        state.choices = STATES
        status: Any = self.fields["status"]
        status.choices = [("", _("Any status")), *ItemStatus.choices]
        channel: Any = self.fields["channel"]
        channel.choices = [("", _("Any channel")), *Channel.choices]
        category: Any = self.fields["category"]
        category.queryset = visible(user, Category)
        category.empty_label = _("Any category")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("received_from"), data.get("received_until")
        if start and end and end < start:
            self.add_error("received_until", _("The end comes before the start."))
        return data

    def filters(self) -> dict[str, Any]:
        """What the selector takes (nothing filtered while the form is invalid)."""
        if not self.is_bound or not self.is_valid():
            return {}
        data = self.cleaned_data
        until = data.get("received_until")
        return {
            "query": data.get("q", "").strip(),
            "state": data.get("state", ""),
            "status": data.get("status", ""),
            "category": data.get("category"),
            "channel": data.get("channel", ""),
            "overdue": bool(data.get("overdue")),
            "mine": bool(data.get("mine")),
            "received_from": _start_of(data.get("received_from")),
            "received_before": _start_of(until + timedelta(days=1)) if until else None,
        }

    def summary(self) -> list[tuple[str, str]]:
        """(label, value) of each filter given, for the export's "About" sheet."""
        if not self.is_bound or not self.is_valid():
            return []
        shown = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value in (None, "", False):
                continue
            if isinstance(field, forms.ChoiceField) and not isinstance(
                field, forms.ModelChoiceField
            ):
                choices: Any = field.choices
                value = dict(choices).get(value, value)
            elif isinstance(value, bool):
                value = _("Yes")
            shown.append((str(field.label), str(value)))
        return shown


def _start_of(day: date | None) -> datetime | None:
    if day is None:
        return None
    return timezone.make_aware(datetime.combine(day, time.min))


# --- PSEA designations ---------------------------------------------------------------------------


class DesignationForm(forms.Form):
    user = UserField(label=_("Colleague"), queryset=Organisation.objects.none(), empty_label="—")
    starts_on = forms.DateField(label=_("From"), widget=DateInput())
    ends_on = forms.DateField(
        label=_("Until"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty for as long as they hold it."),
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {}).setdefault("starts_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        person: Any = self.fields["user"]
        person.queryset = colleagues(user).order_by("first_name", "last_name", "username")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("starts_on"), data.get("ends_on")
        if start and end and end < start:
            self.add_error("ends_on", _("The end comes before the start."))
        return data


class EndDesignationForm(forms.Form):
    ends_on = forms.DateField(label=_("Last day"), widget=DateInput(), required=False)
