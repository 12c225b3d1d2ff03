"""Forms of the directory's entries: the list's filters (also for the map and exports) and a
service's values (what a proposal, a new entry or a coordinator's edit holds). Errors are given
next to the field, in the user's language."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.accounts.models import Organisation
from sutura.accounts.roles import Perm
from sutura.cases.models import Vulnerability
from sutura.directory.models import EDITABLE_FIELDS, Cost, MhpssLayer, Service, ServiceCategory
from sutura.directory.selectors.entries import DirectoryFilters, providers_for
from sutura.geo.countries import country_choices
from sutura.geo.models import Level, Location
from sutura.geo.widgets import LocationField
from sutura.people.models import LANGUAGE_CHOICES, Sex

TEXTAREA = forms.Textarea(attrs={"rows": 3})
ANY = ("", _("All"))
SEXES = [(Sex.FEMALE.value, Sex.FEMALE.label), (Sex.MALE.value, Sex.MALE.label)]


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Name, description or provider"), required=False)
    category = forms.ChoiceField(
        label=_("Category"), choices=[ANY, *ServiceCategory.choices], required=False
    )
    area = LocationField(
        label=_("Serving the place"),
        required=False,
        help_text=_(
            "Services whose areas include this place (a region's services serve its communes)."
        ),
    )
    located_in = LocationField(label=_("Located in"), required=False)
    age = forms.IntegerField(
        label=_("Age of the person"), min_value=0, max_value=120, required=False
    )
    sex = forms.ChoiceField(label=_("Sex of the person"), choices=[ANY, *SEXES], required=False)
    nationality = forms.ChoiceField(label=_("Nationality of the person"), required=False)
    vulnerability = forms.ChoiceField(
        label=_("Vulnerability"), choices=[ANY, *Vulnerability.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("Language spoken"), choices=[ANY, *LANGUAGE_CHOICES], required=False
    )
    cost = forms.ChoiceField(label=_("Cost"), choices=[ANY, *Cost.choices], required=False)
    needs_verification = forms.BooleanField(label=_("Not verified for six months"), required=False)
    include_withdrawn = forms.BooleanField(
        label=_("Include services no longer offered"), required=False
    )

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        nationality: Any = self.fields["nationality"]
        nationality.choices = [ANY, *country_choices()]
        if not can(user, Perm.MANAGE_DIRECTORY):
            del self.fields["include_withdrawn"]

    def filters(self) -> DirectoryFilters:
        """The filters chosen (none when the form is unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return DirectoryFilters()
        data = self.cleaned_data
        return DirectoryFilters(
            query=data.get("q", ""),
            category=data.get("category", ""),
            area=data.get("area"),
            located_in=data.get("located_in"),
            age=data.get("age"),
            sex=data.get("sex", ""),
            nationality=data.get("nationality", ""),
            vulnerability=data.get("vulnerability", ""),
            language=data.get("language", ""),
            cost=data.get("cost", ""),
            needs_verification=bool(data.get("needs_verification")),
            include_withdrawn=bool(data.get("include_withdrawn")),
        )


class ProviderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


def area_choices(current: list[Location]) -> list[tuple[str, list[tuple[str, str]]]]:
    """Countries, regions and départements grouped by country (plus areas already chosen)."""
    places = list(
        Location.objects.filter(level__lte=Level.ADMIN2).select_related("parent__parent")
    ) + [place for place in current if place.level > Level.ADMIN2]
    groups: dict[str, list[tuple[str, str, str]]] = {}
    for place in places:
        names = place.path_names()
        label = " › ".join(names[1:]) or names[0]
        groups.setdefault(names[0], []).append((" › ".join(names), str(place.pk), label))
    return [
        (country, [(pk, label) for _key, pk, label in sorted(entries)])
        for country, entries in sorted(groups.items())
    ]


FIELDSETS = (
    ("provider", "name_fr", "name_en", "category", "description_fr", "description_en"),
    ("areas", "extra_area", "address", "location", "latitude", "longitude"),
    ("focal_point", "phone", "email", "opening_hours", "languages"),
    ("min_age", "max_age", "sexes", "nationalities", "vulnerabilities", "eligibility_notes"),
    ("cost", "cost_details", "capacity", "how_to_refer", "mhpss_layer"),
)


class ServiceForm(forms.Form):
    """A service's values: what a proposal, a new entry or a coordinator's edit holds."""

    provider = ProviderChoiceField(label=_("Provider"), queryset=Organisation.objects.none())
    name_fr = forms.CharField(label=_("Name (French)"), max_length=200)
    name_en = forms.CharField(label=_("Name (English)"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Category"), choices=ServiceCategory.choices)
    description_fr = forms.CharField(
        label=_("Description (French)"), required=False, widget=TEXTAREA
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=TEXTAREA
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Areas served"),
        queryset=Location.objects.all(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
        help_text=_(
            "A region serves every place in it. On a computer, hold Ctrl (⌘ on a Mac) to "
            "choose several."
        ),
    )
    extra_area = LocationField(
        label=_("Add an area served (any level, e.g. a commune)"), required=False
    )
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    location = LocationField(label=_("Where it is"), required=False)
    latitude = forms.DecimalField(
        label=_("Latitude"),
        min_value=-90,
        max_value=90,
        required=False,
        help_text=_("Decimal degrees, e.g. 14.6928 (north is positive)."),
    )
    longitude = forms.DecimalField(
        label=_("Longitude"),
        min_value=-180,
        max_value=180,
        required=False,
        help_text=_("Decimal degrees, e.g. -17.4467 (west is negative)."),
    )
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    focal_point = forms.CharField(label=_("Focal point"), max_length=200, required=False)
    opening_hours = forms.CharField(label=_("Opening hours"), max_length=200, required=False)
    languages = forms.MultipleChoiceField(
        label=_("Languages spoken"),
        choices=LANGUAGE_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    min_age = forms.IntegerField(label=_("Minimum age"), min_value=0, max_value=120, required=False)
    max_age = forms.IntegerField(label=_("Maximum age"), min_value=0, max_value=120, required=False)
    sexes = forms.MultipleChoiceField(
        label=_("For"),
        choices=SEXES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: everyone."),
    )
    nationalities = forms.MultipleChoiceField(
        label=_("Nationalities accepted"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("None chosen: any nationality."),
    )
    vulnerabilities = forms.MultipleChoiceField(
        label=_("For people with these vulnerabilities"),
        choices=Vulnerability.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: anyone eligible by age, sex and nationality."),
    )
    eligibility_notes = forms.CharField(
        label=_("Other eligibility conditions"), required=False, widget=TEXTAREA
    )
    cost = forms.ChoiceField(label=_("Cost"), choices=Cost.choices)
    cost_details = forms.CharField(label=_("Cost details"), max_length=200, required=False)
    capacity = forms.CharField(
        label=_("Capacity"),
        max_length=200,
        required=False,
        help_text=_("e.g. 20 people a month"),
    )
    how_to_refer = forms.CharField(label=_("How to refer"), required=False, widget=TEXTAREA)
    mhpss_layer = forms.TypedChoiceField(
        label=_("MHPSS layer"),
        choices=[("", "—"), *MhpssLayer.choices],
        coerce=int,
        empty_value=None,
        required=False,
    )

    def __init__(self, *args: Any, user: Any, service: Service | None = None, **kwargs: Any):
        if service is not None and "initial" not in kwargs:
            kwargs["initial"] = initial_for(service)
        super().__init__(*args, **kwargs)
        provider: Any = self.fields["provider"]
        provider.queryset = providers_for(user)
        nationalities: Any = self.fields["nationalities"]
        nationalities.choices = country_choices()
        current = list(service.areas.all()) if service is not None else []
        areas: Any = self.fields["areas"]
        areas.widget.choices = area_choices(current)

    def clean_latitude(self) -> Decimal | None:
        return _five_places(self.cleaned_data.get("latitude"))

    def clean_longitude(self) -> Decimal | None:
        return _five_places(self.cleaned_data.get("longitude"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        latitude, longitude = data.get("latitude"), data.get("longitude")
        if (latitude is None) != (longitude is None) and not (
            self.has_error("latitude") or self.has_error("longitude")
        ):
            missing = "longitude" if longitude is None else "latitude"
            self.add_error(missing, _("Give both latitude and longitude, or neither."))
        low, high = data.get("min_age"), data.get("max_age")
        if low is not None and high is not None and high < low:
            self.add_error("max_age", _("The maximum age must not be below the minimum age."))
        extra = data.pop("extra_area", None)
        if "areas" in data:
            areas = list(data["areas"])
            if extra is not None and extra not in areas:
                areas.append(extra)
            data["areas"] = areas
        return data

    def fieldsets(self) -> list[tuple[str, list[Any]]]:
        """The fields in groups a person fills in one after the other."""
        groups = [
            (_("The service"), FIELDSETS[0]),
            (_("Where"), FIELDSETS[1]),
            (_("Contact"), FIELDSETS[2]),
            (_("Who may use it"), FIELDSETS[3]),
            (_("Cost and referral"), FIELDSETS[4]),
        ]
        placed = {name for _legend, names in groups for name in names}
        rest = [name for name in self.fields if name not in placed and name != "version"]
        return [
            (str(legend), [self[name] for name in names if name in self.fields])
            for legend, names in [*groups, ("", rest)]
            if any(name in self.fields for name in names)
        ]

    def values(self) -> dict[str, Any]:
        """The cleaned values, as the services take them."""
        names = [*EDITABLE_FIELDS, "provider", "location", "areas", "is_active"]
        return {name: self.cleaned_data[name] for name in names if name in self.cleaned_data}


def _five_places(value: Decimal | None) -> Decimal | None:
    return None if value is None else value.quantize(Decimal("0.00001"))


def initial_for(service: Service) -> dict[str, Any]:
    initial: dict[str, Any] = {name: getattr(service, name) for name in EDITABLE_FIELDS}
    initial |= {
        "provider": service.provider_id,
        "location": service.location_id,
        "areas": [area.pk for area in service.areas.all()],
        "is_active": service.is_active,
        "version": service.version,
    }
    return initial


class ServiceEditForm(ServiceForm):
    is_active = forms.BooleanField(label=_("Still offered"), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput)
