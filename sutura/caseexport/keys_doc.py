"""The table of the registered export keys, in markdown: `manage.py export_fields` prints it
and `docs/case-export.md` holds it between two markers (a test checks that the document lists
every key registered when the tests run)."""

from __future__ import annotations

from django.utils import translation

from sutura.core import case_export

BEGIN = "<!-- export-fields:begin -->"
END = "<!-- export-fields:end -->"


def keys_table() -> str:
    """One section per group, a row per key: key, kind, meaning (in English)."""
    lines = [BEGIN]
    with translation.override("en"):
        for group in case_export.groups():
            lines += ["", f"### {group.name}", "", "| key | kind | meaning |", "|---|---|---|"]
            lines += [f"| `{f.key}` | {f.kind} | {f.label} |" for f in group.fields]
    lines += ["", END]
    return "\n".join(lines)


def replace_table(document: str) -> str:
    """The document with its key table replaced by today's."""
    start, end = document.index(BEGIN), document.index(END) + len(END)
    return document[:start] + keys_table() + document[end:]
