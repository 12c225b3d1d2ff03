"""A community's meetings count attendance by the community's groups (leaders, women, youth,
returnees, displaced people…): codes of their own, and the attendance sheet's import reads them
in French, in English and in the spellings people write."""

from __future__ import annotations

import pytest

from sutura.meetings import sheets
from sutura.meetings.models import (
    COMMUNITY_CATEGORIES,
    ORGANISATION_CATEGORIES,
    ParticipantCategory,
)

pytestmark = pytest.mark.django_db


def test_every_category_is_offered_to_one_kind_of_meeting_or_the_other() -> None:
    offered = set(COMMUNITY_CATEGORIES) | set(ORGANISATION_CATEGORIES)
    assert offered == set(ParticipantCategory)
    assert ParticipantCategory.GOVERNMENT not in COMMUNITY_CATEGORIES
    assert ParticipantCategory.DISPLACED not in ORGANISATION_CATEGORIES


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("Leaders communautaires", "community_leaders"),
        ("Chefs religieux", "religious_leaders"),
        ("FEMMES", "women"),
        ("Jeunes", "youth"),
        ("Youth", "youth"),
        ("Migrants de retour", "returnees"),
        ("Déplacés internes", "displaced"),
        ("PDI", "displaced"),
        ("Communauté hôte", "host_community"),
        ("Personnes en situation de handicap", "disabilities"),
        ("People with disabilities", "disabilities"),
        ("ONG", "national_ngo"),  # the organisations' words still hold
    ],
)
def test_the_import_reads_the_community_groups_as_people_write_them(
    written: str, code: str
) -> None:
    found = sheets._lookup(ParticipantCategory.choices, sheets.CATEGORY_WORDS)
    assert found[sheets._key(written)] == code
