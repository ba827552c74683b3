"""The rollup's triggers move to django-pgtrigger (declared in dashboards/models.py and installed
by the directives migration that follows): the hand-written ones of 0001 are dropped first, so
no write is ever counted twice."""

import importlib

from django.db import migrations

initial = importlib.import_module("dashboards.migrations.0001_status_rollup")


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(initial.DROP_TRIGGER_SQL)


def restore(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(initial.TRIGGER_SQL)


class Migration(migrations.Migration):
    dependencies = [("dashboards", "0001_status_rollup")]

    operations = [migrations.RunPython(drop, restore)]
