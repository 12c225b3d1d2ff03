"""Two reviewers merge the same pair at the same moment (each keeping a different file): one
merge is made, the other is refused with a message, and nothing is half done."""

from __future__ import annotations

import threading
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from sutura.accounts.roles import Role
from sutura.dedup.models import Merge
from sutura.dedup.services.merges import merge_persons
from sutura.people import services as people
from sutura.people.models import Person
from tests.factories import UserFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_merges_of_one_pair_make_one_merge(users_a: dict[Any, Any]) -> None:
    first_reviewer = users_a[Role.PROGRAMME_MANAGER]
    second_reviewer = UserFactory.create(
        organisation=first_reviewer.organisation, roles=[Role.PROGRAMME_MANAGER]
    )
    one = people.register_person(
        actor=first_reviewer, given_names="Aminata", family_name="Kulibali", sex="female"
    )
    other = people.register_person(
        actor=first_reviewer, given_names="Aminata", family_name="Koulibaly", sex="female"
    )
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def merge(actor: Any, kept_id: Any, merged_id: Any) -> None:
        try:
            kept, merged = Person.objects.get(pk=kept_id), Person.objects.get(pk=merged_id)
            start.wait()
            merge_persons(actor=actor, kept=kept, merged=merged, reason="Même personne")
            outcomes.append("merged")
        except ValidationError as error:
            outcomes.append(error.code or "")
        finally:
            connection.close()

    threads = [
        threading.Thread(target=merge, args=(first_reviewer, one.pk, other.pk)),
        threading.Thread(target=merge, args=(second_reviewer, other.pk, one.pk)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["already_merged", "merged"]
    assert Merge.objects.count() == 1
    hidden = Person.objects.filter(pk__in=[one.pk, other.pk], merged_into__isnull=False)
    assert hidden.count() == 1
