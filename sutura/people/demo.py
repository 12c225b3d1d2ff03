"""Synthetic people with West African names, fast enough for a million (COPY, no ORM).

Deterministic for a given seed. Idempotent: it only adds the people missing to reach the
requested total, so a second run does not duplicate. Bulk rows bypass the audit log: they are
demo data, not a user's action.
"""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import date, timedelta
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from sutura.accounts.demo import casework_organisations
from sutura.accounts.models import Organisation
from sutura.core.registry import DemoContext
from sutura.geo.models import Level, Location
from sutura.people.matching import block_keys, refresh_frequencies
from sutura.people.models import Person
from sutura.people.names import search_key

# What the demo records as a child's own views when their consent is recorded (required).
CHILDS_VIEWS = "Entendu(e) seul(e) : l'enfant est d'accord et souhaite être aidé(e)."

NAMES: dict[str, dict[str, Any]] = {
    "SN": {
        "family": [
            "Ndiaye",
            "N'Diaye",
            "Diop",
            "Fall",
            "Sow",
            "Ba",
            "Faye",
            "Gueye",
            "Sarr",
            "Diallo",
            "Mbaye",
            "Cissé",
            "Seck",
            "Diouf",
            "Thiam",
            "Kane",
            "Ndour",
            "Sy",
            "Touré",
            "Camara",
            "Niang",
            "Badji",
            "Sané",
            "Mané",
            "Kébé",
        ],
        "male": [
            "Mamadou",
            "Moussa",
            "Ousmane",
            "Cheikh",
            "Ibrahima",
            "Abdoulaye",
            "Modou",
            "Pape",
            "Aliou",
            "Babacar",
            "Lamine",
            "Serigne",
            "Saliou",
            "Mamadu",
            "Ousseynou",
            "Malick",
        ],
        "female": [
            "Aminata",
            "Fatou",
            "Awa",
            "Mariama",
            "Khady",
            "Astou",
            "Ndeye",
            "Coumba",
            "Aïssatou",
            "Rokhaya",
            "Seynabou",
            "Adama",
            "Bineta",
            "Dieynaba",
        ],
        "phone": ("+22177", "+22178", "+22176", "+22170"),
        "digits": 7,
    },
    "ML": {
        "family": [
            "Traoré",
            "Keïta",
            "Coulibaly",
            "Diarra",
            "Koné",
            "Diakité",
            "Sangaré",
            "Touré",
            "Maïga",
            "Cissé",
            "Dembélé",
            "Sissoko",
            "Konaté",
            "Doumbia",
            "Kanté",
            "Sidibé",
            "Traore",
            "Keita",
            "Kulibali",
            "Sacko",
        ],
        "male": [
            "Mamadou",
            "Bakary",
            "Seydou",
            "Souleymane",
            "Drissa",
            "Adama",
            "Boubacar",
            "Oumar",
            "Yacouba",
            "Issa",
            "Moussa",
            "Modibo",
            "Mohamed",
            "Lassana",
        ],
        "female": [
            "Fatoumata",
            "Aminata",
            "Kadiatou",
            "Mariam",
            "Oumou",
            "Assitan",
            "Rokia",
            "Salimata",
            "Djeneba",
            "Hawa",
            "Nana",
            "Korotoumou",
        ],
        "phone": ("+2237", "+2236"),
        "digits": 7,
    },
    "CM": {
        "family": [
            "Mbarga",
            "Nkoulou",
            "Fotso",
            "Ngono",
            "Essomba",
            "Ndongo",
            "Kamga",
            "Talla",
            "Abena",
            "Hamadou",
            "Bello",
            "Oumarou",
            "Njoya",
            "Atangana",
            "Eto'o",
            "Tchakounté",
            "Nana",
            "Mvondo",
        ],
        "male": [
            "Jean",
            "Paul",
            "Emmanuel",
            "Serge",
            "Hamidou",
            "Ibrahim",
            "Blaise",
            "Aboubakar",
            "Samuel",
            "Christian",
            "Alim",
            "Junior",
        ],
        "female": [
            "Marie",
            "Brigitte",
            "Aïcha",
            "Clarisse",
            "Hadja",
            "Sandrine",
            "Odile",
            "Nadège",
            "Ramatou",
            "Hawaou",
        ],
        "phone": ("+23767", "+23769", "+23765"),
        "digits": 7,
    },
}
COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "version",
    "organisation_id",
    "given_names",
    "family_name",
    "sex",
    "birth_date",
    "birth_date_estimated",
    "nationality",
    "phone",
    "place_of_origin_id",
    "registered_by_id",
    "aliases",
    "languages",
    "other_phones",
    "current_location_id",
    "current_address",
    "photo",
    "search_key",
    "block_keys",
)
LANGUAGES = {
    "SN": ["fr", "wo", "ff", "srr"],
    "ML": ["fr", "bm", "son", "ff"],
    "CM": ["fr", "en", "ff"],
}


def _birth_date(rng: random.Random, today: date) -> tuple[date | None, bool]:
    roll = rng.random()
    if roll < 0.05:
        return None, False
    if roll < 0.13:
        age = rng.randint(12, 17)  # children, many unaccompanied
    elif roll < 0.16:
        age = rng.randint(0, 11)
    elif roll < 0.19:
        age = rng.randint(60, 75)
    else:
        age = int(rng.triangular(18, 59, 26))
    if rng.random() < 0.25:  # estimated: the 1 January placeholder
        return date(today.year - age, 1, 1), True
    return today - timedelta(days=age * 365 + rng.randint(0, 364)), False


def _rows(
    rng: random.Random, count: int, organisations: list[Organisation], places: dict[str, list[str]]
) -> Iterator[tuple[object, ...]]:
    now = timezone.now()
    today = timezone.localdate()
    for _ in range(count):
        organisation = rng.choice(organisations)
        country = organisation.country.iso_code or "SN"
        names = NAMES[country]
        sex = rng.choices(["male", "female", "not_stated"], weights=[70, 28, 2])[0]
        pool = names["male"] if sex == "male" else names["female"]
        given = rng.choice(pool)
        if rng.random() < 0.2:
            given = f"{given} {rng.choice(pool)}"
        birth, estimated = _birth_date(rng, today)
        phone = ""
        if rng.random() < 0.85:
            prefix = rng.choice(names["phone"])
            phone = prefix + "".join(str(rng.randint(0, 9)) for _ in range(int(names["digits"])))
        family = rng.choice(names["family"])
        place = rng.choice(places[country]) if places[country] else None
        languages = sorted({"fr", rng.choice(LANGUAGES[country])})
        yield (
            uuid.UUID(int=rng.getrandbits(128), version=4),
            now,
            now,
            1,
            organisation.pk,
            given,
            family,
            sex,
            birth,
            estimated,
            country,
            phone,
            place,
            None,
            [],
            languages,
            [],
            place,
            "",
            "",
            search_key(family, given),
            block_keys(
                {
                    "family_name": family,
                    "given_names": given,
                    "birth_date": birth,
                    "birth_date_estimated": estimated,
                }
            ),
        )


def seed_persons(total: int, *, organisations: list[Organisation], seed: int = 2026) -> int:
    """Add people until the demo organisations hold `total` in all; returns how many were added."""
    existing = Person.objects.filter(organisation__in=organisations).count()
    missing = max(0, total - existing)
    if not missing:
        return 0
    rng = random.Random(seed + existing)
    places: dict[str, list[str]] = {code: [] for code in NAMES}
    for pk, code in Location.objects.filter(level=Level.ADMIN2).values_list("pk", "country_code"):
        places.setdefault(code, []).append(str(pk))
    table = Person._meta.db_table
    with connection.cursor() as cursor:
        raw = cursor.cursor  # psycopg 3 cursor: COPY is ~20x faster than INSERTs
        with raw.copy(f"COPY {table} ({', '.join(COLUMNS)}) FROM STDIN") as copy:
            for row in _rows(rng, missing, organisations, places):
                copy.write_row(row)
        cursor.execute(INDEX_NEW_NAMES)
    refresh_frequencies()  # fills the new words' phonetic keys, then counts every word
    return missing


# The name index rows (Person.index_name_words) of the people just copied in; their words'
# phonetic keys are filled in Python after (seed_persons).
INDEX_NEW_NAMES = """
INSERT INTO people_personnameword (organisation_id, person_id, word)
SELECT p.organisation_id, p.id, word
FROM people_person p, unnest(string_to_array(p.search_key, ' ')) AS word
WHERE word <> ''
  AND NOT EXISTS (SELECT 1 FROM people_personnameword x WHERE x.person_id = p.id);
INSERT INTO people_nameword (word, phonetic, people)
SELECT DISTINCT word, '', 0 FROM people_personnameword ON CONFLICT DO NOTHING;
"""


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    """This app's part of `seed_demo` (registered in its AppConfig)."""
    casework = casework_organisations(context.organisations)
    added = seed_persons(context.persons, organisations=casework)
    return f"{added} people added"
