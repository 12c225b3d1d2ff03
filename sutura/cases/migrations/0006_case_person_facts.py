"""The person's sex, birth date and current place copied on each case (`Case.person_sex`,
`person_birth_date`, `person_location`), so the indicators count a programme's cases without
visiting the people (issue 20: the cases active in a quarter, 127,000 probes into a million
people). The columns only: instant (no default to write). `0007_case_person_facts_kept` fills
them and keeps them in step; `0008_case_facts_indexes` reads them from the indexes."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0005_case_counted_indexes"),
        ("geo", "0001_initial"),
        ("people", "0016_name_keys_after_dictionary"),
    ]

    operations = [
        migrations.AddField(
            model_name="case",
            name="person_sex",
            field=models.CharField(default="", editable=False, max_length=12),
        ),
        migrations.AddField(
            model_name="case",
            name="person_birth_date",
            field=models.DateField(editable=False, null=True),
        ),
        migrations.AddField(
            model_name="case",
            name="person_location",
            field=models.ForeignKey(
                db_constraint=False,
                db_index=False,
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.DO_NOTHING,
                related_name="+",
                to="geo.location",
            ),
        ),
    ]
