from django.urls import path

from sutura.referrals import views

app_name = "referrals"
urlpatterns = [
    path("<uuid:pk>/", views.referral_detail, name="detail"),
]
