"""Notifications are stored as codes and put into words in the reader's language when shown."""

from __future__ import annotations

import datetime

import pytest
from django.utils import translation
from django.utils.translation import gettext_noop

from sutura.accounts.roles import Role
from sutura.notifications.messages import Text, choice, moment, render
from sutura.notifications.services import notify
from sutura.referrals.models import ReferralStatus

pytestmark = pytest.mark.django_db


def test_a_notification_reads_in_the_language_of_whoever_reads_it(users_a):
    user = users_a[Role.CASE_MANAGER]
    user.preferred_language = "fr"
    user.save()
    due = datetime.datetime(2026, 3, 12, 9, 30, tzinfo=datetime.UTC)  # Dakar is on UTC
    (notification,) = notify(
        [user],
        Text(
            gettext_noop("Referral %(number)s: %(status)s"),
            number="REF-1",
            status=choice(ReferralStatus.ACCEPTED),
        ),
        Text(gettext_noop("It was due by %(due)s and has not been answered."), due=moment(due)),
    )
    # Stored: the message id and codes, no translated word.
    assert notification.title_text == {
        "msgid": "Referral %(number)s: %(status)s",
        "params": {
            "number": "REF-1",
            "status": {"choice": "sutura.referrals.models.ReferralStatus", "value": "accepted"},
        },
    }
    # No words are stored (the e-mail is written when it is sent, in the recipient's language).
    assert notification.title == "" and notification.body == ""
    # Read later by someone who switched to English: every word, the status and the date too.
    with translation.override("en"):
        assert notification.shown_title == "Referral REF-1: Accepted"
        assert (
            notification.shown_body == "It was due by 12/03/2026 09:30 and has not been answered."
        )
    with translation.override("fr"):
        assert notification.shown_title == "Référencement REF-1 : Accepté"
        assert "12/03/2026" in notification.shown_body


def test_old_notifications_without_codes_show_their_stored_words(users_a):
    (notification,) = notify([users_a[Role.CASE_MANAGER]], Text("Plain"))
    notification.title_text, notification.title = {}, "Plain"
    assert notification.shown_title == "Plain"
    assert render({}) == ""


def test_a_broken_parameter_never_breaks_the_page():
    stored = {
        "msgid": "%(what)s",
        "params": {"what": {"choice": "sutura.nowhere.Missing", "value": "x"}},
    }
    assert render(stored) == "x"


def test_the_e_mail_is_written_in_the_recipient_s_language(users_a):
    from django.core import mail

    user = users_a[Role.CASE_MANAGER]
    user.email, user.preferred_language = "cm@example.org", "en"
    user.save()
    with translation.override("fr"):
        notify(
            [user],
            Text(
                gettext_noop("Referral %(number)s: %(status)s"),
                number="REF-2",
                status=choice(ReferralStatus.ACCEPTED),
            ),
        )
    from django.db import connection

    for entry in connection.run_on_commit:
        entry[1]()  # (savepoints, callback, robust): what a commit would run
    assert mail.outbox[-1].subject == "Referral REF-2: Accepted"
