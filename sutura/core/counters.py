"""Gap-free numbering (case numbers, referral numbers), safe under concurrency."""

from __future__ import annotations

from typing import Any

from django.db import models


def next_value(model: type[models.Model], **key: Any) -> int:
    """Take the next number of the counter row `key` of `model` (a model with a `last`
    integer). Call inside a transaction: the row stays locked until it commits."""
    # Insert-if-missing first, so two first numbers of a key cannot both create the row.
    model._default_manager.bulk_create([model(**key)], ignore_conflicts=True)
    counter = model._default_manager.select_for_update().get(**key)
    counter.last += 1  # type: ignore[attr-defined]
    counter.save(update_fields=["last"])
    return int(counter.last)  # type: ignore[attr-defined]
