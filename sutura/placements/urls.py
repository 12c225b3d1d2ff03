from django.urls import path

from sutura.placements import views

app_name = "placements"

urlpatterns = [
    path("", views.offer_list, name="list"),
    path("offers/new/", views.offer_new, name="offer_new"),
    path("offers/<uuid:pk>/", views.offer_detail, name="detail"),
    path("offers/<uuid:pk>/edit/", views.offer_edit, name="edit"),
    path("offers/<uuid:pk>/propose/", views.propose, name="propose"),
    path("proposals/<uuid:pk>/", views.proposal_detail, name="proposal"),
    path("proposals/<uuid:pk>/outcome/", views.outcome, name="outcome"),
    path("employers/", views.employers, name="employers"),
]
