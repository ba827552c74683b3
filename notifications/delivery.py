"""Handing one message to the mail server so that a killed worker never sends it twice.

With SMTP the message is sent up to, but not including, the final "." of DATA; the caller
then commits "sent" and only after that the "." is written. A worker killed before the
commit leaves the server with an unfinished DATA, which it discards, and the row still
pending; killed after the commit, the row says sent and the server gets the "." a few
microseconds later or not at all. Other backends (var/mail files, locmem in tests) are
sent whole before the commit.
"""

import re
import smtplib

from django.core.mail import EmailMessage, get_connection
from django.core.mail.backends.smtp import EmailBackend as SmtpBackend
from django.core.mail.message import sanitize_address

_LEADING_DOT = re.compile(rb"(?m)^\.")


class PendingSend:
    """A message handed over except for its last step; `finish()` completes it."""

    def finish(self) -> None:  # non-SMTP backends have nothing left to do
        return None


class _SmtpPendingSend(PendingSend):
    def __init__(self, backend: SmtpBackend):
        self.backend = backend

    def finish(self) -> None:
        connection = self.backend.connection
        try:
            connection.send(b".\r\n")
            code, reply = connection.getreply()
            if code != 250:
                raise smtplib.SMTPDataError(code, reply)
        finally:
            self.backend.close()


def begin(message: EmailMessage) -> PendingSend:
    """Send `message` as far as can be undone; raise on any refusal by the server."""
    backend = get_connection(fail_silently=False)
    if not isinstance(backend, SmtpBackend):
        backend.send_messages([message])
        return PendingSend()
    backend.open()
    try:
        connection = backend.connection
        encoding = message.encoding or "utf-8"
        sender = sanitize_address(message.from_email, encoding)
        recipients = [sanitize_address(a, encoding) for a in message.recipients()]
        connection.ehlo_or_helo_if_needed()
        code, reply = connection.mail(sender)
        if code != 250:
            raise smtplib.SMTPSenderRefused(code, reply, sender)
        for address in recipients:
            code, reply = connection.rcpt(address)
            if code not in (250, 251):
                raise smtplib.SMTPRecipientsRefused({address: (code, reply)})
        code, reply = connection.docmd("data")
        if code != 354:
            raise smtplib.SMTPDataError(code, reply)
        data = _LEADING_DOT.sub(b"..", message.message().as_bytes(linesep="\r\n"))
        if not data.endswith(b"\r\n"):
            data += b"\r\n"
        connection.send(data)
    except BaseException:
        backend.connection and backend.connection.close()
        backend.connection = None
        raise
    return _SmtpPendingSend(backend)
