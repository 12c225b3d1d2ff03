"""Why two files may be the same person: the codes that duplicate detection gives with each
candidate (registration) and proposal (batch review), and their labels. Codes are stored
(`dedup.Proposal.reasons`), labels are translated on the page. Evidence *against* (a different
sex, birth years far apart) is named too: a reviewer weighs both."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

FOR: dict[str, Promise] = {
    "same_document": _("same identity document number"),
    "same_phone": _("same phone number"),
    "same_name": _("same name"),
    "name_variant": _("name variant"),
    "similar_name": _("similar name"),
    "names_reordered": _("names in another order"),
    "middle_name_missing": _("a middle name more or less"),
    # The whole name is rare (its key, family and given names together), not each word: "Lamine
    # Diallo" can be rare where Diallo is not.
    "rare_name": _("uncommon full name"),
    "same_birth_date": _("same date of birth"),
    "same_birth_year": _("same birth year"),
    "birth_year_1": _("birth year ±1"),
    "same_birth_year_estimated": _("same birth year (an estimated date)"),
    "birth_estimated": _("birth year close (an estimated date)"),
    "same_place_of_origin": _("same place of origin"),
    "same_nationality": _("same nationality"),
    "same_sex": _("same sex"),
    # The same family name, and given names the dictionary links as forms of one name (a short
    # form, or the name in another language): the name level `related_given`, evidence for.
    "related_given_names": _("given names that may be forms of one name"),
}
AGAINST: dict[str, Promise] = {
    "different_birth_year": _("birth years far apart"),
    "different_given_names": _("different given names"),
    # The phone and the family name are shared, and each has a given name the other has not:
    # how a brother, a sister or a twin on file looks (the phone's `shared_given_differ`).
    "perhaps_relative": _("same family name and phone, another given name: perhaps a relative"),
    "birth_estimated_apart": _("birth years 3 to 5 apart (an estimated date)"),
    "different_sex": _("different sex"),
    "different_nationality": _("different nationality"),
    "different_document": _("different document number of the same type"),
}
LABELS: dict[str, Promise] = {**FOR, **AGAINST}


def label(code: str) -> str:
    """The reason in the user's language (an unknown code is shown as it is)."""
    return str(LABELS.get(code, code))


def percent(probability: float) -> int:
    """A match probability in whole percent, never shown as 100 (a model is never sure)."""
    return min(99, int(probability * 100))


# Where the bands of a match probability begin: the badges (`people/_match_band.html`) and the
# review queue's filter (`dedup.selectors.BANDS`) say the same thing of the same number.
HIGH = 0.9
MEDIUM = 0.5


def band(probability: float) -> str:
    """ "high" / "medium" / "low": how pages show a match probability
    (`people/_match_band.html`)."""
    if probability >= HIGH:
        return "high"
    return "medium" if probability >= MEDIUM else "low"
