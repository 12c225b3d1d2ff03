from django.db import migrations

FORBID = """
CREATE OR REPLACE FUNCTION caseexport_mapping_frozen_once_used() RETURNS trigger AS $$
BEGIN
    IF OLD.first_used_at IS NULL THEN
        IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
        RETURN NEW;
    END IF;
    IF TG_OP = 'DELETE' OR NEW.first_used_at IS DISTINCT FROM OLD.first_used_at
        OR NEW.code IS DISTINCT FROM OLD.code
        OR NEW.version IS DISTINCT FROM OLD.version
        OR NEW.organisation_id IS DISTINCT FROM OLD.organisation_id
        OR NEW.format_version IS DISTINCT FROM OLD.format_version
        OR NEW.fields IS DISTINCT FROM OLD.fields THEN
        RAISE EXCEPTION 'Export mapping % v% has been used: copy it as a new version', OLD.code,
            OLD.version USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN NEW;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER caseexport_mapping_frozen
    BEFORE UPDATE OR DELETE ON caseexport_exportmapping
    FOR EACH ROW EXECUTE FUNCTION caseexport_mapping_frozen_once_used();
"""

ALLOW = """
DROP TRIGGER IF EXISTS caseexport_mapping_frozen ON caseexport_exportmapping;
DROP FUNCTION IF EXISTS caseexport_mapping_frozen_once_used();
"""


class Migration(migrations.Migration):
    """A mapping used for an export is never edited nor deleted, whatever the code path: exports
    already made name its code and version, which must keep meaning the same fields. Only
    `active`, `name` and `description` may still change. (TRUNCATE, a test flush, stays
    possible.)"""

    dependencies = [("caseexport", "0002_default_mapping")]
    operations = [migrations.RunSQL(FORBID, ALLOW)]
