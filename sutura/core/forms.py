"""Helpers shared by every app's forms and views."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.utils.functional import cached_property

T = TypeVar("T")


def run_service(form: forms.Form, action: Callable[[], T]) -> T | None:
    """Call a service; put its validation errors next to the form's fields (or on top).

    Returns the service's result, or None when it refused (the form then shows why and keeps
    everything the user typed).
    """
    try:
        return action()
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, errors in error.error_dict.items():
                form.add_error(field if field in form.fields else None, errors)
        else:
            form.add_error(None, error)
    except PermissionDenied as error:
        if not str(error):
            raise
        form.add_error(None, str(error))
    return None


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class CappedPaginator(Paginator):
    """Counts at most `cap` rows: a search matching 16,000 people says "1,000+" instead of
    counting them all (at a million people, the count would cost more than the page)."""

    cap = 1000

    @cached_property
    def count(self) -> int:
        return self.object_list[: self.cap + 1].count()  # type: ignore[attr-defined]

    @property
    def capped(self) -> bool:
        return self.count > self.cap


class ListPaginator(CappedPaginator):
    """A list without a search counts up to 10,000 rows (400 pages): beyond, the page says
    "more than 10,000" and the filters narrow it (the exact count of an organisation's 200,000
    cases cost 33 ms of database time on every page: bench/README.md)."""

    cap = 10000
