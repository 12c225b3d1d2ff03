"""Overdue referrals: the command tells both sides once; both sides' pages flag them."""

from __future__ import annotations

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sutura.notifications.models import Notification
from sutura.referrals.models import Referral
from sutura.referrals.tests.helpers import make_world, refer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def late(users_a):
    world = make_world(users_a)
    referral = refer(world)
    Referral.objects.filter(pk=referral.pk).update(respond_by=timezone.now() - timedelta(hours=2))
    world.referral = Referral.objects.get(pk=referral.pk)
    return world


def run_command() -> str:
    out = StringIO()
    call_command("notify_overdue_referrals", stdout=out)
    return out.getvalue()


def test_the_command_notifies_both_sides_once_and_says_how_many(
    late, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert run_command().startswith("1 ")
    link = reverse("referrals:detail", args=[late.referral.pk])
    for user in (late.agent, late.manager):
        assert Notification.objects.filter(recipient=user, link=link).count() >= 1
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert run_command().startswith("0 ")
    assert Notification.objects.count() == before


def test_an_answered_referral_is_not_overdue(late):
    from sutura.referrals.services import workflow

    workflow.accept(actor=late.agent, referral=late.referral)
    assert run_command().startswith("0 ")


@pytest.mark.parametrize("side", ["agent", "manager"])
def test_both_sides_see_the_overdue_flag(client, late, side):
    user = getattr(late, side)
    client.force_login(user)
    listing = "referrals:inbox" if side == "agent" else "referrals:list"
    body = client.get(reverse(listing)).content.decode()
    row = body.split(late.referral.number, 1)[1].split("</tr>", 1)[0]
    assert "overdue" in row
    detail = client.get(reverse("referrals:detail", args=[late.referral.pk])).content.decode()
    assert "Overdue" in detail
