from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "Wrong username or password. Check both (the password is case-sensitive) and try again."
        ),
        "inactive": _("This account is disabled. Ask your administrator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=_("Language"), choices=[("fr", _("French")), ("en", _("English"))]
    )


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=32,
        help_text=_("The 6 digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autocapitalize": "none", "autofocus": True}
        ),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=12,
        help_text=_("After adding the account to your app, type the 6 digits it shows."),
        widget=forms.TextInput(
            # No autofocus: on a phone the keyboard would cover the QR code and the steps above.
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}
        ),
    )


class ProofForm(forms.Form):
    """An enrolled user proves it is them before replacing the app or renewing codes."""

    proof = forms.CharField(
        label=_("Your password or a current code"),
        max_length=4096,
        strip=False,
        help_text=_("To make sure it is you: your password, or a code from your app."),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class ReplaceForm(ProofForm, EnrolForm):
    """Moving to a new phone: the proof, then the first code from the new app."""

    field_order = ["proof", "code"]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Token name"),
        max_length=100,
        help_text=_("Where you will use it, e.g. “data sync laptop”."),
    )
