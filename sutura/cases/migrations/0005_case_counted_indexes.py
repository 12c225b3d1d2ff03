from django.contrib.postgres.operations import AddIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    # Built without locking the cases against writes (a million rows: seconds).
    atomic = False

    dependencies = [
        ("cases", "0004_case_types_for_returns"),
    ]

    operations = [
        AddIndexConcurrently(
            model_name="case",
            index=models.Index(
                fields=["programme", "opened_on"],
                include=("closed_on", "organisation", "person", "id", "flags"),
                name="cases_case_counted_programme",
            ),
        ),
        AddIndexConcurrently(
            model_name="case",
            index=models.Index(
                fields=["id"],
                include=("programme", "organisation", "person", "flags"),
                name="cases_case_counted",
            ),
        ),
    ]
