"""Leak review of the exports (issue 20): a file past its expiry is gone for its owner even
before the sweep has run, and an owner who lost the right to a list (an M&E role added, the
permission gone, another organisation) no longer downloads it nor reads its password."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone
from rest_framework.test import APIClient

from sutura.accounts.roles import Role
from sutura.exports import services
from sutura.exports.models import Export
from sutura.exports.tests.test_exports import open_case, run

pytestmark = pytest.mark.django_db


def _ready(manager: Any, list_code: str = "cases") -> tuple[Export, str]:
    open_case(manager, given_names="Awa", family_name="Diallo")
    export, key = services.start_export(actor=manager, list_code=list_code, format="csv")
    return run(export), key


def _expire(export: Export) -> None:
    Export.objects.filter(pk=export.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    export.refresh_from_db()


def test_an_expired_file_is_not_downloaded_before_the_sweep(client: Any, users_a: Any) -> None:
    manager = users_a[Role.CASE_MANAGER]
    export, key = _ready(manager)
    _expire(export)  # nobody ran the sweep: the file is still on disk
    assert export.file and export.password_waiting is False
    with pytest.raises(PermissionDenied):
        services.record_download(actor=manager, export=export)
    assert services.reveal_password(actor=manager, export=export, private_key=key) == ""
    client.force_login(manager)
    assert client.get(f"/exports/{export.pk}/download/").status_code == 404
    api = APIClient()
    api.force_authenticate(manager)
    url = f"/api/exports/{export.pk}/"
    assert api.get(url + "download/").status_code == 404
    assert api.post(url + "password/", {"reveal_key": key}, format="json").status_code == 404
    assert api.get(url).json()["password_waiting"] is False


def test_an_owner_who_became_m_and_e_officer_no_longer_gets_the_names(users_a: Any) -> None:
    manager = users_a[Role.CASE_MANAGER]
    export, key = _ready(manager)
    manager.roles = [*manager.roles, Role.ME_OFFICER]
    manager.save(update_fields=["roles"])
    with pytest.raises(PermissionDenied):
        services.record_download(actor=manager, export=export)
    with pytest.raises(PermissionDenied):
        services.reveal_password(actor=manager, export=export, private_key=key)
    api = APIClient()
    api.force_authenticate(manager)
    assert api.get(f"/api/exports/{export.pk}/download/").status_code in (403, 404)


def test_an_owner_moved_to_another_organisation_no_longer_downloads(
    users_a: Any, org_b: Any
) -> None:
    manager = users_a[Role.CASE_MANAGER]
    export, key = _ready(manager)
    manager.organisation = org_b
    manager.save(update_fields=["organisation"])
    with pytest.raises(PermissionDenied):
        services.record_download(actor=manager, export=export)
    with pytest.raises(PermissionDenied):
        services.reveal_password(actor=manager, export=export, private_key=key)
