"""A trigram index on the accent-free task text, so `?q=tiep can dat dai` (LIKE '%…%') stays
fast on PostgreSQL at a million assignments. SQLite has no such index: nothing to do there."""

from django.db import migrations

INDEX = "directives_task_content_folded_trgm"


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        f"CREATE INDEX IF NOT EXISTS {INDEX} ON directives_task USING gin (content_folded gin_trgm_ops)"
    )


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [("directives", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
