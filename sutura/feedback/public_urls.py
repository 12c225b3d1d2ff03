from django.urls import URLPattern, URLResolver

app_name = "feedback_public"
urlpatterns: list[URLPattern | URLResolver] = []
