"""Each person named as implicated keeps away the line they had when named (leak review): the
rows already held take the line as it stands now."""

from typing import Any

import django.contrib.postgres.fields
from django.db import migrations, models


def _lines(apps: Any, schema_editor: Any) -> None:
    implicated = apps.get_model("feedback", "Implicated")
    user_model = apps.get_model("accounts", "User")
    volunteer_model = apps.get_model("mentoring", "Volunteer")
    for row in implicated.objects.filter(user__isnull=False):
        kept = {row.user_id}
        boss = user_model.objects.filter(pk=row.user_id).values_list("reports_to_id", flat=True)[0]
        for _level in range(3):
            if boss is None:
                break
            kept.add(boss)
            boss = user_model.objects.filter(pk=boss).values_list("reports_to_id", flat=True)[0]
        focal = (
            volunteer_model.objects.filter(user_id=row.user_id)
            .values_list("focal_point_id", flat=True)
            .first()
        )
        if focal is not None:
            kept.add(focal)
            above = user_model.objects.filter(pk=focal).values_list("reports_to_id", flat=True)[0]
            if above is not None:
                kept.add(above)
        row.kept_away = sorted(kept)
        row.save(update_fields=["kept_away"])


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0004_step_choices"),
        ("mentoring", "0001_initial"),
    ]

    operations = [
        migrations.AddField(
            model_name="implicated",
            name="kept_away",
            field=django.contrib.postgres.fields.ArrayField(
                base_field=models.BigIntegerField(),
                blank=True,
                default=list,
                editable=False,
                size=None,
            ),
        ),
        migrations.RunPython(_lines, migrations.RunPython.noop),
    ]
