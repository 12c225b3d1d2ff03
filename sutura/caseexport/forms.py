"""The choice of a mapping and a format, on the export page and the case page's section."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.caseexport.models import ExportMapping

FORMAT_CHOICES = [("json", _("JSON (for an import)")), ("csv", _("CSV (spreadsheet, Excel)"))]


def _label(mapping: ExportMapping) -> str:
    """The name, with its version unless the name says it ("… record v1")."""
    version, name = f"v{mapping.version}", mapping.shown_name
    return name if name.endswith(version) else f"{name} ({version})"


class ExportForm(forms.Form):
    mapping = forms.ChoiceField(label=_("Field mapping"))
    format = forms.ChoiceField(label=_("Format"), choices=FORMAT_CHOICES, initial="json")

    def __init__(self, *args: Any, mappings: list[ExportMapping], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.mappings = {m.code: m for m in mappings}
        field: Any = self.fields["mapping"]
        field.choices = [(m.code, _label(m)) for m in mappings]
        if mappings:
            field.initial = mappings[0].code

    def chosen(self) -> ExportMapping:
        return self.mappings[self.cleaned_data["mapping"]]
