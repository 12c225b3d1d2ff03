"""Screened vulnerable cases in the areas of the demo communities, so their case trends
(`access.community.case_trend_counts`: PSF's cases screened in the community's region, by
calendar quarter) show figures: some cells of 5 or more, some under the small-number rule
("<5"). Told through the people and cases services (registration, consent, opening, screening)
by PSF's case worker, over the last four quarters. Once: a community whose area already holds
PSF cases gets none."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Q
from django.utils import timezone

from sutura.accounts.models import User
from sutura.audit.context import acting_as
from sutura.cases.models import Case, CaseType
from sutura.cases.services.lifecycle import open_case
from sutura.cases.services.screening import record_screening
from sutura.community.models import Community
from sutura.core.registry import DemoContext
from sutura.people.consent import record_consent
from sutura.people.models import ConsentMethod, ConsentPurpose, ConsentStatus
from sutura.people.services import register_person

# PSF's case manager in the three regions (a demo login): the author of these cases.
WORKER = "casemanager.psf"

# Per community: (quarters back from the current one, the screening's categories, how many).
# Cells of 5 or more are shown, those of 1 to 4 read "<5".
PLANS: dict[str, list[tuple[int, tuple[str, ...], int]]] = {
    "Mopti Bas-Fonds": [
        (2, ("gbv", "mhpss"), 5),
        (1, ("mhpss",), 2),
        (1, ("single_caregiver",), 5),
    ],
    "Kayes N'Di": [
        (3, ("mhpss",), 5),
        (0, ("medical",), 2),
    ],
    "Gao Château": [
        (2, ("detention",), 3),
        (1, ("detention", "medical"), 5),
    ],
}
GIVEN = {
    "female": ["Awa", "Fatoumata", "Mariam", "Kadidia", "Aminata", "Oumou", "Hawa", "Assétou"],
    "male": ["Moussa", "Boubacar", "Seydou", "Amadou", "Ibrahim", "Souleymane", "Hamidou"],
}
FAMILY = ["Traoré", "Diarra", "Coulibaly", "Maïga", "Touré", "Cissé", "Sangaré", "Kouyaté"]


def seed(context: DemoContext) -> str:
    officer = User.objects.filter(username="protection").first()
    if officer is None or officer.organisation_id is None:
        return ""
    worker: User | None = None
    opened = 0
    today = timezone.localdate()
    for name, plan in PLANS.items():
        community = Community.objects.filter(
            organisation_id=officer.organisation_id, name=name
        ).first()
        if community is None or _has_cases(community):
            continue
        worker = worker or _worker(officer)
        if worker is None:
            return ""
        with acting_as(worker):
            for back, categories, number in plan:
                day = _day_in_quarter(today, back)
                for _index in range(number):
                    _tell(worker, community.location, categories, day, opened)
                    opened += 1
    return f"{opened} screened cases in the communities' areas" if opened else ""


def _has_cases(community: Community) -> bool:
    place = community.location_id
    here = Q(person__current_location_id=place) | Q(person__current_location__parent_id=place)
    return Case.objects.filter(here, organisation_id=community.organisation_id).exists()


def _worker(officer: User) -> User | None:
    """PSF's demo case manager (`accounts.demo.USERS`), if the accounts demo made her."""
    return User.objects.filter(
        username=WORKER, organisation=officer.organisation, is_active=True
    ).first()


def _day_in_quarter(today: datetime.date, back: int) -> datetime.date:
    """The 10th day of the quarter `back` quarters before today's (today at the latest)."""
    month = 3 * ((today.month - 1) // 3) - 3 * back  # months since January, may be negative
    year = today.year + month // 12
    day = datetime.date(year, month % 12 + 1, 10)
    return min(day, today)


def _tell(
    worker: User, place: Any, categories: tuple[str, ...], day: datetime.date, n: int
) -> None:
    sex = "female" if n % 3 else "male"
    person = register_person(
        actor=worker,
        given_names=GIVEN[sex][n % len(GIVEN[sex])],
        family_name=FAMILY[(n * 5) % len(FAMILY)],
        sex=sex,
        birth_date=datetime.date(1975 + (n * 7) % 30, 1 + n % 12, 1 + (n * 3) % 28),
        birth_date_estimated=True,
        nationality="ML",
        current_location=place,
    )
    record_consent(
        actor=worker,
        person=person,
        purpose=ConsentPurpose.REGISTRATION,
        status=ConsentStatus.GIVEN,
        method=ConsentMethod.VERBAL,
        decided_on=day,
    )
    case = open_case(
        actor=worker, person=person, case_type=CaseType.RETURN_REINTEGRATION, opened_on=day
    )
    record_screening(actor=worker, case=case, categories=list(categories), screened_on=day)
