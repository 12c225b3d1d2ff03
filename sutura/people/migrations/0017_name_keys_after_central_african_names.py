"""The stored name keys after the variant dictionary gained the Chadian Arabic, Hausa, Kanuri
and Fulfulde forms (Mahamat, Abakar, Adoum, Hissein, Zenaba, Kaltouma; Shuaibu / Chaïbou,
Lawali / Laouali, Zuwaira / Zouéra; Souleymanou, Fadimatou, Alioum) and a few French / English
spellings heard in Cameroon (Christelle / Kristelle): `matching.refresh_name_keys` recomputes
the words whose phonetic key changed and the blocking keys of the people carrying them
(nothing on an empty database).

`DICTIONARY_DIGEST` is the dictionary this migration brings the keys to: a test fails when the
dictionary changes and no later migration records its new digest."""

from django.db import migrations

DICTIONARY_DIGEST = "170ceeeedb9f12f2cd4dd66d7456525d5d480a47e292f1daca15e0f929998577"


def refresh(apps, schema_editor):
    from sutura.people.matching import refresh_name_keys

    refresh_name_keys(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("people", "0016_name_keys_after_dictionary")]

    operations = [migrations.RunPython(refresh, migrations.RunPython.noop, elidable=True)]
