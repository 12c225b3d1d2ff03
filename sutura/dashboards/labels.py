"""The words for the codes of a figure's cells, in the reader's language: the choices of the
apps (sex, status, vulnerability, categories) and the names of places, programmes and
organisations (one query per kind, for the ids the page shows)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.translation import get_language
from django.utils.translation import gettext as _

from sutura.accounts.models import Organisation
from sutura.cases.models import CaseStatus, Programme
from sutura.cases.models.screening import Vulnerability
from sutura.core.indicators import UNKNOWN, age_groups
from sutura.directory.models.entries import ServiceCategory
from sutura.feedback.models import Category as FeedbackCategory
from sutura.geo.models import Location
from sutura.meetings.models import ParticipantCategory
from sutura.people.models import Sex

CHOICES: dict[str, Any] = {
    "sex": Sex,
    "status": CaseStatus,
    "vulnerability": Vulnerability,
}
# "category" means a service's category (referrals) or a participant's (meetings); both known.
CATEGORIES = {**dict(ServiceCategory.choices), **dict(ParticipantCategory.choices)}
NAMED: dict[str, Any] = {
    "admin1": Location,
    "admin2": Location,
    "programme": Programme,
    "organisation": Organisation,
}


def _feedback_categories() -> dict[str, str]:
    english = (get_language() or "fr").startswith("en")
    return {
        code: (name_en if english else name_fr) or code
        for code, name_fr, name_en in FeedbackCategory.objects.values_list(
            "code", "name_fr", "name_en"
        )
    }


def _named(dimension: str, ids: list[str]) -> Any:
    """The places, programmes or organisations named by `ids` (none of them personal data;
    one explicit query per kind, so the access guard reads what is queried)."""
    if dimension in ("admin1", "admin2"):
        return Location.objects.filter(pk__in=ids)
    if dimension == "programme":
        return Programme.objects.filter(pk__in=ids)
    if dimension == "organisation":
        return Organisation.objects.filter(pk__in=ids)
    return ()


def labeller(wanted: dict[str, set[str]] | None = None) -> Callable[[str, str, str], str]:
    """label(dimension, code) → text; the names of `wanted` ids (dimension → codes) looked up
    in one query per dimension, any other once per id."""
    names: dict[tuple[str, str], str] = {}
    for dimension, codes in (wanted or {}).items():
        ids = [code for code in codes if code != UNKNOWN]
        for found in _named(dimension, ids) if ids else ():
            names[(dimension, str(found.pk))] = str(found)

    feedback: dict[str, str] = {}

    def label(dimension: str, code: str, indicator: str = "") -> str:
        if code == UNKNOWN:
            return _("Unknown")
        if dimension in CHOICES:
            return str(dict(CHOICES[dimension].choices).get(code, code))
        if dimension == "category" and indicator.startswith("feedback."):
            if not feedback:
                feedback.update(_feedback_categories())
            return feedback.get(code, code)
        if dimension == "category":
            return str(CATEGORIES.get(code, code))
        if dimension not in NAMED:
            return code
        if (dimension, code) not in names:
            found = next(iter(_named(dimension, [code])), None)
            names[(dimension, code)] = str(found) if found is not None else code
        return names[(dimension, code)]

    return label


def regions_by_id(codes: list[str]) -> dict[str, Location]:
    return {
        str(r.pk): r for r in Location.objects.filter(pk__in=[c for c in codes if c != UNKNOWN])
    }


def natural_rank(dimension: str) -> Callable[[str], tuple[int, int, str]]:
    """rank(code) for a figure's cells in their natural order: age groups youngest first and
    statuses in the order of the workflow (not "12-17, 18-59, 5-11"), other codes as counted,
    "unknown" last. Stable: codes of equal rank keep their order."""
    if dimension == "age_group":
        order = [code for code, _low, _high in age_groups()]
    elif dimension in CHOICES:
        order = list(CHOICES[dimension].values)
    else:
        order = []
    place = {code: index for index, code in enumerate(order)}

    def rank(code: str) -> tuple[int, int, str]:
        if code == UNKNOWN:
            return (2, 0, "")
        return (0, place[code], "") if code in place else (1, 0, "")

    return rank
