"""The feedback desk under /feedback/: each part keeps its own list of routes."""

from sutura.feedback import urls_desk, urls_figures, urls_items, urls_points

app_name = "feedback"

urlpatterns = [
    *urls_desk.urlpatterns,
    *urls_items.urlpatterns,
    *urls_points.urlpatterns,
    *urls_figures.urlpatterns,
]
