from django.urls import path

from sutura.notifications import views

app_name = "notifications"
urlpatterns = [
    path("", views.notification_list, name="list"),
    path("<uuid:notification_id>/open/", views.notification_open, name="open"),
]
