"""Demo organisations and one user per role. Fictional names; idempotent."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from sutura.accounts.models import Organisation, OrganisationType, User
from sutura.accounts.roles import Role
from sutura.core.registry import DemoContext
from sutura.geo.models import Level, Location

DEMO_PASSWORD = "Sutura-demo-2026"  # noqa: S105 - printed on purpose: demo data only
# The demo's two-factor user has this authenticator secret (RFC 6238's test key), printed in
# the README: add it to an authenticator app, or compute the code (docs/security.md).
DEMO_TOTP_SECRET = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"  # noqa: S105 - demo data only
DEMO_TOTP_KEY = b"12345678901234567890".hex()

T = OrganisationType
ORGANISATIONS = [
    # name, acronym, type, country, date it signed the NRM data-sharing protocol (governance's
    # demo turns these dates into signatures: membership is kept there)
    (
        "Agence internationale pour les migrations — Sénégal",
        "AIM-SN",
        T.UN_AGENCY,
        "SN",
        date(2021, 3, 1),
    ),
    (
        "Agence internationale pour les migrations — Mali",
        "AIM-ML",
        T.UN_AGENCY,
        "ML",
        date(2021, 6, 15),
    ),
    ("Direction nationale de la protection sociale", "DNPS", T.GOVERNMENT, "ML", date(2022, 1, 10)),
    (
        "Ministère de l’Action sociale et de la Famille",
        "MINASF",
        T.GOVERNMENT,
        "CM",
        date(2023, 2, 1),
    ),
    ("Jamra Santé mentale", "JSM", T.NATIONAL_NGO, "SN", date(2022, 9, 1)),
    ("Association Benkadi pour le retour digne", "BENKADI", T.NATIONAL_NGO, "ML", None),
    ("Cameroun Espoir Migrants", "CEM", T.NATIONAL_NGO, "CM", date(2024, 5, 20)),
    ("Protection sans frontières", "PSF", T.INTERNATIONAL_NGO, "ML", date(2022, 4, 4)),
    ("Groupement des femmes de Thiaroye", "GFT", T.CBO, "SN", None),
    ("Sahel Formation SARL", "SAHELFORM", T.PRIVATE_SECTOR, "ML", None),
    ("Douala Emploi Services", "DES", T.PRIVATE_SECTOR, "CM", None),
    # Providers listed in the directory that have nobody in Sutura (referrals to them are
    # answered by phone or on paper, and the referrer records the answer).
    ("Centre hospitalier régional du Fouladou", "CHRF", T.GOVERNMENT, "SN", date(2023, 3, 1)),
    ("Clinique juridique Droit pour tous", "CJDT", T.NATIONAL_NGO, "SN", date(2022, 11, 15)),
    ("Centre Kandé pour l’enfance", "CKE", T.NATIONAL_NGO, "SN", date(2022, 6, 1)),
    ("Centre de formation aux métiers du Cayor", "CFMC", T.GOVERNMENT, "SN", None),
    ("Teranga Microfinance SA", "TMF", T.PRIVATE_SECTOR, "SN", None),
    ("Association des juristes pour les migrants", "AJM", T.NATIONAL_NGO, "ML", date(2023, 4, 1)),
    ("Centre de santé communautaire Hèrè de Kayes", "CSCOM-HK", T.CBO, "ML", None),
    ("Hôpital régional Sahel de Maroua", "HRSM", T.GOVERNMENT, "CM", date(2024, 6, 1)),
    ("Centre d’orientation et de formation du Wouri", "COFW", T.PRIVATE_SECTOR, "CM", None),
    # An employer that posts placement offers (sutura/placements/demo.py); not an NRM member.
    ("Sénégal Agro-Transformation SA", "SAT", T.PRIVATE_SECTOR, "SN", None),
]


@dataclass(frozen=True)
class DemoUser:
    username: str
    first_name: str
    last_name: str
    organisation: str  # acronym
    roles: tuple[Role, ...]
    areas: tuple[str, ...]  # ISO codes of admin1 units
    is_staff: bool = False
    two_factor: bool = False  # seeded with an authenticator on DEMO_TOTP_SECRET


USERS = [
    DemoUser("admin", "Awa", "Sarr", "AIM-SN", (Role.SYSTEM_ADMIN,), ("SN",), is_staff=True),
    DemoUser(
        "manager", "Ibrahima", "Fall", "AIM-SN", (Role.PROGRAMME_MANAGER,), ("SN-DK", "SN-TH")
    ),
    DemoUser("casemanager", "Mariama", "Diop", "AIM-SN", (Role.CASE_MANAGER,), ("SN-DK",)),
    DemoUser("focalpoint", "Khady", "Ndour", "AIM-SN", (Role.MHPSS_FOCAL_POINT,), ("SN-DK",)),
    DemoUser("mentor", "Modou", "Gueye", "AIM-SN", (Role.COMMUNITY_MENTOR,), ("SN-TH",)),
    # A second mentor, in Dakar, supervised by the same focal point (sutura/mentoring/demo/).
    DemoUser("mentor2", "Aïssatou", "Ba", "AIM-SN", (Role.COMMUNITY_MENTOR,), ("SN-DK",)),
    DemoUser("provider", "Seynabou", "Faye", "JSM", (Role.PROVIDER_AGENT,), ("SN-DK",)),
    DemoUser("coordinator", "Aminata", "Sow", "AIM-SN", (Role.NRM_COORDINATOR,), ("SN",)),
    DemoUser("protection", "Oumar", "Maïga", "PSF", (Role.PROTECTION_OFFICER,), ("ML-5",)),
    # Outreach volunteers of PSF in Kayes and Gao, supervised by Oumar Maïga (their profiles:
    # sutura/community/demo/structures.py).
    DemoUser("outreach", "Kadiatou", "Sissoko", "PSF", (Role.OUTREACH_VOLUNTEER,), ("ML-1",)),
    DemoUser("outreach2", "Hamadoun", "Touré", "PSF", (Role.OUTREACH_VOLUNTEER,), ("ML-7",)),
    # PSF's case manager in Kayes, Mopti and Gao: the cases behind the communities' case trends
    # (sutura/community/demo/trends.py).
    DemoUser(
        "casemanager.psf",
        "Aminata",
        "Dembélé",
        "PSF",
        (Role.CASE_MANAGER,),
        ("ML-1", "ML-5", "ML-7"),
    ),
    DemoUser("meofficer", "Fatoumata", "Coulibaly", "AIM-SN", (Role.ME_OFFICER,), ("SN",)),
    # A case manager of another organisation: proves that organisations do not see each other.
    DemoUser("casemanager.ml", "Seydou", "Traoré", "AIM-ML", (Role.CASE_MANAGER,), ("ML-1",)),
    # The other countries' side of the referral mechanism: a provider agent in Mali, and a case
    # manager and a provider agent in Cameroon.
    DemoUser("provider.ml", "Boubacar", "Keïta", "PSF", (Role.PROVIDER_AGENT,), ("ML-BKO",)),
    DemoUser("casemanager.cm", "Brigitte", "Ngono", "CEM", (Role.CASE_MANAGER,), ("CM-LT",)),
    DemoUser("provider.cm", "Emmanuel", "Fotso", "MINASF", (Role.PROVIDER_AGENT,), ("CM-CE",)),
    # A private-sector employer's agent: posts placement offers, answers the proposals.
    DemoUser("employer", "Cheikh", "Mbaye", "SAT", (Role.PROVIDER_AGENT,), ("SN-DK",)),
    # Signs in with a code from an authenticator app after the password (two-factor login).
    DemoUser(
        "manager.2fa",
        "Ndèye",
        "Sy",
        "AIM-SN",
        (Role.PROGRAMME_MANAGER,),
        ("SN-DK",),
        two_factor=True,
    ),
]


def add_organisations(*rows: tuple[str, str, OrganisationType, str, date | None]) -> None:
    """An app above accounts adds its demo organisations (in its `AppConfig.ready()`), as rows
    of `ORGANISATIONS`: made with the others by `seed_organisations`. Their country must be
    among the places seeded before (an app seeding another country registers a demo step
    before this one's)."""
    ORGANISATIONS.extend(row for row in rows if row not in ORGANISATIONS)


def add_users(*specs: DemoUser) -> None:
    """An app above accounts adds its demo accounts (in its `AppConfig.ready()`): they are made
    with the others by `seed_users` and listed with the others by `logins`."""
    USERS.extend(spec for spec in specs if spec not in USERS)


def seed_organisations() -> dict[str, Organisation]:
    countries = {loc.iso_code: loc for loc in Location.objects.filter(level=Level.COUNTRY)}
    organisations = {}
    for name, acronym, kind, country, _member_since in ORGANISATIONS:
        # A database seeded when the demo wrote ' keeps its organisations, renamed.
        Organisation.objects.filter(name=name.replace("’", "'")).exclude(name=name).update(
            name=name
        )
        organisation, _ = Organisation.objects.update_or_create(
            name=name,
            defaults={
                "acronym": acronym,
                "type": kind,
                "country": countries[country],
            },
        )
        organisations[acronym] = organisation
    return organisations


def seed_users(organisations: dict[str, Organisation]) -> list[User]:
    users = []
    for spec in USERS:
        user = User.objects.filter(username=spec.username).first()
        if user is None:
            user = User(username=spec.username)
            user.set_password(DEMO_PASSWORD)
        user.first_name, user.last_name = spec.first_name, spec.last_name
        user.email = f"{spec.username}@demo.sutura.invalid"
        user.organisation = organisations[spec.organisation]
        user.roles = [str(role) for role in spec.roles]
        user.is_staff = user.is_superuser = spec.is_staff
        user.save()
        user.areas.set(Location.objects.filter(iso_code__in=spec.areas))
        if spec.two_factor:
            TOTPDevice.objects.update_or_create(
                user=user, name="app", defaults={"key": DEMO_TOTP_KEY, "confirmed": True}
            )
        users.append(user)
    return users


# The organisations that register people and open cases in the demo (the others provide
# services or coordinate).
CASEWORK_ORGANISATIONS = ("AIM-SN", "AIM-ML", "DNPS", "MINASF", "CEM")


def casework_organisations(organisations: dict[str, Organisation]) -> list[Organisation]:
    return [organisations[acronym] for acronym in CASEWORK_ORGANISATIONS]


@transaction.atomic
def seed_step(context: DemoContext) -> str:
    """This app's part of `seed_demo` (registered in its AppConfig)."""
    context.organisations = seed_organisations()
    seed_users(context.organisations)
    return f"{len(context.organisations)} organisations, {len(USERS)} users"


def logins() -> list[str]:
    lines = [f"Demo logins (password for all: {DEMO_PASSWORD}):"]
    for spec in USERS:
        roles = ", ".join(str(role.label) for role in spec.roles)
        extra = f" (two-factor: authenticator key {DEMO_TOTP_SECRET})" if spec.two_factor else ""
        lines.append(f"  {spec.username:<16} {roles} — {spec.organisation}{extra}")
    return lines
