"""Forms of the communities part: the list's filters, a community's profile, its selection,
its diagnosis entries and the meetings it holds."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from sutura.access import visible
from sutura.cases.models import Programme
from sutura.community.models import (
    DiagnosisNote,
    KeyInformantInterview,
    MigrationFlow,
    SelectionCriterion,
    SelectionStatus,
    ServicePresence,
    SocioEconomicGroup,
)
from sutura.community.services.communities import COMMUNITY_MEETING_KINDS, clean_outline
from sutura.core.forms import DateInput
from sutura.directory.models import Service
from sutura.geo.widgets import LocationField
from sutura.meetings.forms import DateTimeInput
from sutura.meetings.models import MeetingKind
from sutura.people.models import LANGUAGE_CHOICES

TEXTAREA = forms.Textarea(attrs={"rows": 4})


def _programmes(user: Any) -> Any:
    return Programme.objects.filter(organisation_id=user.organisation_id).order_by("name")


class CommunityFilterForm(forms.Form):
    place = LocationField(label=_("Place"), required=False)
    status = forms.ChoiceField(
        label=_("Selection"),
        choices=[("", _("Any selection status")), *SelectionStatus.choices],
        required=False,
    )
    programme = forms.ModelChoiceField(
        label=_("Programme"),
        queryset=Programme.objects.none(),
        required=False,
        empty_label=_("Any programme"),
    )
    donor = forms.ChoiceField(label=_("Donor"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = _programmes(user)
        self.fields["programme"].queryset = programmes  # type: ignore[attr-defined]
        donors = sorted({p.donor for p in programmes if p.donor})
        self.fields["donor"].choices = [  # type: ignore[attr-defined]
            ("", _("Any donor")),
            *[(donor, donor) for donor in donors],
        ]


class CommunityForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=200)
    location = LocationField(label=_("Place"))
    latitude = forms.DecimalField(
        label=_("Latitude"),
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=-90,
        max_value=90,
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        max_digits=9,
        decimal_places=6,
        required=False,
        min_value=-180,
        max_value=180,
    )
    outline_text = forms.CharField(
        label=_("Outline (GeoJSON)"),
        widget=TEXTAREA,
        required=False,
        help_text=_("Paste a GeoJSON polygon, or upload a .geojson file below."),
    )
    outline_file = forms.FileField(label=_("Outline file (GeoJSON)"), required=False)
    population_estimate = forms.IntegerField(
        label=_("Population estimate"), min_value=0, required=False
    )
    population_source = forms.CharField(
        label=_("Source of the estimate"), max_length=300, required=False
    )
    population_on = forms.DateField(
        label=_("Date of the estimate"), widget=DateInput(), required=False
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"),
        choices=LANGUAGE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    host_count = forms.IntegerField(label=_("Host population"), min_value=0, required=False)
    returnee_count = forms.IntegerField(label=_("Returnees"), min_value=0, required=False)
    displaced_count = forms.IntegerField(label=_("Displaced people"), min_value=0, required=False)
    transit_count = forms.IntegerField(label=_("Migrants in transit"), min_value=0, required=False)
    programmes = forms.ModelMultipleChoiceField(
        label=_("Programmes (donors)"),
        queryset=Programme.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["programmes"].queryset = _programmes(user)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if (data.get("latitude") is None) != (data.get("longitude") is None):
            raise ValidationError(_("Give both the latitude and the longitude, or neither."))
        upload = data.get("outline_file")
        text = upload.read().decode("utf-8", "replace") if upload else data.get("outline_text")
        try:
            data["outline"] = clean_outline(text or None)
        except ValidationError as error:
            self.add_error("outline_text", error.message_dict["outline"])
        return data

    def profile(self) -> dict[str, Any]:
        data = self.cleaned_data
        names = (
            "name",
            "location",
            "latitude",
            "longitude",
            "outline",
            "population_estimate",
            "population_source",
            "population_on",
            "languages",
            "host_count",
            "returnee_count",
            "displaced_count",
            "transit_count",
        )
        return {name: data.get(name) for name in names} | {
            "population_source": data.get("population_source") or "",
            "languages": data.get("languages") or [],
        }


class SelectionForm(forms.Form):
    status = forms.ChoiceField(label=_("Selection"), choices=SelectionStatus.choices)
    rationale = forms.CharField(
        label=_("Rationale"), widget=TEXTAREA, max_length=4000, required=False
    )
    decided_on = forms.DateField(label=_("Decided on"), widget=DateInput(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    SCORES = [("", "—"), *[(str(n), str(n)) for n in range(6)]]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = list(SelectionCriterion.objects.filter(is_active=True))
        for criterion in self.criteria:
            self.fields[f"score_{criterion.code}"] = forms.TypedChoiceField(
                label=criterion.name,
                choices=self.SCORES,
                coerce=int,
                empty_value=None,
                required=False,
                help_text=_("Weight %(weight)s · from 0 (not at all) to 5 (fully)")
                % {"weight": criterion.weight},
            )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("status") not in (None, SelectionStatus.PROPOSED):
            # A decision rests on the scores (the service holds the same rule).
            for criterion in self.criteria:
                name = f"score_{criterion.code}"
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, _("Score this criterion before deciding."))
        return data

    def scores(self) -> dict[SelectionCriterion, int]:
        found = {}
        for criterion in self.criteria:
            value = self.cleaned_data.get(f"score_{criterion.code}")
            if value is not None:
                found[criterion] = value
        return found


def _meetings_of(community: Any, user: Any) -> Any:
    from sutura.community.selectors.communities import community_meetings

    return community_meetings(user, community)


class _EntryForm(forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, community: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["validated_at"]
        field.queryset = _meetings_of(community, user)  # type: ignore[attr-defined]
        field.label = _("Validated at (consultation)")
        field.help_text = _("For an entry validated at a consultation: which one.")

    def entry_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data.get(name) for name in self._meta.fields or ()}

    def _post_clean(self) -> None:
        # The service checks the whole record (with its community); nothing to do here.
        pass


class FlowForm(_EntryForm):
    class Meta:
        model = MigrationFlow
        fields = [
            "period_start",
            "period_end",
            "direction",
            "estimated_number",
            "reliability",
            "note",
            "source",
            "triangulation",
            "validated_at",
        ]
        widgets = {"period_start": DateInput(), "period_end": DateInput()}


class NoteForm(_EntryForm):
    class Meta:
        model = DiagnosisNote
        fields = ["topic", "text", "source", "triangulation", "validated_at"]


class GroupForm(_EntryForm):
    class Meta:
        model = SocioEconomicGroup
        fields = [
            "kind",
            "name",
            "size_estimate",
            "description",
            "source",
            "triangulation",
            "validated_at",
        ]
        widgets = {"description": TEXTAREA}


class ServicePresenceForm(_EntryForm):
    class Meta:
        model = ServicePresence
        fields = ["service", "name", "note", "source", "triangulation", "validated_at"]

    def __init__(self, *args: Any, community: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, community=community, user=user, **kwargs)
        self.fields["service"].queryset = (  # type: ignore[attr-defined]
            visible(user, Service).select_related("provider").order_by("name_fr")
        )
        self.fields["name"].help_text = _("When the provider is not in the directory.")

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("service") is None and not data.get("name"):
            raise ValidationError(_("Choose a service of the directory or give a name."))
        return data


class InterviewForm(_EntryForm):
    class Meta:
        model = KeyInformantInterview
        fields = [
            "informant_role",
            "informant_name",
            "held_on",
            "notes",
            "source",
            "triangulation",
            "validated_at",
        ]
        widgets = {"held_on": DateInput(), "notes": forms.Textarea(attrs={"rows": 6})}


ENTRY_FORMS: dict[str, type[_EntryForm]] = {
    "flows": FlowForm,
    "notes": NoteForm,
    "groups": GroupForm,
    "services": ServicePresenceForm,
    "interviews": InterviewForm,
}


class CommunityMeetingForm(forms.Form):
    kind = forms.ModelChoiceField(
        label=_("Kind"), queryset=MeetingKind.objects.none(), empty_label=None
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    starts_at = forms.DateTimeField(label=_("Starts at"), widget=DateTimeInput())

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].queryset = MeetingKind.objects.filter(  # type: ignore[attr-defined]
            code__in=COMMUNITY_MEETING_KINDS, is_active=True
        )
