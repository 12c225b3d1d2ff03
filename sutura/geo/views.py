from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from sutura.access import visible
from sutura.geo.models import Location
from sutura.geo.widgets import MAX_DEPTH, LocationPicker


def chosen_location_id(request: HttpRequest, field: str) -> str | None:
    """The deepest level chosen, ignoring levels below the select that just changed."""
    values = [request.GET.get(f"{field}__{depth}", "") for depth in range(MAX_DEPTH)]
    changed = request.headers.get("HX-Trigger-Name", "")
    prefix = f"{field}__"
    if changed.startswith(prefix) and changed[len(prefix) :].isdigit():
        values = values[: int(changed[len(prefix) :]) + 1]
    return next((value for value in reversed(values) if value), None)


@login_required
@require_GET
def picker(request: HttpRequest) -> HttpResponse:
    """Re-render a location picker after one of its selects changed (htmx)."""
    field = request.GET.get("field", "location")
    location = None
    selected_id = chosen_location_id(request, field)
    if selected_id:
        try:
            location = visible(request.user, Location).filter(pk=selected_id).first()
        except ValidationError:
            location = None
    widget_id = request.GET.get("id", f"id_{field}")
    html = LocationPicker().render(
        field, location.pk if location else None, attrs={"id": widget_id}
    )
    return HttpResponse(html)
