"""`make demo`'s processes: the worker it starts beside the web server, and how both stop
(Ctrl-C: nothing may outlive the demo)."""

from __future__ import annotations

import subprocess
import sys
from typing import Any

from sutura import demo_server


def test_the_demo_worker_serves_every_queue_without_reloading() -> None:
    command = demo_server.worker_command()
    assert command[0] == "db_worker"
    assert command[command.index("--queue-name") + 1] == "*"
    assert "--no-reload" in command  # a reload would cut a running job


def test_a_process_that_ignores_the_stop_is_killed(monkeypatch: Any) -> None:
    monkeypatch.setattr(demo_server, "STOP_SECONDS", 1)
    stubborn = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import signal, time; signal.signal(signal.SIGTERM, signal.SIG_IGN);"
            " print('ready', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
    )
    assert stubborn.stdout is not None and stubborn.stdout.readline() == b"ready\n"
    demo_server.stop(stubborn)
    assert stubborn.returncode == -9


def test_a_process_that_stops_when_asked_is_not_killed() -> None:
    polite = subprocess.Popen(
        [sys.executable, "-c", "print('ready', flush=True); import time; time.sleep(120)"],
        stdout=subprocess.PIPE,
    )
    assert polite.stdout is not None and polite.stdout.readline() == b"ready\n"
    demo_server.stop(polite)
    assert polite.returncode == -15
    demo_server.stop(None)  # nothing started: nothing to do
