from __future__ import annotations

from dataclasses import dataclass

from django.http import HttpRequest

from sutura.core.registry import MenuSection, menu_sections

# A menu this short shows every group open: folding it would only add taps.
SHORT_MENU = 12


@dataclass
class ShownSection:
    section: MenuSection
    open: bool


def navigation(request: HttpRequest) -> dict[str, object]:
    """The menu by group (`registry.menu_sections`). A long menu shows its groups folded, so
    it fits a phone's screen, but one: the group holding the current page or, on a page of no
    group (the home page), the user's largest, where their daily work is."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_sections": []}
    sections = menu_sections(user)
    if sum(len(section.links) for section in sections) <= SHORT_MENU:
        return {"nav_sections": [ShownSection(section, True) for section in sections]}
    groups = [section for section in sections if section.group is not None]
    current = [s for s in groups if any(item.url == request.path for item in s.links)]
    opened = current[0] if current else max(groups, key=lambda s: len(s.links), default=None)
    return {"nav_sections": [ShownSection(section, section is opened) for section in sections]}
