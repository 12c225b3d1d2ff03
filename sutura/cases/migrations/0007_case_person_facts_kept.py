"""The person's facts on each case filled, then kept in step by two triggers:

- on the case (before each insert, and each update that changes its person or the copied
  facts — a form saving what it read before the person changed, a merge moving the case to
  the kept file): the facts read from the person's row, locked FOR SHARE so that a change of
  the person committed meanwhile is waited for and read, never missed;
- on the people (after an update statement, with transition tables like the block keys'
  `people/0013`: a bulk update is one `UPDATE … FROM`): the cases of every person whose sex,
  birth date or current place changed (an edit, a merge filling the kept file, an undo, an
  anonymisation).

Both tables are locked against writes (reads go on) while the cases are filled in one
statement, before the triggers exist (the case's trigger would lock each person in turn);
no write is missed since the triggers are created in the same transaction. At a million
cases: about a minute (see bench/README.md). The cases' dead rows left by the filling are
autovacuum's (`VACUUM cases_case` at once lets the indicators read the covering indexes
alone again).
"""

from django.db import migrations

FACTS_CHANGED = (
    "c.person_sex IS DISTINCT FROM p.sex"
    " OR c.person_birth_date IS DISTINCT FROM p.birth_date"
    " OR c.person_location_id IS DISTINCT FROM p.current_location_id"
)

FILL = f"""
LOCK TABLE people_person, cases_case IN SHARE ROW EXCLUSIVE MODE;
UPDATE cases_case c
SET person_sex = p.sex, person_birth_date = p.birth_date,
    person_location_id = p.current_location_id
FROM people_person p
WHERE p.id = c.person_id AND ({FACTS_CHANGED});
"""

TRIGGERS = f"""
CREATE FUNCTION cases_case_person_facts() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    SELECT p.sex, p.birth_date, p.current_location_id
    INTO NEW.person_sex, NEW.person_birth_date, NEW.person_location_id
    FROM people_person p WHERE p.id = NEW.person_id
    FOR SHARE;
    RETURN NEW;
END $$;

CREATE TRIGGER cases_case_person_facts_inserted BEFORE INSERT ON cases_case
    FOR EACH ROW EXECUTE FUNCTION cases_case_person_facts();
CREATE TRIGGER cases_case_person_facts_updated BEFORE UPDATE ON cases_case
    FOR EACH ROW WHEN (
        NEW.person_id IS DISTINCT FROM OLD.person_id
        OR NEW.person_sex IS DISTINCT FROM OLD.person_sex
        OR NEW.person_birth_date IS DISTINCT FROM OLD.person_birth_date
        OR NEW.person_location_id IS DISTINCT FROM OLD.person_location_id
    )
    EXECUTE FUNCTION cases_case_person_facts();

CREATE FUNCTION cases_person_facts_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE cases_case c
    SET person_sex = p.sex, person_birth_date = p.birth_date,
        person_location_id = p.current_location_id
    FROM new_people p JOIN old_people o ON o.id = p.id
    WHERE c.person_id = p.id
      AND (o.sex IS DISTINCT FROM p.sex
           OR o.birth_date IS DISTINCT FROM p.birth_date
           OR o.current_location_id IS DISTINCT FROM p.current_location_id)
      AND ({FACTS_CHANGED});
    RETURN NULL;
END $$;

CREATE TRIGGER cases_person_facts_changed AFTER UPDATE ON people_person
    REFERENCING OLD TABLE AS old_people NEW TABLE AS new_people
    FOR EACH STATEMENT EXECUTE FUNCTION cases_person_facts_changed();
"""

DROP = """
DROP TRIGGER cases_person_facts_changed ON people_person;
DROP FUNCTION cases_person_facts_changed();
DROP TRIGGER cases_case_person_facts_updated ON cases_case;
DROP TRIGGER cases_case_person_facts_inserted ON cases_case;
DROP FUNCTION cases_case_person_facts();
"""


class Migration(migrations.Migration):
    dependencies = [("cases", "0006_case_person_facts")]

    operations = [
        migrations.RunSQL(FILL, migrations.RunSQL.noop),
        migrations.RunSQL(TRIGGERS, DROP),
    ]
