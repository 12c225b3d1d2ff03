from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from rest_framework.permissions import AllowAny
from rest_framework.routers import DefaultRouter

from sutura.accounts.api import (
    ApiTokenDetailView,
    ApiTokenListView,
    LogoutApiView,
    MeView,
    ObtainTokenView,
)
from sutura.accounts.views import set_language
from sutura.cases.api_urls import ROUTES as CASE_ROUTES
from sutura.core.api import DocsView, SchemaView
from sutura.people.api_urls import ROUTES as PEOPLE_ROUTES

# The API root (/api/) lists the people and case endpoints; the directory and referrals add
# their own routes below.
router = DefaultRouter()
for prefix, viewset, basename in (*PEOPLE_ROUTES, *CASE_ROUTES):
    router.register(prefix, viewset, basename=basename)

api_patterns: list[URLPattern | URLResolver] = [
    path("me/", MeView.as_view(), name="api-me"),
    path("token/", ObtainTokenView.as_view(), name="api-token"),
    path("logout/", LogoutApiView.as_view(), name="api-logout"),
    path("tokens/", ApiTokenListView.as_view(), name="api-tokens"),
    path("tokens/<str:prefix>/", ApiTokenDetailView.as_view(), name="api-token-detail"),
    path("", include(router.urls)),
    path("", include("sutura.directory.api_urls")),
    path("", include("sutura.referrals.api_urls")),
    path("", include("sutura.meetings.api_urls")),
    path("", include("sutura.governance.api_urls_library")),
    path("", include("sutura.governance.api_urls")),
    path("", include("sutura.placements.api_urls")),
    path("", include("sutura.community.api_urls")),
    path("", include("sutura.mentoring.api_urls")),
    path("", include("sutura.feedback.api_urls")),
    path("", include("sutura.caseexport.api_urls")),
    path("", include("sutura.supervision.api_urls")),
    path("", include("sutura.returns.api_urls")),
    path("", include("sutura.tracing.api_urls")),
    path("", include("sutura.children.api_urls")),
    path("", include("sutura.trafficking.api_urls")),
    path("", include("sutura.dedup.api_urls")),
    path("", include("sutura.indicators.api_urls")),
    path("", include("sutura.programmes.api_urls")),
    path("", include("sutura.reports.api_urls")),
    path("", include("sutura.rss.api_urls")),
    path("", include("sutura.exports.api_urls")),
    # The schema and its docs describe endpoints, not data: readable without logging in.
    path("schema/", SchemaView.as_view(permission_classes=[AllowAny]), name="api-schema"),
    path(
        "docs/",
        # The split view serves Swagger UI's start-up script as a file: no inline script.
        DocsView.as_view(
            url_name="api-schema",
            permission_classes=[AllowAny],
            template_name="api/swagger_ui.html",
        ),
        name="api-docs",
    ),
]

urlpatterns = [
    path("", include(("sutura.core.urls", "core"))),
    path("i18n/setlang/", set_language, name="set_language"),
    path("accounts/", include("sutura.accounts.urls")),
    path("people/", include("sutura.people.urls")),
    path("cases/", include("sutura.cases.urls")),
    path("directory/", include("sutura.directory.urls")),
    path("referrals/", include("sutura.referrals.urls")),
    path("nrm/", include("sutura.referrals.dashboard_urls")),
    path("notifications/", include("sutura.notifications.urls")),
    path("audit/", include("sutura.audit.urls")),
    path("privacy/", include("sutura.privacy.urls")),
    path("governance/", include("sutura.governance.urls")),
    path("placements/", include("sutura.placements.urls")),
    path("community/", include("sutura.community.urls")),
    path("mentoring/", include("sutura.mentoring.urls")),
    path("feedback/", include("sutura.feedback.urls")),
    path("feedback/services/", include("sutura.feedback.ratings_urls")),
    path("supervision/", include("sutura.supervision.urls")),
    path("children/", include("sutura.children.urls")),
    path("trafficking/", include("sutura.trafficking.urls")),
    # The public form and its status check: a short address for posters and QR codes.
    path("r/", include("sutura.feedback.public_urls")),
    path("export/", include("sutura.caseexport.urls")),
    path("returns/", include("sutura.returns.urls")),
    path("tracing/", include("sutura.tracing.urls")),
    path("duplicates/", include("sutura.dedup.urls")),
    path("programmes/", include("sutura.programmes.urls")),
    path("dashboards/", include("sutura.dashboards.urls")),
    path("reports/", include("sutura.reports.urls")),
    path("rss/", include("sutura.rss.urls")),
    path("exports/", include("sutura.exports.urls")),
    path("meetings/", include("sutura.meetings.urls")),
    path("geo/", include("sutura.geo.urls")),
    path("library/", include("sutura.governance.urls_library")),
    path("roadmap/", include("sutura.governance.urls_roadmap")),
    path("api/", include(api_patterns)),
    path("admin/", admin.site.urls),
]

# Under /api/ every error answers the JSON shape (core.errors.ApiErrorShapeMiddleware); an
# unreachable database answers 503 with Retry-After instead of 500.
handler500 = "sutura.core.errors.server_error"
