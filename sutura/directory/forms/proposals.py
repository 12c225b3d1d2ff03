"""Forms of the proposals: a service's values with a word for the reviewer, a quick report
(closed, or still right), and the review."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.directory.forms.entries import TEXTAREA, ServiceForm
from sutura.directory.models import ChangeKind


class ProposalForm(ServiceForm):
    comment = forms.CharField(
        label=_("Why, and how you know (for the reviewer)"), required=False, widget=TEXTAREA
    )


class QuickProposalForm(forms.Form):
    """Report an entry as no longer offered, or confirm it is still right."""

    kind = forms.ChoiceField(
        label=_("What did you find?"),
        choices=[
            (ChangeKind.VERIFY.value, _("I checked: the entry is still right")),
            (ChangeKind.CLOSE.value, _("The service is no longer offered")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Why, and how you know (for the reviewer)"), required=False, widget=TEXTAREA
    )


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment (required to reject)"), required=False, widget=TEXTAREA
    )
