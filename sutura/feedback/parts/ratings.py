"""What feedback on services and the figures add to other pages, the home page, the menu and
the demo:

- the referral page (a completed referral, for the case team): the person's opinion of the
  service, recorded or to record, and the feedback reference to give them;
- the case page (for its team): the assistance delivered, each with its feedback or a link to
  record it;
- the directory's service page: the service's rating, for the coordinator and the provider;
- the home page: the figures for those who count feedback; the ratings for the coordinator and
  the providers; the menu: the ratings to the coordinator (the others reach them from the
  home page: the menu asks roles only).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from sutura.access import can
from sutura.access.feedback import counts_feedback, reads_ratings
from sutura.accounts.roles import Perm
from sutura.core import registry, sections
from sutura.core.registry import Card, NavItem
from sutura.core.sections import Section

VIEWS = "sutura.feedback.views.ratings"
MENU = (
    NavItem(_("Service ratings"), "feedback_ratings:ratings", Perm.MANAGE_DIRECTORY, order=57),
    NavItem(
        _("Feedback figures"),
        "feedback:figures",
        Perm.VIEW_INDICATORS,
        or_perm=Perm.VIEW_NRM_DASHBOARD,
        order=58,
    ),
)
# Who hears of their organisation's ratings on their home page (the coordinator: every one).
RATINGS_READERS = (
    Perm.MANAGE_DIRECTORY,
    Perm.HANDLE_INCOMING_REFERRALS,
    Perm.HANDLE_FEEDBACK,
    Perm.VIEW_INDICATORS,
)


def cards(user: Any) -> Iterator[Card]:
    if getattr(user, "organisation_id", None) is None:
        return
    links = []
    if counts_feedback(user):
        links.append((str(_("Complaints and feedback: figures")), reverse("feedback:figures")))
    if reads_ratings(user) and any(can(user, perm) for perm in RATINGS_READERS):
        links.append((str(_("Ratings of services")), reverse("feedback_ratings:ratings")))
    if links:
        yield Card(
            _("Feedback figures"),
            _(
                "Complaints and feedback counted by channel, category, area, sex and age; how "
                "people rated the services. Counts only: nobody is named."
            ),
            links,
            order=66,
        )


def register() -> None:
    sections.add(
        Section(
            page="referral",
            name="service_feedback",
            order=30,
            template="feedback/ratings/referral_section.html",
            selector=f"{VIEWS}.referral_section",
        ),
        Section(
            page="case",
            name="assistance_feedback",
            order=40,
            template="feedback/ratings/case_section.html",
            selector=f"{VIEWS}.case_section",
        ),
        Section(
            page="service",
            name="rating",
            order=10,
            template="feedback/ratings/service_section.html",
            selector=f"{VIEWS}.service_section",
        ),
    )
    registry.add_cards(cards)
    registry.add_menu(*MENU)
    from sutura.accounts import demo as accounts_demo
    from sutura.feedback.demo import people

    accounts_demo.add_users(*people.USERS)
    registry.add_demo(
        registry.DemoStep(
            order=98,
            name="feedback",
            run="sutura.feedback.demo.seed_step",
            logins="sutura.feedback.demo.logins",
        )
    )
