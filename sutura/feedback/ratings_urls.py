from django.urls import URLPattern, URLResolver

app_name = "feedback_ratings"
urlpatterns: list[URLPattern | URLResolver] = []
