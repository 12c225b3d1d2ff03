from __future__ import annotations

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from sutura.accounts.models import Organisation, OrganisationType, User
from sutura.directory.models import Service, ServiceCategory
from sutura.geo.models import Level, Location
from sutura.people.models import Person, Sex

PASSWORD = "Correct-horse-2026"


def seed_test_locations() -> dict[str, Location]:
    """A small hierarchy: two countries, a region and a département each."""
    sn = Location.objects.create(
        level=Level.COUNTRY, country_code="SN", name_fr="Sénégal", name_en="Senegal", iso_code="SN"
    )
    ml = Location.objects.create(
        level=Level.COUNTRY, country_code="ML", name_fr="Mali", name_en="Mali", iso_code="ML"
    )
    thies = Location.objects.create(
        parent=sn,
        level=Level.ADMIN1,
        country_code="SN",
        name_fr="Thiès",
        name_en="Thiès",
        iso_code="SN-TH",
    )
    mbour = Location.objects.create(
        parent=thies, level=Level.ADMIN2, country_code="SN", name_fr="Mbour", name_en="Mbour"
    )
    kayes = Location.objects.create(
        parent=ml,
        level=Level.ADMIN1,
        country_code="ML",
        name_fr="Kayes",
        name_en="Kayes",
        iso_code="ML-1",
    )
    return {"SN": sn, "ML": ml, "SN-TH": thies, "Mbour": mbour, "ML-1": kayes}


COUNTRY_NAMES = {
    "SN": ("Sénégal", "Senegal"),
    "ML": ("Mali", "Mali"),
    "CM": ("Cameroun", "Cameroon"),
}


def country(code: str) -> Location:
    name_fr, name_en = COUNTRY_NAMES[code]
    location, _ = Location.objects.get_or_create(
        iso_code=code,
        defaults={
            "level": Level.COUNTRY,
            "country_code": code,
            "name_fr": name_fr,
            "name_en": name_en,
        },
    )
    return location


class OrganisationFactory(DjangoModelFactory[Organisation]):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    acronym = factory.Sequence(lambda n: f"ORG{n}")
    type = OrganisationType.NATIONAL_NGO
    country = factory.LazyFunction(lambda: country("SN"))


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    first_name = "Awa"
    last_name = "Ndiaye"
    organisation = factory.SubFactory(OrganisationFactory)
    roles: list[str] = []
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj: User, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            obj.save()


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    given_names = "Mamadou"
    family_name = "N'Diaye"
    sex = Sex.MALE
    nationality = "SN"


class ServiceFactory(DjangoModelFactory[Service]):
    class Meta:
        model = Service

    provider = factory.SubFactory(OrganisationFactory)
    name_fr = factory.Sequence(lambda n: f"Service {n}")
    name_en = factory.Sequence(lambda n: f"Service {n}")
    category = ServiceCategory.MHPSS
    last_verified_on = factory.LazyFunction(timezone.localdate)
