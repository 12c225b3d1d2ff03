from django.urls import path

from sutura.returns import views

app_name = "returns"

urlpatterns = [
    path("", views.return_list, name="list"),
    path("open/<uuid:case_pk>/", views.open_return, name="open"),
    path("<uuid:pk>/", views.detail, name="detail"),
    path("<uuid:pk>/<slug:name>/", views.step, name="step"),
]
