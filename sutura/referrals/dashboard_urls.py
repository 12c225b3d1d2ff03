from django.urls import URLPattern, URLResolver

app_name = "nrm"
urlpatterns: list[URLPattern | URLResolver] = []
