"""Locking a row a service was handed, before it changes it."""

from __future__ import annotations

from typing import TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)


def locked(instance: M, *related: str) -> M:
    """The same row, read again FOR UPDATE (with `related` rows joined, not locked), so two
    concurrent steps on it run one after the other and the second sees the first's result.

    The caller got `instance` through the access layer; this reads nothing else (the access
    guard test allows this one module for that reason)."""
    manager = type(instance)._default_manager
    return manager.select_for_update(of=("self",)).select_related(*related).get(pk=instance.pk)


def set_once(instance: models.Model, field: str, value: object) -> bool:
    """Set `field` on the row only if it is still empty there, without a save (no version,
    no signal): True when this call set it, False when another process did first."""
    manager = type(instance)._default_manager
    unset = manager.filter(pk=instance.pk, **{f"{field}__isnull": True})
    return bool(unset.update(**{field: value}))
