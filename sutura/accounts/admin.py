"""Administrators manage users and organisations in Django's admin (translated, responsive)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import UserChangeForm, UserCreationForm
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static import admin as otp_static_admin
from django_otp.plugins.otp_totp import admin as otp_totp_admin

from sutura.accounts import throttle, twofactor
from sutura.accounts.models import LoginThrottle, Organisation, User
from sutura.accounts.roles import Role

admin.site.site_header = _("Sutura — administration")
admin.site.site_title = _("Sutura administration")
admin.site.index_title = _("Users, organisations and reference data")


# django-otp's own admin pages show the authenticator secrets and recovery codes to staff and
# let them add codes unaudited: gone. Staff reset a user's second factor with the audited
# action on users instead. (Importing the modules first makes sure they registered.)
for device_model in (otp_totp_admin.TOTPDevice, otp_static_admin.StaticDevice):
    if admin.site.is_registered(device_model):
        admin.site.unregister(device_model)


class RolesFormMixin(forms.ModelForm):
    roles = forms.MultipleChoiceField(
        label=_("roles"), choices=Role.choices, widget=forms.CheckboxSelectMultiple, required=False
    )


class SuturaUserChangeForm(RolesFormMixin, UserChangeForm):
    class Meta(UserChangeForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = (
            "username",
            "password",
            "must_change_password",
            "first_name",
            "last_name",
            "email",
            "preferred_language",
            "organisation",
            "roles",
            "areas",
            "reports_to",
            "is_active",
            "is_staff",
            "is_superuser",
        )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # A line manager is an active user of the same organisation (not the user).
        field: Any = self.fields.get("reports_to")
        if field is not None:
            user = self.instance
            field.queryset = (
                User.objects.filter(organisation_id=user.organisation_id, is_active=True)
                .exclude(pk=user.pk)
                .order_by("last_name", "first_name", "username")
                if user.organisation_id
                else User.objects.none()
            )
            field.help_text = _(
                "The user's line manager, in the same organisation. A complaint that "
                "implicates the user is kept from everyone up this line."
            )

    def clean_reports_to(self) -> Any:
        manager = self.cleaned_data.get("reports_to")
        if manager is None:
            return None
        boss, seen = manager, 0
        while boss is not None and seen < 20:
            if boss.pk == self.instance.pk:
                raise forms.ValidationError(
                    _("%(name)s already reports to this user, directly or up the line.")
                    % {"name": manager.get_full_name() or manager.get_username()}
                )
            boss, seen = boss.reports_to, seen + 1
        return manager


class SuturaUserCreationForm(RolesFormMixin, UserCreationForm):
    class Meta(UserCreationForm.Meta):  # type: ignore[name-defined]
        model = User
        fields = ("username", "first_name", "last_name", "email", "organisation", "roles")


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    form = SuturaUserChangeForm
    add_form = SuturaUserCreationForm
    list_display = ("username", "full_name", "organisation", "role_list", "is_active", "last_login")
    list_filter = ("is_active", "organisation", "is_staff")
    search_fields = ("username", "first_name", "last_name", "email", "organisation__name")
    autocomplete_fields = ("organisation", "areas")
    fieldsets = (
        (None, {"fields": ("username", "password", "must_change_password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "email", "preferred_language")}),
        (_("Work"), {"fields": ("organisation", "roles", "areas", "reports_to")}),
        (
            _("Status"),
            {"fields": ("is_active", "is_staff", "is_superuser", "last_login", "date_joined")},
        ),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": (
                    "username",
                    "first_name",
                    "last_name",
                    "email",
                    "organisation",
                    "roles",
                    "password1",
                    "password2",
                ),
            },
        ),
    )
    readonly_fields = ("last_login", "date_joined")
    actions = ["reset_two_factor"]

    @admin.action(description=_("Reset two-factor login (lost phone)"))
    def reset_two_factor(self, request: HttpRequest, queryset: Any) -> None:
        for user in queryset:
            twofactor.reset(actor=request.user, user=user)
        self.message_user(
            request,
            _("Two-factor login reset for %(count)d user(s): they set it up again at next login.")
            % {"count": len(queryset)},
        )

    @admin.display(description=_("name"), ordering="last_name")
    def full_name(self, user: User) -> str:
        return user.get_full_name()

    @admin.display(description=_("roles"))
    def role_list(self, user: User) -> str:
        return ", ".join(user.role_labels())

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        """An administrator's reset: the user must choose their own password at next login."""
        response = super().user_change_password(request, id, form_url)
        if request.method == "POST" and response.status_code == 302:
            user = User.objects.get(pk=id)
            user.must_change_password = True
            user.save(update_fields=["must_change_password"])
        return response

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Users are deactivated, never deleted: the audit log keeps pointing at them.
        return False


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "type", "country", "is_active")
    fields = (
        "name",
        "acronym",
        "type",
        "country",
        "case_managers_see_all_cases",
        "is_active",
    )
    list_filter = ("type", "country", "is_active")
    search_fields = ("name", "acronym")
    autocomplete_fields = ("country",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(LoginThrottle)
class LoginThrottleAdmin(admin.ModelAdmin):
    """Sign-in holds after failed logins; an administrator lifts them (audited)."""

    list_display = ("kind", "key", "failures", "last_failure_at", "blocked_until")
    list_filter = ("kind",)
    search_fields = ("key",)
    actions = ["lift_hold"]

    @admin.action(description=_("Lift the hold (allow sign-in attempts again)"))
    def lift_hold(self, request: HttpRequest, queryset: Any) -> None:
        count = throttle.lift(actor=request.user, throttles=queryset)
        self.message_user(request, _("%(count)d hold(s) lifted.") % {"count": count})

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # lifting goes through the audited action
