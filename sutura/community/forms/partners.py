"""Forms of workplans, their activities and progress, monitoring visits and periodic
reports."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.accounts.models import Organisation, OrganisationType, User
from sutura.cases.models import Programme
from sutura.community.models import Answer, Community, FollowUpStatus, Workplan
from sutura.core.forms import DateInput
from sutura.geo.models import Location
from sutura.meetings.models import AgeGroup
from sutura.people.models import Sex

CHOOSE = _("Choose…")


def _set(form: forms.Form, name: str, queryset: Any) -> None:
    field: Any = form.fields[name]
    field.queryset = queryset


class PartnerChoiceField(forms.ModelChoiceField):
    """A partner organisation, the choices grouped by kind (CBOs, national NGOs…) in a select
    with one <optgroup> per kind; the rows come from `selectors.partners.partner_organisations`."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Organisation.objects.none())
        kwargs.setdefault("empty_label", CHOOSE)
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj)

    def offer(self, organisations: Any) -> None:
        self.queryset = organisations
        groups: dict[str, list[tuple[Any, str]]] = {}
        for organisation in organisations:
            groups.setdefault(organisation.type, []).append(
                (organisation.pk, self.label_from_instance(organisation))
            )
        self.choices = [("", self.empty_label or "")] + [
            (label, groups[value]) for value, label in OrganisationType.choices if value in groups
        ]


def offer_partners(form: forms.Form, name: str, organisations: Any) -> None:
    field: Any = form.fields[name]
    field.offer(organisations)


class WorkplanForm(forms.Form):
    partner = PartnerChoiceField(label=_("Partner organisation"))
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_on = forms.DateField(label=_("Period starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Period ends on"), widget=DateInput)
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes (donors)"),
        queryset=Programme.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args: Any, partners: Any, programmes: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        offer_partners(self, "partner", partners)
        _set(self, "programmes", programmes)


class ActivityForm(forms.Form):
    community = forms.ModelChoiceField(label=_("Community"), queryset=Community.objects.none())
    description = forms.CharField(label=_("Activity"), max_length=500)
    target = forms.IntegerField(label=_("Target"), min_value=0, max_value=10_000_000)
    unit = forms.CharField(
        label=_("Unit"), max_length=60, help_text=_("For example: sessions, people reached.")
    )

    def __init__(self, *args: Any, communities: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set(self, "community", communities)


class ProgressForm(forms.Form):
    """What was achieved over a period, and the participants by sex × age group."""

    period_start = forms.DateField(label=_("Period starts on"), widget=DateInput)
    period_end = forms.DateField(label=_("Period ends on"), widget=DateInput)
    achieved = forms.IntegerField(label=_("Achieved"), min_value=0, max_value=10_000_000)
    note = forms.CharField(label=_("Note"), max_length=2000, required=False, widget=forms.Textarea)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.grid = []
        for sex, sex_label in Sex.choices:
            row = []
            for age, age_label in AgeGroup.choices:
                name = f"n_{sex}_{age}"
                self.fields[name] = forms.IntegerField(
                    label=_("%(sex)s, %(age)s") % {"sex": sex_label, "age": age_label},
                    min_value=0,
                    max_value=100_000,
                    required=False,
                )
                row.append(name)
            self.grid.append((sex_label, row))

    def participants(self) -> dict[tuple[str, str], int]:
        return {
            (sex, age): self.cleaned_data.get(f"n_{sex}_{age}") or 0
            for sex in Sex.values
            for age in AgeGroup.values
        }

    def report(self) -> dict[str, Any]:
        data = {k: self.cleaned_data[k] for k in ("period_start", "period_end", "achieved", "note")}
        return {**data, "participants": self.participants()}


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    """People to tick, grouped under their organisation: each by name only (the group names
    the organisation), so that a name is never cut on a phone."""

    widget = forms.CheckboxSelectMultiple

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.get_full_name() or obj.username)

    def offer(self, people: Any) -> None:
        self.queryset = people
        groups: dict[str, list[tuple[Any, str]]] = {}
        for person in people:
            groups.setdefault(str(person.organisation), []).append(
                (person.pk, self.label_from_instance(person))
            )
        self.choices = list(groups.items())


class VisitForm(forms.Form):
    visited_on = forms.DateField(label=_("Visited on"), widget=DateInput)
    community = forms.ModelChoiceField(
        label=_("Community visited"),
        queryset=Community.objects.none(),
        required=False,
        empty_label=CHOOSE,
    )
    workplan = forms.ModelChoiceField(
        label=_("Workplan followed"),
        queryset=Workplan.objects.none(),
        required=False,
        empty_label=CHOOSE,
    )
    visitors = PeopleChoiceField(
        label=_("Who went"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("Your organisation's staff and the staff of the partner visited."),
    )
    findings = forms.CharField(
        label=_("Findings"), max_length=8000, required=False, widget=forms.Textarea
    )

    def __init__(
        self, *args: Any, communities: Any, workplans: Any, colleagues: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        _set(self, "community", communities)
        _set(self, "workplan", workplans)
        visitors: Any = self.fields["visitors"]
        visitors.offer(colleagues)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("community") and not data.get("workplan"):
            raise forms.ValidationError(_("Say which community or workplan was visited."))
        return data


class AnswersForm(forms.Form):
    """One answer and a comment per item of the monitoring checklist."""

    findings = forms.CharField(
        label=_("Findings"), max_length=8000, required=False, widget=forms.Textarea
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, rows: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.keys = []
        for row in rows:
            key = row.item.key
            self.fields[f"answer_{key}"] = forms.ChoiceField(
                label=f"{row.item.order}. {row.item.question}",
                choices=[("", "—"), *Answer.choices],
                required=False,
                initial=row.answer.answer if row.answer else "",
            )
            self.fields[f"comment_{key}"] = forms.CharField(
                label=_("Comment"),
                max_length=1000,
                required=False,
                initial=row.answer.comment if row.answer else "",
            )
            self.keys.append(key)

    def answers(self) -> dict[str, tuple[str, str]]:
        data = self.cleaned_data
        return {
            key: (data.get(f"answer_{key}", ""), data.get(f"comment_{key}", ""))
            for key in self.keys
        }


class RecommendationForm(forms.Form):
    text = forms.CharField(label=_("Recommendation"), max_length=1000, widget=forms.Textarea)
    due_on = forms.DateField(label=_("Follow-up due on"), widget=DateInput, required=False)


class FollowUpForm(forms.Form):
    follow_up_status = forms.ChoiceField(
        label=_("Follow-up status"), choices=FollowUpStatus.choices
    )
    follow_up_note = forms.CharField(
        label=_("Follow-up"), max_length=2000, required=False, widget=forms.Textarea
    )
    version = forms.IntegerField(widget=forms.HiddenInput)


FREQUENCY_CHOICES = [
    ("weekly", _("Weekly")),
    ("monthly", _("Monthly")),
    ("quarterly", _("Quarterly")),
]


class AreaChoiceField(forms.ModelChoiceField):
    """A place of the communities, named so that two places of one name differ: a region and
    the cercle of the same name read "Kayes (region)" and "Kayes (Kayes region)"."""

    def label_from_instance(self, obj: Any) -> str:
        parent = obj.parent
        if obj.level == 0 or parent is None:
            return str(obj.name)
        if obj.level == 1:
            return str(_("%(name)s (region)") % {"name": obj.name})
        if obj.level == 2 or parent.parent is None:
            return str(
                _("%(name)s (%(region)s region)") % {"name": obj.name, "region": parent.name}
            )
        return str(
            _("%(name)s (%(parent)s, %(region)s region)")
            % {"name": obj.name, "parent": parent.name, "region": parent.parent.name}
        )


class ReportForm(forms.Form):
    frequency = forms.ChoiceField(label=_("Report"), choices=FREQUENCY_CHOICES, initial="monthly")
    day = forms.DateField(label=_("A day of the period"), widget=DateInput, required=False)
    partner = PartnerChoiceField(label=_("Partner"), required=False, empty_label=_("Any partner"))
    area = AreaChoiceField(
        label=_("Area"),
        queryset=Location.objects.none(),
        required=False,
        empty_label=_("All areas"),
    )
    programme = forms.ModelChoiceField(
        label=_("Programme (donor)"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("All programmes"),
    )
    language = forms.ChoiceField(
        label=_("Language of the files"),
        choices=[("fr", "Français"), ("en", "English")],
        required=False,
    )

    def __init__(
        self, *args: Any, partners: Any, areas: Any, programmes: Any, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        offer_partners(self, "partner", partners)
        _set(self, "area", areas)
        _set(self, "programme", programmes)
