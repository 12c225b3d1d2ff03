"""The forms of an item's workflow steps: one small form per step, each posting the version of
the item the page showed (a step on an item changed since is refused, nothing typed is lost).

Forms explain input errors; the rules (who may take a step, from which status, who may be
given the item) live in `services/workflow.py`, whose refusals `core.forms.run_service` puts
next to these fields.
"""

from __future__ import annotations

from typing import Any, ClassVar, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from sutura.feedback.models import Category, Closure, FeedbackItem, StepKind

# The steps by the name in their address (page and API: …/items/<id>/<name>/), in the order a
# page offers them, and the workflow's step each one takes.
STEP_KINDS: dict[str, str] = {
    "acknowledge": StepKind.ACKNOWLEDGED,
    "assign": StepKind.ASSIGNED,
    "respond": StepKind.RESPONDED,
    "refer": StepKind.REFERRED,
    "close": StepKind.CLOSED,
    "reopen": StepKind.REOPENED,
    "reclassify": StepKind.RECLASSIFIED,
}


def step_names(kinds: list[str]) -> list[str]:
    """The names of the steps `workflow.available_steps` gives (as step kinds)."""
    offered = set(kinds)
    return [name for name, kind in STEP_KINDS.items() if kind in offered]


NOTE_MAX = 4000
RESPONSE_MAX = 8000
VERSION_MAX = 2**31 - 1


def _choices(form: forms.Form, name: str) -> forms.ChoiceField:
    return cast(forms.ChoiceField, form.fields[name])


def _textarea() -> forms.Textarea:
    return forms.Textarea(attrs={"rows": 3})


def _why(label: Any, *, required: bool = True) -> forms.CharField:
    return forms.CharField(
        label=label, max_length=NOTE_MAX, required=required, widget=_textarea(), strip=True
    )


class StepForm(forms.Form):
    """One step: its name is the form's prefix (several forms share the page)."""

    step: ClassVar[str] = ""
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, max_value=VERSION_MAX)

    def __init__(self, data: Any = None, *, item: FeedbackItem, **kwargs: Any) -> None:
        super().__init__(data, prefix=self.step, initial={"version": item.version}, **kwargs)
        self.item = item

    def show_version(self, version: int) -> None:
        """Shown again after a refusal: the page shows the item as it is now, so a new post
        answers that version (what the user typed stays)."""
        if self.is_bound:
            data = cast(Any, self.data).copy()  # a QueryDict: its copy may change
            data[self.add_prefix("version")] = str(version)
            self.data = data

    def arguments(self) -> dict[str, Any]:
        """The service's keyword arguments (besides `actor` and `item`)."""
        data = dict(self.cleaned_data)
        data["expected_version"] = data.pop("version")
        return data


class AcknowledgeForm(StepForm):
    step = "acknowledge"
    note = _why(_("Note (optional)"), required=False)


class AssignForm(StepForm):
    step = "assign"
    handler = forms.ChoiceField(
        label=_("Handler"),
        help_text=_("Only the handler reads the complainant's identity."),
    )
    note = _why(_("Note (optional)"), required=False)

    def __init__(self, data: Any = None, *, item: FeedbackItem, handlers: list[Any]) -> None:
        super().__init__(data, item=item)
        self.handlers = {str(user.pk): user for user in handlers}
        _choices(self, "handler").choices = [
            ("", "—"),
            *((pk, user.get_full_name() or user.username) for pk, user in self.handlers.items()),
        ]
        if not handlers:
            self.fields["handler"].help_text = _(
                "Nobody of your organisation may handle this item: a sensitive item goes to a "
                "designated PSEA focal point only, never to someone it implicates."
            )

    def arguments(self) -> dict[str, Any]:
        data = super().arguments()
        data["handler"] = self.handlers[data["handler"]]
        return data


class RespondForm(StepForm):
    step = "respond"
    response = forms.CharField(
        label=_("Response given to the complainant"),
        max_length=RESPONSE_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class ReferForm(StepForm):
    step = "refer"
    organisation = forms.ChoiceField(label=_("To another organisation"), required=False)
    channel = forms.CharField(
        label=_("Or to an investigation channel"),
        max_length=200,
        required=False,
        help_text=_("For example the agency's investigation unit, with how it was reached."),
    )
    note = _why(_("Why is it referred?"))

    def __init__(self, data: Any = None, *, item: FeedbackItem, organisations: list[Any]) -> None:
        super().__init__(data, item=item)
        self.organisations = {str(org.pk): org for org in organisations}
        _choices(self, "organisation").choices = [
            ("", "—"),
            *((pk, org.name) for pk, org in self.organisations.items()),
        ]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organisation") and not data.get("channel"):
            self.add_error(
                "organisation", _("Choose an organisation, or name the investigation channel.")
            )
        return data

    def arguments(self) -> dict[str, Any]:
        data = super().arguments()
        data["organisation"] = self.organisations.get(data["organisation"] or "")
        return data


class CloseForm(StepForm):
    step = "close"
    closure = forms.ChoiceField(label=_("Was the complainant informed of the outcome?"))
    note = _why(_("Note (optional)"), required=False)

    def __init__(self, data: Any = None, *, item: FeedbackItem) -> None:
        super().__init__(data, item=item)
        offered = [Closure.INFORMED, Closure.UNREACHABLE]
        if item.anonymous:
            offered.append(Closure.NO_CONTACT)
        _choices(self, "closure").choices = [("", "—"), *((c.value, c.label) for c in offered)]


class ReopenForm(StepForm):
    step = "reopen"
    note = _why(_("Why is it reopened?"))


class ReclassifyForm(StepForm):
    step = "reclassify"
    category = forms.ChoiceField(
        label=_("New category"),
        help_text=_(
            "A confidential category (sexual exploitation and abuse, fraud): the item will "
            "leave the lists of everyone but the PSEA focal points, at once."
        ),
    )
    note = _why(_("Why does the category change?"))

    def __init__(self, data: Any = None, *, item: FeedbackItem, categories: list[Category]) -> None:
        super().__init__(data, item=item)
        self.categories = {str(c.pk): c for c in categories if c.pk != item.category_id}
        _choices(self, "category").choices = [
            ("", "—"),
            *((pk, _label(category)) for pk, category in self.categories.items()),
        ]

    def arguments(self) -> dict[str, Any]:
        data = super().arguments()
        data["category"] = self.categories[data["category"]]
        return data


def _label(category: Category) -> str:
    if category.sensitive:
        return str(_("%(category)s (confidential: PSEA focal points only)")) % {
            "category": category
        }
    return str(category)
