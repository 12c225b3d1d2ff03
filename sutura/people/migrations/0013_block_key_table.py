"""The registration check's candidates found on a narrow table of (organisation, key, person)
kept by triggers (`PersonBlockKey`: the name keys and the phones), instead of the GIN index on
the wide person rows.

The triggers are statement-level, with transition tables, so that a bulk load of a million
people fills the table in one `INSERT … SELECT` rather than a million calls; an update touches
only the people whose keys, organisation or merge changed. They are created before the
backfill, in the same transaction: creating them locks the people against writes until the
commit, so no person written meanwhile is missed: writes of people wait for the migration (at a
million people, 1 min 39 s; reads go on). The GIN index it replaces is dropped by 0015,
concurrently.
"""

from django.db import migrations, models

# A person's keys: the name keys (`Person.block_keys`) and each phone, as "tel:" and the number
# as written (`duplicates.PHONE_KEY`): a phone is looked up by the same index, with estimates
# PostgreSQL can trust (the GIN index of the other phones has none while they are rare).
KEYS_ARRAY = (
    "n.block_keys"
    " || ARRAY['tel:' || NULLIF(n.phone, '')]"
    " || ARRAY(SELECT 'tel:' || p FROM unnest(n.other_phones) AS p WHERE p <> '')"
)
KEYS_OF = f"""
    SELECT DISTINCT n.id, n.organisation_id, k.key
    FROM {{rows}} n CROSS JOIN LATERAL unnest({KEYS_ARRAY}) AS k(key)
    WHERE n.merged_into_id IS NULL AND k.key IS NOT NULL
"""

# A person whose keys, phones, organisation or merge changed (an update of anything else keeps
# them).
CHANGED = (
    "o.block_keys IS DISTINCT FROM n.block_keys"
    " OR o.phone IS DISTINCT FROM n.phone"
    " OR o.other_phones IS DISTINCT FROM n.other_phones"
    " OR o.organisation_id IS DISTINCT FROM n.organisation_id"
    " OR o.merged_into_id IS DISTINCT FROM n.merged_into_id"
)

FUNCTIONS = f"""
CREATE FUNCTION people_block_keys_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO people_personblockkey (person_id, organisation_id, key)
    {KEYS_OF.format(rows="new_people")};
    RETURN NULL;
END $$;

CREATE FUNCTION people_block_keys_updated() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM people_personblockkey b
    USING new_people n JOIN old_people o ON o.id = n.id
    WHERE b.person_id = n.id AND ({CHANGED});
    INSERT INTO people_personblockkey (person_id, organisation_id, key)
    SELECT DISTINCT n.id, n.organisation_id, k.key
    FROM new_people n JOIN old_people o ON o.id = n.id
    CROSS JOIN LATERAL unnest({KEYS_ARRAY}) AS k(key)
    WHERE ({CHANGED}) AND n.merged_into_id IS NULL AND k.key IS NOT NULL;
    RETURN NULL;
END $$;

CREATE FUNCTION people_block_keys_deleted() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM people_personblockkey b USING old_people o WHERE b.person_id = o.id;
    RETURN NULL;
END $$;

CREATE TRIGGER people_block_keys_inserted AFTER INSERT ON people_person
    REFERENCING NEW TABLE AS new_people
    FOR EACH STATEMENT EXECUTE FUNCTION people_block_keys_inserted();
CREATE TRIGGER people_block_keys_updated AFTER UPDATE ON people_person
    REFERENCING OLD TABLE AS old_people NEW TABLE AS new_people
    FOR EACH STATEMENT EXECUTE FUNCTION people_block_keys_updated();
CREATE TRIGGER people_block_keys_deleted AFTER DELETE ON people_person
    REFERENCING OLD TABLE AS old_people
    FOR EACH STATEMENT EXECUTE FUNCTION people_block_keys_deleted();
"""

BACKFILL = f"""
INSERT INTO people_personblockkey (person_id, organisation_id, key)
{KEYS_OF.format(rows="people_person")};
ANALYZE people_personblockkey;
"""

DROP = """
DROP TRIGGER people_block_keys_inserted ON people_person;
DROP TRIGGER people_block_keys_updated ON people_person;
DROP TRIGGER people_block_keys_deleted ON people_person;
DROP FUNCTION people_block_keys_inserted();
DROP FUNCTION people_block_keys_updated();
DROP FUNCTION people_block_keys_deleted();
"""


class Migration(migrations.Migration):
    dependencies = [("people", "0012_person_counted_index")]

    operations = [
        migrations.CreateModel(
            name="PersonBlockKey",
            fields=[
                (
                    "pk",
                    models.CompositePrimaryKey(
                        "person_id",
                        "key",
                        blank=True,
                        editable=False,
                        primary_key=True,
                        serialize=False,
                    ),
                ),
                ("person_id", models.UUIDField()),
                ("organisation_id", models.UUIDField()),
                ("key", models.TextField()),
            ],
        ),
        migrations.RunSQL(FUNCTIONS, DROP),
        migrations.RunSQL(BACKFILL, migrations.RunSQL.noop),
        migrations.AddIndex(
            model_name="personblockkey",
            index=models.Index(
                fields=["organisation_id", "key", "person_id"], name="people_blockkey_lookup"
            ),
        ),
    ]
