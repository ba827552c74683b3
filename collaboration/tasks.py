"""Celery tasks: thin, take ids, call one service (notices.py)."""

from celery import shared_task

from notifications import conf

from . import notices


@shared_task(queue=conf.queue(), acks_late=True)
def notify_direction_created_task(direction_id: int):
    return notices.notices_direction_created(direction_id=direction_id)


@shared_task(queue=conf.queue(), acks_late=True)
def notify_direction_answered_task(direction_id: int):
    return notices.notices_direction_answered(direction_id=direction_id)


@shared_task(queue=conf.queue(), acks_late=True)
def notify_message_posted_task(message_id: int):
    return notices.notices_message_posted(message_id=message_id)
