"""The background job of an export: read the list as its owner, write the file, encrypt it
when it identifies people. Queued by `services.start_export` on commit, on the `long` queue."""

from __future__ import annotations

import logging
from functools import partial
from typing import Any

from django.conf import settings
from django.utils import timezone, translation
from django_tasks import task

from sutura.access.exports import refusal
from sutura.core.tasks import LONG, JobFailed, Progress, failure_recorded
from sutura.exports import registry, sealing, selectors, services, writers
from sutura.exports.models import ExportStatus

logger = logging.getLogger(__name__)

STAGES = (("counting", 5.0), ("writing", 85.0), ("saving", 10.0))


@task(queue_name=LONG)
def write_export(export_id: str) -> dict[str, Any]:
    return run_job(export_id)


def run_job(export_id: Any) -> dict[str, Any]:
    export = selectors.export_for_worker(export_id)
    if export is None or export.status != ExportStatus.QUEUED:
        return {"export": str(export_id), "skipped": True}
    services.sweep_expired()  # the worker keeps the private files tidy as it goes
    services.begin(export)
    progress = Progress(
        lambda done, total, stage: services.save_progress(export, done, total, stage), STAGES
    )
    with failure_recorded("Export", export.pk, partial(services.fail, export), logger):
        rows = _write(export, progress)
    return {"export": str(export.pk), "rows": rows}


def _write(export: Any, progress: Progress) -> int:
    owner = export.owner
    export_list = registry.get(export.list_code)
    if export_list is None:
        raise JobFailed("unknown_list")
    if not owner.is_active or refusal(owner, export_list):
        raise JobFailed("starter_not_allowed")  # lost the right since asking
    progress.begin("counting")
    total = export_list.count(owner, export.filters) or 1
    limit = int(_setting("SUTURA_EXPORT_MAX_ROWS", 200000))
    progress.begin("writing")
    written = 0

    def each() -> None:
        nonlocal written
        written += 1
        if written > limit:
            raise JobFailed("too_many_rows")
        progress(written, total)

    rows = export_list.rows(owner, export.filters)
    # Named in its owner's language (they alone download it), ASCII only for every system.
    with translation.override(owner.preferred_language or settings.LANGUAGE_CODE):
        stem = export_list.file_stem(timezone.localdate())
    if export.format == "xlsx":
        content = writers.write_xlsx(export_list.columns, rows, title=stem, each=each)
    else:
        content = writers.write_csv(
            export_list.columns, rows, hashtags=export.format == "hxl", each=each
        )
    name = f"{stem}.{'csv' if export.format == 'hxl' else export.format}"
    progress.begin("saving")
    password = ""
    if export_list.identifies_people:
        password = sealing.new_password()
        content = writers.encrypted_zip(name, content, password)
        name = f"{stem}.zip"
    services.finish(export, content=content, filename=name, rows=written, password=password)
    return written


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)
