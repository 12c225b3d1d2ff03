"""The old address of a merged file (sutura.dedup): every page under a person's id says the
file was merged and links to the file kept — 410 Gone — for whoever may open the file kept;
anyone else gets the page's own 404, so nobody learns that either file exists."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from sutura.people.selectors import kept_file_of


def follows_merge(view: Callable[..., Any]) -> Callable[..., Any]:
    """Wrap a view whose URL names `person_id`: its 404 for a merged file becomes the
    "File merged" page (the read of the kept file is logged by `kept_file_of`)."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        try:
            return view(request, *args, **kwargs)
        except Http404:
            kept = kept_file_of(request.user, kwargs["person_id"])
            if kept is None:
                raise
            return merged_page(request, kept)

    return wrapped


def merged_page(request: HttpRequest, kept: Any) -> HttpResponse:
    return render(request, "people/merged.html", {"kept": kept}, status=410)
