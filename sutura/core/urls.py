from django.urls import path

from sutura.core import views

urlpatterns = [path("", views.home, name="home")]
