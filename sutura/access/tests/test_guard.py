"""Every query of people's data goes through the access layer (or a selector, which asks it).

The guard reads the syntax tree of every module and the text of every template (`guard.py`):
a new spelling of a hand-scoped query — an alias, `type(x)._default_manager`,
`getattr(Model, "objects")`, `get_object_or_404`, a related manager however reached, a lookup
that crosses into another person's data, a generic view, a model form, raw SQL — fails the
suite, unless it stands in one of the few places below, each with its reason. In a selector
(the read layer) only a read that asks no scope at all counts, and each is named here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from sutura.access.tests.guard import allowed, offences_in, scan_source, scan_template

ROOT = Path(__file__).resolve().parents[3]

ROW_PLUMBING = (
    "generic plumbing for one row the caller already holds (lock it, save it if its version is "
    "unchanged, set a field once) or for a counter row; it never chooses rows for a user"
)
DEMO = (
    "demo seeding runs as the system, with no user, to write the demo world (`make demo`, "
    "benchmarks); it never serves a request"
)
BUDGETS = (
    "budget aggregates over the cases `access.cases.cases_counted_for` counts for the user "
    "(never rows)"
)
SWEEP = (
    "a sweep runs with no user: a consent decision, a deadline or a merge of the file applies "
    "to every referral"
)
PRIVACY = (
    "everything held on one person, for their export or anonymisation: the caller holds "
    "`handle_data_requests` for the person's organisation (`access.privacy`) or is the "
    "retention job"
)
PRIVACY_LOCK = "locks a request the caller loaded through `access.privacy` (request_for)"
RESTORE = (
    "`manage.py reapply_erasures` (an operator, no user) lists who was anonymised, by id, and "
    "anonymises them again after a restore"
)
MERGE = (
    "a merge moves every record of every app that names the merged file (relations found on "
    "`Person._meta`), and an undo moves exactly those back: the caller holds "
    "`review_duplicates` and works on both files (`access.people`), rows locked"
)
RETENTION = "the daily retention job runs with no user over every organisation's records"
SNAPSHOTS = (
    "a dashboard's kept figures (counts, `personal_data = False`) are written, found and deleted "
    "by their account's id (the foreign key's column): no row of the account is read"
)
# Where a query of people's data may stand outside the access layer, and why: a path pattern,
# or `path::function` for one function.
ALLOWED = {
    "sutura/core/indicators.py::_compute_sets": "runs the SQL Django compiled from the rows "
    "`compute` gave (an `access.*.counted_for` queryset), its GROUP BY widened to GROUPING SETS "
    "(counts only, no row leaves it)",
    "sutura/people/search.py::known": "the name vocabulary (`NameWord`: words and how many "
    "carry them, no person) looked up by primary key in SQL",
    "sutura/reports/tasks.py::build": "the report-file job (no user) reads the file row it was "
    "queued for and who asked, to build it as that user",
    "sutura/dashboards/services.py::_keep": SNAPSHOTS,
    "sutura/dashboards/services.py::_to_count": SNAPSHOTS,
    "sutura/dashboards/services.py::forget_user": SNAPSHOTS,
    "sutura/dashboards/services.py::sweep": SNAPSHOTS,
    "sutura/dashboards/views.py::_chart": "`figure.panel` is a dashboard's panel (its chart "
    "kind), not the feedback app's panel members the guard takes it for",
    "sutura/*/demo.py": DEMO,
    "sutura/*/demo/*.py": DEMO,
    "sutura/core/text.py::curl_apostrophes_of": "called by data migrations only, on their "
    "historical models: the French columns of reference rows (categories, checklists, the "
    "directory), written with ’",
    "sutura/core/locking.py": ROW_PLUMBING,
    "sutura/core/concurrency.py": ROW_PLUMBING,
    "sutura/core/counters.py": ROW_PLUMBING,
    "sutura/referrals/sharing.py": "the sharing rule itself: it reads a case's rows only for "
    "the sections `readable_sections()` lets a referral's reader read",
    "sutura/people/models.py": "a person keeps its own name index up to date when saved",
    "sutura/accounts/admin.py": "the Django admin, for staff administrators, under Django's own "
    "model permissions",
    "sutura/cases/selectors.py::budget_for_organisation": BUDGETS,
    "sutura/cases/selectors.py::budgets_by_programme": BUDGETS,
    "sutura/cases/selectors.py::budget_summaries": BUDGETS,
    "sutura/cases/selectors.py::totals_by_currency": "the totals of a plan the caller holds "
    "(to decide whether it needs approval)",
    "sutura/people/selectors.py::current_consent": "the decision in force of a person the "
    "caller holds (the consent an action relies on)",
    "sutura/referrals/selectors.py::under_way_for_person": SWEEP,
    "sutura/referrals/selectors.py::overdue_unannounced": SWEEP,
    "sutura/referrals/selectors.py::under_way_relying_on_membership": SWEEP,
    "sutura/referrals/selectors.py::sharing_person": SWEEP,
    "sutura/referrals/selectors.py::held_by_merge": SWEEP,
    "sutura/referrals/selectors.py::sharing_consent_organisations": SWEEP,
    "sutura/audit/chain.py::verify": "`manage.py verify_audit` (cron, no user) recomputes the "
    "audit log's hashes in SQL; it reads hashes, never shows an entry",
    "sutura/core/db_roles.py::grant_app_role": "grants run by `migrate` and `restore` as the "
    "tables' owner; they read the catalogue, no row of anyone",
    "sutura/core/backups/archive.py::_tables": "`manage.py restore` asks the catalogue whether "
    "the target database is empty",
    "sutura/core/uploads.py::write": "the row whose file was just stored, by its primary key, "
    "after the commit of the service that checked access",
    "sutura/privacy/selectors.py::person_file": PRIVACY,
    "sutura/privacy/services.py::under_way": PRIVACY,
    "sutura/privacy/services.py::anonymise_person": PRIVACY,
    "sutura/privacy/services.py::_forget_name_words": PRIVACY,
    "sutura/privacy/services.py::anonymised_list": RESTORE,
    "sutura/privacy/services.py::reapply_anonymisations": RESTORE,
    "sutura/privacy/services.py::decide": PRIVACY_LOCK,
    "sutura/privacy/services.py::carry_out": PRIVACY_LOCK,
    "sutura/privacy/services.py::persons_past_retention": RETENTION,
    "sutura/privacy/services.py::ended_referrals_past_retention": RETENTION,
    "sutura/privacy/services.py::old_notifications": RETENTION,
    "sutura/privacy/services.py::apply_retention": RETENTION,
    "sutura/dedup/services/merges.py::_clash": MERGE,
    "sutura/dedup/services/merges.py::_move_records": MERGE,
    "sutura/dedup/services/merges.py::_move_back": MERGE,
    "sutura/dedup/services/merges.py::_repoint": MERGE,
    "sutura/dedup/models.py::left_out": "`DedupRun.proposals` is the run's count of pairs "
    "proposed, an integer field; the guard takes the name for the related manager of "
    "placements' offers (`Offer.proposals`)",
    "sutura/dedup/selectors_runs.py::run_for_worker": "a background worker loads the duplicate "
    "run it was given by id (the service that queued it checked the starter's right); the job "
    "then reads people only as the starter, and checks the right again",
    "sutura/people/matching.py::refresh_frequencies": "recounts how many people carry each "
    "name word (`NameWord.people`, the duplicate model's term frequencies) and each "
    "organisation's common words (`OrganisationNameCount`, 500 people or more), with no user: "
    "counts per word, never a row of anyone",
    "sutura/people/matching.py::refresh_name_keys": "`manage.py refresh_name_keys` and a "
    "migration (no user) recompute every person's stored name keys after a dictionary edit: "
    "keys only, no row leaves it",
    "sutura/people/matching.py::registry_size": "how many people are on file, in all or in the "
    "user's organisation (the duplicate model's prior and frequencies): one count, never rows, "
    "never shown",
    "sutura/people/matching.py::people_counts": "how many people of the user's organisation "
    "carry each name key of the words typed, each person once (the duplicate model's term "
    "frequencies at registration in a registry smaller than the trained records; called only "
    "for users who see the whole registry): counts per key, never a row of anyone, never shown",
    "sutura/people/matching.py::word_counts": "how many people of the user's organisation "
    "carry each name word (the duplicate model's term frequencies at registration, the "
    "search's weights; the common words from the recount's `OrganisationNameCount`, the "
    "others counted on the name index): "
    "counts per word, never a row of anyone, never shown",
    "sutura/programmes/links.py::narrow": "narrows rows an indicator already read through the "
    "access layer to those tagged to the programmes asked: a subquery of tagged record ids "
    "inside the count (tags hold no personal data), never rows returned",
    "sutura/programmes/links.py::_person": "narrows people an indicator already read through "
    "the access layer (`persons_counted_for`) to those with a case in the programmes asked: "
    "a subquery of person ids inside the count, never rows returned",
    "sutura/core/idempotency.py::expired_keys": "the retention job deletes every user's expired "
    "retry keys (status, record label and id: no personal data)",
}


def test_no_query_of_personal_data_outside_the_access_layer() -> None:
    offences = [o for o in offences_in(ROOT) if allowed(o, ALLOWED) is None]
    assert offences == [], "\n".join(str(offence) for offence in offences)


def test_every_allowance_is_still_needed() -> None:
    """An allow-list entry that covers nothing any more is removed, not kept "just in case"."""
    used = {allowed(offence, ALLOWED) for offence in offences_in(ROOT)}
    assert set(ALLOWED) - used == set()


HEADER = (
    "from sutura.access import visible\n"
    "from sutura.accounts.models import Organisation\n"
    "from sutura.cases.models import Case\n"
    "from sutura.people.models import Person\n"
    "from sutura.referrals.models import Referral\n"
)
HAND_SCOPED = {
    "a manager": "Case.objects.filter(organisation=user.organisation)",
    "an aliased model": "C = Case\nC.objects.all()",
    "a renamed import": "from sutura.cases.models import Case as Dossier\n"
    "Dossier.objects.filter(status='open')",
    "a module attribute": "from sutura.cases import models as m\nm.Case.objects.first()",
    "the default manager": "Person._default_manager.all()",
    "a manager of an unknown model": "type(case)._default_manager.get(pk=1)",
    "the options' default manager": "Case._meta.default_manager.all()",
    "the options' base manager": "Person._meta.base_manager.filter(family_name=name)",
    "getattr": "getattr(Person, 'objects').all()",
    "a queryset built by hand": "from django.db.models import QuerySet\n"
    "QuerySet(model=Person).filter(family_name=name)",
    "get_object_or_404": "from django.shortcuts import get_object_or_404\n"
    "get_object_or_404(Case, pk=case_id)",
    "get_list_or_404": "from django.shortcuts import get_list_or_404\n"
    "get_list_or_404(Person, family_name=name)",
    "a generic view's model": "from django.views.generic import DetailView\n"
    "class CaseView(DetailView):\n    model = Case",
    "a related manager": "request.user.organisation.cases.filter(status='open')",
    "a related manager kept in a name": "cases = person.cases\ncases.filter(status='open')",
    "a related manager by getattr": "getattr(person, 'cases').all()",
    "a related manager's get_queryset": "person.cases.get_queryset().filter(status='open')",
    "a related manager's using()": "case.notes.using('default')",
    "prefetch_related_objects": "from django.db.models import prefetch_related_objects\n"
    "prefetch_related_objects([person], 'cases')",
    "a reverse lookup": "Organisation.objects.filter(cases__status='open')",
    "values() across a relation": "Organisation.objects.values('cases__person__family_name')",
    "values_list() across a relation": "Organisation.objects.values_list('persons__phone')",
    "a Q object across a relation": "from django.db.models import Q\n"
    "Organisation.objects.filter(Q(cases__person__family_name=name))",
    "lookups unpacked from a dict": "Organisation.objects.filter(**{'cases__status': 'open'})",
    "an aggregate over a relation": "from django.db.models import Count\n"
    "Organisation.objects.annotate(open_cases=Count('cases'))",
    "a lookup from a visible queryset": "visible(user, Organisation).filter("
    "cases__person__family_name=name)",
    "values() from a visible referral": "visible(user, Referral).values_list("
    "'case__person__phone', flat=True)",
    "a filter on another person's data": "visible(user, Referral).filter("
    "case__person__family_name__startswith='A')",
    "prefetching a guarded relation": "visible(user, Case).prefetch_related('notes')",
    "prefetching from a non-personal model": "visible(user, Organisation)"
    ".prefetch_related('cases')",
    "a subquery inside visible()": "visible(user, Organisation.objects.filter("
    "pk__in=Person.objects.values('organisation_id')))",
    "a relation inside visible()": "visible(user, Organisation.objects.filter("
    "cases__person__family_name=name))",
    "raw SQL": "from django.db import connection\nconnection.cursor().execute('SELECT 1')",
    "a raw query": "Referral.objects.raw('SELECT * FROM referrals_referral')",
    "a dynamic model": "from django.apps import apps\n"
    "apps.get_model('cases', 'Case').objects.all()",
    "a content type's object": "from django.contrib.contenttypes.models import ContentType\n"
    "ContentType.objects.get_for_model(Case).get_object_for_this_type(pk=case_id)",
    "a model form's relation": "from django import forms\n"
    "class ReferralForm(forms.ModelForm):\n"
    "    class Meta:\n        model = Referral\n        fields = ['case', 'reason']",
    "a model serializer's relation": "from rest_framework import serializers\n"
    "class ReferralSerializer(serializers.ModelSerializer):\n"
    "    class Meta:\n        model = Referral\n        fields = ['case', 'reason']",
}


@pytest.mark.parametrize("spelling", HAND_SCOPED)
def test_the_guard_sees_each_spelling_of_a_hand_scoped_query(spelling: str) -> None:
    source = HEADER + HAND_SCOPED[spelling]
    assert scan_source(source, "sutura/cases/views.py"), spelling


@pytest.mark.parametrize(
    "source",
    [
        "visible(user, Case).filter(status='open')",
        "get_visible_or_404(user, Case.objects.select_related('person'), pk=1)",
        "visible(user, Referral).filter(case=case, case__person_id=person.pk)",
        "Case.objects.create(number='x')",
        "Case.objects.none()",
        "from sutura.geo.models import Location\nLocation.objects.filter(level=0)",
        "from django.db.models import Case as When_\nWhen_(output_field=None)",
        "for key, value in data.items():\n    pass",
        "from rest_framework import serializers\n"
        "class CaseSerializer(serializers.ModelSerializer):\n"
        "    class Meta:\n        model = Case\n        fields = ['person', 'number']\n"
        "        read_only_fields = fields",
    ],
)
def test_the_guard_lets_scoped_reads_writes_and_reference_data_through(source: str) -> None:
    assert scan_source(HEADER + source, "sutura/cases/views.py") == []


def test_the_guard_reads_templates_too() -> None:
    found = scan_template(
        "{% for note in case.notes.all %}{{ note.text }}{% endfor %}\n"
        "{% for n in shared.notes %}{{ n.text }}{% endfor %}",
        "cases/templates/cases/x.html",
    )
    assert [offence.line for offence in found] == [1]


def test_in_a_selector_only_the_reads_without_a_scope_count() -> None:
    selector = HEADER + (
        "visible(user, Case).select_related('person').order_by('person__search_key')\n"
        "Case.objects.filter(organisation=user.organisation)\n"
    )
    found = scan_source(selector, "sutura/cases/selectors.py", read_layer=True)
    assert [offence.line for offence in found] == [HEADER.count("\n") + 2]
