"""Events of the collaboration app, sent after the transaction that caused them commits.

Senders pass ids only; receivers load fresh rows.

    direction_posted(direction_id: int, actor_id: int)
"""

import django.dispatch

direction_posted = django.dispatch.Signal()
