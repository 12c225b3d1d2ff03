"""Reads of people, always through the access layer."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.cache import cache
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.db.models.functions import Upper
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from sutura.access import get_visible_or_404, visible
from sutura.access.people import kept_file, persons_counted_for
from sutura.audit.services import record_read
from sutura.core import sections
from sutura.core.texts import Text
from sutura.people.models import (
    Consent,
    ConsentPurpose,
    HouseholdMember,
    IdentityDocument,
    Person,
    Sex,
)
from sutura.people.phones import carrying, home_region
from sutura.people.search import MAX_MATCHES, closest_people, is_phone, rank_in


def current_consent(person: Person, purpose: str, *, organisation_id: Any = None) -> Consent | None:
    """The person's latest decision for this purpose (and organisation, for sharing): the one
    in force. Not scoped: the caller holds the person, through the access layer."""
    decisions = Consent.objects.filter(person=person, purpose=purpose)
    if purpose == ConsentPurpose.SHARING:
        decisions = decisions.filter(shared_with_id=organisation_id)
    return decisions.order_by("-decided_on", "-created_at").first()


def persons_for(user: Any, *, query: str = "") -> QuerySet[Person]:
    persons = visible(user, Person).select_related("place_of_origin")
    query = query.strip()
    if query and is_phone(query):
        persons = persons.filter(carrying(query, home_region(user)))
    elif query:  # a name in any spelling, closest first: the same name index as case search
        closest = closest_people(user, query, limit=MAX_MATCHES + 1)
        persons = persons.filter(pk__in=closest).order_by(rank_in(closest), "id")
        return persons
    return persons.order_by(Upper("family_name"), "given_names", "id")


def person_for(user: Any, person_id: Any, *, audit: bool = True) -> Person:
    """One person the user may see (404 otherwise); the read goes to the audit log."""
    person = get_visible_or_404(
        user, Person.objects.select_related("place_of_origin__parent__parent"), pk=person_id
    )
    if audit:
        record_read(user, person)
    return person


def kept_file_of(user: Any, person_id: Any) -> Person | None:
    """Where a merged file went, for a user who may open the file kept (None: the ordinary
    404, logged as refused). Only the kept file's id is shown; the log keeps that this user
    followed the merged file's old address to it."""
    kept = kept_file(user, person_id)
    if kept is not None:
        record_read(
            user,
            kept,
            detail=Text(
                gettext_noop("Old address of a merged file: %(merged)s"), merged=str(person_id)
            ),
        )
    return kept


AGE_GROUPS: list[tuple[str, int, int | None]] = [
    ("0–4", 0, 4),
    ("5–11", 5, 11),
    ("12–17", 12, 17),
    ("18–59", 18, 59),
    ("60+", 60, None),
]


# The home page's figures are counted again at most every few minutes per user (a count over
# an organisation's 200,000 people costs 140 ms of database time: bench/README.md).
FIGURES_CACHE_SECONDS = 300


def _registration_counts(user: Any, today: date) -> dict[tuple[str, str], int]:
    groups = [(label, _born_between(today, low, high)) for label, low, high in AGE_GROUPS]
    whens = [When(condition, then=Value(label)) for label, condition in groups]
    counted = (
        persons_counted_for(user)
        .annotate(age_group=Case(*whens, default=Value("unknown")))
        .values("sex", "age_group")
        .annotate(n=Count("id"))
    )
    return {(row["age_group"], row["sex"]): row["n"] for row in counted}


def registrations_by_sex_and_age(
    user: Any, today: date | None = None, *, fresh: bool = False
) -> dict[str, Any]:
    """People registered by the user's organisation, by sex × age group (counts only).

    Counted once per user every `FIGURES_CACHE_SECONDS` (the user's own key: the counts
    follow their access rules), unless `fresh`; `as_of` says when."""
    today = today or timezone.localdate()
    key = f"people:registrations:{user.pk}:{today.isoformat()}"
    cached = None if fresh else cache.get(key)
    if cached is None:
        cached = {"as_of": timezone.now(), "table": _registration_counts(user, today)}
        cache.set(key, cached, FIGURES_CACHE_SECONDS)
    table = cached["table"]
    sexes = list(Sex)
    labels = [label for label, _low, _high in AGE_GROUPS] + ["unknown"]
    rows = []
    for label in labels:
        counts = [table.get((label, sex.value), 0) for sex in sexes]
        shown = str(gettext("age unknown")) if label == "unknown" else label
        rows.append({"label": shown, "counts": counts, "total": sum(counts)})
    totals = [sum(row["counts"][i] for row in rows) for i in range(len(sexes))]
    return {
        "sex_labels": [sex.label for sex in sexes],
        "rows": rows,
        "totals": totals,
        "total": sum(totals),
        "as_of": cached["as_of"],
    }


def _born_between(today: date, youngest_age: int, oldest_age: int | None) -> Q:
    """People whose age today is between the two ages (inclusive)."""
    condition = Q(birth_date__lte=_years_before(today, youngest_age))
    if oldest_age is not None:
        condition &= Q(birth_date__gt=_years_before(today, oldest_age + 1))
    return condition


def _years_before(today: date, years: int) -> date:
    try:
        return today.replace(year=today.year - years)
    except ValueError:  # 29 February
        return today.replace(year=today.year - years, day=28)


def person_records(user: Any, person: Person) -> dict[str, Any]:
    """What is on file about a person that this user may read: consents, documents,
    household, and what other apps keep about them (`core.sections`)."""
    return {
        "sections": sections.for_page("person", user, person),
        "consents": visible(user, Consent)
        .filter(person=person)
        .select_related("recorded_by", "shared_with"),
        "documents": visible(user, IdentityDocument).filter(person=person),
        "household": visible(user, HouseholdMember).filter(person=person),
    }
