from django.urls import path

from sutura.accounts import views

app_name = "accounts"
urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("login/code/", views.two_factor_verify, name="two_factor_verify"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("me/", views.profile, name="profile"),
    path("me/two-factor/", views.two_factor, name="two_factor"),
    path("me/tokens/", views.api_tokens, name="tokens"),
    path("me/tokens/<str:prefix>/revoke/", views.revoke_api_token, name="revoke_token"),
    path("session/", views.stay_signed_in, name="stay_signed_in"),
]
