from django.urls import path

from sutura.feedback import views

app_name = "feedback"

urlpatterns = [
    path("items/<uuid:pk>/", views.item, name="item"),
]
