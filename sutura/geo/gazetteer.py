"""Load an official COD-AB gazetteer (CSV or XLSX) and fill the P-codes.

COD-AB tables carry one row per unit with its ancestors' columns repeated:
ADM0_PCODE, ADM0_FR, ADM0_EN, ADM1_PCODE, ADM1_FR, ADM1_EN, ADM2_…, ADM3_…. Units are
matched to the existing hierarchy by name (accent-, case- and punctuation-insensitive, French
or English); a unit not yet known is created. The import is all-or-nothing: every problem is
reported with its line number and nothing is written unless the whole file is clean.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from django.db import transaction
from django.utils.translation import gettext as _

from sutura.geo.models import Level, Location

MAX_LEVEL = 3


@dataclass
class Unit:
    level: int
    pcode: str
    name_fr: str
    name_en: str
    parent_pcode: str | None
    line: int


@dataclass
class ImportReport:
    errors: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0


class GazetteerError(Exception):
    def __init__(self, errors: list[str]) -> None:
        super().__init__("\n".join(errors))
        self.errors = errors


def normalise(name: str) -> str:
    """'N'Djamena', 'NDJAMENA' and 'Ndjaména' all give 'ndjamena'."""
    decomposed = unicodedata.normalize("NFKD", name)
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return re.sub(r"[^a-z0-9]+", "", stripped.lower())


def read_rows(path: Path) -> list[dict[str, str]]:
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        from openpyxl import load_workbook

        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        rows = list(sheet.iter_rows(values_only=True))
        header = [str(h or "").strip() for h in rows[0]] if rows else []
        return [
            {h: "" if v is None else str(v).strip() for h, v in zip(header, row, strict=False)}
            for row in rows[1:]
        ]
    text = path.read_bytes().decode("utf-8-sig")
    dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else ",", delimiters=",;\t")
    return [
        {(k or "").strip(): (v or "").strip() for k, v in row.items()}
        for row in csv.DictReader(io.StringIO(text), dialect=dialect)
    ]


def units_from_rows(rows: list[dict[str, str]], report: ImportReport) -> dict[str, Unit]:
    """Every distinct unit in the file, by P-code; conflicts become line-level errors."""
    if not rows:
        report.errors.append(_("The file has no data rows."))
        return {}
    columns = set(rows[0])
    levels = [n for n in range(MAX_LEVEL + 1) if f"ADM{n}_PCODE" in columns]
    if 0 not in levels or len(levels) < 2:
        report.errors.append(
            _("Missing columns: a COD-AB table needs ADM0_PCODE, ADM1_PCODE and names (ADM1_FR).")
        )
        return {}
    units: dict[str, Unit] = {}
    for index, row in enumerate(rows, start=2):  # line 1 is the header
        parent: str | None = None
        for level in levels:
            pcode = row.get(f"ADM{level}_PCODE", "")
            name_fr = row.get(f"ADM{level}_FR", "") or row.get(f"ADM{level}_EN", "")
            name_en = row.get(f"ADM{level}_EN", "") or name_fr
            if not pcode and not name_fr:
                break
            if not pcode or (level > 0 and not name_fr):
                report.errors.append(
                    _("Line %(line)s: level %(level)s needs both a P-code and a name.")
                    % {"line": index, "level": level}
                )
                break
            unit = Unit(level, pcode, name_fr, name_en, parent, index)
            known = units.get(pcode)
            if known and (
                normalise(known.name_fr) != normalise(name_fr) or known.parent_pcode != parent
            ):
                report.errors.append(
                    _(
                        "Line %(line)s: P-code %(pcode)s is already used on line %(other)s for "
                        "“%(name)s”."
                    )
                    % {"line": index, "pcode": pcode, "other": known.line, "name": known.name_fr}
                )
                break
            units.setdefault(pcode, unit)
            parent = pcode
    return units


def import_gazetteer(path: Path) -> ImportReport:
    """Validate the whole file, then write it in one transaction (or raise GazetteerError)."""
    report = ImportReport()
    try:
        rows = read_rows(path)
    except (OSError, UnicodeDecodeError, csv.Error, ValueError) as error:
        raise GazetteerError(
            [_("The file cannot be read: %(error)s") % {"error": error}]
        ) from error
    units = units_from_rows(rows, report)
    if report.errors:
        raise GazetteerError(report.errors)
    with transaction.atomic():
        resolved: dict[str, Location] = {}
        for unit in sorted(units.values(), key=lambda u: (u.level, u.line)):
            location = _resolve(unit, resolved, report)
            if location is not None:
                resolved[unit.pcode] = location
        if report.errors:
            transaction.set_rollback(True)
            raise GazetteerError(report.errors)
    return report


def _resolve(unit: Unit, resolved: dict[str, Location], report: ImportReport) -> Location | None:
    if unit.level == 0:
        country = Location.objects.filter(level=Level.COUNTRY, iso_code=unit.pcode[:2]).first()
        if country is None:
            report.errors.append(
                _("Line %(line)s: country %(pcode)s is not in Sutura.")
                % {"line": unit.line, "pcode": unit.pcode}
            )
        return country
    parent = resolved.get(unit.parent_pcode or "")
    if parent is None:
        return None  # the parent's own error is already reported
    owner = Location.objects.filter(pcode=unit.pcode).first()
    match = owner or _match_by_name(parent, unit)
    if owner and owner.parent_id != parent.pk:
        report.errors.append(
            _("Line %(line)s: P-code %(pcode)s already belongs to “%(name)s” elsewhere.")
            % {"line": unit.line, "pcode": unit.pcode, "name": owner.name_fr}
        )
        return None
    if match is None:
        report.created += 1
        return Location.objects.create(
            parent=parent,
            level=unit.level,
            country_code=parent.country_code,
            name_fr=unit.name_fr,
            name_en=unit.name_en,
            pcode=unit.pcode,
        )
    if match.pcode and match.pcode != unit.pcode:
        report.errors.append(
            _("Line %(line)s: “%(name)s” already has P-code %(old)s, the file says %(new)s.")
            % {"line": unit.line, "name": match.name_fr, "old": match.pcode, "new": unit.pcode}
        )
        return None
    if match.pcode != unit.pcode:
        match.pcode = unit.pcode
        match.save(update_fields=["pcode", "updated_at"])
        report.updated += 1
    return match


def _match_by_name(parent: Location, unit: Unit) -> Location | None:
    wanted = {normalise(unit.name_fr), normalise(unit.name_en)}
    for child in Location.objects.filter(parent=parent, level=unit.level):
        if normalise(child.name_fr) in wanted or normalise(child.name_en) in wanted:
            return child
    return None
