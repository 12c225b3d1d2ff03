"""Records and spellings the project did not make: the benchmark run on someone else's data.

    .venv/bin/python bench/dedup/run.py --records their_people.csv [--spellings theirs.csv]

`read_records` reads a CSV of registrations with ground truth (another generator's output, or a
registry whose duplicates were settled by hand) into the shape `generator.generate` gives, so
that every measure of `run.py` runs on it unchanged. Column names are matched loosely (case,
accents, spaces and hyphens aside), under the names other tools use (Splink's `unique_id`,
`first_name`, `surname`, `dob`, `cluster`; French headers too): `ALIASES` lists them. Only a
person id (the ground truth) and a name are required. A row is refused with its line number
when it has no person id or no name, or a date, sex or nationality that cannot be read: the
whole file is refused, so that a figure is never measured on part of it without anyone knowing.

`read_spellings` reads a list of spellings to search by (given_names, family_name, searched,
kind), the columns of `sutura/people/tests/data/spelling_variants.csv`.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
import unicodedata
from pathlib import Path
from typing import Any

from sutura.geo.countries import country_code
from sutura.people.phones import e164_or_none

ALIASES: dict[str, tuple[str, ...]] = {
    "entity_id": ("entity_id", "cluster", "cluster_id", "true_id", "person_id", "match_id",
                  "id_personne", "identifiant_personne", "id_individu", "individual_id"),
    "source_id": ("record_id", "unique_id", "rec_id", "id", "id_fiche", "id_enregistrement"),
    "given_names": ("given_names", "given_name", "first_name", "firstname", "forename", "prenom",
                    "prenoms"),
    # Read after the given names (Kobo and proGres exports keep them apart).
    "middle_names": ("middle_name", "middle_names", "middlename", "second_name", "other_names",
                     "othernames", "autres_prenoms", "deuxieme_prenom", "second_prenom"),
    "family_name": ("family_name", "surname", "last_name", "lastname", "nom", "nom_de_famille"),
    "full_name": ("full_name", "name", "nom_complet"),
    "birth_date": ("birth_date", "dob", "date_of_birth", "birthdate", "date_de_naissance",
                   "birth_year", "year_of_birth", "annee_de_naissance", "annee_naissance"),
    "birth_date_estimated": ("birth_date_estimated", "dob_estimated", "date_estimee"),
    "sex": ("sex", "gender", "sexe", "genre"),
    "phone": ("phone", "phone_number", "telephone", "tel", "mobile"),
    "other_phones": ("other_phones", "phone_2", "phone2", "second_phone", "telephone_2",
                     "autre_telephone", "autres_telephones", "mobile_2", "tel_2"),
    "document_number": ("document_number", "passport", "passport_number", "id_number",
                        "national_id", "numero_piece", "soc_sec_id", "ssn"),
    "document_type": ("document_type", "type_piece"),
    "nationality": ("nationality", "nationalite", "citizenship", "country"),
    "true_name": ("true_name", "nom_vrai"),
}  # fmt: skip
SEXES = {
    "f": "female", "female": "female", "femme": "female", "w": "female", "woman": "female",
    "m": "male", "male": "male", "h": "male", "homme": "male", "man": "male",
    "": "not_stated", "u": "not_stated", "unknown": "not_stated", "not_stated": "not_stated",
    "n": "not_stated", "x": "not_stated", "o": "not_stated", "other": "not_stated",
    "autre": "not_stated", "ns": "not_stated", "not stated": "not_stated", "inconnu": "not_stated",
    "feminin": "female", "fille": "female", "girl": "female", "fem": "female",
    "masculin": "male", "garcon": "male", "boy": "male", "masc": "male",
}  # fmt: skip
# The spellings list's columns, under other names too.
SPELLING_ALIASES: dict[str, tuple[str, ...]] = {
    "given_names": ALIASES["given_names"],
    "family_name": ALIASES["family_name"],
    "full_name": ("full_name", "name", "nom_complet", "on_file", "true_name"),
    "searched": ("searched", "search", "query", "typed", "variant", "spelling", "recherche"),
    "kind": ("kind", "type", "category", "error", "error_type"),
}
# FEBRL's record ids say whose record it is: "rec-12-org", "rec-12-dup-0" are person 12.
FEBRL_ID = re.compile(r"^rec-(\d+)-(?:org|dup-\d+)$")
DOCUMENT_TYPES = {
    "national_id",
    "passport",
    "birth_certificate",
    "consular_card",
    "laissez_passer",
    "other",
}
YEAR_ONLY = re.compile(r"^(?:19|20)\d\d$")
# A day and a month not known: "00/00/1985", "1985-00-00"; a month and a year: "07/1985",
# "1985-07". Both are estimates (the first of the month, 1 January when the month is unknown).
UNKNOWN_DAY = re.compile(
    r"^(?:00?[/.-](?P<m1>\d\d?)[/.-](?P<y1>(?:19|20)\d\d)"
    r"|(?P<y2>(?:19|20)\d\d)[/.-](?P<m2>\d\d?)[/.-]00?)$"
)
MONTH_YEAR = re.compile(
    r"^(?:(?P<m1>\d\d?)[/.-](?P<y1>(?:19|20)\d\d)|(?P<y2>(?:19|20)\d\d)[/.-](?P<m2>\d\d?))$"
)
# The separators a spreadsheet may have written the file with (French Excel: ";").
DELIMITERS = ",;\t|"
# A year said to be about right: "vers 1977", "env. 1977", "circa 1977", "ca 1977", "~1977".
ABOUT_YEAR = re.compile(
    r"^(?:vers|environ|env\.?|circa|ca\.?|c\.|about|approx\.?|~)\s*((?:19|20)\d\d)$",
    re.IGNORECASE,
)
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y%m%d")


class BadFile(ValueError):
    """The file cannot be measured: what is wrong, line by line."""


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.strip().casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _header_key(name: str) -> str:
    return re.sub(r"[\s\-.]+", "_", _plain(name))


def _columns(header: list[str], aliases_of: dict[str, tuple[str, ...]] = ALIASES) -> dict[str, str]:
    """Our field -> the file's column, the first alias found."""
    by_key = {_header_key(name): name for name in header}
    found = {}
    for field, aliases in aliases_of.items():
        for alias in aliases:
            if alias in by_key:
                found[field] = by_key[alias]
                break
    return found


def _date(text: str, today: datetime.date | None = None) -> tuple[datetime.date | None, bool]:
    """A birth date and whether it is an estimate (a year alone is 1 January, estimated; a
    month and a year, or a day and month written 00, the first of the month, estimated)."""
    born, estimated = _read_date(text.strip())
    if born is not None and born > (today or datetime.datetime.now(datetime.UTC).date()):
        raise ValueError(f"date of birth {text.strip()!r} is in the future")
    return born, estimated


def _read_date(text: str) -> tuple[datetime.date | None, bool]:
    if not text:
        return None, False
    if YEAR_ONLY.match(text):
        return datetime.date(int(text), 1, 1), True
    if about := ABOUT_YEAR.match(text):
        return datetime.date(int(about.group(1)), 1, 1), True
    for pattern in (UNKNOWN_DAY, MONTH_YEAR):
        if part := pattern.match(text):
            year, month = int(part["y1"] or part["y2"]), int(part["m1"] or part["m2"])
            if 0 <= month <= 12:
                return datetime.date(year, month or 1, 1), True
    for form in DATE_FORMATS:
        try:
            parsed = datetime.datetime.strptime(text[:10], form)  # noqa: DTZ007 - a date alone
            return parsed.date(), False
        except ValueError:
            continue
    raise ValueError(
        f"date of birth {text!r} is not a date (YYYY-MM-DD, DD/MM/YYYY, YYYYMMDD, MM/YYYY, "
        "00/00/YYYY, a year, or 'vers' a year)"
    )


def _phone(text: str, nationality: str) -> str:
    """A phone as the registry stores it (E.164, a number without its country code read as
    one of the person's country), or its digits as written when it reads as no number."""
    return e164_or_none(text, nationality) or re.sub(r"[^\d+]", "", text)


def _phones(text: str, nationality: str) -> list[str]:
    """Other phones, one or several in a cell (separated by ; , or a spaced /: a slash
    between digits is how some write one number)."""
    return [p for p in (_phone(t, nationality) for t in re.split(r"[;,]|\s/\s", text)) if p]


def _open_csv(path: Path) -> csv.DictReader[str]:
    """The file's rows, in UTF-8 or else Windows-1252 (a spreadsheet's export in France), with
    the separator its header line uses (a comma, or ; \t |)."""
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    header = text.split("\n", 1)[0]
    delimiter = max(DELIMITERS, key=header.count) if header else ","
    return csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)


def _country(text: str) -> str:
    text = text.strip()
    if not text:
        return ""
    code = country_code(text)
    if code is None:
        raise ValueError(f"nationality {text!r} is no country code, name or nationality")
    return code


def _true(text: str) -> bool:
    return text.strip().casefold() in {"1", "true", "yes", "oui", "vrai", "t", "y"}


def read_records(path: Path) -> list[dict[str, Any]]:
    """The file's registrations, in the generator's shape (record_id 0..n-1 in file order)."""
    reader = _open_csv(path)
    columns = _columns(list(reader.fieldnames or []))
    rows = list(reader)
    febrl = [] if "entity_id" in columns else _febrl_ids(rows, columns.get("source_id"))
    if febrl:
        columns["entity_id"] = FEBRL_COLUMN
        for row, person in zip(rows, febrl, strict=True):
            row[FEBRL_COLUMN] = person
    missing = []
    if "entity_id" not in columns:
        missing.append("a person id (the ground truth): " + ", ".join(ALIASES["entity_id"]))
    if not ({"given_names", "family_name"} & columns.keys() or "full_name" in columns):
        missing.append(
            "a name: "
            + ", ".join(ALIASES["given_names"] + ALIASES["family_name"] + ALIASES["full_name"])
        )
    if missing:
        found = ", ".join(reader.fieldnames or []) or "none"
        raise BadFile(
            f"{path}: no column for " + "; no column for ".join(missing) + f" (columns: {found})"
        )
    entities: dict[str, int] = {}
    records: list[dict[str, Any]] = []
    errors: list[str] = []
    for line, row in enumerate(rows, start=2):

        def value(field: str, row: dict[str, Any] = row) -> str:
            column = columns.get(field)
            return str(row.get(column) or "").strip() if column else ""

        try:
            records.append(_record(value, entities, len(records)))
        except ValueError as error:
            errors.append(f"line {line}: {error}")
    if errors:
        shown = "\n".join(errors[:50])
        more = f"\n… and {len(errors) - 50} more" if len(errors) > 50 else ""
        raise BadFile(
            f"{path}: {len(errors)} rows cannot be read, nothing measured:\n{shown}{more}"
        )
    if not records:
        raise BadFile(f"{path}: no rows")
    return records


FEBRL_COLUMN = "\x00febrl person"  # the person read from FEBRL's record ids


def _febrl_ids(rows: list[dict[str, Any]], column: str | None) -> list[str]:
    """The person of each row from FEBRL-style record ids, or [] if any row has another id."""
    if column is None or not rows:
        return []
    found = [FEBRL_ID.match(str(row.get(column) or "").strip()) for row in rows]
    return [match.group(1) for match in found if match] if all(found) else []


def _record(value: Any, entities: dict[str, int], record_id: int) -> dict[str, Any]:
    entity = value("entity_id")
    if not entity:
        raise ValueError("no person id")
    given = " ".join(part for part in (value("given_names"), value("middle_names")) if part)
    family = value("family_name")
    if not (given or family):
        given, _, family = value("full_name").rpartition(" ")
    if not (given or family):
        raise ValueError("no name")
    born, estimated = _date(value("birth_date"))
    estimated = estimated or _true(value("birth_date_estimated"))
    sex = SEXES.get(_plain(value("sex")))
    if sex is None:
        raise ValueError(f"sex {value('sex')!r} is none of F/M (female, male, femme, homme…)")
    number = value("document_number")
    kind = value("document_type").casefold()
    if number and kind not in DOCUMENT_TYPES:
        kind = "other"
    nationality = _country(value("nationality"))
    return {
        "family_name": family,
        "given_names": given,
        "sex": sex,
        "birth_date": born,
        "birth_date_estimated": estimated and born is not None,
        "phone": _phone(value("phone"), nationality),
        "other_phones": _phones(value("other_phones"), nationality),
        "document_type": kind if number else "",
        "document_number": number,
        "place": "",
        "nationality": nationality,
        "context": "",
        "entity_id": entities.setdefault(entity, len(entities)),
        "record_id": record_id,
        "source_id": value("source_id") or str(record_id),
        "errors": [],
        "trap": "",
        # Namesakes are forgiven in search recall only where the file names the true name.
        "true_name": value("true_name"),
    }


def _spelling(row: dict[str, Any], columns: dict[str, str]) -> dict[str, str]:
    def value(field: str) -> str:
        column = columns.get(field)
        return str(row.get(column) or "").strip() if column else ""

    given, family = value("given_names"), value("family_name")
    if not (given or family):
        given, _, family = value("full_name").rpartition(" ")
    return {
        "given_names": given,
        "family_name": family,
        "searched": value("searched"),
        "kind": value("kind"),
    }


def read_spellings(path: Path) -> list[dict[str, str]]:
    """A list of spellings: given_names, family_name (the name on file, or one full name),
    searched, kind — under those names or the others `SPELLING_ALIASES` lists."""
    reader = _open_csv(path)
    columns = _columns(list(reader.fieldnames or []), SPELLING_ALIASES)
    absent = []
    if "searched" not in columns:
        absent.append("for the spelling searched: " + ", ".join(SPELLING_ALIASES["searched"]))
    if not ({"given_names", "family_name", "full_name"} & columns.keys()):
        absent.append(
            "for the name on file: "
            + ", ".join(SPELLING_ALIASES["given_names"] + SPELLING_ALIASES["full_name"])
        )
    if absent:
        raise BadFile(f"{path}: no column " + "; no column ".join(absent))
    rows = [_spelling(row, columns) for row in reader]
    bad = [
        f"line {line}: an empty {field}"
        for line, row in enumerate(rows, start=2)
        for field in ("searched",)
        if not (row.get(field) or "").strip()
    ] + [
        f"line {line}: no name on file"
        for line, row in enumerate(rows, start=2)
        if not ((row.get("given_names") or "").strip() or (row.get("family_name") or "").strip())
    ]
    if bad:
        raise BadFile(f"{path}: nothing measured:\n" + "\n".join(bad[:50]))
    return rows
