"""What people announce to the apps above it (they listen; people imports none of them)."""

from __future__ import annotations

from django.dispatch import Signal

# Two files of one person became one (`sutura.dedup`): sent inside the merge's transaction,
# once every record of the merged file names the kept file, with `kept`, `merged` (Person),
# `merge_id` (the merge's UUID) and `actor`. What was shared about either file before may
# now read more: the referrals app holds what its referrals under way share of the person.
files_merged = Signal()

# That merge was undone: sent inside the undo's transaction, once the records moved back,
# with the same arguments.
merge_undone = Signal()
