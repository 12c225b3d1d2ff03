from django.urls import include, path

app_name = "community"

# Each module of views/ keeps its own patterns (one helper per module, no shared file).
urlpatterns = [
    path("", include("sutura.community.views.communities")),
    path("", include("sutura.community.views.risks")),
    path("", include("sutura.community.views.structures")),
    path("", include("sutura.community.views.partners")),
]
