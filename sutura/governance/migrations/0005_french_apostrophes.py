"""French reference rows written with the typographic apostrophe (’), as the catalogue is:
rows made by `0002` (which now writes ’ itself) before that change, and rows edited since;
the library's titles too. A protocol's versions keep their text as adopted."""

from django.db import migrations

from sutura.core.text import curl_apostrophes_of


def curl(apps, schema_editor):
    curl_apostrophes_of(apps.get_model("governance", "Checklist"), "title_fr")
    curl_apostrophes_of(apps.get_model("governance", "ChecklistItem"), "section_fr", "question_fr")
    curl_apostrophes_of(apps.get_model("governance", "LibraryDocument"), "title_fr")


class Migration(migrations.Migration):
    dependencies = [("governance", "0004_committee_terms_of_reference")]

    operations = [migrations.RunPython(curl, migrations.RunPython.noop)]
