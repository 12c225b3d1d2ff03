"""Every benchmark script starts: `--help` answers from any directory. A script that imports
a module its own path does not reach fails here, not in the hands of whoever runs it (the
dedup run once could not import the project's country names)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench"
SCRIPTS = sorted(
    path
    for path in BENCH.rglob("*.py")
    if "argparse" in path.read_text(encoding="utf-8") and "__pycache__" not in path.parts
)


def test_the_scripts_are_found() -> None:
    assert {"run.py", "case_search.py", "people_at_scale.py"} <= {p.name for p in SCRIPTS}


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda path: str(path.relative_to(BENCH)))
def test_a_bench_script_starts(script: Path, tmp_path: Path) -> None:
    answer = subprocess.run(  # noqa: S603 - the project's own scripts
        [sys.executable, str(script), "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert answer.returncode == 0, answer.stderr[-2000:]
    assert "usage" in answer.stdout.lower()
