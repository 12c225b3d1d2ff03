"""The demo's people of the feedback mechanism: who reports to whom, and the PSEA focal points.

- PSF (Mali) gets a programme manager, `manager.psf` (Moussa Diarra), and a protection officer,
  `psea.psf` (Rokia Sangaré), whom he designates PSEA focal point; PSF's case manager
  (`casemanager.psf`), its protection officer (`protection`) and its provider agent report to
  him. The two accounts join accounts' demo users through `accounts.demo.add_users` (called in
  `parts/ratings.py` at start-up), so accounts makes and lists them with the others;
- in AIM-SN, `manager.2fa` (Ndèye Sy, programme manager) is designated PSEA focal point by
  `manager`: the account that reads complaints of sexual exploitation and abuse is the one that
  signs in with a second factor, and she is outside the case manager's line (the case manager,
  the focal point and the M&E officer report to `manager`; the mentors to the focal point).
"""

from __future__ import annotations

from django.utils import timezone

from sutura.accounts.demo import DemoUser
from sutura.accounts.models import User
from sutura.accounts.roles import Role
from sutura.audit.context import acting_as
from sutura.feedback.models import PseaDesignation
from sutura.feedback.services import designations

USERS = [
    DemoUser(
        "manager.psf",
        "Moussa",
        "Diarra",
        "PSF",
        (Role.PROGRAMME_MANAGER,),
        ("ML-1", "ML-5", "ML-7"),
    ),
    DemoUser(
        "psea.psf", "Rokia", "Sangaré", "PSF", (Role.PROTECTION_OFFICER,), ("ML-1", "ML-5", "ML-7")
    ),
]
# user → their line manager (same organisation)
REPORTS_TO = {
    "casemanager.psf": "manager.psf",
    "protection": "manager.psf",
    "psea.psf": "manager.psf",
    "provider.ml": "manager.psf",
    "casemanager": "manager",
    "focalpoint": "manager",
    "meofficer": "manager",
    "mentor": "focalpoint",
    "mentor2": "focalpoint",
}
# focal point → who designates them
FOCAL_POINTS = {"psea.psf": "manager.psf", "manager.2fa": "manager"}


def seed() -> dict[str, User]:
    names = {*REPORTS_TO, *REPORTS_TO.values(), *FOCAL_POINTS, *FOCAL_POINTS.values()}
    users = {u.username: u for u in User.objects.filter(username__in=names)}
    for username, manager in REPORTS_TO.items():
        user = users[username]
        if user.reports_to_id != users[manager].pk:
            user.reports_to = users[manager]
            user.save(update_fields=["reports_to"])
    today = timezone.localdate()
    for username, designator in FOCAL_POINTS.items():
        focal, actor = users[username], users[designator]
        in_force = PseaDesignation.objects.filter(user=focal, starts_on__lte=today).exclude(
            ends_on__lt=today
        )
        if not in_force.exists():
            with acting_as(actor):
                designations.designate(
                    actor=actor, user=focal, starts_on=today.replace(month=1, day=1)
                )
    return users


def logins() -> list[str]:
    """What the feedback part of the demo shows (its two accounts are in accounts' list)."""
    return [
        "Complaints and feedback: psea.psf (PSF) and manager.2fa (AIM-SN) are the designated PSEA",
        "  focal points. outreach's complaint of sexual exploitation implicates casemanager.psf:",
        "  she, her manager (manager.psf) and protection find nothing of it; psea.psf sees it and",
        "  who read it. Public page to rate a service: /feedback/services/rate/ (a completed",
        "  referral's page gives its feedback reference).",
    ]
