"""Saving a reviewed proposal: accepted new agencies first, then the directive, all in one
transaction, through the same services as the import of the seed data."""

import copy

from django.db import transaction
from django.utils.translation import gettext as _

from agencies.services import agencies_create_proposed
from directives.exchange import ImportProblems
from directives.models import Directive
from directives.services.imports import ImportReport, directives_import


def directive_import_reviewed(*, directive: dict, new_agencies: list[dict], actor) -> ImportReport:
    """Create the new agencies the reviewer accepted, then import the directive.

    `new_agencies` rows: {"name", "kind", "is_group", "accept", "use"}. A row with `use` (a
    registry name the reviewer chose instead) renames the tasks' agency to it. A name the
    reviewer did not accept is taken off the tasks (and said in their note) rather than
    failing the import. `actor` (the reviewing user) is recorded on everything created.
    A slug already in the portal is refused: this page never overwrites a stored directive.
    Raises ImportProblems or RegistryError; then nothing is saved.
    """
    if Directive.objects.filter(slug=directive.get("slug")).exists():
        # this page creates directives; changing a stored one goes through the JSON import
        raise ImportProblems(
            [_("Mã định danh “%(slug)s” đã có trong cổng; hãy đặt mã khác.") % {"slug": directive.get("slug")}]
        )
    directive = copy.deepcopy(directive)
    # a name the reviewer matched to a registry name: the tasks take the registry's name
    replaced = {row["name"]: row["use"] for row in new_agencies if row.get("use")}
    for task in directive.get("tasks") or []:
        for role in ("lead", "coordinating"):
            names = []
            for name in task.get(role) or []:
                name = replaced.get(name, name)
                if name not in names:
                    names.append(name)
            task[role] = names
    new_agencies = [row for row in new_agencies if not row.get("use")]
    refused = {row["name"] for row in new_agencies if not row.get("accept")}
    for task in directive.get("tasks") or []:
        dropped = [n for n in task.get("lead", []) + task.get("coordinating", []) if n in refused]
        if dropped:
            task["lead"] = [n for n in task.get("lead", []) if n not in refused]
            task["coordinating"] = [n for n in task.get("coordinating", []) if n not in refused]
            extra = _("Cơ quan chưa có trong danh mục, không giao: %(names)s.") % {"names": ", ".join(dropped)}
            task["note"] = f"{task.get('note') or ''} {extra}".strip()
    with transaction.atomic():
        agencies_create_proposed(agencies=[row for row in new_agencies if row.get("accept")], actor=actor)
        return directives_import(
            payload={"format": "langson-directives", "version": 1, "directives": [directive]}, actor=actor
        )
