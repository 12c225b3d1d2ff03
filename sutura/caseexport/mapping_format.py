"""The mapping format (format_version 1): what one entry of `ExportMapping.fields` may say, how
it is checked and how it turns a value read from Sutura into the central system's value.

An entry:

    {"target": "sex", "source": "person.sex", "required": true,
     "transform": {"kind": "code_map", "map": {"female": "F", "male": "M"}}}

- `target`: the central system's field name (unique in a mapping);
- `source`: a key of `sutura.core.case_export` ("<group>.<name>"); not needed by `constant`;
- `required`: the central system needs it. Its source must be registered (checked when the
  mapping is saved and again at each export). An entry that is not required may name a key no
  app registers (yet): it is exported empty and listed under `unavailable`;
- `transform` (absent: none): `none`; `code_map` (`map` {code: value}, `default` for a code
  not in the map — without it the code passes unchanged; a list maps each element);
  `date_format` (`format`, a strftime pattern, e.g. "%d/%m/%Y"); `join` (`separator`, "; " by
  default: a list becomes one text); `constant` (`value`: always that value).

Transforms are plain functions of the value: no query, no user. Who may read what is decided
before (`sutura.core.case_export`), never here.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.utils.translation import gettext as _

FORMAT_VERSION = 1
FORMAT_VERSIONS = (1,)
TRANSFORMS = ("none", "code_map", "date_format", "join", "constant")
ENTRY_KEYS = frozenset({"target", "source", "required", "transform"})
TRANSFORM_KEYS = {
    "none": frozenset(),
    "code_map": frozenset({"map", "default"}),
    "date_format": frozenset({"format"}),
    "join": frozenset({"separator"}),
    "constant": frozenset({"value"}),
}
SAMPLE_DATE = datetime.date(2026, 1, 31)
MAX_TARGET = 100


def transform_of(entry: dict[str, Any]) -> dict[str, Any]:
    transform = entry.get("transform") or {"kind": "none"}
    return transform if isinstance(transform, dict) else {"kind": transform}


def entry_problems(position: int, entry: Any) -> list[str]:
    """What is wrong with one entry's shape (the registry is asked separately)."""
    where = _("Field %(n)s") % {"n": position}
    if not isinstance(entry, dict):
        return [
            _("%(where)s: an entry is an object with a target and a source.") % {"where": where}
        ]
    problems = []
    unknown = sorted(set(entry) - ENTRY_KEYS)
    if unknown:
        problems.append(
            _("%(where)s: unknown attributes %(names)s.") % {"where": where, "names": unknown}
        )
    target = entry.get("target")
    if not isinstance(target, str) or not target.strip() or len(target) > MAX_TARGET:
        problems.append(
            _("%(where)s: the target is a name of at most %(max)s characters.")
            % {"where": where, "max": MAX_TARGET}
        )
    if not isinstance(entry.get("required", False), bool):
        problems.append(_("%(where)s: required is true or false.") % {"where": where})
    transform = transform_of(entry)
    kind = transform.get("kind", "none")
    if kind not in TRANSFORMS:
        problems.append(
            _("%(where)s: unknown transform %(kind)s (one of %(kinds)s).")
            % {"where": where, "kind": kind, "kinds": ", ".join(TRANSFORMS)}
        )
        return problems
    extra = sorted(set(transform) - {"kind"} - TRANSFORM_KEYS[kind])
    if extra:
        problems.append(
            _("%(where)s: the transform %(kind)s takes no %(names)s.")
            % {"where": where, "kind": kind, "names": extra}
        )
    if kind != "constant" and not isinstance(entry.get("source"), str):
        problems.append(_("%(where)s: a source key is needed.") % {"where": where})
    if kind == "constant" and "value" not in transform:
        problems.append(_("%(where)s: a constant needs its value.") % {"where": where})
    if kind == "code_map" and not isinstance(transform.get("map"), dict):
        problems.append(_("%(where)s: code_map needs a map {code: value}.") % {"where": where})
    if kind == "date_format" and not _date_format_works(transform.get("format")):
        problems.append(
            _("%(where)s: date_format needs a date pattern such as %%d/%%m/%%Y.") % {"where": where}
        )
    if kind == "join" and not isinstance(transform.get("separator", "; "), str):
        problems.append(_("%(where)s: the separator is a text.") % {"where": where})
    return problems


def _date_format_works(pattern: Any) -> bool:
    if not isinstance(pattern, str) or "%" not in pattern or len(pattern) > 40:
        return False
    try:
        SAMPLE_DATE.strftime(pattern)
    except ValueError:
        return False
    return True


def apply(entry: dict[str, Any], value: Any) -> Any:
    """The central system's value of one entry, from the value read in Sutura."""
    transform = transform_of(entry)
    kind = transform.get("kind", "none")
    if kind == "constant":
        return transform["value"]
    if value is None:
        return None
    if kind == "code_map":
        table = transform["map"]

        def mapped(code: Any) -> Any:
            key = str(code)
            if key in table:
                return table[key]
            return transform.get("default", code)

        return [mapped(v) for v in value] if isinstance(value, list) else mapped(value)
    if kind == "date_format":
        return datetime.date.fromisoformat(str(value)[:10]).strftime(transform["format"])
    if kind == "join":
        separator = transform.get("separator", "; ")
        items = value if isinstance(value, list) else [value]
        return separator.join("" if v is None else str(v) for v in items)
    return value
