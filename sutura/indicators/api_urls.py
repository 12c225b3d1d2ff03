"""The indicators API's routes, under /api/."""

from django.urls import URLPattern, URLResolver, path

from sutura.indicators.api import IndicatorViewSet

urlpatterns: list[URLPattern | URLResolver] = [
    path("indicators/", IndicatorViewSet.as_view({"get": "list"}), name="api-indicator-list"),
    # One object (the figure), not a list: its own action name keeps the schema right.
    path(
        "indicators/<str:code>/values/",
        IndicatorViewSet.as_view({"get": "values"}),
        name="api-indicator-values",
    ),
]
