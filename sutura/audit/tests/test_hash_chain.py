"""`manage.py verify_audit` finds the first entry removed, edited or moved, even by the
table's owner, and the chain stays whole when many connections write at once."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, connections, transaction
from django.db.backends.utils import CursorWrapper

from sutura.audit.chain import verify
from sutura.audit.models import Action, AuditEntry, ChainLink
from sutura.audit.services import record
from sutura.core.texts import Text

pytestmark = pytest.mark.django_db(transaction=True)  # the chain is sealed when entries commit


def _five_entries() -> list[int]:
    return [record(Action.LOGIN, username=f"user{n}", ip_address="10.0.0.1").pk for n in range(5)]


@contextmanager
def as_owner_without_triggers() -> Iterator[CursorWrapper]:
    """What the tables' owner could do: switch the append-only triggers off and write."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending events: ALTER TABLE below
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER USER")
        cursor.execute("ALTER TABLE audit_chainlink DISABLE TRIGGER USER")
        yield cursor
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER USER")
        cursor.execute("ALTER TABLE audit_chainlink ENABLE TRIGGER USER")


def _verify_audit() -> str:
    out = StringIO()
    call_command("verify_audit", stdout=out)
    return out.getvalue()


def test_a_clean_log_passes_with_its_count():
    _five_entries()
    assert _verify_audit().startswith("OK: 5 entries")


def test_entries_are_chained_in_order_from_the_first():
    ids = _five_entries()
    links = list(ChainLink.objects.order_by("position"))
    assert [link.entry_id for link in links] == ids
    assert links[0].previous_hash == "0" * 64
    assert all(b.previous_hash == a.entry_hash for a, b in itertools.pairwise(links))


def test_an_edit_made_as_the_owner_is_found():
    ids = _five_entries()
    with as_owner_without_triggers() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET actor_username = 'nobody' WHERE id = %s", [ids[2]]
        )
    with pytest.raises(CommandError, match=rf"position 3 \(entry {ids[2]}\) was edited"):
        _verify_audit()


def test_a_changed_time_is_found():
    ids = _five_entries()
    with as_owner_without_triggers() as cursor:
        cursor.execute(
            "UPDATE audit_auditentry SET at = at - interval '1 day' WHERE id = %s", [ids[3]]
        )
    assert "position 4" in verify().problem


def test_a_deleted_entry_is_found():
    ids = _five_entries()
    with as_owner_without_triggers() as cursor:
        cursor.execute("DELETE FROM audit_chainlink WHERE entry_id = %s", [ids[1]])
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [ids[1]])
    with pytest.raises(CommandError, match="position 2 is missing"):
        _verify_audit()


def test_a_deleted_entry_whose_links_were_renumbered_is_found():
    ids = _five_entries()
    with as_owner_without_triggers() as cursor:
        cursor.execute("DELETE FROM audit_chainlink WHERE entry_id = %s", [ids[1]])
        cursor.execute("DELETE FROM audit_auditentry WHERE id = %s", [ids[1]])
        cursor.execute("UPDATE audit_chainlink SET position = position - 1 WHERE position > 2")
    verdict = verify()
    assert not verdict.ok
    assert verdict.problem.startswith(f"position 2 (entry {ids[2]}) does not follow")


def test_reordered_entries_are_found():
    ids = _five_entries()
    with as_owner_without_triggers() as cursor:  # entries 2 and 3 swap places
        cursor.execute(
            """UPDATE audit_auditentry entry
                  SET at = other.at, actor_username = other.actor_username
                 FROM audit_auditentry other
                WHERE (entry.id, other.id) IN ((%s, %s), (%s, %s))""",
            [ids[1], ids[2], ids[2], ids[1]],
        )
    verdict = verify()
    assert (verdict.ok, verdict.count) == (False, 1)
    assert verdict.problem.startswith(f"position 2 (entry {ids[1]}) was edited or moved")


def test_swapped_hashes_are_found():
    ids = _five_entries()
    with as_owner_without_triggers() as cursor:
        cursor.execute(
            """UPDATE audit_chainlink link SET entry_hash = other.entry_hash
                 FROM audit_chainlink other
                WHERE (link.position, other.position) IN ((4, 5), (5, 4))"""
        )
    assert verify().problem.startswith(f"position 4 (entry {ids[3]}) was edited")


def test_an_entry_written_with_the_chain_switched_off_is_found():
    _five_entries()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("ALTER TABLE audit_auditentry DISABLE TRIGGER audit_entry_seal")
        entry = record(Action.LOGIN, username="ghost")
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE audit_auditentry ENABLE TRIGGER audit_entry_seal")
    verdict = verify()
    assert (verdict.ok, verdict.count) == (False, 5)
    assert f"entry {entry.pk} is not in the chain" in verdict.problem


def test_a_rolled_back_entry_leaves_no_hole():
    _five_entries()
    with pytest.raises(RuntimeError), transaction.atomic():
        record(Action.LOGIN, username="rolled-back")
        raise RuntimeError
    record(Action.LOGIN, username="after")
    assert _verify_audit().startswith("OK: 6 entries")


def test_concurrent_writers_keep_one_valid_chain():
    writers, transactions_each = 6, 10
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for t in range(transactions_each):
                with transaction.atomic():  # two entries per transaction, like a service
                    record(Action.CREATE, username=f"writer{n}", detail=f"{t}a")
                    record(Action.READ, username=f"writer{n}", detail=f"{t}b")
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    verdict = verify()
    assert verdict.ok, verdict.problem
    assert verdict.count == AuditEntry.objects.count() == writers * transactions_each * 2
    # Each transaction's two entries are next to each other in the chain: sealed at its commit.
    details = list(ChainLink.objects.order_by("position").values_list("entry__detail", flat=True))
    assert all(a[:-1] == b[:-1] for a, b in zip(details[::2], details[1::2], strict=True))


# The content hashed before entries kept their detail's parameters (migration 0004).
DIGEST_0004 = """encode(sha256(convert_to(jsonb_build_array(
    l.position, l.previous_hash, e.id,
    to_char(e.at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    e.action, e.actor_id, e.actor_username, e.organisation_id, host(e.ip_address),
    e.content_type_id, e.object_id, e.object_label, e.changes, e.detail
)::text, 'UTF8')), 'hex')"""


def test_an_entry_written_before_codes_is_sealed_as_it_was_and_still_verifies():
    old = AuditEntry.objects.create(
        action=Action.READ, actor_username="awa", detail="shared: identity, contact"
    )
    new = record(Action.READ, username="awa", detail=Text("Shared: %(sections)s", sections="x"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT e.id, {DIGEST_0004} = l.entry_hash FROM audit_chainlink l"  # noqa: S608
            " JOIN audit_auditentry e ON e.id = l.entry_id ORDER BY l.position"
        )
        assert cursor.fetchall() == [(old.pk, True), (new.pk, False)]
    assert verify().ok


def test_an_edited_parameter_is_found():
    ids = _five_entries()
    entry = record(Action.READ, username="awa", detail=Text("Shared: %(sections)s", sections="x"))
    with as_owner_without_triggers() as cursor:
        cursor.execute(
            """UPDATE audit_auditentry SET detail_params = '{"sections": "y"}' WHERE id = %s""",
            [entry.pk],
        )
    assert verify().problem.startswith(f"position {len(ids) + 1} (entry {entry.pk}) was edited")
