"""One case through one mapping: the values of every group the mapping names, read for this
user (`sutura.core.case_export`), transformed entry by entry (`mapping_format.apply`), and the
two shapes of the file (JSON, CSV). No query here but the groups' own reads; no write."""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from sutura.caseexport import mapping_format
from sutura.caseexport.models import ExportMapping
from sutura.core import case_export
from sutura.core.spreadsheets import safe_cell

FORMATS = ("json", "csv")
CSV_LIST_SEPARATOR = "; "


@dataclass
class CaseExport:
    mapping: ExportMapping
    case_number: str
    exported_at: str
    fields: dict[str, Any] = field(default_factory=dict)
    withheld: list[str] = field(default_factory=list)
    unavailable: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "mapping": {
                "code": self.mapping.code,
                "version": self.mapping.version,
                "format_version": self.mapping.format_version,
            },
            "exported_at": self.exported_at,
            "case": self.case_number,
            "fields": self.fields,
            "withheld": self.withheld,
            "unavailable": self.unavailable,
        }

    def as_json(self) -> bytes:
        return json.dumps(self.as_dict(), ensure_ascii=False, indent=2).encode("utf-8")

    def as_csv(self) -> bytes:
        """One header row of the targets and one row of values, UTF-8 with a BOM (Excel)."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow([safe_cell(str(target)) for target in self.fields])
        writer.writerow([_csv_cell(value) for value in self.fields.values()])
        return ("\ufeff" + out.getvalue()).encode("utf-8")

    def filename(self, fmt: str) -> str:
        return f"{self.case_number}-{self.mapping.code}-v{self.mapping.version}.{fmt}"


def _csv_cell(value: Any) -> str:
    """One value as CSV text; text that would start a formula is kept as text (CSV
    injection: a name or a note typed as "=…" must not run in the spreadsheet program)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return CSV_LIST_SEPARATOR.join(_csv_cell(v) for v in value)
    return str(safe_cell(str(value)))


def build(user: Any, case: Any, mapping: ExportMapping) -> CaseExport:
    """The export of `case` through `mapping`, as `user` may read it."""
    missing = mapping.unknown_sources(required_only=True)
    if missing:
        raise ValidationError(
            _("This mapping needs fields no installed app provides: %(keys)s.")
            % {"keys": ", ".join(missing)}
        )
    registered = case_export.fields()
    wanted = {
        entry["source"].split(".", 1)[0]
        for entry in mapping.entries
        if entry.get("source") in registered
        and mapping_format.transform_of(entry).get("kind") != "constant"
    }
    read: dict[str, Any] = {}
    for group in case_export.groups():
        if group.name in wanted:
            read.update(group.read(user, case))
    result = CaseExport(
        mapping=mapping,
        case_number=case.number,
        exported_at=timezone.now().isoformat(timespec="seconds"),
    )
    for entry in mapping.entries:
        target, source = entry["target"], entry.get("source")
        if mapping_format.transform_of(entry).get("kind") == "constant":
            result.fields[target] = mapping_format.apply(entry, None)
        elif source not in registered:
            result.fields[target] = None
            result.unavailable.append(target)
        elif source not in read:
            result.fields[target] = None
            result.withheld.append(target)
        else:
            result.fields[target] = mapping_format.apply(entry, read[source])
    return result
