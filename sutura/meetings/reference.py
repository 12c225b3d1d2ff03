"""The reference data every installation starts with (meeting kinds, training topics), as the
data migration 0002 writes it, for whoever needs it again after a database was emptied (a test
database flushed by a transactional test, the demo on a wiped database). Idempotent."""

from __future__ import annotations

import importlib

from django.apps import apps


def ensure_reference_data() -> None:
    migration = importlib.import_module("sutura.meetings.migrations.0002_reference_data")
    migration.add(apps, None)
