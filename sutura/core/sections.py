"""Sections other apps add to a record's page: what they keep about a person (their cases…),
about a case (its referrals…). The app that owns the page knows no app above it; the others
register their section in their AppConfig.ready():

    sections.add(Section(
        page="case", name="referrals", order=10, template="referrals/case_referrals.html",
        selector="sutura.referrals.selectors.referrals_for_case",
    ))

`selector(user, record)` reads through the access layer. The page draws `template` with `items`
(the record itself is already in the page's context). A section with a `serializer` also
appears in that record's API detail, under `name` (the person's cases today).

Pages: "person" (the person's file), "case" (a case, in full), "case_minimal" (the mentor's
minimal profile of a case), "referral" (a referral, as either side sees it: a section shows
only what its selector lets that reader see, e.g. the placement offer a referral answers),
"meeting" (a meeting's page: the record is the meeting), "account" (the user's own account
page: the record is the user), "community" (a community's page, `community:community`: the
record is the community; each part of the community app adds its risks, assets, plans…),
"service" (a service of the directory, `directory:detail`: the record is the service; the
feedback app adds its rating).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.module_loading import import_string


@dataclass(frozen=True)
class Section:
    page: str
    name: str
    order: int
    template: str
    selector: str  # dotted path of a function (user, record) -> rows the user may see
    serializer: str = ""  # dotted path of the API serializer of one row, if in the API

    def rows(self, user: Any, record: Any) -> Any:
        return import_string(self.selector)(user, record)

    def serializer_class(self) -> Any:
        return import_string(self.serializer)


_SECTIONS: list[Section] = []


def add(*sections: Section) -> None:
    _SECTIONS.extend(section for section in sections if section not in _SECTIONS)


def registered(page: str) -> list[Section]:
    return sorted((s for s in _SECTIONS if s.page == page), key=lambda s: s.order)


def for_page(page: str, user: Any, record: Any) -> list[dict[str, Any]]:
    """Each section of a page with its rows, for the template."""
    return [
        {"name": s.name, "template": s.template, "items": s.rows(user, record)}
        for s in registered(page)
    ]
