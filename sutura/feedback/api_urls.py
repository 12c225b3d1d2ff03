"""The feedback API under /api/: each part keeps its own list of routes."""

from sutura.feedback import api_urls_public, api_urls_ratings, api_urls_staff

urlpatterns = [
    *api_urls_staff.urlpatterns,
    *api_urls_public.urlpatterns,
    *api_urls_ratings.urlpatterns,
]
