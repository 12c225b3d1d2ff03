"""Page weight: what each mentor page costs a phone on first load (empty cache), compressed.

For each page the demo mentor opens (home, every page of the mentoring app they reach without
an id, one of their activities and its edit form, one of their returnees' minimal profile),
the HTML plus every stylesheet and script it links (read from the static files), each
gzip-compressed as the server or the proxy sends them, summed. Images are not counted (the
mentor pages have none). `sutura/mentoring/tests/test_activities_page_weight.py` runs the same
measure on a test mentor and fails over `LIMIT`.

    .venv/bin/python bench/page_weight.py            # on DATABASE_URL's demo data
"""

from __future__ import annotations

import gzip
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LIMIT = 100 * 1024  # bytes, compressed, per page on first load
ASSET = re.compile(
    r"""<(?:link[^>]+rel=["']stylesheet["'][^>]*href|script[^>]+src)=["']([^"']+)["']"""
)


@dataclass(frozen=True)
class Weight:
    name: str
    url: str
    status: int
    html: int  # compressed bytes
    assets: int  # compressed bytes of the CSS and JS it links
    raw: int  # uncompressed bytes, all together

    @property
    def total(self) -> int:
        return self.html + self.assets


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6))


def _asset(url: str) -> bytes:
    from django.conf import settings
    from django.contrib.staticfiles import finders

    path = url.split("?", 1)[0]
    prefix = "/" + settings.STATIC_URL.lstrip("/")
    if not path.startswith(prefix):
        return b""  # not ours (there is none: the CSP allows only 'self')
    found = finders.find(path[len(prefix) :])
    if not found:
        return b""
    return Path(found if isinstance(found, str) else found[0]).read_bytes()


def measure(client: Any, name: str, url: str) -> Weight:
    response = client.get(url)
    html = response.content
    assets = [
        _asset(link) for link in dict.fromkeys(ASSET.findall(html.decode("utf-8", "replace")))
    ]
    return Weight(
        name=name,
        url=url,
        status=response.status_code,
        html=_gz(html),
        assets=sum(_gz(data) for data in assets),
        raw=len(html) + sum(len(data) for data in assets),
    )


def mentor_pages(mentor: Any) -> list[tuple[str, str]]:
    """The pages a mentor opens: home, every page of the mentoring app without an id, one of
    their activities (and its edit form) and one of their returnees' profiles."""
    from django.urls import NoReverseMatch, get_resolver, reverse

    from sutura.access import visible
    from sutura.access.mentoring import open_assignments_of_mentor
    from sutura.mentoring.models import Activity

    pages = [("home", "/")]
    mentoring = get_resolver().namespace_dict["mentoring"][1]
    for key in sorted(k for k in mentoring.reverse_dict if isinstance(k, str)):
        try:
            pages.append((f"mentoring:{key}", reverse(f"mentoring:{key}")))
        except NoReverseMatch:
            continue  # takes an id
    activity = visible(mentor, Activity).filter(mentor_id=mentor.pk).first()
    if activity is not None:
        pages.append(("mentoring:activity", reverse("mentoring:activity", args=[activity.pk])))
        pages.append(
            ("mentoring:activity_edit", reverse("mentoring:activity_edit", args=[activity.pk]))
        )
    assignment = open_assignments_of_mentor(mentor).first()
    if assignment is not None:
        pages.append(("cases:detail", reverse("cases:detail", args=[assignment.case_id])))
    return pages


def weigh_mentor_pages(client: Any, mentor: Any) -> list[Weight]:
    """Every mentor page the mentor may open (a 200), weighed."""
    found = [measure(client, name, url) for name, url in mentor_pages(mentor)]
    return [weight for weight in found if weight.status == 200]


def table(weights: list[Weight]) -> str:
    lines = [
        f"| page | HTML gz | CSS+JS gz | total gz | uncompressed | ≤ {LIMIT // 1024} KB |",
        "|---|---:|---:|---:|---:|---|",
    ]
    for w in weights:
        lines.append(
            f"| `{w.name}` | {w.html / 1024:.1f} KB | {w.assets / 1024:.1f} KB | "
            f"{w.total / 1024:.1f} KB | {w.raw / 1024:.1f} KB | "
            f"{'yes' if w.total <= LIMIT else 'NO'} |"
        )
    return "\n".join(lines)


def main() -> int:
    import os

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "sutura.settings.demo")
    import logging

    import django

    django.setup()
    from django.test import Client

    logging.getLogger("django.request").setLevel(logging.CRITICAL)  # the 403s of other roles' pages

    from sutura.accounts.models import User

    mentor = User.objects.filter(username="mentor").first()
    if mentor is None:
        print("No demo mentor: run `manage.py seed_demo` first.")
        return 1
    client = Client(HTTP_HOST="localhost")
    client.force_login(mentor)
    weights = weigh_mentor_pages(client, mentor)
    print(table(weights))
    return 0 if all(w.total <= LIMIT for w in weights) else 2


if __name__ == "__main__":
    raise SystemExit(main())
