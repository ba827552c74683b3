"""Events of the reports app, sent after the transaction that caused them commits.

Senders pass ids only; receivers load fresh rows.

    report_draft_built(compiled_report_id: int, actor_id: int | None)  # None: built by the schedule
    report_published(compiled_report_id: int, actor_id: int)
"""

import django.dispatch

report_draft_built = django.dispatch.Signal()
report_published = django.dispatch.Signal()
