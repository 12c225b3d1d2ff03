"""The reference data every installation starts with (meeting kinds, training topics), as the
data migration 0002 writes it, for whoever needs it again after a database was emptied (a test
database flushed by a transactional test, the demo on a wiped database). Idempotent, and
writes nothing when every row is there."""

from __future__ import annotations

import importlib

from django.db import DEFAULT_DB_ALIAS

from sutura.meetings.models import MeetingKind, TrainingTopic


def ensure_reference_data(using: str = DEFAULT_DB_ALIAS) -> None:
    migration = importlib.import_module("sutura.meetings.migrations.0002_reference_data")
    kinds = [row[0] for row in migration.KINDS]
    topics = [row[0] for row in migration.TOPICS]
    if MeetingKind.objects.using(using).filter(code__in=kinds).count() == len(kinds) and (
        TrainingTopic.objects.using(using).filter(code__in=topics).count() == len(topics)
    ):
        return
    for order, (code, fr, en, training, counted) in enumerate(migration.KINDS, start=1):
        MeetingKind.objects.using(using).update_or_create(
            code=code,
            defaults={
                "name_fr": fr,
                "name_en": en,
                "is_training": training,
                "counts_by_default": counted,
                "order": order * 10,
                "app": "meetings",
            },
        )
    for order, (code, fr, en) in enumerate(migration.TOPICS, start=1):
        TrainingTopic.objects.using(using).update_or_create(
            code=code, defaults={"name_fr": fr, "name_en": en, "order": order * 10}
        )
