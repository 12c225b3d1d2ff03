"""The review pages: the queue, the pair side by side, the two decisions, the merge and its
undo; and what a reviewer may not learn."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext

from sutura.access import visible
from sutura.accounts.roles import Perm, Role
from sutura.audit.models import Action, AuditEntry
from sutura.core.templatetags.typography import percent_text
from sutura.dedup.models import DedupRun, Merge, PairDecision, Proposal, ProposalStatus
from sutura.people import matching
from sutura.people import services as people
from sutura.people.match_reasons import label
from sutura.people.models import Person
from tests.worlds import World

pytestmark = pytest.mark.django_db


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _pair(world: World, *, probability: float = 0.97, group: int = 0) -> Proposal:
    reviewer = world.a.users[Role.PROGRAMME_MANAGER]
    twin = people.register_person(
        actor=reviewer, given_names="Aminata", family_name="Ndiay", sex="female"
    )
    run = DedupRun.objects.create(organisation=world.a.organisation, started_by=reviewer)
    first, second = sorted((world.a.person, twin), key=lambda p: p.pk)
    return Proposal.objects.create(
        organisation=world.a.organisation,
        run=run,
        first=first,
        second=second,
        probability=probability,
        group=group,
        reasons=["same_phone", "different_sex"],
    )


def test_the_queue_shows_the_reasons_in_french_to_the_reviewer(world: World) -> None:
    proposal = _pair(world)
    answer = _client(world.a.users[Role.PROGRAMME_MANAGER]).get(reverse("dedup:queue"))
    assert answer.status_code == 200
    page = answer.content.decode()
    assert reverse("dedup:pair", args=[proposal.pk]) in page
    with translation.override("fr"):  # the page's language (the users' preference)
        assert label("same_phone") in page
        assert label("different_sex") in page


def test_the_band_filter_keeps_the_band(world: World) -> None:
    proposal = _pair(world, probability=0.85)
    reviewer = _client(world.a.users[Role.PROGRAMME_MANAGER])
    likely = reviewer.get(reverse("dedup:queue"), {"band": "likely"}).content.decode()
    high = reviewer.get(reverse("dedup:queue"), {"band": "high"}).content.decode()
    assert reverse("dedup:pair", args=[proposal.pk]) in likely
    assert reverse("dedup:pair", args=[proposal.pk]) not in high
    # A pair badged "very likely" (90 % and more) is under the filter of that name.
    badged = _pair(world, probability=0.92)
    assert badged.band == "high"
    high = reviewer.get(reverse("dedup:queue"), {"band": "high"}).content.decode()
    assert reverse("dedup:pair", args=[badged.pk]) in high


def test_the_band_filter_offers_only_the_bands_that_hold_a_pair(world: World) -> None:
    """Runs propose pairs from the batch threshold (about 93 %) up: a filter offering "possibly
    (under 50 %)" always showed nothing (browser walk). With every pair in one band there is
    no filter; the bands offered say how many pairs each holds; the page says from where pairs
    are proposed."""
    reviewer = _client(world.a.users[Role.PROGRAMME_MANAGER])
    _pair(world, probability=0.95)
    page = reviewer.get(reverse("dedup:queue")).content.decode()
    assert 'name="band"' not in page
    with translation.override("fr"):  # the page's language
        assert f"environ {percent_text(round(matching.threshold('batch') * 100))}" in page
    _pair(world, probability=0.7)
    page = reviewer.get(reverse("dedup:queue")).content.decode()
    assert 'value="high"' in page and 'value="likely"' in page
    assert 'value="possible"' not in page
    assert "· 1</option>" in page
    # A band asked for by its address stays offered, so that the choice can be seen and undone.
    asked = reviewer.get(reverse("dedup:queue"), {"band": "possible"}).content.decode()
    assert 'value="possible" selected' in asked


def test_the_pair_page_shows_both_files_and_audits_each_read(world: World) -> None:
    proposal = _pair(world)
    reviewer = world.a.users[Role.PROGRAMME_MANAGER]
    answer = _client(reviewer).get(reverse("dedup:pair", args=[proposal.pk]))
    assert answer.status_code == 200
    page = answer.content.decode()
    assert world.a.case.number in page  # the person's case, by number
    for person_id in (proposal.first_id, proposal.second_id):
        assert AuditEntry.objects.filter(
            actor=reviewer, action=Action.READ, object_id=str(person_id)
        ).exists()


def test_merging_from_the_pair_page_and_undoing_it(world: World) -> None:
    proposal = _pair(world)
    reviewer = _client(world.a.users[Role.PROGRAMME_MANAGER])
    kept = world.a.person
    answer = reviewer.post(
        reverse("dedup:merge", args=[proposal.pk]),
        {"kept": str(kept.pk), "reason": "Même téléphone"},
    )
    merge = Merge.objects.get(proposal=proposal)
    assert answer.status_code == 302 and answer["Location"] == reverse(
        "dedup:merge_detail", args=[merge.pk]
    )
    assert merge.kept_id == kept.pk
    detail = reviewer.get(answer["Location"])
    assert detail.status_code == 200
    undone = reviewer.post(reverse("dedup:undo", args=[merge.pk]), {"reason": "Erreur"})
    assert undone.status_code == 302
    assert Merge.objects.get(pk=merge.pk).undone_at is not None
    again = reviewer.post(reverse("dedup:undo", args=[merge.pk]), {"reason": "Encore"})
    assert again.status_code == 400
    with translation.override("fr"):
        assert gettext("This merge was already undone.") in again.content.decode()


def test_the_pair_page_asks_whose_value_to_keep_where_the_files_differ(world: World) -> None:
    """Aminata Ndiaye, born 12 June 1994, and Aminata Ndiay, born around 1990: the reviewer
    keeps the second file (more records, say) with the first file's name and date."""
    proposal = _pair(world)
    person = world.a.person
    Person.objects.filter(pk=person.pk).update(
        birth_date=datetime.date(1994, 6, 12), birth_date_estimated=False
    )
    twin = proposal.second if proposal.first_id == person.pk else proposal.first
    Person.objects.filter(pk=twin.pk).update(
        birth_date=datetime.date(1990, 1, 1), birth_date_estimated=True
    )
    reviewer = _client(world.a.users[Role.PROGRAMME_MANAGER])
    with translation.override("fr"):
        page = reviewer.get(reverse("dedup:pair", args=[proposal.pk])).content.decode()
    assert 'name="detail_name"' in page and 'name="detail_birth_date"' in page
    assert 'name="detail_sex"' not in page  # both female: nothing to choose
    assert "Ndiay" in page and "1990" in page
    answer = reviewer.post(
        reverse("dedup:merge", args=[proposal.pk]),
        {
            "kept": str(twin.pk),
            "detail_name": str(person.pk),
            "detail_birth_date": str(person.pk),
            "reason": "Même passeport",
        },
    )
    assert answer.status_code == 302
    kept = Person.objects.get(pk=twin.pk)
    assert (kept.family_name, kept.birth_date) == (person.family_name, datetime.date(1994, 6, 12))
    assert "Aminata Ndiay" in kept.aliases
    merge = Merge.objects.get(proposal=proposal)
    # The kept file now bears the other's name: each says when it was registered (browser
    # walk: both files read the same).
    registered = {
        twin.pk: datetime.datetime(2025, 3, 4, 9, 30, tzinfo=datetime.UTC),
        person.pk: datetime.datetime(2026, 1, 2, 15, 5, tzinfo=datetime.UTC),
    }
    for pk, when in registered.items():
        Person.objects.filter(pk=pk).update(created_at=when)
    detail = reviewer.get(reverse("dedup:merge_detail", args=[merge.pk])).content.decode()
    with translation.override("fr"):  # the reviewer's language
        said = gettext("Details changed on the file kept"), gettext("Date of birth")
        # Each detail with its values, before and after; the spellings kept as aliases
        # (browser walk: only the detail's name was given).
        born = date_format(datetime.date(1994, 6, 12), "DATE_FORMAT")
        stamps = [
            date_format(localtime(registered[pk]), "SHORT_DATETIME_FORMAT")
            for pk in (twin.pk, person.pk)
        ]
        kept_label, merged_label = gettext("File kept"), gettext("File merged into it")
    kept_part = detail.split(kept_label, 1)[1].split(merged_label, 1)[0]
    merged_part = detail.split(merged_label, 1)[1].split("</dd>", 1)[0]
    assert stamps[0] in kept_part and stamps[1] not in kept_part
    assert stamps[1] in merged_part
    assert all(text in detail for text in said)
    assert f"→ {born}" in detail
    assert f"{twin} → {person}" in detail
    assert "+ Aminata Ndiay" in detail


def _versions_on(page: str) -> str:
    found = re.search(r'name="versions" value="([^"]+)"', page)
    assert found is not None
    return found.group(1)


def test_a_file_changed_since_the_pair_page_was_opened_is_not_merged(world: World) -> None:
    """Concurrent edits never overwrite silently: the page's choices were made on values
    one file no longer holds; the page shows the new values and merges on the second try."""
    proposal = _pair(world)
    reviewer = _client(world.a.users[Role.PROGRAMME_MANAGER])
    page = reviewer.get(reverse("dedup:pair", args=[proposal.pk])).content.decode()
    versions = _versions_on(page)
    person = Person.objects.get(pk=world.a.person.pk)
    Person.objects.filter(pk=person.pk).update(
        birth_date=datetime.date(1980, 5, 5), version=person.version + 1
    )
    body = {"kept": str(person.pk), "reason": "Même passeport", "versions": versions}
    refused = reviewer.post(reverse("dedup:merge", args=[proposal.pk]), body)
    assert refused.status_code == 400 and not Merge.objects.filter(proposal=proposal).exists()
    again = refused.content.decode()
    assert "1980" in again
    body["versions"] = _versions_on(again)
    assert reviewer.post(reverse("dedup:merge", args=[proposal.pk]), body).status_code == 302


def test_a_pair_merged_meanwhile_leads_to_its_merge_not_to_a_404(world: World) -> None:
    """A reload of the pair page, or the form of a second tab, after the merge: the merged file
    is hidden, so the pair is; the reviewer is led to the merge (found in the browser walk)."""
    proposal = _pair(world)
    reviewer = _client(world.a.users[Role.PROGRAMME_MANAGER])
    url = reverse("dedup:merge", args=[proposal.pk])
    reviewer.post(url, {"kept": str(proposal.first_id), "reason": "Même téléphone"})
    merge = Merge.objects.get(proposal=proposal)
    detail = reverse("dedup:merge_detail", args=[merge.pk])
    page = reviewer.get(reverse("dedup:pair", args=[proposal.pk]))
    assert page.status_code == 302 and page["Location"] == detail
    stale = reviewer.post(url, {"kept": str(proposal.second_id), "reason": "Encore"})
    assert stale.status_code == 302 and stale["Location"] == detail
    not_same = reviewer.post(reverse("dedup:not_duplicate", args=[proposal.pk]), {"reason": ""})
    assert not_same.status_code == 302 and not_same["Location"] == detail
    assert Merge.objects.filter(proposal=proposal).count() == 1
    assert not PairDecision.objects.filter(first=proposal.first, second=proposal.second).exists()
    with translation.override("fr"):
        followed = reviewer.get(detail).content.decode()
        assert gettext("This pair was already merged: here is the merge.") in followed
    # once undone, the pair is a pair again
    reviewer.post(reverse("dedup:undo", args=[merge.pk]), {"reason": "Erreur"})
    assert reviewer.get(reverse("dedup:pair", args=[proposal.pk])).status_code == 200
    # another organisation's reviewer learns nothing
    other = _client(world.b.users[Role.PROGRAMME_MANAGER])
    assert other.get(reverse("dedup:pair", args=[proposal.pk])).status_code == 404


def test_a_merge_without_a_reason_is_refused_on_the_page(world: World) -> None:
    proposal = _pair(world)
    answer = _client(world.a.users[Role.PROGRAMME_MANAGER]).post(
        reverse("dedup:merge", args=[proposal.pk]), {"kept": str(proposal.first_id), "reason": ""}
    )
    assert answer.status_code == 400
    assert not Merge.objects.filter(proposal=proposal).exists()


def test_not_the_same_person_is_remembered_and_leaves_the_queue(world: World) -> None:
    proposal = _pair(world)
    reviewer = _client(world.a.users[Role.PROGRAMME_MANAGER])
    answer = reviewer.post(reverse("dedup:not_duplicate", args=[proposal.pk]), {"reason": ""})
    assert answer.status_code == 302
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.NOT_DUPLICATE
    assert PairDecision.objects.filter(first=proposal.first, second=proposal.second).exists()
    queue = reviewer.get(reverse("dedup:queue")).content.decode()
    assert reverse("dedup:pair", args=[proposal.pk]) not in queue
    page = reviewer.get(reverse("dedup:pair", args=[proposal.pk])).content.decode()
    with translation.override("fr"):  # one sentence, the decision in it (browser walk)
        decision = str(ProposalStatus.NOT_DUPLICATE.label).lower()
        said = gettext("This pair was already decided: %(decision)s.") % {"decision": decision}
    assert said.replace("'", "&#x27;") in page


def test_a_not_the_same_person_given_by_mistake_is_shown_and_withdrawn(world: World) -> None:
    """The decided pair says who decided, when and why, and the decision can be taken back:
    the pair is in the queue again, both files' trails say so (browser walk)."""
    proposal = _pair(world)
    manager = world.a.users[Role.PROGRAMME_MANAGER]
    reviewer = _client(manager)
    reviewer.post(reverse("dedup:not_duplicate", args=[proposal.pk]), {"reason": "Deux sœurs"})
    url = reverse("dedup:pair", args=[proposal.pk])
    page = reviewer.get(url).content.decode()
    assert "Deux sœurs" in page
    assert (manager.get_full_name() or manager.username) in page
    withdraw = reverse("dedup:withdraw", args=[proposal.pk])
    assert withdraw in page
    # a reason is required; another organisation's reviewer finds nothing
    assert reviewer.post(withdraw, {"reason": ""}).status_code == 400
    other = _client(world.b.users[Role.PROGRAMME_MANAGER])
    assert other.post(withdraw, {"reason": "Erreur"}).status_code == 404
    assert PairDecision.objects.filter(first=proposal.first, second=proposal.second).exists()

    answer = reviewer.post(withdraw, {"reason": "Même passeport, vérifié"})
    assert answer.status_code == 302 and answer["Location"] == url
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN and proposal.decided_by is None
    kept = PairDecision.objects.get(first=proposal.first, second=proposal.second)
    assert kept.withdrawn_at is not None and kept.withdraw_reason == "Même passeport, vérifié"
    assert url in reviewer.get(reverse("dedup:queue")).content.decode()
    # decided again: a new decision, the withdrawn one kept beside it
    reviewer.post(reverse("dedup:not_duplicate", args=[proposal.pk]), {"reason": "Cousines"})
    pair = PairDecision.objects.filter(first=proposal.first, second=proposal.second)
    assert pair.count() == 2 and pair.filter(withdrawn_at__isnull=True).count() == 1
    trail = AuditEntry.objects.filter(
        object_id__in=[str(proposal.first_id), str(proposal.second_id)],
        changes__has_key="no longer not a duplicate of",
    )
    assert trail.count() == 2
    assert all(e.changes["reason"] == "Même passeport, vérifié" for e in trail)
    # withdrawn again (the new decision), then a second tab's withdrawal finds nothing left
    assert reviewer.post(withdraw, {"reason": "Erreur"}).status_code == 302
    again = reviewer.post(withdraw, {"reason": "Encore"})
    assert again.status_code == 400


def test_a_case_manager_gets_no_review(world: World) -> None:
    proposal = _pair(world)
    manager = _client(world.a.users[Role.CASE_MANAGER])
    assert manager.get(reverse("dedup:queue")).status_code == 403
    assert manager.get(reverse("dedup:pair", args=[proposal.pk])).status_code == 403


def test_the_other_organisation_never_learns_of_the_pair(world: World) -> None:
    proposal = _pair(world)
    other = _client(world.b.users[Role.PROGRAMME_MANAGER])
    assert other.get(reverse("dedup:pair", args=[proposal.pk])).status_code == 404
    assert (
        reverse("dedup:pair", args=[proposal.pk])
        not in other.get(reverse("dedup:queue")).content.decode()
    )


def test_a_reviewer_restricted_to_assigned_cases_sees_only_pairs_of_files_they_open(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a deployment give review to case managers who see only their assigned cases, a
    pair with a file outside their cases stays unseen (both files must be theirs)."""
    import sutura.accounts.models as accounts

    given = accounts.permissions_for
    monkeypatch.setattr(
        accounts, "permissions_for", lambda roles: given(roles) | {Perm.REVIEW_DUPLICATES}
    )
    manager = world.a.users[Role.CASE_MANAGER]  # A: case managers see only their cases
    proposal = _pair(world)  # A's person (their case) and a file the PM registered
    assert visible(manager, Person).filter(pk=world.a.person.pk).exists()
    assert not visible(manager, Proposal).filter(pk=proposal.pk).exists()
    assert _client(manager).get(reverse("dedup:pair", args=[proposal.pk])).status_code == 404


def test_the_home_page_tells_reviewers_how_many_pairs_wait(world: World) -> None:
    _pair(world)
    reviewer = _client(world.a.users[Role.PROGRAMME_MANAGER])
    page = reviewer.get("/").content.decode()
    assert reverse("dedup:queue") in page
    # the runs page is reached from the home card and the queue, not only by its address
    assert reverse("dedup:runs") in page
    assert reverse("dedup:runs") in reviewer.get(reverse("dedup:queue")).content.decode()


def test_the_pages_hold_no_inline_style_or_script_and_fold_to_one_column(world: World) -> None:
    """Phone width: the two files sit in `.cards` (one column under 40 rem), tables label
    their cells for the card layout, nothing is styled inline (CSP)."""
    proposal = _pair(world)
    reviewer = _client(world.a.users[Role.PROGRAMME_MANAGER])
    pair = reviewer.get(reverse("dedup:pair", args=[proposal.pk])).content.decode()
    merges = reviewer.get(reverse("dedup:merges")).content.decode()
    for page in (pair, merges):
        assert "style=" not in page and "<script>" not in page
    assert 'class="cards"' in pair
    assert "data-label=" in merges


def test_the_queue_costs_the_same_queries_for_one_pair_or_many(world: World) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    reviewer = _client(world.a.users[Role.PROGRAMME_MANAGER])
    _pair(world)
    reviewer.get(reverse("dedup:queue"))  # warm the session and the menu
    with CaptureQueriesContext(connection) as one:
        reviewer.get(reverse("dedup:queue"))
    for group in (1, 1, 2):
        _pair(world, group=group)
    with CaptureQueriesContext(connection) as many:
        page = reviewer.get(reverse("dedup:queue")).content.decode()
    assert len(many.captured_queries) == len(one.captured_queries)
    assert page.count(reverse("dedup:queue")) >= 1


def test_a_group_of_three_files_shows_together_before_a_weaker_pair(world: World) -> None:
    from sutura.dedup import selectors

    reviewer = world.a.users[Role.PROGRAMME_MANAGER]
    run = DedupRun.objects.create(organisation=world.a.organisation, started_by=reviewer)
    files = [
        people.register_person(actor=reviewer, given_names="Awa", family_name=name, sex="female")
        for name in ("Diallo", "Djallo", "Jallow")
    ]
    pairs = [(files[0], files[1], 0.99), (files[1], files[2], 0.97), (files[0], files[2], 0.9)]
    for one, other, probability in pairs:
        first, second = sorted((one, other), key=lambda p: p.pk)
        Proposal.objects.create(
            organisation=world.a.organisation,
            run=run,
            first=first,
            second=second,
            probability=probability,
            group=7,
        )
    _pair(world, probability=0.95)  # another run's pair, between the group's best and worst
    groups = selectors.grouped(list(selectors.open_proposals(reviewer)))
    sizes = [len(group.people) for group in groups]
    assert sizes[0] == 3 and set(sizes[1:]) == {2}  # the world's own pairs follow
    assert {p.pk for p in groups[0].people} == {f.pk for f in files}


def test_a_decision_without_a_proposal_is_listed_and_withdrawn(world: World) -> None:
    """A "not the same person" made through the API or with an undo has no pair page: the
    decisions list finds it, its page withdraws it; another organisation finds nothing."""
    from sutura.dedup.services.decisions import mark_not_duplicate

    manager = world.a.users[Role.PROGRAMME_MANAGER]
    first = people.register_person(actor=manager, given_names="Khady", family_name="Faye")
    second = people.register_person(actor=manager, given_names="Khadija", family_name="Faye")
    decision = mark_not_duplicate(actor=manager, first=first, second=second, reason="Cousines")
    reviewer = _client(manager)
    listed = reviewer.get(reverse("dedup:decisions")).content.decode()
    page_url = reverse("dedup:decision", args=[decision.pk])
    assert page_url in listed and "Khadija" in listed
    assert reverse("dedup:decisions") in reviewer.get(reverse("dedup:queue")).content.decode()
    page = reviewer.get(page_url).content.decode()
    assert "Cousines" in page
    withdraw = reverse("dedup:decision_withdraw", args=[decision.pk])
    assert withdraw in page
    reads = AuditEntry.objects.filter(
        action=Action.READ, actor=manager, object_id__in=[str(first.pk), str(second.pk)]
    )
    assert reads.count() == 2

    other = _client(world.b.users[Role.PROGRAMME_MANAGER])
    assert other.get(page_url).status_code == 404
    assert other.post(withdraw, {"reason": "Erreur"}).status_code == 404
    assert page_url not in other.get(reverse("dedup:decisions")).content.decode()
    assert (
        _client(world.a.users[Role.CASE_MANAGER]).get(reverse("dedup:decisions")).status_code == 403
    )

    refused = reviewer.post(withdraw, {"reason": " "})
    assert refused.status_code == 400 and PairDecision.objects.filter(pk=decision.pk).exists()
    assert "Khadija" in refused.content.decode() and reads.count() == 4  # shown again: read
    done = reviewer.post(withdraw, {"reason": "Même passeport"}, follow=True)
    assert done.redirect_chain[-1][0] == reverse("dedup:decisions")
    assert PairDecision.objects.get(pk=decision.pk).withdrawn_at is not None
    assert page_url not in done.content.decode()  # the list holds the decisions in force
    # its page says who withdrew it and why; a stale tab's withdrawal is told so (walk)
    page = reviewer.get(page_url).content.decode()
    assert "Même passeport" in page and withdraw not in page
    stale = reviewer.post(withdraw, {"reason": "Encore"})
    assert stale.status_code == 400
    with translation.override("fr"):
        said = gettext("This decision was withdrawn in the meantime: reload the page.")
    assert said.replace("'", "&#x27;") in stale.content.decode()
    assert other.get(page_url).status_code == 404


def test_withdrawing_from_the_decision_page_leads_back_to_the_reopened_pair(world: World) -> None:
    proposal = _pair(world)
    reviewer = _client(world.a.users[Role.PROGRAMME_MANAGER])
    reviewer.post(reverse("dedup:not_duplicate", args=[proposal.pk]), {"reason": "Deux sœurs"})
    decision = PairDecision.objects.get(first=proposal.first, second=proposal.second)
    page = reviewer.get(reverse("dedup:decision", args=[decision.pk])).content.decode()
    assert reverse("dedup:pair", args=[proposal.pk]) in page
    answer = reviewer.post(
        reverse("dedup:decision_withdraw", args=[decision.pk]), {"reason": "Erreur de saisie"}
    )
    assert answer.status_code == 302
    assert answer["Location"] == reverse("dedup:pair", args=[proposal.pk])
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.OPEN
