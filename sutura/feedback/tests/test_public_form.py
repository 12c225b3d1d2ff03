"""The public form, without an account: a person reaches an intake point's short address, files
a complaint (anonymous unless they choose a way to be reached), gets a tracking code and
follows the status with it — the status in plain words and nothing else. Robots, floods and
double taps are held back (`public_guard`), and the audit log keeps the refusals, never what
was typed nor who sent it."""

from __future__ import annotations

import html
import json
import time
from pathlib import Path
from typing import Any

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _

from sutura.accounts.roles import Role
from sutura.audit.models import Action, AuditEntry
from sutura.feedback import public_guard
from sutura.feedback.forms.public import status_words
from sutura.feedback.models import (
    Category,
    FeedbackItem,
    IntakePoint,
    PublicSubmission,
    PublicThrottle,
)
from sutura.feedback.services import designations, points, workflow
from sutura.feedback.views.public import _wait_words

pytestmark = pytest.mark.django_db

WHAT = "Le chef de site m'a demandé 5000 francs pour me donner le kit."
PHONE = "+221771234567"


@pytest.fixture
def point(users_a: dict[Role, Any], locations: dict[str, Any]) -> IntakePoint:
    return points.create_point(
        actor=users_a[Role.PROGRAMME_MANAGER],
        kind="site",
        name="Centre d'accueil de Thiès",
        location=locations["SN-TH"],
    )


def stamp(point: IntakePoint, seconds_ago: int = 60) -> str:
    return public_guard.new_stamp(point.code, shown_at=time.time() - seconds_ago)


def filled(point: IntakePoint, **changes: Any) -> dict[str, Any]:
    return {
        "stamp": stamp(point),
        "category": "fraud",
        "description": WHAT,
        "sex": "female",
        "age_group": "18_24",
        "contact_method": "none",
        "website": "",
        **changes,
    }


def send(client: Client, point: IntakePoint, data: dict[str, Any]) -> Any:
    return client.post(reverse("feedback_public:new", kwargs={"code": point.code}), data)


def text(response: Any) -> str:
    return html.unescape(response.content.decode())


def refusals() -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=Action.REFUSED).order_by("pk"))


# --- the landing ---------------------------------------------------------------------------------


def test_the_landing_offers_the_choices_to_someone_without_an_account(point: IntakePoint) -> None:
    response = Client().get(reverse("feedback_public:landing", kwargs={"code": point.code}))
    assert response.status_code == 200
    page = text(response)
    assert reverse("feedback_public:new", kwargs={"code": point.code}) in page
    assert reverse("feedback_public:point_status", kwargs={"code": point.code}) in page
    assert "Organisation A" in page and "Centre d'accueil de Thiès" in page
    assert "PEAS" in page  # who reads a report of sexual exploitation or abuse
    assert "htmx" not in page  # the light public layout: nothing to download but the CSS
    # "Give my opinion on a service" once the ratings part provides its public page.
    try:
        rate = reverse("feedback_ratings:public_rate") + f"?point={point.code}"
    except NoReverseMatch:
        rate = ""
    assert not rate or rate in page


def test_the_short_address_is_read_in_capitals_too(point: IntakePoint) -> None:
    url = reverse("feedback_public:landing", kwargs={"code": point.code.upper()})
    assert Client().get(url).status_code == 200


def test_an_unknown_or_retired_point_has_no_form(point: IntakePoint) -> None:
    assert Client().get("/r/zzzzz/").status_code == 404
    IntakePoint.objects.filter(pk=point.pk).update(active=False)
    for name in ("feedback_public:landing", "feedback_public:new"):
        response = Client().get(reverse(name, kwargs={"code": point.code}))
        assert response.status_code == 404
        assert _("This form is no longer in use") in text(response)
    assert not FeedbackItem.objects.exists()


# --- filing --------------------------------------------------------------------------------------


def test_a_complaint_is_filed_anonymously_and_its_code_shown_big(point: IntakePoint) -> None:
    form = Client().get(reverse("feedback_public:new", kwargs={"code": point.code}))
    assert form.status_code == 200
    assert 'name="website"' in form.content.decode()  # the honeypot
    assert "Quelqu’un m’a demandé" in text(form)  # the categories' public names

    response = send(Client(), point, filled(point))

    assert response.status_code == 200
    item = FeedbackItem.objects.get()
    assert item.tracking_code in text(response)
    assert 'class="tracking-code"' in response.content.decode()
    assert item.channel == "public_form" and item.intake_point == point
    assert item.organisation_id == point.organisation_id and item.location == point.location
    assert item.category.code == "fraud" and item.sensitive
    assert (item.sex, item.age_group) == ("female", "18_24")
    assert item.recorded_by is None and item.anonymous
    assert _(
        "You chose to stay anonymous: we kept no way to contact you. Use the code to follow "
        "your message."
    ) in text(response)
    assert item.number not in text(response)  # the staff's reference stays with the staff
    assert item.tracking_code not in response.get("Location", "")


def test_anonymous_keeps_no_contact_even_if_typed(point: IntakePoint) -> None:
    typed = {
        "contact_name": "Awa",
        "contact_phone": PHONE,
        "contact_email": "awa@example.org",
        "trusted_person": "Ma tante, 77 000 00 00",
    }
    send(Client(), point, filled(point, contact_method="none", **typed))
    item = FeedbackItem.objects.get()
    assert item.contact_method == "none"
    assert (item.contact_name, item.contact_phone, item.contact_email, item.trusted_person) == (
        ("", "", "", "")
    )


def test_a_phone_without_country_code_is_read_in_the_points_country(point: IntakePoint) -> None:
    send(Client(), point, filled(point, contact_method="phone", contact_phone="77 123 45 67"))
    item = FeedbackItem.objects.get()
    assert (item.contact_method, item.contact_phone) == ("phone", PHONE)


def test_only_the_way_chosen_is_kept(point: IntakePoint) -> None:
    data = filled(
        point,
        contact_method="email",
        contact_email="awa@example.org",
        contact_phone=PHONE,
        trusted_person="Ma tante",
        contact_name="Awa",
    )
    send(Client(), point, data)
    item = FeedbackItem.objects.get()
    assert (item.contact_email, item.contact_phone, item.trusted_person) == (
        "awa@example.org",
        "",
        "",
    )
    assert item.contact_name == "Awa"


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"category": ""}, "category"),
        ({"category": "nope"}, "category"),
        ({"description": ""}, "description"),
        ({"description": "   "}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"description": "a\x00b"}, "description"),
        ({"sex": "robot"}, "sex"),
        ({"age_group": "200"}, "age_group"),
        ({"contact_method": "in_person"}, "contact_method"),
        ({"contact_method": "phone", "contact_phone": ""}, "contact_phone"),
        ({"contact_method": "phone", "contact_phone": "12"}, "contact_phone"),
        ({"contact_method": "phone", "contact_phone": "+221 12"}, "contact_phone"),
        ({"contact_method": "phone", "contact_phone": "7" * 41}, "contact_phone"),
        ({"contact_method": "email", "contact_email": "not an address"}, "contact_email"),
        ({"contact_method": "trusted_person", "trusted_person": ""}, "trusted_person"),
        ({"contact_method": "trusted_person", "trusted_person": "t" * 201}, "trusted_person"),
        (
            {"contact_name": "n" * 161, "contact_method": "phone", "contact_phone": PHONE},
            "contact_name",
        ),
        ({"category": "<script>alert(1)</script>"}, "category"),
    ],
)
def test_every_field_is_checked(point: IntakePoint, changes: dict[str, Any], field: str) -> None:
    response = send(Client(), point, filled(point, **changes))
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode(), field
    assert "<script>alert" not in response.content.decode()
    assert not FeedbackItem.objects.exists()


def test_a_category_kept_off_the_public_form_is_refused(point: IntakePoint) -> None:
    Category.objects.filter(code="other").update(on_public_form=False)
    response = send(Client(), point, filled(point, category="other"))
    assert 'id="id_category_error"' in response.content.decode()
    assert "Autre chose" not in text(response)
    assert not FeedbackItem.objects.exists()


def test_a_double_submit_files_one_item_and_shows_the_same_code(point: IntakePoint) -> None:
    data = filled(point)
    first = send(Client(), point, data)
    second = send(Client(), point, data)  # a retry from elsewhere: the answer was lost
    item = FeedbackItem.objects.get()
    assert item.tracking_code in text(first) and item.tracking_code in text(second)
    assert _("Your message had already been sent") in text(second)
    assert PublicSubmission.objects.get().item_id == item.pk
    another = send(Client(), point, filled(point))  # a new form: a new item
    assert another.status_code == 200
    assert FeedbackItem.objects.count() == 2


# --- the guards ----------------------------------------------------------------------------------


def test_past_the_hours_limit_the_address_is_refused_and_logged_once(
    point: IntakePoint, settings: Any
) -> None:
    settings.SUTURA_PUBLIC_FEEDBACK_PER_HOUR = 2
    client = Client()
    for _attempt in range(2):
        assert send(client, point, filled(point)).status_code == 200
    refused = send(client, point, filled(point))
    assert refused.status_code == 429
    assert _wait_words(3600) in text(refused)
    assert WHAT in text(refused)  # what was typed is kept on the form, to send later
    send(client, point, filled(point))
    send(client, point, filled(point))
    assert FeedbackItem.objects.count() == 2
    entries = refusals()
    assert len(entries) == 1  # a flood leaves one entry, not one per request
    assert entries[0].detail.startswith("public form refused: rate limit")
    # Another address is not held back…
    assert send(Client(REMOTE_ADDR="10.0.0.9"), point, filled(point)).status_code == 200
    # …and the hour passes.
    PublicThrottle.objects.update(window_start=public_guard.timezone.now() - public_guard.WINDOW)
    assert send(client, point, filled(point)).status_code == 200


def test_the_honeypot_holds_back_robots(point: IntakePoint) -> None:
    response = send(Client(), point, filled(point, website="http://spam.example"))
    assert response.status_code == 400
    assert _("Your message looked automatic and was not sent. Please send it again.") in text(
        response
    )
    assert not FeedbackItem.objects.exists()
    assert [e.detail.split(" (")[0] for e in refusals()] == ["public form refused: honeypot"]


def test_a_form_sent_too_fast_is_refused_then_goes_through(point: IntakePoint) -> None:
    response = send(Client(), point, filled(point, stamp=stamp(point, seconds_ago=0)))
    assert response.status_code == 400
    assert _("That was very quick: please check your message, then send it again.") in text(
        response
    )
    assert WHAT in text(response)
    assert not FeedbackItem.objects.exists()
    assert refusals()[0].detail.startswith("public form refused: too fast")


@pytest.mark.parametrize("forged", ["", "garbage", "x" * 400, "tampered"])
def test_a_missing_or_forged_stamp_is_refused(point: IntakePoint, forged: str) -> None:
    value = stamp(point)[:-2] + "xx" if forged == "tampered" else forged
    response = send(Client(), point, filled(point, stamp=value))
    assert response.status_code == 400
    assert not FeedbackItem.objects.exists()
    assert refusals()[0].detail.startswith("public form refused: bad signature")


def test_a_stamp_from_another_points_form_is_refused(
    point: IntakePoint, users_b: dict[Role, Any]
) -> None:
    other = points.create_point(actor=users_b[Role.PROGRAMME_MANAGER], kind="site", name="B")
    response = send(Client(), point, filled(point, stamp=stamp(other)))
    assert response.status_code == 400
    assert not FeedbackItem.objects.exists()


def test_a_form_left_open_too_long_is_shown_again(
    point: IntakePoint, monkeypatch: pytest.MonkeyPatch
) -> None:
    past = time.time() - 25 * 3600
    with monkeypatch.context() as patched:
        patched.setattr(time, "time", lambda: past)
        old = public_guard.new_stamp(point.code)
    response = send(Client(), point, filled(point, stamp=old))
    assert response.status_code == 200
    assert _("The form stayed open a long time: check what you wrote and send it again.") in (
        text(response)
    )
    assert WHAT in text(response)
    assert not FeedbackItem.objects.exists() and not refusals()


def test_a_body_too_large_is_refused_before_it_is_read(point: IntakePoint) -> None:
    response = send(Client(), point, filled(point, description="x" * 70_000))
    assert response.status_code == 413
    assert not FeedbackItem.objects.exists()
    assert refusals()[0].detail.startswith("public form refused: too large")


def test_the_audit_log_keeps_neither_what_was_said_nor_who_sent_it(point: IntakePoint) -> None:
    client = Client(REMOTE_ADDR="196.207.1.2")
    send(client, point, filled(point, website="spam"))
    send(client, point, filled(point, stamp=stamp(point, seconds_ago=0)))
    send(client, point, filled(point, contact_method="phone", contact_phone=PHONE))
    item = FeedbackItem.objects.get()
    entries = list(AuditEntry.objects.all())
    assert any(e.action == Action.CREATE and e.object_id == str(item.pk) for e in entries)
    logged = json.dumps(
        [[e.detail, e.object_label, e.changes, e.ip_address, e.actor_username] for e in entries],
        ensure_ascii=False,
    )
    for secret in (WHAT, PHONE, "196.207.1.2", item.tracking_code):
        assert secret not in logged
    assert all(e.ip_address is None for e in entries)


# --- the status check ----------------------------------------------------------------------------


def check(client: Client, typed: str, point: IntakePoint | None = None) -> Any:
    if point is None:
        return client.post(reverse("feedback_public:status"), {"tracking_code": typed})
    url = reverse("feedback_public:point_status", kwargs={"code": point.code})
    return client.post(url, {"tracking_code": typed})


def test_the_status_check_shows_the_status_and_nothing_else(
    point: IntakePoint, users_a: dict[Role, Any]
) -> None:
    send(Client(), point, filled(point, contact_method="phone", contact_phone=PHONE))
    item = FeedbackItem.objects.select_related("category").get()
    typed = " " + item.tracking_code.lower().replace("-", " ") + " "
    response = check(Client(), typed, point)
    assert response.status_code == 200
    page = text(response)
    label, explanation = status_words("received")
    assert label in page and explanation in page
    assert 'data-status="received"' in page
    for secret in (
        WHAT,
        item.number,
        item.category.name_fr,
        item.category.public_fr,
        item.category.code,
        PHONE,
        item.tracking_code,  # not even echoed back
    ):
        assert secret not in page, secret
    # Its status follows the workflow.
    focal = users_a[Role.MHPSS_FOCAL_POINT]
    designations.designate(actor=users_a[Role.PROGRAMME_MANAGER], user=focal)
    workflow.acknowledge(actor=focal, item=item)
    assert status_words("acknowledged")[0] in text(check(Client(), item.tracking_code))


def test_an_unknown_code_says_so_and_nothing_more(point: IntakePoint) -> None:
    send(Client(), point, filled(point))
    response = check(Client(), "KM4T-X7PQ-9RCA")
    assert response.status_code == 200
    assert _("No message has this code") in text(response)
    malformed = check(Client(), "KM4T")
    assert 'id="id_tracking_code_error"' in malformed.content.decode()


def test_the_status_check_is_rate_limited(point: IntakePoint, settings: Any) -> None:
    settings.SUTURA_PUBLIC_STATUS_PER_HOUR = 3
    client = Client()
    for _attempt in range(3):
        assert check(client, "KM4T-X7PQ-9RCA").status_code == 200
    refused = check(client, "KM4T-X7PQ-9RCA")
    assert refused.status_code == 429
    assert "Retry-After" not in refused  # a page: the message says when
    assert "60" in text(refused)
    assert refusals()[0].detail.startswith("public status refused: rate limit")


# --- the page itself -----------------------------------------------------------------------------


def test_the_form_page_weighs_well_under_100_kb(point: IntakePoint) -> None:
    """HTML, style sheets, scripts and icon, uncompressed (served compressed, far less)."""
    import re

    response = Client().get(reverse("feedback_public:new", kwargs={"code": point.code}))
    page = response.content.decode()
    assets = re.findall(r'(?:href|src)="/static/([^"]+)"', page)
    assert any(a.endswith(".css") for a in assets) and any(a.endswith(".js") for a in assets)
    total = len(response.content)
    for asset in assets:
        found = finders.find(asset)
        assert isinstance(found, str), asset
        total += Path(found).stat().st_size
    assert total < 100 * 1024, total


def test_the_form_speaks_english_when_asked(point: IntakePoint) -> None:
    client = Client()
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = text(client.get(reverse("feedback_public:new", kwargs={"code": point.code})))
    assert "Make a complaint or give feedback" in page
    assert "Someone asked for or forced a sexual act" in page


@pytest.mark.django_db(transaction=True)
def test_two_sends_of_one_form_at_the_same_moment_file_one_item(
    users_a: dict[Role, Any], locations: dict[str, Any]
) -> None:
    """The second send waits on the first one's key (a unique index) and gets its code."""
    import threading

    from django.db import connection

    point = points.create_point(
        actor=users_a[Role.PROGRAMME_MANAGER], kind="site", name="Thiès", location=None
    )
    data = filled(point)
    start = threading.Barrier(2)
    pages: list[str] = []

    def tap() -> None:
        try:
            start.wait()
            pages.append(text(send(Client(), point, data)))
        finally:
            connection.close()

    taps = [threading.Thread(target=tap) for _ in range(2)]
    for thread in taps:
        thread.start()
    for thread in taps:
        thread.join()
    item = FeedbackItem.objects.get()
    assert len(pages) == 2 and all(item.tracking_code in page for page in pages)
