"""The small-number rule (`core.indicators.suppress_table`) on adversarial tables: no hidden
count can be recovered by subtracting what is shown from a total or a margin that is shown
(or published by the same figure asked with fewer dimensions)."""

from __future__ import annotations

import itertools
import random

import pytest

from sutura.core.indicators import STAR, TOTAL, suppress_table


def recoverable(
    cells: dict[tuple[str, ...], int], hidden: set[tuple[str, ...]], partitions: tuple[bool, ...]
) -> list[tuple[str, ...]]:
    """The hidden cells a reader can work out: every line (a margin and its members along a
    partitioning dimension, margins being published unless hidden) whose sum is known and
    that has a single unknown member — repeated, as each worked-out value helps the next."""
    dims = len(partitions)
    table = dict(cells)
    for key, value in cells.items():
        summable = [i for i in range(dims) if partitions[i]]
        for mask in range(1, 2 ** len(summable)):
            summed = list(key)
            for bit, i in enumerate(summable):
                if mask >> bit & 1:
                    summed[i] = STAR
            table[tuple(summed)] = table.get(tuple(summed), 0) + value
    everything = (STAR,) * dims
    if everything in table:
        hidden = {everything if key == TOTAL else key for key in hidden}
    known = {key for key in table if key not in hidden}
    found: list[tuple[str, ...]] = []
    progress = True
    while progress:
        progress = False
        for margin in [k for k in table if STAR in k]:
            for i in range(dims):
                if margin[i] != STAR or not partitions[i]:
                    continue
                members = [
                    k
                    for k in table
                    if k[i] != STAR and all(k[j] == margin[j] for j in range(dims) if j != i)
                ]
                line = [margin, *members]
                unknown = [k for k in line if k not in known]
                if len(unknown) == 1:
                    known.add(unknown[0])
                    if unknown[0] in cells:
                        found.append(unknown[0])
                    progress = True
    return found


def test_nothing_small_nothing_hidden() -> None:
    assert suppress_table({("female",): 12, ("male",): 9}) == set()
    assert suppress_table({("female",): 0, ("male",): 9}) == set()  # nobody: shown


def test_a_small_cell_and_its_complement() -> None:
    hidden = suppress_table({("female",): 3, ("male",): 40})
    assert hidden == {("female",), ("male",)}  # 43 − 40 would give 3


def test_the_complement_is_the_smallest_non_zero_cell() -> None:
    hidden = suppress_table({("a",): 2, ("b",): 0, ("c",): 7, ("d",): 30})
    assert hidden == {("a",), ("c",)}


def test_a_small_total_hides_everything_small() -> None:
    hidden = suppress_table({("female",): 3, ("male",): 0})
    assert hidden == {("female",), TOTAL}


def test_two_small_cells_need_no_complement() -> None:
    assert suppress_table({("a",): 2, ("b",): 1, ("c",): 40}) == {("a",), ("b",)}


def test_only_zeros_left_a_zero_is_hidden() -> None:
    # 3 + 0 + 12: hiding the 3 and the 12 (the smallest non-zero) protects the 3.
    assert suppress_table({("a",): 3, ("b",): 0, ("c",): 12}) == {("a",), ("c",)}


def test_two_dimensions_hide_along_rows_and_columns() -> None:
    cells: dict[tuple[str, ...], int] = {
        ("female", "0-4"): 2,
        ("female", "18-59"): 30,
        ("male", "0-4"): 10,
        ("male", "18-59"): 25,
    }
    hidden = suppress_table(cells)
    shown_cells = {k for k in hidden if STAR not in k and k != TOTAL}
    # The 2, one more in its row and one more in its column, and the fourth cell to close
    # the rectangle.
    assert shown_cells == set(cells)
    assert recoverable(cells, hidden, (True, True)) == []


def test_a_margin_hidden_as_primary_does_not_leak_through_its_cells() -> None:
    cells: dict[tuple[str, ...], int] = {
        ("female", "0-4"): 1,
        ("female", "5-11"): 2,
        ("male", "0-4"): 20,
        ("male", "5-11"): 9,
    }
    hidden = suppress_table(cells)
    assert ("female", STAR) in hidden and (STAR, "0-4") not in hidden
    assert recoverable(cells, hidden, (True, True)) == []


def test_a_multi_valued_dimension_has_no_margin_along_it() -> None:
    cells: dict[tuple[str, ...], int] = {
        ("uasc", "female"): 3,
        ("uasc", "male"): 9,
        ("medical", "female"): 7,
    }
    hidden = suppress_table(cells, total=15, partitions=(False, True))
    assert ("uasc", "female") in hidden and ("uasc", "male") in hidden
    assert ("medical", "female") not in hidden and TOTAL not in hidden
    assert recoverable(cells, hidden, (False, True)) == []


@pytest.mark.parametrize("seed", range(60))
def test_random_tables_leave_nothing_to_recover(seed: int) -> None:
    rng = random.Random(seed)
    shape = rng.choice([(6,), (2, 5), (3, 4), (2, 3, 3)])
    axes = [[f"v{i}" for i in range(n)] for n in shape]
    cells: dict[tuple[str, ...], int] = {
        key: rng.choice([0, 0, 1, 2, 3, 4, 5, 6, 9, 15, 40]) for key in itertools.product(*axes)
    }
    partitions = (True,) * len(shape)
    hidden = suppress_table(cells, partitions=partitions)
    for key, value in cells.items():
        if 0 < value < 5:
            assert key in hidden
    assert recoverable(cells, hidden, partitions) == []
    if 0 < sum(cells.values()) < 5:
        assert TOTAL in hidden


def test_the_cells_hidden_do_not_depend_on_the_order_the_counts_came_in():
    """Two views of one table (a report's query and a dashboard's, of different shapes) give
    their rows in different orders: they must hide the same cells, or a reader could recover a
    hidden cell from the view that shows it."""
    rng = random.Random(7)
    sexes, places = ["female", "male", "unknown"], ["SN-DK", "SN-TH", "SN-ZG", "SN-KL"]
    for _ in range(60):
        counts = {
            (place, sex): rng.choice([0, 1, 2, 3, 4, 6, 9, 15, 40])
            for place in places
            for sex in sexes
        }
        items = list(counts.items())
        hidden = suppress_table(dict(items))
        for _ in range(5):
            rng.shuffle(items)
            assert suppress_table(dict(items)) == hidden
