from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.access.accounts import colleagues
from sutura.access.programmes import programmes_seen
from sutura.accounts.models import User
from sutura.accounts.roles import Role
from sutura.cases.models import (
    CaseStatus,
    CaseType,
    ClosureReason,
    Confidentiality,
    Currency,
    Dimension,
    FollowUpType,
    Priority,
    Programme,
    RiskLevel,
    Vulnerability,
)
from sutura.cases.selectors import SORTS, CaseFilters
from sutura.core.forms import DateInput
from sutura.core.indicators import age_groups
from sutura.geo.models import Location
from sutura.geo.widgets import LocationField
from sutura.people.models import Sex

TEXTAREA = forms.Textarea(attrs={"rows": 3})


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return obj.get_full_name() or obj.username


class CaseOpenForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Type of case"), choices=CaseType.choices)
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput())
    case_manager = UserChoiceField(label=_("Case manager"), queryset=User.objects.none())
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["opened_on"].initial = timezone.localdate()
        manager: Any = self.fields["case_manager"]
        # a case manager, or the programme manager opening the case themselves
        manager.queryset = colleagues(user, Role.CASE_MANAGER) | colleagues(user).filter(pk=user.pk)
        manager.initial = user.pk
        programme: Any = self.fields["programme"]
        programme.queryset = visible(user, Programme)


class CaseEditForm(forms.Form):
    case_type = forms.ChoiceField(label=_("Type of case"), choices=CaseType.choices)
    case_manager = UserChoiceField(label=_("Case manager"), queryset=User.objects.none())
    programme = forms.ModelChoiceField(
        label=_("Programme"), queryset=Programme.objects.none(), required=False
    )
    priority = forms.TypedChoiceField(label=_("Priority"), choices=Priority.choices, coerce=int)
    risk_level = forms.TypedChoiceField(
        label=_("Risk level"), choices=RiskLevel.choices, coerce=int
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        manager: Any = self.fields["case_manager"]
        manager.queryset = colleagues(user, Role.CASE_MANAGER, Role.PROGRAMME_MANAGER)
        programme: Any = self.fields["programme"]
        programme.queryset = visible(user, Programme)


class MoveForm(forms.Form):
    to_status = forms.ChoiceField(label=_("Move to"), choices=CaseStatus.choices)
    reason = forms.CharField(label=_("Why (optional)"), required=False, widget=TEXTAREA)
    closure_reason = forms.ChoiceField(
        label=_("Closure reason"), choices=[("", "—"), *ClosureReason.choices], required=False
    )
    closed_on = forms.DateField(label=_("Closed on"), required=False, widget=DateInput())


class ReopenForm(forms.Form):
    reason = forms.CharField(label=_("Why is the case reopened?"), widget=TEXTAREA)


class ScreeningForm(forms.Form):
    categories = forms.MultipleChoiceField(
        label=_("Vulnerabilities found"),
        choices=Vulnerability.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    other_description = forms.CharField(label=_("Other: describe"), max_length=250, required=False)
    individual_factors = forms.CharField(
        label=_("Individual factors"), required=False, widget=TEXTAREA
    )
    household_factors = forms.CharField(
        label=_("Household and family factors"), required=False, widget=TEXTAREA
    )
    community_factors = forms.CharField(
        label=_("Community factors"), required=False, widget=TEXTAREA
    )
    structural_factors = forms.CharField(
        label=_("Structural factors"), required=False, widget=TEXTAREA
    )
    screened_on = forms.DateField(label=_("Screened on"), widget=DateInput())


class AssessmentForm(forms.Form):
    economic = forms.CharField(
        label=_("Economic needs"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Income, employment, debt, food security."),
    )
    social = forms.CharField(
        label=_("Social needs"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Housing, education, health care, documentation, justice."),
    )
    psychosocial = forms.CharField(
        label=_("Psychosocial needs"),
        required=False,
        widget=TEXTAREA,
        help_text=_("Well-being, belonging, discrimination, wish to migrate again."),
    )
    summary = forms.CharField(
        label=_("Summary and the returnee's own priorities"), required=False, widget=TEXTAREA
    )
    assessed_on = forms.DateField(label=_("Assessed on"), widget=DateInput())


class PlanItemForm(forms.Form):
    dimension = forms.ChoiceField(label=_("Dimension"), choices=Dimension.choices)
    kind = forms.CharField(label=_("Kind of assistance"), max_length=120)
    description = forms.CharField(label=_("Description"), required=False, widget=TEXTAREA)
    provider = forms.CharField(label=_("Provider or supplier"), max_length=200, required=False)
    amount = forms.DecimalField(label=_("Amount"), min_value=0, max_digits=14, decimal_places=2)
    currency = forms.ChoiceField(label=_("Currency"), choices=Currency.choices)
    planned_on = forms.DateField(label=_("Planned date"), required=False, widget=DateInput())


class PlanDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("return", _("Return with comments"))],
        widget=forms.RadioSelect,
    )
    comments = forms.CharField(label=_("Comments"), required=False, widget=TEXTAREA)
    version = forms.IntegerField(widget=forms.HiddenInput)


class DeliveryForm(forms.Form):
    delivered_on = forms.DateField(label=_("Delivered on"), widget=DateInput())
    amount = forms.DecimalField(
        label=_("Amount disbursed"), min_value=0, max_digits=14, decimal_places=2
    )
    reference = forms.CharField(
        label=_("Invoice or voucher reference"), max_length=80, required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXTAREA)


class FollowUpForm(forms.Form):
    happened_on = forms.DateField(label=_("Date"), widget=DateInput())
    type = forms.ChoiceField(label=_("Type"), choices=FollowUpType.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=TEXTAREA)
    next_due_on = forms.DateField(label=_("Next follow-up due"), required=False, widget=DateInput())


class NoteForm(forms.Form):
    text = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 4}))
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Confidentiality.choices,
        widget=forms.RadioSelect,
        initial=Confidentiality.NORMAL,
    )


class DocumentForm(forms.Form):
    file = forms.FileField(
        label=_("File"), help_text=_("PDF, JPEG, PNG, DOCX, XLSX or ODT; 10 MB at most.")
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    confidentiality = forms.ChoiceField(
        label=_("Who may read it"),
        choices=Confidentiality.choices,
        widget=forms.RadioSelect,
        initial=Confidentiality.NORMAL,
    )


SORT_LABELS = {
    "opened": _("Newest first"),
    "-opened": _("Oldest first"),
    "priority": _("Most urgent first"),
    "name": _("Name"),
    "follow_up": _("Next follow-up"),
    "number": _("Case number"),
}


class DrillFields(forms.Form):
    """The hidden fields the dashboards' drill-down links set (`dashboards/drill.py`), kept by
    a list's form when it is re-sent: the same rows as the number clicked. Shared by the case
    list and the list without names of those who count cases (`CountedCaseFilterForm`).
    A programme the user may not see (their organisation's, or one it implements as a partner)
    is not a choice: a link naming one is refused the same way as a link naming none that
    exists (nobody learns that a programme exists)."""

    programme = forms.ModelMultipleChoiceField(
        queryset=Programme.objects.none(), required=False, widget=forms.MultipleHiddenInput
    )
    residence = forms.ModelChoiceField(
        queryset=Location.objects.all(), required=False, widget=forms.HiddenInput
    )
    opened_from = forms.DateField(required=False, widget=forms.HiddenInput)
    opened_to = forms.DateField(required=False, widget=forms.HiddenInput)
    open_from = forms.DateField(required=False, widget=forms.HiddenInput)
    open_to = forms.DateField(required=False, widget=forms.HiddenInput)
    flagged = forms.BooleanField(required=False, widget=forms.HiddenInput)
    sex = forms.ChoiceField(
        choices=[("", ""), *Sex.choices], required=False, widget=forms.HiddenInput
    )
    age_group = forms.ChoiceField(choices=(), required=False, widget=forms.HiddenInput)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programme: Any = self.fields["programme"]
        programme.queryset = Programme.objects.filter(
            Q(pk__in=visible(user, Programme).values("pk"))
            | Q(pk__in=programmes_seen(user).values("pk"))
        )
        age_group: Any = self.fields["age_group"]
        age_group.choices = [("", ""), *((code, code) for code, _low, _high in age_groups())]

    def chose_visible(self) -> bool:
        """A filter of the visible form was chosen (the form then shows open): a list opened
        from a dashboard, with hidden filters only, starts with its rows, not the form."""
        if not self.is_bound:
            return False
        return any(
            self.data.get(name)
            for name, field in self.fields.items()
            if not field.widget.is_hidden and name != "sort"
        )

    def filters(self, **visible_fields: Any) -> CaseFilters:
        """The list's filters: the visible fields given, the hidden ones from the form."""
        data = self.cleaned_data
        return CaseFilters(
            **visible_fields,
            programmes=tuple(p.pk for p in data.get("programme") or ()),
            residence=data.get("residence"),
            opened_from=data.get("opened_from"),
            opened_to=data.get("opened_to"),
            open_from=data.get("open_from"),
            open_to=data.get("open_to"),
            flagged=bool(data.get("flagged")),
            sex=data.get("sex") or "",
            age_group=data.get("age_group") or "",
        )


class CaseChoices(DrillFields):
    """The choices both case lists filter by (with the drill-down's hidden fields)."""

    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *CaseStatus.choices], required=False
    )
    case_type = forms.ChoiceField(
        label=_("Type"), choices=[("", _("All")), *CaseType.choices], required=False
    )
    vulnerability = forms.ChoiceField(
        label=_("Vulnerability"), choices=[("", _("All")), *Vulnerability.choices], required=False
    )

    def chosen(self) -> dict[str, str]:
        data = self.cleaned_data
        return {name: data.get(name, "") for name in ("status", "case_type", "vulnerability")}


class CaseFilterForm(CaseChoices):
    q = forms.CharField(
        label=_("Name, case number or phone"),
        required=False,
        # A birth year typed with the name lists the people born then first (people.search).
        widget=forms.TextInput(attrs={"placeholder": _("e.g. Mamadou Diallo 1995")}),
    )
    location = LocationField(label=_("Place (origin or residence)"), required=False)
    case_manager = UserChoiceField(
        label=_("Case manager"), queryset=User.objects.none(), required=False
    )
    overdue = forms.BooleanField(label=_("Follow-up overdue"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"), choices=[(k, SORT_LABELS[k]) for k in SORTS], required=False
    )
    field_order = ["q", "status", "case_type", "vulnerability", "location", "case_manager"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        manager: Any = self.fields["case_manager"]
        manager.queryset = colleagues(user, Role.CASE_MANAGER)

    def case_filters(self) -> CaseFilters:
        data = self.cleaned_data
        return self.filters(
            **self.chosen(),
            query=data.get("q", ""),
            location=data.get("location"),
            case_manager=data.get("case_manager"),
            overdue=bool(data.get("overdue")),
            sort=data.get("sort") or ("relevance" if data.get("q") else "opened"),
        )


COUNTED_SORT_LABELS = {"opened": _("Newest first"), "-opened": _("Oldest first")}


class CountedCaseFilterForm(CaseChoices):
    """The list without names (`views.counted_list`): no search by name or phone, no case
    manager; the filters a figure is broken down by."""

    sort = forms.ChoiceField(
        label=_("Sort"), choices=list(COUNTED_SORT_LABELS.items()), required=False
    )
    field_order = ["status", "case_type", "vulnerability", "sort"]

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        # A region or a district, as the dashboards filter: never a village, which with the
        # other columns could point at a household.
        residence: Any = self.fields["residence"]
        residence.queryset = Location.objects.filter(level__in=(1, 2))

    def case_filters(self) -> CaseFilters:
        data = self.cleaned_data
        return self.filters(**self.chosen(), sort=data.get("sort") or "opened")
