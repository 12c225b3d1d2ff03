"""Attendance sheets in XLSX: the template to fill in (French or English), and the reading of a
filled sheet.

A sheet is read whole and every line checked before anything is saved: the answer is either
the rows to save, or the list of every error named by line and column, in the reader's
language. Headers and values are recognised in French or in English whatever the language
of the template, without regard to case, accents or spacing, with the usual variants ("F",
"Femme", "female"; an age as a number or a group; "oui", "x", "yes" for signed).

The file is checked by `core.uploads.check_upload` first (a real XLSX: no macro, no embedded
object, no zip bomb), then its size and number of lines are limited
(`SUTURA_ATTENDANCE_MAX_ROWS`)."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from sutura.core.spreadsheets import safe_cell
from sutura.core.uploads import XLSX, check_upload
from sutura.meetings.attendance import SheetRow, fold
from sutura.meetings.models import AgeGroup, ParticipantCategory
from sutura.people.models import Sex

# The columns, in order: (field, French header, English header, other accepted headers).
COLUMNS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("name", "Nom et prénom", "Full name", ("nom", "name", "nom complet", "participant")),
    ("organisation_name", "Organisation", "Organisation", ("organization", "structure")),
    (
        "category",
        "Catégorie",
        "Category",
        ("type d'organisation", "organisation type", "organization type", "type", "categorie"),
    ),
    ("function", "Fonction", "Function", ("poste", "position", "titre", "job title", "title")),
    ("sex", "Sexe", "Sex", ("genre", "gender", "h/f", "m/f")),
    ("age_group", "Tranche d'âge", "Age group", ("age", "âge", "groupe d'age", "age range")),
    ("phone", "Téléphone", "Phone", ("tel", "tél", "telephone", "phone number", "contact")),
    ("email", "E-mail", "E-mail", ("email", "courriel", "mail", "adresse e-mail")),
    ("signed", "A signé", "Signed", ("signature", "signe", "signé")),
]
COLUMN_LABELS = {
    "name": gettext_lazy("Full name"),
    "organisation_name": gettext_lazy("Organisation"),
    "category": gettext_lazy("Category"),
    "function": gettext_lazy("Function"),
    "sex": gettext_lazy("Sex"),
    "age_group": gettext_lazy("Age group"),
    "phone": gettext_lazy("Phone"),
    "email": gettext_lazy("E-mail"),
    "signed": gettext_lazy("Signed"),
}

# Other words accepted for a value, besides its code and its French and English labels.
CATEGORY_WORDS = {
    ParticipantCategory.GOVERNMENT: ("gouvernement", "etat", "state", "ministere", "gov"),
    ParticipantCategory.UN_AGENCY: ("onu", "un", "nations unies", "united nations", "agence onu"),
    ParticipantCategory.INTERNATIONAL_NGO: (
        "ongi",
        "ong internationale",
        "ingo",
        "international ngo",
    ),
    ParticipantCategory.NATIONAL_NGO: ("ong", "ong nationale", "ngo", "national ngo", "ongn"),
    ParticipantCategory.CBO: (
        "ocb",
        "cbo",
        "organisation communautaire de base",
        "association communautaire",
    ),
    ParticipantCategory.PRIVATE_SECTOR: ("prive", "secteur prive", "private", "entreprise"),
    ParticipantCategory.DONOR: ("bailleur", "bailleur de fonds", "donateur", "donor"),
    ParticipantCategory.COMMUNITY: ("communaute", "communautaire", "community"),
    ParticipantCategory.COMMUNITY_LEADERS: (
        "leaders communautaires",
        "leader communautaire",
        "chefs coutumiers",
        "chef de village",
        "notables",
        "notable",
        "community leader",
        "traditional leaders",
    ),
    ParticipantCategory.RELIGIOUS_LEADERS: (
        "leaders religieux",
        "leader religieux",
        "chefs religieux",
        "imam",
        "imams",
        "religious leader",
    ),
    ParticipantCategory.WOMEN: ("femmes", "women", "groupement de femmes", "association de femmes"),
    ParticipantCategory.YOUTH: (
        "jeunes",
        "jeunesse",
        "youth",
        "young people",
        "association de jeunes",
    ),
    ParticipantCategory.RETURNEES: (
        "migrants de retour",
        "migrant de retour",
        "retourne",
        "rapatrie",
        "returnee",
        "returned migrant",
        "repatriated",
    ),
    ParticipantCategory.DISPLACED: (
        "deplaces",
        "pdi",
        "deplaces internes",
        "idp",
        "idps",
        "displaced",
        "displaced persons",
    ),
    ParticipantCategory.HOST_COMMUNITY: (
        "communaute hote",
        "communaute d'accueil",
        "host community",
    ),
    ParticipantCategory.DISABILITIES: (
        "personnes handicapees",
        "personnes en situation de handicap",
        "handicapes",
        "psh",
        "people with disabilities",
        "persons with disabilities",
        "pwd",
    ),
    ParticipantCategory.OTHER: ("autre", "autres", "other"),
}
SEX_WORDS = {
    Sex.FEMALE: ("f", "femme", "feminin", "female", "woman", "women", "w", "fille", "girl"),
    Sex.MALE: ("m", "h", "homme", "masculin", "male", "man", "men", "garcon", "boy"),
    Sex.NOT_STATED: ("non precise", "not stated", "nd", "n/a", "-", "autre", "other"),
}
AGE_WORDS = {
    AgeGroup.UNDER_12: ("0-11", "moins de 12 ans", "moins de 12", "under 12", "<12"),
    AgeGroup.ADOLESCENT: ("12-17", "12 a 17", "12 to 17"),
    AgeGroup.YOUTH: ("18-24", "18 a 24", "18 to 24"),
    AgeGroup.ADULT: ("25-59", "25 a 59", "25 to 59"),
    AgeGroup.OLDER: ("60+", "60 ans et plus", "60 et plus", "60 and over", "60 and above", ">60"),
    AgeGroup.UNKNOWN: ("inconnu", "unknown", "non connu", "nc", "?"),
}
# The values of each coded column as the errors list them.
CODED: dict[str, Any] = {
    "category": ParticipantCategory.choices,
    "sex": Sex.choices,
    "age_group": AgeGroup.choices,
}
YES = ("oui", "yes", "x", "1", "true", "vrai", "o", "y", "signe")
NO = ("non", "no", "0", "false", "faux", "n")


def _key(text: Any) -> str:
    folded = fold(str(text)).replace("–", "-").replace("—", "-")
    return re.sub(r"\s*-\s*", "-", folded)


def _stem(word: str) -> str:
    """A folded word without its marks of gender and number: "rapatrié(e)s", "rapatriée",
    "Rapatriés" and "rapatrié" all read "rapatri", "jeune" and "jeunes" "jeun", "femme" and
    "femmes" "femm". Inclusive spellings lose their marks first ("rapatrié·e·s"). A word
    without a letter ("12-17", "60+", "-") stays as it is."""
    if not any(c.isalpha() for c in word):
        return word
    word = "".join(c for c in word if c.isalnum())
    if len(word) > 3 and word[-1] in "sx":
        word = word[:-1]
    stripped = word.rstrip("e")
    return stripped if len(stripped) > 1 else word


def _value_key(text: Any) -> str:
    """How a coded value is compared: folded (case, accents, spaces), and each word without
    its marks of gender and number (`_stem`)."""
    return " ".join(_stem(word) for word in _key(text).split())


def _labels_in(language: str, choices: Any) -> dict[str, str]:
    with translation.override(language):
        return {code: str(label) for code, label in choices}


def _lookup(choices: Any, words: dict[Any, tuple[str, ...]]) -> dict[str, str]:
    """Every accepted spelling (`_value_key`: folded, singular or plural, either gender) →
    code."""
    found: dict[str, str] = {}
    for language in ("fr", "en"):
        for code, label in _labels_in(language, choices).items():
            found[_value_key(label)] = code
    for code, _label in choices:
        found[_value_key(code)] = code
    for code, spellings in words.items():
        for spelling in spellings:
            found[_value_key(spelling)] = str(code)
    return found


def accepted_values(choices: Any) -> str:
    """The values to write in a coded column, quoted, in the active language."""
    return ", ".join(_("“%(value)s”") % {"value": label} for _code, label in choices)


def age_group_of(years: int) -> str:
    if years < 12:
        return AgeGroup.UNDER_12
    if years < 18:
        return AgeGroup.ADOLESCENT
    if years < 25:
        return AgeGroup.YOUTH
    if years < 60:
        return AgeGroup.ADULT
    return AgeGroup.OLDER


# --- the template ------------------------------------------------------------------------------


def template(language: str, categories: Any = None) -> bytes:
    """An empty attendance sheet in `language` ("fr" or "en"): the headers, a drop-down in
    each coded column (category, sex, age group), and a second sheet listing their accepted
    values. `categories`: those of the meeting the sheet is for (`attendance.categories_for`:
    a community's groups for a community's meeting); every category otherwise."""
    french = language == "fr"
    book = Workbook()
    sheet = book.worksheets[0]
    with translation.override(language):
        sheet.title = _("Attendance")[:31]
        headers = [fr if french else en for _field, fr, en, _other in COLUMNS]
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for index, width in enumerate((28, 24, 22, 20, 10, 14, 16, 24, 10), start=1):
            sheet.column_dimensions[chr(64 + index)].width = width
        codes = book.create_sheet(_("Accepted values")[:31])
        codes.append([_("Column"), _("Value to write"), _("Code")])
        for cell in codes[1]:
            cell.font = Font(bold=True)
        offered = ParticipantCategory.choices
        if categories is not None:
            offered = [(str(c.value), c.label) for c in categories]
        coded = (
            ("category", offered),
            ("sex", [(c, label) for c, label in Sex.choices]),
            ("age_group", AgeGroup.choices),
        )
        ranges = {}
        for column, choices in coded:
            first = codes.max_row + 1
            for code, label in choices:
                codes.append([str(COLUMN_LABELS[column]), str(label), code])
            ranges[column] = (first, codes.max_row)
        codes.append([str(COLUMN_LABELS["age_group"]), _("or the age in years (e.g. 34)"), ""])
        yes_no = (_("yes"), _("no"))
        codes.append([str(COLUMN_LABELS["signed"]), " / ".join(yes_no), ""])
        codes.column_dimensions["A"].width = 18
        codes.column_dimensions["B"].width = 40
        codes.column_dimensions["C"].width = 20
        # A drop-down in the coded columns, its values read from the second sheet (a list
        # written in the rule itself may not pass 255 characters); the reader accepts other
        # spellings too, so a value typed by hand is not refused by the spreadsheet.
        title = codes.title.replace("'", "''")
        for column, (first, last) in ranges.items():
            letter = chr(65 + [c[0] for c in COLUMNS].index(column))
            check = DataValidation(
                type="list", formula1=f"'{title}'!$B${first}:$B${last}", allow_blank=True
            )
            check.showErrorMessage = False
            sheet.add_data_validation(check)
            check.add(f"{letter}2:{letter}1000")
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def filled(language: str, rows: list[dict[str, Any]]) -> bytes:
    """A template with rows already written (the demo, tests): dicts keyed by field."""
    book = load_workbook(io.BytesIO(template(language)))
    sheet = book.worksheets[0]
    for row in rows:
        sheet.append([_cell(row.get(name, "")) for name, *_rest in COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    """What we write is never a formula (a phone's "+" stays text: openpyxl writes it so)."""
    if isinstance(value, str) and value.startswith("="):
        return safe_cell(value)
    return value


# --- reading a sheet ----------------------------------------------------------------------------


@dataclass
class SheetError:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        if self.column:
            return _("Line %(line)s, column “%(column)s”: %(message)s") % {
                "line": self.line,
                "column": self.column,
                "message": self.message,
            }
        return _("Line %(line)s: %(message)s") % {"line": self.line, "message": self.message}


@dataclass
class Reading:
    rows: list[SheetRow] = field(default_factory=list)
    errors: list[SheetError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def _header_key(text: Any) -> str:
    """A header as typed, folded, without its punctuation ("Tél." = "tel", "Signé ?" = "signe")."""
    return " ".join(re.sub(r"[^\w/' -]", " ", _key(text)).split())


def _headers() -> dict[str, str]:
    found = {}
    for name, fr, en, others in COLUMNS:
        for spelling in (fr, en, *others):
            found[_header_key(spelling)] = name
    return found


# Reading stops here whatever the sheet says it holds: blank lines included, well beyond any
# real list (an error says so), and columns a little beyond the template's (a cell far to the
# right would otherwise make the reader pad every row to 16,384 columns).
def _line_cap() -> int:
    return _max_rows() * 20 + 100


MAX_COLUMNS = len(COLUMNS) + 20


def read(upload: UploadedFile) -> Reading:
    """Check an uploaded sheet (file, then every line). Raises ValidationError on the `file`
    field when the file itself is refused; otherwise every line's errors are in the result."""
    limit = settings.SUTURA_ATTENDANCE_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {"file": _("The sheet is too large (at most %(size)s kB).") % {"size": limit // 1024}}
        )
    check_upload(upload, {".xlsx": XLSX})
    upload.seek(0)
    try:
        book = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        lines: list[tuple[Any, ...]] = []
        filled = 0
        for line in sheet.iter_rows(values_only=True, max_col=MAX_COLUMNS):
            lines.append(line)
            if any(v not in (None, "") for v in line):
                filled += 1
            if filled > _max_rows() + 1:
                break  # enough to say the sheet is too long (read_lines does)
            if len(lines) > _line_cap():
                raise ValidationError(
                    {"file": _("The sheet has too many lines: remove the empty ones, or split it.")}
                )
    except ValidationError:
        raise
    except Exception:  # any failure of the reader: not a sheet we can read
        raise ValidationError(
            {"file": _("This file cannot be read as an attendance sheet (XLSX).")}
        ) from None
    return read_lines(lines)


def _max_rows() -> int:
    return int(settings.SUTURA_ATTENDANCE_MAX_ROWS)


def read_lines(lines: list[tuple[Any, ...]]) -> Reading:
    reading = Reading()
    if not lines:
        reading.errors.append(SheetError(1, "", _("The sheet is empty.")))
        return reading
    known = _headers()
    columns: dict[int, str] = {}
    unknown: list[tuple[int, str]] = []
    for index, header in enumerate(lines[0]):
        if header in (None, ""):
            continue
        name = known.get(_header_key(header))
        if name and name not in columns.values():
            columns[index] = name
        elif any(index < len(line) and line[index] not in (None, "") for line in lines[1:]):
            unknown.append((index, _text(header)))  # a column with values we would lose
    if unknown and "name" in columns.values():
        for index, header in unknown:
            reading.errors.append(
                SheetError(
                    1,
                    header,
                    _(
                        "Column %(letter)s “%(header)s” is not a column of the template: "
                        "rename it (%(known)s) or delete it, so that nothing is lost."
                    )
                    % {
                        "letter": get_column_letter(index + 1),
                        "header": header,
                        "known": ", ".join(str(label) for label in COLUMN_LABELS.values()),
                    },
                )
            )
        return reading
    if "name" not in columns.values():
        reading.errors.append(
            SheetError(
                1,
                "",
                _("The first line must hold the column headers of the template (“%(name)s”…).")
                % {"name": COLUMN_LABELS["name"]},
            )
        )
        return reading
    body = [(number, line) for number, line in enumerate(lines[1:], start=2)]
    body = [(n, line) for n, line in body if any(v not in (None, "") for v in line)]
    if len(body) > _max_rows():
        reading.errors.append(
            SheetError(
                _max_rows() + 2,
                "",
                _("The sheet has more than %(max)s participants: split it.") % {"max": _max_rows()},
            )
        )
        return reading
    lookups = {
        "category": _lookup(ParticipantCategory.choices, CATEGORY_WORDS),
        "sex": _lookup(Sex.choices, SEX_WORDS),
        "age_group": _lookup(AgeGroup.choices, AGE_WORDS),
    }
    seen: dict[str, int] = {}
    for number, line in body:
        values = {
            name: line[index] if index < len(line) else None for index, name in columns.items()
        }
        row = _read_row(number, values, lookups, reading.errors)
        if row is None:
            continue
        if row.key in seen:
            reading.errors.append(
                SheetError(
                    number,
                    str(COLUMN_LABELS["name"]),
                    _("The same participant is already on line %(line)s.")
                    % {"line": seen[row.key]},
                )
            )
            continue
        seen[row.key] = number
        reading.rows.append(row)
    if not body:
        reading.errors.append(SheetError(2, "", _("The sheet lists no participant.")))
    return reading


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return " ".join(str(value).split()).removeprefix("'")


MAX_LENGTHS = {"name": 200, "organisation_name": 200, "function": 120, "phone": 32}


def _read_row(
    number: int,
    values: dict[str, Any],
    lookups: dict[str, dict[str, str]],
    errors: list[SheetError],
) -> SheetRow | None:
    before = len(errors)

    def error(column: str, message: str) -> None:
        errors.append(SheetError(number, str(COLUMN_LABELS[column]), message))

    text = {name: _text(value) for name, value in values.items()}
    if not text.get("name"):
        error("name", _("The name is missing."))
    for name, limit in MAX_LENGTHS.items():
        if len(text.get(name, "")) > limit:
            error(name, _("Too long (at most %(max)s characters).") % {"max": limit})
    coded: dict[str, str] = {}
    for column in ("category", "sex"):
        typed = text.get(column, "")
        if not typed:
            coded[column] = ""
            continue
        code = lookups[column].get(_value_key(typed))
        if code is None:
            error(
                column,
                _("“%(value)s” is not an accepted value: write one of %(values)s.")
                % {"value": typed, "values": accepted_values(CODED[column])},
            )
        coded[column] = code or ""
    coded["age_group"] = _age(values.get("age_group"), text.get("age_group", ""), lookups, error)
    email = text.get("email", "")
    if email:
        try:
            validate_email(email)
        except ValidationError:
            error("email", _("“%(value)s” is not an e-mail address.") % {"value": email})
    phone = text.get("phone", "")
    if phone and not re.fullmatch(r"[+0-9 ().\-/]{6,32}", phone):
        error("phone", _("“%(value)s” is not a phone number.") % {"value": phone})
    signed_text = _key(text.get("signed", ""))
    if signed_text and signed_text not in YES and signed_text not in NO:
        error("signed", _("Write yes or no."))
    if len(errors) > before:
        return None
    return SheetRow(
        line=number,
        name=text["name"],
        organisation_name=text.get("organisation_name", ""),
        category=coded["category"],
        function=text.get("function", ""),
        sex=coded["sex"],
        age_group=coded["age_group"],
        phone=phone,
        email=email,
        signed=signed_text in YES,
    )


def _age(raw: Any, typed: str, lookups: dict[str, dict[str, str]], error: Any) -> str:
    if not typed:
        return AgeGroup.UNKNOWN
    if isinstance(raw, int | float) or re.fullmatch(r"\d{1,3}( ?ans| ?years?)?", fold(typed)):
        years = int(float(re.sub(r"[^\d.]", "", str(raw))))
        if years > 120:
            error("age_group", _("“%(value)s” is not a possible age.") % {"value": typed})
            return AgeGroup.UNKNOWN
        return age_group_of(years)
    code = lookups["age_group"].get(_value_key(typed))
    if code is None:
        error(
            "age_group",
            _(
                "“%(value)s” is not an age or an age group: write the age in years or one of "
                "%(values)s."
            )
            % {"value": typed, "values": accepted_values(CODED["age_group"])},
        )
        return AgeGroup.UNKNOWN
    return code
