"""The Content-Security-Policy allows no inline script or style, so no served template may
hold one: scripts are static files, data for them goes through json_script (a JSON block, not
run), styles live in static/css/. Templates rendered only to PDF (under a `pdf/` folder) are
not served as HTML and may style themselves inline."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[2]  # the sutura package

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*\btype=\"application/json\")[^>]*>")
CHECKS = {
    "inline <script>": INLINE_SCRIPT,
    "<style> element": re.compile(r"<style\b"),
    "style= attribute": re.compile(r"\sstyle\s*="),
    "on…= event handler": re.compile(r"\son[a-z]+\s*=\s*[\"']"),
    "javascript: URL": re.compile(r"=\s*[\"']\s*javascript:", re.IGNORECASE),
}
COMMENTS = re.compile(r"\{#.*?#\}|\{% comment %\}.*?\{% endcomment %\}", re.DOTALL)


def without_comments(text: str) -> str:
    """Template comments blanked out, keeping the line numbers."""
    return COMMENTS.sub(lambda found: "\n" * found.group().count("\n"), text)


def served_templates() -> list[Path]:
    found = [
        path
        for path in ROOT.rglob("templates/**/*.html")
        if "pdf" not in path.relative_to(ROOT).parts
    ]
    assert len(found) > 50  # the walk found the project's templates
    return found


def test_no_served_template_holds_inline_script_or_style():
    offences = [
        f"{path.relative_to(ROOT)}:{text[: match.start()].count(chr(10)) + 1}: {what}"
        for path in served_templates()
        for text in [without_comments(path.read_text(encoding="utf-8"))]
        for what, pattern in CHECKS.items()
        for match in pattern.finditer(text)
    ]
    assert not offences, "\n".join(offences)


@pytest.mark.parametrize(
    "snippet",
    [
        "<script>alert(1)</script>",
        '<script type="module">x()</script>',
        '<p style="color: red">',
        "<style>p {}</style>",
        '<a onclick="x()">',
        '<a href="javascript:x()">',
    ],
)
def test_the_checks_catch_each_kind_of_inline_code(snippet):
    assert any(pattern.search(snippet) for pattern in CHECKS.values())


@pytest.mark.parametrize(
    "snippet", ['<script src="/static/js/a.js" defer></script>', '<script type="application/json">']
)
def test_the_checks_let_files_and_data_blocks_through(snippet):
    assert not any(pattern.search(snippet) for pattern in CHECKS.values())


@pytest.mark.django_db
def test_every_page_carries_a_policy_without_unsafe_inline():
    for url in ("/accounts/login/", "/api/docs/", "/no-such-page/"):
        policy = Client().get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "style-src 'self'" in policy, (url, policy)
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, (url, policy)
        assert "frame-ancestors 'none'" in policy
