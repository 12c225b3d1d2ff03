from django.db import migrations

# The canonical content of an entry, hashed with its position and the previous link's hash.
# sutura/audit/chain.py holds the same expression for `verify_audit`; the chain's tests fail if
# the two ever differ. Times are written in UTC whatever the session's time zone.
CHAIN = r"""
CREATE FUNCTION audit_entry_digest(e audit_auditentry, chain_position bigint, previous_hash text)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(jsonb_build_array(
        chain_position, previous_hash, e.id,
        to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.action, e.actor_id, e.actor_username, e.organisation_id, host(e.ip_address),
        e.content_type_id, e.object_id, e.object_label, e.changes, e.detail
    )::text, 'UTF8')), 'hex')
$$;

-- Runs at COMMIT (deferred), as the table's owner (SECURITY DEFINER): the app's role cannot
-- write links itself. The advisory lock is held only from here to the end of the commit, after
-- every other lock of the transaction was taken, so it never joins a deadlock.
CREATE FUNCTION audit_seal_entry() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    last_position bigint;
    last_hash text;
BEGIN
    PERFORM pg_advisory_xact_lock(7261013);
    SELECT position, entry_hash INTO last_position, last_hash
        FROM audit_chainlink ORDER BY position DESC LIMIT 1;
    IF NOT FOUND THEN
        last_position := 0;
        last_hash := repeat('0', 64);
    END IF;
    INSERT INTO audit_chainlink (entry_id, position, previous_hash, entry_hash)
        VALUES (NEW.id, last_position + 1, last_hash,
                audit_entry_digest(NEW, last_position + 1, last_hash));
    RETURN NULL;
END;
$$;
REVOKE ALL ON FUNCTION audit_seal_entry() FROM PUBLIC;

CREATE CONSTRAINT TRIGGER audit_entry_seal
    AFTER INSERT ON audit_auditentry DEFERRABLE INITIALLY DEFERRED
    FOR EACH ROW EXECUTE FUNCTION audit_seal_entry();

-- The chain's links are append-only too.
CREATE TRIGGER audit_chainlink_append_only
    BEFORE UPDATE OR DELETE ON audit_chainlink
    FOR EACH ROW EXECUTE FUNCTION audit_entry_is_append_only();

-- The entries written before the chain existed join it, oldest first.
DO $$
DECLARE
    e audit_auditentry;
    last_position bigint := 0;
    last_hash text := repeat('0', 64);
    digest text;
BEGIN
    FOR e IN SELECT * FROM audit_auditentry ORDER BY id LOOP
        digest := audit_entry_digest(e, last_position + 1, last_hash);
        INSERT INTO audit_chainlink (entry_id, position, previous_hash, entry_hash)
            VALUES (e.id, last_position + 1, last_hash, digest);
        last_position := last_position + 1;
        last_hash := digest;
    END LOOP;
END;
$$;
"""

UNCHAIN = """
DROP TRIGGER IF EXISTS audit_chainlink_append_only ON audit_chainlink;
DROP TRIGGER IF EXISTS audit_entry_seal ON audit_auditentry;
DROP FUNCTION IF EXISTS audit_seal_entry();
DROP FUNCTION IF EXISTS audit_entry_digest(audit_auditentry, bigint, text);
TRUNCATE audit_chainlink;
"""


class Migration(migrations.Migration):
    """Every audit entry is sealed into a hash chain when its transaction commits; the entries
    already there are chained in the order they were written."""

    dependencies = [("audit", "0003_chain_links")]
    operations = [migrations.RunSQL(CHAIN, UNCHAIN)]
