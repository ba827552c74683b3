"""Mentions in a message: `@Sở Y tế` names an agency, `@username` a person.

A pure rule: given the text and the names that may be mentioned, say which were. An
agency is matched by any of its known names (full, short, other spellings), case- and
accent-insensitively, the longest name winning ("@Sở Tài chính" is not "@Sở Tài"); the
name must end at a word boundary. A person is matched by their exact user name.
"""

import re
from dataclasses import dataclass, field

from langson_portal.text import fold, nfc

_USERNAME = re.compile(r"[A-Za-z0-9_.\-]+")


@dataclass
class Mentions:
    agency_ids: set[int] = field(default_factory=set)
    usernames: set[str] = field(default_factory=set)


def _ends_word(text: str, end: int) -> bool:
    return end >= len(text) or not text[end].isalnum()


def find_mentions(text: str, *, agencies: dict[int, list[str]], usernames: set[str]) -> Mentions:
    """`agencies`: id → known names; `usernames`: user names that may be mentioned."""
    text = nfc(text)
    names = sorted(
        ((fold(name), len(nfc(name)), agency_id) for agency_id, known in agencies.items() for name in known if name),
        key=lambda item: -item[1],
    )
    found = Mentions()
    for at in (m.start() for m in re.finditer("@", text)):
        if at > 0 and text[at - 1].isalnum():  # an email address, not a mention
            continue
        rest = text[at + 1 :]
        agency = next(
            (
                agency_id
                for folded, length, agency_id in names
                if len(rest) >= length and fold(rest[:length]) == folded and _ends_word(rest, length)
            ),
            None,
        )
        if agency is not None:
            found.agency_ids.add(agency)
            continue
        match = _USERNAME.match(rest)
        if match:
            name = match.group(0).rstrip(".-")
            if name in usernames:
                found.usernames.add(name)
    return found
