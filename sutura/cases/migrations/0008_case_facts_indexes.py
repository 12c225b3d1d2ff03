"""The indicators' covering indexes on cases with the person's facts (`0006`): a programme's
cases, and the case of a referral or a plan, read with the person's sex, birth date and place
from the index alone. The new ones built before the old ones go, concurrently (no lock against
writes; at a million cases, seconds each)."""

from django.contrib.postgres.operations import AddIndexConcurrently, RemoveIndexConcurrently
from django.db import migrations, models


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("cases", "0007_case_person_facts_kept")]

    operations = [
        AddIndexConcurrently(
            model_name="case",
            index=models.Index(
                fields=["programme", "opened_on"],
                include=(
                    "closed_on",
                    "organisation",
                    "person",
                    "flags",
                    "person_sex",
                    "person_birth_date",
                    "person_location",
                    "id",
                ),
                name="cases_case_facts_programme",
            ),
        ),
        AddIndexConcurrently(
            model_name="case",
            index=models.Index(
                fields=["id"],
                include=(
                    "programme",
                    "closed_on",
                    "organisation",
                    "person",
                    "flags",
                    "person_sex",
                    "person_birth_date",
                    "person_location",
                ),
                name="cases_case_facts",
            ),
        ),
        RemoveIndexConcurrently(model_name="case", name="cases_case_counted_programme"),
        RemoveIndexConcurrently(model_name="case", name="cases_case_counted"),
    ]
