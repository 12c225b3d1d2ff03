"""The demo reads as the catalogue does: its French labels (services, pathways, organisations,
donors, protocols, checklists) are data, and written with the typographic apostrophe (’)."""

from __future__ import annotations

import pytest

from sutura.accounts.models import Organisation
from sutura.core.tests.test_typography import french_columns, straight_apostrophes_in
from sutura.geo.models import Location
from sutura.programmes.models import Donor

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded_demo")]

# Place names are written as the official gazetteers (COD-AB, ISO 3166-2) write them, and
# searched as people type them: "N'Tillit" stays as it is.
GAZETTEER = {(Location, "name_fr")}


def test_the_demos_french_labels_write_one_apostrophe() -> None:
    columns = [column for column in french_columns() if column not in GAZETTEER]
    columns += [(Organisation, "name"), (Donor, "name")]
    assert straight_apostrophes_in(columns) == []
