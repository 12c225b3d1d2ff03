"""A test run can cross midnight: the suite takes a quarter of an hour, and xdist imports every
test module when the run starts. A date read at import (a module's TODAY set to the local date)
is then yesterday for the tests that run after midnight, while the code under test reads today.
So no test module reads the clock at import; it reads it where it uses it."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CLOCK_AT_IMPORT = re.compile(
    r"^\w[^\n]*(?:localdate\(\)|localtime\(\)|timezone\.now\(\)|date\.today\(\)|datetime\.now\()",
    re.M,
)
# A year is read once and kept: it changes at a midnight of 31 December only, and the test
# reading it wants a whole past year.
KEPT = {"sutura/feedback/tests/test_figures.py"}


def test_no_test_module_reads_the_clock_at_import() -> None:
    offenders = []
    for path in sorted([*ROOT.glob("sutura/**/tests/**/*.py"), *ROOT.glob("tests/**/*.py")]):
        name = path.relative_to(ROOT).as_posix()
        if name in KEPT:
            continue
        for match in CLOCK_AT_IMPORT.finditer(path.read_text(encoding="utf-8")):
            line = match.group(0)
            if not line.startswith(("def ", "class ", "async def ")):
                offenders.append(f"{name}: {line}")
    assert offenders == []
