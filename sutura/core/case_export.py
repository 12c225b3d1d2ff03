"""What each app gives to a case's export for the organisation's central case database.

The mapping to the central system's fields is data (`sutura/caseexport/`); the values come from
the apps that keep them, each through its own access rules. An app registers its fields in its
`AppConfig.ready()`:

    case_export.add(case_export.FieldGroup(
        name="children",
        fields=(case_export.ExportField("children.status", _("Child's status"), "code"), …),
        values="sutura.children.selectors.export_values",
    ))

`values(user, case)` returns `{key: value}` for the keys of its group **the user may read on
that case** (a key left out is withheld from this user: the export says so, never guesses);
values are plain JSON types (str, int, float, bool, None, ISO dates as str, lists of those).
Codes are exported as codes (the mapping may translate them for the central system).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.module_loading import import_string

KINDS = ("text", "code", "date", "integer", "number", "boolean", "list")


@dataclass(frozen=True)
class ExportField:
    key: str  # "<group>.<name>", stable: mappings refer to it
    label: str | Promise
    kind: str = "text"

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"{self.key}: unknown kind {self.kind!r}")


@dataclass(frozen=True)
class FieldGroup:
    name: str
    fields: tuple[ExportField, ...]
    values: str  # dotted path of `values(user, case) -> dict[str, Any]`

    def read(self, user: Any, case: Any) -> dict[str, Any]:
        function: Callable[[Any, Any], dict[str, Any]] = import_string(self.values)
        known = {f.key for f in self.fields}
        return {key: value for key, value in function(user, case).items() if key in known}


_GROUPS: dict[str, FieldGroup] = {}


def add(group: FieldGroup) -> None:
    for field in group.fields:
        if not field.key.startswith(f"{group.name}."):
            raise ValueError(f"{field.key} is not in the group {group.name}")
    _GROUPS[group.name] = group


def groups() -> list[FieldGroup]:
    return sorted(_GROUPS.values(), key=lambda g: g.name)


def fields() -> dict[str, ExportField]:
    return {f.key: f for group in groups() for f in group.fields}
