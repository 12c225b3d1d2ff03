"""Cases given a mentor before assignments were recorded (through the case's form) get an
assignment behind that mentor: purpose "other", from the day the case opened, for 90 days, by
the case manager. The focal point or case manager then sets the real purpose and period."""

import datetime

from django.db import migrations
from django.utils import timezone


def record(apps, schema_editor):
    case_model = apps.get_model("cases", "Case")
    assignment_model = apps.get_model("mentoring", "Assignment")
    today = timezone.localdate()
    for case in case_model.objects.filter(mentor__isnull=False).iterator():
        if assignment_model.objects.filter(case_id=case.pk, ended_on__isnull=True).exists():
            continue
        assignment_model.objects.create(
            case_id=case.pk,
            mentor_id=case.mentor_id,
            organisation_id=case.organisation_id,
            purpose="other",
            starts_on=min(case.opened_on, today),
            ends_on=today + datetime.timedelta(days=90),
            assigned_by_id=case.case_manager_id,
        )


class Migration(migrations.Migration):
    dependencies = [("mentoring", "0001_initial"), ("cases", "0003_transition_cause")]

    operations = [migrations.RunPython(record, migrations.RunPython.noop)]
