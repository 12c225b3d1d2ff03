from django.urls import path

from sutura.geo import views

app_name = "geo"
urlpatterns = [path("picker/", views.picker, name="picker")]
