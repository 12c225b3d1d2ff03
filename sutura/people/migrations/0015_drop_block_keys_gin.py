"""The GIN index the key table (people/0013) replaced, dropped concurrently: a plain DROP INDEX
takes a lock that stops every read of the people while a long report query holds its own, and
every page queues behind it."""

from django.db import migrations

RECREATE = (
    "CREATE INDEX CONCURRENTLY IF NOT EXISTS people_person_block_keys ON people_person "
    "USING gin (organisation_id, block_keys) WITH (fastupdate = off)"
)


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("people", "0014_organisation_name_counts")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    "DROP INDEX CONCURRENTLY IF EXISTS people_person_block_keys", RECREATE
                )
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="person", name="people_person_block_keys")
            ],
        )
    ]
