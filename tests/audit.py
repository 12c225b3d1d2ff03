"""`make audit`: pip-audit over every locked dependency (uv.lock, all groups), online when an
advisory service answers, offline against the vendored snapshot otherwise.

    python -m tests.audit               # audit (make test runs it)
    python -m tests.audit --refresh     # rewrite security/osv-snapshot.json (needs the network)

Online, pip-audit asks OSV (then PyPI). An answer counts only if every dependency was
audited: pip-audit reports a dependency it could not look up as skipped and still exits 0,
which here would pass an audit that never happened. When neither service answers for every
dependency (no network, a mirror without PyPI's per-version API), pip-audit runs again with
`--osv-url` pointed at a local server that answers OSV's query API from the vendored
snapshot (`security/osv-snapshot.json`: standard OSV records, the version ranges evaluated
as OSV does). A locked package the snapshot does not cover fails the offline audit: refresh
the snapshot where the network is reachable. Any known vulnerability fails either way.
"""

from __future__ import annotations

import argparse
import datetime
import json
import subprocess
import sys
import tempfile
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from packaging.utils import canonicalize_name
from packaging.version import InvalidVersion, Version

ROOT = Path(__file__).resolve().parents[1]
SNAPSHOT = ROOT / "security" / "osv-snapshot.json"
PIP_AUDIT = Path(sys.executable).parent / "pip-audit"
UV = ROOT / ".tools" / "bin" / "uv"
OSV_QUERYBATCH = "https://api.osv.dev/v1/querybatch"
OSV_VULN = "https://api.osv.dev/v1/vulns/"


def locked_pins() -> dict[str, str]:
    """name -> version of every package uv.lock installs (runtime and dev)."""
    exported = subprocess.run(  # noqa: S603 - our own tool
        [
            *(str(UV), "export", "--frozen", "--all-groups", "--no-hashes", "--no-emit-project"),
            *("--format", "requirements-txt", "--quiet"),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    pins = {}
    for line in exported.splitlines():
        requirement = line.split(";")[0].strip()
        if "==" in requirement and not requirement.startswith("#"):
            name, version = requirement.split("==", 1)
            pins[str(canonicalize_name(name))] = version.strip()
    return pins


def run_pip_audit(pins: dict[str, str], *extra: str) -> dict[str, Any] | None:
    """pip-audit's JSON report, or None when it could not reach its service."""
    with tempfile.TemporaryDirectory() as folder:
        requirements = Path(folder) / "requirements.txt"
        requirements.write_text("".join(f"{n}=={v}\n" for n, v in sorted(pins.items())))
        report = Path(folder) / "report.json"
        done = subprocess.run(  # noqa: S603 - our own tool
            [
                *(str(PIP_AUDIT), "-r", str(requirements), "--no-deps", "--disable-pip"),
                *("--progress-spinner", "off", "--timeout", "20", "-f", "json", "-o", str(report)),
                *extra,
            ],
            capture_output=True,
            text=True,
            check=False,
        )
        if not report.exists():  # a connection error ends pip-audit before it reports
            last = (done.stderr.strip().splitlines() or ["pip-audit failed"])[-1]
            print(f"pip-audit: {last[:300]}", file=sys.stderr)
            return None
        return dict(json.loads(report.read_text()))


def vulnerable(report: dict[str, Any]) -> list[str]:
    return [
        f"{dep['name']} {dep['version']}: {vuln['id']} (fixed in {fixes(vuln)})"
        for dep in report["dependencies"]
        for vuln in dep.get("vulns", [])
    ]


def fixes(vuln: dict[str, Any]) -> str:
    return ", ".join(vuln["fix_versions"]) or "no release yet"


def skipped(report: dict[str, Any]) -> list[str]:
    return [dep["name"] for dep in report["dependencies"] if "skip_reason" in dep]


# ---------------------------------------------------------------------------------------------
# The offline service: OSV's /v1/query over the vendored records


def affects(record: dict[str, Any], name: str, version: str) -> bool:
    """OSV's rule: the version is listed, or falls in an ECOSYSTEM range [introduced, fixed)."""
    if record.get("withdrawn"):
        return False
    try:
        mine = Version(version)
    except InvalidVersion:
        return True  # cannot tell: assume the worst
    for affected in record.get("affected", []):
        package = affected.get("package", {})
        if package.get("ecosystem") != "PyPI" or canonicalize_name(package["name"]) != name:
            continue
        if version in affected.get("versions", []):
            return True
        for ranges in affected.get("ranges", []):
            if ranges.get("type") != "ECOSYSTEM":
                continue
            inside = False
            for event in ranges.get("events", []):
                if "introduced" in event:
                    start = event["introduced"]
                    inside = inside or start == "0" or mine >= Version(start)
                elif ("fixed" in event and mine >= Version(event["fixed"])) or (
                    "last_affected" in event and mine > Version(event["last_affected"])
                ):
                    inside = False
            if inside:
                return True
    return False


@contextmanager
def snapshot_service(snapshot: dict[str, Any]) -> Iterator[str]:
    records: dict[str, list[dict[str, Any]]] = snapshot["packages"]

    class Answer(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            query = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
            name = str(canonicalize_name(query["package"]["name"]))
            found = [r for r in records.get(name, []) if affects(r, name, query["version"])]
            body = json.dumps({"vulns": found} if found else {}).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Answer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/v1/query"
    finally:
        server.shutdown()
        server.server_close()


def offline_audit(pins: dict[str, str], snapshot: dict[str, Any]) -> list[str]:
    """The problems found against the snapshot (empty: the audit passed)."""
    uncovered = sorted(set(pins) - set(snapshot["packages"]))
    if uncovered:
        return [f"not in the advisory snapshot (refresh it online): {', '.join(uncovered)}"]
    with snapshot_service(snapshot) as url:
        report = run_pip_audit(pins, "-s", "osv", "--osv-url", url)
    if report is None:
        return ["pip-audit failed against the local snapshot service"]
    return vulnerable(report) + [f"not audited: {name}" for name in skipped(report)]


# ---------------------------------------------------------------------------------------------
# Refreshing the snapshot (online)


def _post(url: str, body: dict[str, Any]) -> Any:
    request = urllib.request.Request(  # noqa: S310 - OSV's https API
        url, data=json.dumps(body).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as answer:  # noqa: S310
        return json.loads(answer.read())


def refresh(pins: dict[str, str]) -> None:
    """Every OSV record about every locked package, whatever the version (so the snapshot
    also judges a later lock that moves a package to an older or newer release); PyPI's
    advisories for each latest release when OSV does not answer."""
    try:
        refresh_from_osv(pins)
    except OSError as error:
        print(f"OSV unreachable ({error}); taking PyPI's advisories instead")
        refresh_from_pypi(pins)


def refresh_from_pypi(pins: dict[str, str]) -> None:
    """PyPI's JSON API lists the advisories that affect a project's latest release: complete
    for packages locked at their latest release; the others are named in the snapshot."""
    packages: dict[str, list[dict[str, Any]]] = {}
    behind: dict[str, dict[str, str]] = {}
    for name, version in sorted(pins.items()):
        url = f"https://pypi.org/pypi/{name}/json"
        with urllib.request.urlopen(url, timeout=60) as answer:
            project = json.loads(answer.read())
        latest = project["info"]["version"]
        if latest != version:
            behind[name] = {"latest": latest, "locked": version}
        packages[name] = [
            {
                "id": vuln["id"],
                "aliases": vuln.get("aliases") or [],
                "summary": vuln.get("summary") or vuln.get("details", "")[:200],
                "affected": [
                    {
                        "package": {"name": name, "ecosystem": "PyPI"},
                        "versions": [latest],
                        "ranges": [
                            {
                                "type": "ECOSYSTEM",
                                "events": [
                                    {"introduced": "0"},
                                    *[{"fixed": fixed} for fixed in vuln.get("fixed_in") or []][:1],
                                ],
                            }
                        ],
                    }
                ],
            }
            for vuln in project.get("vulnerabilities") or []
            if not vuln.get("withdrawn")
        ]
    snapshot = {
        "source": "PyPI JSON API: the advisories PyPI lists for each locked package's latest "
        "release (OSV was unreachable from the machine that took it); refresh with "
        "`python -m tests.audit --refresh` where api.osv.dev answers",
        "taken_at": datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="seconds"),
        "locked_behind_latest": behind,
        "packages": packages,
    }
    SNAPSHOT.write_text(json.dumps(snapshot, indent=1, sort_keys=True) + "\n")
    print(f"{SNAPSHOT.relative_to(ROOT)}: {sum(map(len, packages.values()))} records (PyPI)")


def refresh_from_osv(pins: dict[str, str]) -> None:
    names = sorted(pins)
    queries = [{"package": {"name": name, "ecosystem": "PyPI"}} for name in names]
    ids = _post(OSV_QUERYBATCH, {"queries": queries})["results"]
    packages: dict[str, list[dict[str, Any]]] = {}
    for name, result in zip(names, ids, strict=True):
        packages[name] = []
        for vuln in result.get("vulns", []):
            with urllib.request.urlopen(OSV_VULN + vuln["id"], timeout=60) as answer:  # noqa: S310
                packages[name].append(json.loads(answer.read()))
    snapshot = {
        "source": "OSV (api.osv.dev), every record for each locked package",
        "taken_at": datetime.datetime.now(tz=datetime.UTC).isoformat(timespec="seconds"),
        "packages": packages,
    }
    SNAPSHOT.write_text(json.dumps(snapshot, indent=1, sort_keys=True) + "\n")
    print(f"{SNAPSHOT.relative_to(ROOT)}: {sum(map(len, packages.values()))} records")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--refresh", action="store_true", help="rewrite the snapshot from OSV")
    parser.add_argument("--offline", action="store_true", help="use the snapshot only")
    args = parser.parse_args()
    pins = locked_pins()
    if args.refresh:
        refresh(pins)
        return 0
    if not args.offline:
        for service in ("osv", "pypi"):
            report = run_pip_audit(pins, "-s", service)
            if report is not None and not skipped(report):
                problems = vulnerable(report)
                clean = f"pip-audit ({service}): {len(pins)} packages, none vulnerable"
                print("\n".join(problems) or clean)
                return 1 if problems else 0
        print("pip-audit: no advisory service answered for every package; using the snapshot")
    snapshot = json.loads(SNAPSHOT.read_text())
    problems = offline_audit(pins, snapshot)
    clean = f"pip-audit (snapshot of {snapshot['taken_at']}): {len(pins)} packages, none vulnerable"
    print("\n".join(problems) or clean)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
