"""A location picker that works on a phone: one native <select> per level, country first.

Choosing a level reloads the picker (htmx) with the next level's choices; without JavaScript
the form still works one level at a time (the deepest chosen level is the value).
"""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.geo.models import Level, Location

LEVEL_LABELS = {
    Level.COUNTRY: _("Country"),
    Level.ADMIN1: _("Region"),
    Level.ADMIN2: _("Department / cercle"),
    Level.ADMIN3: _("Commune"),
}
MAX_DEPTH = 4


def _children(parent: Location | None) -> list[Location]:
    if parent is None:
        return list(Location.objects.filter(level=Level.COUNTRY))
    return list(Location.objects.filter(parent=parent))


def picker_levels(selected: Location | None) -> list[dict[str, Any]]:
    """One entry per select to show: its label, its options and the chosen option."""
    path: list[Location] = []
    node = selected
    while node is not None:
        path.insert(0, node)
        node = node.parent
    levels = []
    parent: Location | None = None
    for depth in range(MAX_DEPTH):
        options = _children(parent)
        if not options:
            break
        chosen = path[depth] if depth < len(path) else None
        levels.append(
            {
                "depth": depth,
                "label": LEVEL_LABELS[Level(depth)],
                "options": options,
                "chosen": chosen.pk if chosen else None,
            }
        )
        if chosen is None:
            break
        parent = chosen
    return levels


def _is_uuid(value: Any) -> bool:
    if isinstance(value, UUID):
        return True
    try:
        UUID(str(value))
    except ValueError:
        return False
    return bool(value)


class LocationPicker(forms.Widget):
    template_name = "geo/widgets/location_picker.html"

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        selected = (
            Location.objects.select_related("parent__parent").filter(pk=value).first()
            if _is_uuid(value)
            else None  # nothing chosen, or a malformed id posted back: the form says why
        )
        context["widget"]["levels"] = picker_levels(selected)
        return context

    def value_from_datadict(self, data: Any, files: Any, name: str) -> str | None:
        for depth in reversed(range(MAX_DEPTH)):
            value = data.get(f"{name}__{depth}")
            if value:
                return str(value)
        return None

    def value_omitted_from_data(self, data: Any, files: Any, name: str) -> bool:
        return not any(f"{name}__{depth}" in data for depth in range(MAX_DEPTH))


class LocationField(forms.ModelChoiceField):
    widget = LocationPicker

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("queryset", Location.objects.all())
        super().__init__(**kwargs)
