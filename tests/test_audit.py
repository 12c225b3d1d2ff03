"""The dependency audit can fail: offline, pip-audit judges the locked versions against the
vendored OSV records through the local query service, with OSV's range rules."""

from __future__ import annotations

from typing import Any

from tests.audit import affects, offline_audit


def record(name: str, *events: dict[str, str], versions: tuple[str, ...] = ()) -> dict[str, Any]:
    return {
        "id": "PYSEC-TEST-1",
        "aliases": ["CVE-TEST-1"],
        "summary": "a test advisory",
        "affected": [
            {
                "package": {"ecosystem": "PyPI", "name": name},
                "ranges": [{"type": "ECOSYSTEM", "events": list(events)}],
                "versions": list(versions),
            }
        ],
    }


def test_osv_ranges_are_read_as_osv_defines_them():
    fixed = record("django", {"introduced": "5.0"}, {"fixed": "5.2.20"})
    assert affects(fixed, "django", "5.2.19")
    assert not affects(fixed, "django", "5.2.20")
    assert not affects(fixed, "django", "4.2.1")  # before it was introduced
    assert not affects(fixed, "whitenoise", "5.2.19")  # another package
    unfixed = record("gunicorn", {"introduced": "0"})
    assert affects(unfixed, "gunicorn", "27.0.1")
    listed = record("babel", versions=("2.18.0",))
    assert affects(listed, "babel", "2.18.0") and not affects(listed, "babel", "2.19.0")
    assert not affects({**unfixed, "withdrawn": "2026-01-01T00:00:00Z"}, "gunicorn", "27.0.1")


def test_the_offline_audit_fails_on_a_known_vulnerability():
    pins = {"django": "5.2.19", "gunicorn": "27.0.1"}
    packages = {"django": [record("django", {"introduced": "0"}, {"fixed": "5.2.20"})]}
    packages["gunicorn"] = []
    snapshot: dict[str, Any] = {"taken_at": "2026-12-03T00:00:00+00:00", "packages": packages}
    problems = offline_audit(pins, snapshot)
    assert problems == ["django 5.2.19: PYSEC-TEST-1 (fixed in 5.2.20)"]
    packages["django"] = [record("django", {"introduced": "0"}, {"fixed": "5.2.19"})]
    assert offline_audit(pins, snapshot) == []


def test_a_package_the_snapshot_does_not_cover_fails_the_offline_audit():
    problems = offline_audit({"django": "5.2.19"}, {"taken_at": "", "packages": {}})
    assert problems and "django" in problems[0]
