"""The assignment lists' default sort index, covering the columns their usual filters read, so
the first page, page 500 and "overdue of one agency" are index-only scans at a million rows
(docs/lists.md). Named 0004 so it can follow dashboards' 0003 when the branches merge."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("directives", "0002_task_search_trgm")]

    operations = [
        migrations.RemoveIndex(model_name="assignment", name="assignment_due_id"),
        migrations.AddIndex(
            model_name="assignment",
            index=models.Index(
                fields=["effective_due_on", "id"],
                include=("withdrawn_on", "holder", "agency", "lifecycle", "completed_on", "task"),
                name="assignment_due_id_cover",
            ),
        ),
    ]
