from django.contrib.postgres.operations import TrigramExtension, UnaccentExtension
from django.db import migrations


class Migration(migrations.Migration):
    """pg_trgm and unaccent: accent- and spelling-tolerant name search (N'Diaye = NDIAYE)."""

    dependencies: list[tuple[str, str]] = []
    operations = [TrigramExtension(), UnaccentExtension()]
