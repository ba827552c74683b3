"""The one write helper the services share (HackSoft's `model_update`)."""


def model_update(*, instance, data: dict, fields=None, actor) -> list[str]:
    """Set the values of `data` (only the names in `fields`, when given) that differ from the
    instance's, and save: a new row whole, a stored one with `update_fields` (and `updated_at`,
    when the model has it), so history records only real changes, naming `actor`
    (django-simple-history's `_history_user`; None for a system job).

    Returns the names that changed ([] when nothing differed: nothing is saved then).
    """
    names = [name for name in (fields if fields is not None else data) if name in data]
    new = instance.pk is None
    changed = [name for name in names if new or getattr(instance, name) != data[name]]
    for name in changed:
        setattr(instance, name, data[name])
    instance._history_user = actor
    if new:
        instance.save()
    elif changed:
        stamped = any(f.name == "updated_at" for f in instance._meta.concrete_fields)
        instance.save(update_fields=[*changed, *(["updated_at"] if stamped else [])])
    return changed
