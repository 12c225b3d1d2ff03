"""The documented production path, end to end: `collectstatic` with the production settings,
then gunicorn serving `sutura.wsgi` with them, asked the way the reverse proxy asks it."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]
GUNICORN = Path(sys.executable).parent / "gunicorn"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def production_env(static_root: Path) -> dict[str, str]:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sutura.settings.production",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Gq2LmP9vZ" * 4,
        "DJANGO_ALLOWED_HOSTS": "sutura.example.org",
        "SUTURA_STATIC_ROOT": str(static_root),
        # The test database this run built (migrated): the server reads sessions from it.
        "SUTURA_DB_NAME": str(connection.settings_dict["NAME"]),
    }


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    # As the reverse proxy forwards it: the public host name and the HTTPS it terminated.
    request = urllib.request.Request(  # noqa: S310 - a local http URL built by the test
        url, headers={"Host": "sutura.example.org", "X-Forwarded-Proto": "https"}
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def gunicorn(db: None, tmp_path: Path) -> Iterator[str]:
    env = production_env(tmp_path / "static")
    collected = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "--verbosity", "1"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    # The manifest storage refuses a CSS or JS file naming a file that is not there (Leaflet's
    # images, its source map): success means every vendored file is complete.
    assert collected.returncode == 0, collected.stdout + collected.stderr
    assert (tmp_path / "static" / "staticfiles.json").exists()
    port = free_port()
    server = subprocess.Popen(  # noqa: S603 - our own command line
        [str(GUNICORN), "--bind", f"127.0.0.1:{port}", "--workers", "1", "sutura.wsgi"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        # Wait until it accepts connections (the worker imports Django first).
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                pytest.fail(f"gunicorn exited: {server.stdout.read() if server.stdout else ''}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail("gunicorn did not listen within a minute")
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


@pytest.mark.django_db
def test_gunicorn_serves_the_login_page_and_its_static_files_after_collectstatic(gunicorn):
    status, headers, body = fetch(f"{gunicorn}/accounts/login/")
    page = body.decode()
    assert status == 200, page[:2000]
    assert 'name="username"' in page
    assert headers.get("Strict-Transport-Security", "").startswith("max-age=")
    # Static URLs carry the content hash of the manifest, so they can be cached for ever.
    stylesheet = re.search(r'href="(/static/css/sutura\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, page[:2000]
    status, headers, _css = fetch(f"{gunicorn}{stylesheet.group(1)}")
    assert status == 200
    assert headers["Content-Type"].startswith("text/css")
    assert "max-age=315360000" in headers.get("Cache-Control", "")
    script = re.search(r'src="(/static/vendor/htmx/htmx\.min\.[0-9a-f]{12}\.js)"', page)
    assert script, page[:2000]
    assert fetch(f"{gunicorn}{script.group(1)}")[0] == 200
    # The error pages use the hashed static files too.
    status, _headers, body = fetch(f"{gunicorn}/nope-not-a-page/")
    assert status == 404
    assert re.search(r"/static/css/sutura\.[0-9a-f]{12}\.css", body.decode())
