"""Production settings pass Django's deployment checks; the demo loads once, idempotently."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db.models import Q

from sutura.accounts.demo import CASEWORK_ORGANISATIONS as CASEWORK
from sutura.accounts.demo import DEMO_PASSWORD, USERS
from sutura.accounts.models import Organisation, OrganisationType, User
from sutura.accounts.roles import Role
from sutura.dedup.demo import planted_files
from sutura.people.models import Person
from tests.demo_fixture import DEMO_PERSONS

ROOT = Path(__file__).resolve().parents[3]


def test_check_deploy_with_production_settings_prints_no_warning():
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "sutura.settings.production",
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x7Gq2LmP9vZ" * 4,
        "DJANGO_ALLOWED_HOSTS": "sutura.example.org",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SECRET_KEY"}
    env["DJANGO_SETTINGS_MODULE"] = "sutura.settings.production"
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded_demo")
def test_seed_demo_creates_one_user_per_role_and_does_not_duplicate():
    call_command("seed_demo", persons=DEMO_PERSONS, quiet_logins=True)  # the second time
    # The bulk people go to the casework organisations (other apps' stories add their own: the
    # children demo's two children, the returnee whose case opened from the return journey).
    # And the duplicates demo's six files.
    later = (
        Q(cases__child_profile__isnull=False)
        | Q(cases__transitions__cause="from_return")
        | Q(pk__in=Person.objects.filter(planted_files()))
    )
    bulk = Person.objects.filter(organisation__acronym__in=CASEWORK).exclude(later)
    assert bulk.count() == DEMO_PERSONS
    assert User.objects.count() == len(USERS)
    roles = {role for user in User.objects.all() for role in user.roles}
    assert roles == set(Role.values)
    kinds = set(Organisation.objects.values_list("type", flat=True))
    assert kinds == set(OrganisationType.values)
    countries = set(Organisation.objects.values_list("country__iso_code", flat=True))
    # The three countries of the mechanism, and the returns' departure offices in Libya, Niger
    # and Algeria.
    assert countries == {"SN", "ML", "CM", "LY", "NE", "DZ"}
    assert all(user.check_password(DEMO_PASSWORD) for user in User.objects.all())
    # Realistic people: West African names, valid phones with the country code.
    assert Person.objects.filter(family_name__in=["Ndiaye", "N'Diaye", "Traoré", "Keïta"]).exists()
    assert (
        not Person.objects.exclude(phone="")
        .exclude(phone__regex=r"^\+(221|223|237)\d{8,9}$")
        .exists()
    )


@pytest.mark.django_db
@pytest.mark.usefixtures("seeded_demo")
def test_seed_demo_scales_up_by_adding_only_the_missing_people():
    call_command("seed_demo", persons=DEMO_PERSONS + 30, quiet_logins=True)
    assert Person.objects.filter(organisation__acronym__in=CASEWORK).count() == DEMO_PERSONS + 30
