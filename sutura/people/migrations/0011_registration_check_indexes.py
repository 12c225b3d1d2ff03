"""The indexes the registration check reads (name keys, other phones) without a pending list:
a lookup no longer scans the entries a bulk load left pending (people.models, Person.Meta).
Altered in place (no rebuild at a million people) and the pending entries merged now. And
an index of identity document numbers whatever their type (the check looks a number up so).
"""

from django.contrib.postgres.indexes import GinIndex
from django.db import migrations, models
from django.db.models import F

INDEXES = ("people_person_block_keys", "people_person_other_phones")


class Migration(migrations.Migration):
    dependencies = [("people", "0010_block_keys_from_model")]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[
                migrations.RunSQL(
                    [f"ALTER INDEX {name} SET (fastupdate = off)" for name in INDEXES]
                    + [f"SELECT gin_clean_pending_list('{name}'::regclass)" for name in INDEXES],
                    [f"ALTER INDEX {name} RESET (fastupdate)" for name in INDEXES],
                )
            ],
            state_operations=[
                migrations.RemoveIndex(model_name="person", name="people_person_block_keys"),
                migrations.RemoveIndex(model_name="person", name="people_person_other_phones"),
                migrations.AddIndex(
                    model_name="person",
                    index=GinIndex(
                        F("organisation"),
                        F("block_keys"),
                        name="people_person_block_keys",
                        fastupdate=False,
                    ),
                ),
                migrations.AddIndex(
                    model_name="person",
                    index=GinIndex(
                        fields=["other_phones"], name="people_person_other_phones", fastupdate=False
                    ),
                ),
            ],
        ),
        migrations.AddIndex(
            model_name="identitydocument",
            index=models.Index(fields=["number"], name="people_document_any_number"),
        ),
    ]
