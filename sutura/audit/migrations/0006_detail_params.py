from django.db import migrations, models

# The canonical content of an entry now ends with its detail's parameters, when it has them: an
# entry written before (parameters null) hashes exactly as it did, so the chain already sealed
# still verifies. sutura/audit/chain.py holds the same expression.
DIGEST = r"""
CREATE OR REPLACE FUNCTION audit_entry_digest(
    e audit_auditentry, chain_position bigint, previous_hash text
)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to((jsonb_build_array(
        chain_position, previous_hash, e.id,
        to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.action, e.actor_id, e.actor_username, e.organisation_id, host(e.ip_address),
        e.content_type_id, e.object_id, e.object_label, e.changes, e.detail
    ) || CASE WHEN e.detail_params IS NULL THEN '[]'::jsonb
              ELSE jsonb_build_array(e.detail_params) END)::text, 'UTF8')), 'hex')
$$;
"""

PREVIOUS = r"""
CREATE OR REPLACE FUNCTION audit_entry_digest(
    e audit_auditentry, chain_position bigint, previous_hash text
)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT encode(sha256(convert_to(jsonb_build_array(
        chain_position, previous_hash, e.id,
        to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
        e.action, e.actor_id, e.actor_username, e.organisation_id, host(e.ip_address),
        e.content_type_id, e.object_id, e.object_label, e.changes, e.detail
    )::text, 'UTF8')), 'hex')
$$;
"""


class Migration(migrations.Migration):
    """An entry's detail is a code (an English message id) with its parameters, put into words
    in the reader's language when shown; the entries already written keep their text (the log
    is append-only: they are shown as written)."""

    dependencies = [("audit", "0005_refused_access")]

    operations = [
        migrations.AddField(
            model_name="auditentry",
            name="detail_params",
            field=models.JSONField(blank=True, null=True, verbose_name="detail parameters"),
        ),
        migrations.RunSQL(DIGEST, PREVIOUS),
    ]
