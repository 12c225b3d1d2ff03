"""Row scoping: which records of a model a user may see."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.db import models
from django.http import Http404

from sutura.access.permissions import signed_in

M = TypeVar("M", bound=models.Model)
Scope = Callable[[Any, models.QuerySet[Any]], models.QuerySet[Any]]

_SCOPES: dict[type[models.Model], Scope] = {}


def register_scope(model: type[models.Model]) -> Callable[[Scope], Scope]:
    """Declare how `model` is scoped (each domain in its module: `access/<domain>.py`)."""

    def decorator(function: Scope) -> Scope:
        if model in _SCOPES and _SCOPES[model] is not function:
            # Two rules for one model: the later would silently replace the earlier.
            raise ImproperlyConfigured(
                f"{model.__name__} already has its access rule "
                f"({_SCOPES[model].__module__}.{_SCOPES[model].__qualname__})"
            )
        _SCOPES[model] = function
        return function

    return decorator


def visible(user: Any, model_or_queryset: type[M] | models.QuerySet[M]) -> models.QuerySet[M]:
    """The rows of a model (or of a narrower queryset) that `user` may see."""
    if isinstance(model_or_queryset, models.QuerySet):
        queryset = model_or_queryset
    else:
        queryset = model_or_queryset._default_manager.all()
    if not signed_in(user):
        return queryset.none()
    scope = _SCOPES.get(queryset.model)
    if scope is None:
        return queryset.none()  # fail closed: an unregistered model shows nothing
    return scope(user, queryset)


def get_visible_or_404(
    user: Any, model_or_queryset: type[M] | models.QuerySet[M], **lookup: Any
) -> M:
    try:
        return visible(user, model_or_queryset).get(**lookup)
    except (models.ObjectDoesNotExist, ValueError, TypeError, ValidationError) as error:
        raise Http404 from error  # a malformed id is "not found" too
    except models.Model.MultipleObjectsReturned as error:  # type: ignore[attr-defined]
        raise Http404 from error
