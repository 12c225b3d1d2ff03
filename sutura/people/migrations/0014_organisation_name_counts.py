"""Each organisation's count of its common name words, kept by the bulk recount
(`matching.refresh_frequencies`) so that the registration check stops counting them at each
lookup; filled here once with the SQL the recount runs (at a million people: seconds)."""

from django.db import migrations, models

# As matching.REFRESH_ORGANISATION_COUNTS_SQL with COMMON_WORD_PEOPLE (500) when written; written
# out here so that a later change there never changes what this migration did.
FILL = """
INSERT INTO people_organisationnamecount (organisation_id, word, people)
SELECT organisation_id, word, count(*) FROM people_personnameword
GROUP BY organisation_id, word HAVING count(*) >= 500
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0013_block_key_table")]

    operations = [
        migrations.CreateModel(
            name="OrganisationNameCount",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "organisation_id",
                        "word",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("organisation_id", models.UUIDField()),
                ("word", models.CharField(max_length=80)),
                ("people", models.PositiveIntegerField()),
            ],
        ),
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
    ]
