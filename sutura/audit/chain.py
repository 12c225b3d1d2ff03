"""Checking the audit log's hash chain (`manage.py verify_audit`).

The database seals each entry when its transaction commits (migration 0004): a `ChainLink`
holds the entry's position, the previous link's hash and SHA-256 over the entry's canonical
content. Walking the links in order and recomputing each hash finds the first entry that was
removed, edited or moved since, even by someone with the owner's rights who did not also
rewrite every later link. (Whoever can rewrite the whole chain can hide anything: keep the
last hash `verify_audit` prints somewhere the database's owner cannot write.)
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DEFAULT_DB_ALIAS, connections, transaction

GENESIS = "0" * 64
BATCH = 5000

# The same expression as audit_entry_digest() in migration 0006, kept here so that the check
# does not trust a function stored in the database it checks. The detail's parameters join the
# content only when an entry has them, so entries written before them hash as they did.
DIGEST_SQL = """encode(sha256(convert_to((jsonb_build_array(
    l.position, l.previous_hash, e.id,
    to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.action, e.actor_id, e.actor_username, e.organisation_id, host(e.ip_address),
    e.content_type_id, e.object_id, e.object_label, e.changes, e.detail
) || CASE WHEN e.detail_params IS NULL THEN '[]'::jsonb
          ELSE jsonb_build_array(e.detail_params) END)::text, 'UTF8')), 'hex')"""

WALK_SQL = f"""
SELECT l.position, l.entry_id, l.previous_hash, l.entry_hash, e.id IS NULL,
       CASE WHEN e.id IS NULL THEN NULL ELSE {DIGEST_SQL} END
  FROM audit_chainlink l LEFT JOIN audit_auditentry e ON e.id = l.entry_id
 WHERE l.position > %s
 ORDER BY l.position
 LIMIT {BATCH}
"""  # noqa: S608 - built from constants only

UNSEALED_SQL = """
SELECT e.id FROM audit_auditentry e
 WHERE NOT EXISTS (SELECT 1 FROM audit_chainlink l WHERE l.entry_id = e.id)
 ORDER BY e.id LIMIT 1
"""


@dataclass(frozen=True)
class Verdict:
    ok: bool
    count: int  # links checked (all of them when ok)
    last_hash: str
    problem: str = ""


def verify(using: str = DEFAULT_DB_ALIAS) -> Verdict:
    """Walk the chain from the first link; stop at the first one that does not hold."""
    count, expected_position, last_hash = 0, 1, GENESIS
    outermost = not connections[using].in_atomic_block
    with transaction.atomic(using=using), connections[using].cursor() as cursor:
        if outermost:  # one snapshot for the whole walk; later entries are checked next time
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        while True:
            cursor.execute(WALK_SQL, [expected_position - 1])
            rows = cursor.fetchall()
            if not rows:
                break
            for position, entry_id, previous, stored, missing, digest in rows:
                problem = _problem(
                    position, entry_id, previous, stored, missing, digest,
                    expected_position, last_hash,
                )  # fmt: skip
                if problem:
                    return Verdict(False, count, last_hash, problem)
                count += 1
                expected_position, last_hash = position + 1, stored
        cursor.execute(UNSEALED_SQL)
        unsealed = cursor.fetchone()
    if unsealed:
        return Verdict(
            False,
            count,
            last_hash,
            f"entry {unsealed[0]} is not in the chain: it was written with the chain's "
            "trigger disabled, or its link was removed",
        )
    return Verdict(True, count, last_hash)


def _problem(
    position: int,
    entry_id: int,
    previous: str,
    stored: str,
    missing: bool,
    digest: str | None,
    expected_position: int,
    last_hash: str,
) -> str:
    where = f"position {position} (entry {entry_id})"
    if position != expected_position:
        return f"position {expected_position} is missing: an entry was removed before {where}"
    if previous != last_hash:
        return f"{where} does not follow the entry before it: entries were removed or reordered"
    if missing:
        return f"{where} was removed"
    if digest != stored:
        return f"{where} was edited or moved: its content no longer matches its hash"
    return ""
