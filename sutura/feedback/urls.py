"""The feedback desk under /feedback/: each part keeps its own list of routes."""

from sutura.feedback import urls_desk, urls_items

app_name = "feedback"

urlpatterns = [*urls_desk.urlpatterns, *urls_items.urlpatterns]
