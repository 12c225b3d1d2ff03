"""Home cards and menu items of volunteers and assignments: a mentor's returnees (each with the
stage of their file) and the services near them; the volunteer managers' count of engaged
volunteers and of engagements ending soon. Also the sections this part adds to a case's pages
(registered when `home.register()` imports this module, from `MentoringConfig.ready()`)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from sutura.access import can
from sutura.accounts.roles import Perm, Role
from sutura.core import sections
from sutura.core.registry import Card, NavItem

MENU: tuple[Any, ...] = (
    NavItem(
        gettext_lazy("My returnees"),
        "mentoring:returnees",
        Perm.VIEW_ASSIGNED_PERSONS_MINIMAL,
        order=20,
    ),
    NavItem(
        gettext_lazy("My volunteer profile"),
        "mentoring:my_profile",
        Perm.RECORD_MENTORING,
        order=21,
    ),
    NavItem(gettext_lazy("Volunteers"), "mentoring:volunteers", Perm.MANAGE_VOLUNTEERS, order=60),
    NavItem(
        gettext_lazy("Returnees to assign"),
        "mentoring:assignments_to_give",
        Perm.SUPERVISE_MENTORS,
        order=61,
    ),
)

sections.add(
    sections.Section(
        page="case",
        name="mentor",
        order=30,
        template="mentoring/volunteers/case_section.html",
        selector="sutura.mentoring.selectors.volunteers.case_mentor_section",
    ),
    sections.Section(
        page="case_minimal",
        name="stage",
        order=5,
        template="mentoring/volunteers/minimal_section.html",
        selector="sutura.mentoring.selectors.volunteers.case_stage_section",
    ),
)


def cards(user: Any) -> Iterator[Card]:
    from sutura.mentoring.selectors import volunteers as selectors

    if can(user, Perm.VIEW_ASSIGNED_PERSONS_MINIMAL):
        found = selectors.returnees_of(user)
        yield Card(
            _("My returnees"),
            ngettext(
                "%(count)d returnee is assigned to you. Where each file stands:",
                "%(count)d returnees are assigned to you. Where each file stands:",
                len(found),
            )
            % {"count": len(found)},
            [(_("See my returnees"), reverse("mentoring:returnees"))],
            template="mentoring/volunteers/cards/returnees.html",
            data=found,
            order=10,
        )
        services, total = selectors.services_near(user)
        if can(user, Perm.RECORD_MENTORING):
            yield Card(
                _("Services near you"),
                ngettext(
                    "%(count)d active service of the directory serves your areas.",
                    "%(count)d active services of the directory serve your areas.",
                    total,
                )
                % {"count": total},
                [
                    (_("Propose a new service"), reverse("directory:propose_new")),
                    (_("The whole directory"), reverse("directory:list")),
                ],
                template="mentoring/volunteers/cards/services.html",
                data=services,
                order=40,
            )
    if not can(user, Perm.RECORD_MENTORING):  # an outreach volunteer: their profile and who
        yield from _outreach_cards(user)  # supervises them (mentors have their own cards)
    if can(user, Perm.MANAGE_VOLUNTEERS):
        engaged, soon = selectors.engaged_count(user)
        yield Card(
            _("Volunteers"),
            ngettext(
                "%(count)d volunteer engaged now.",
                "%(count)d volunteers engaged now.",
                engaged,
            )
            % {"count": engaged},
            [
                (_("See the volunteers"), reverse("mentoring:volunteers")),
                (_("Returnees to assign"), reverse("mentoring:assignments_to_give")),
            ],
            template="mentoring/volunteers/cards/volunteers.html",
            data={"soon": soon, "ending": selectors.ending_soon(user) if soon else []},
            order=30,
        )


def _outreach_cards(user: Any) -> Iterator[Card]:
    from sutura.mentoring.selectors import volunteers as selectors

    if Role.OUTREACH_VOLUNTEER not in getattr(user, "roles", ()):
        return
    try:
        volunteer = selectors.own_profile(user, audit=False)
    except Http404:
        text = _(
            "Your volunteer profile is not open yet: ask the community protection officer "
            "who supervises you."
        )
        yield Card(_("My volunteer profile"), text, [], order=10)
        return
    areas = ", ".join(str(area) for area in selectors.areas_of(volunteer))
    focal = volunteer.focal_point
    said = [_("Your areas: %(areas)s.") % {"areas": areas or "—"}]
    if focal is not None:
        said.append(
            _("Who supervises you: %(name)s.")
            % {"name": focal.get_full_name() or focal.get_username()}
        )
    yield Card(
        _("My volunteer profile"),
        " ".join(said),
        [
            (_("Open my profile"), reverse("mentoring:my_profile")),
            (_("My trainings and meetings"), reverse("meetings:list")),
        ],
        order=10,
    )
