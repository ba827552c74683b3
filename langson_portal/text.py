"""Vietnamese text helpers shared by search, name matching and import."""

import re
import unicodedata

from unidecode import unidecode

_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """The same letters whether the source stored them composed (NFC) or decomposed (NFD)."""
    return unicodedata.normalize("NFC", text or "")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced: "Tiếp cận  Đất đai" -> "tiep can dat dai"."""
    return _SPACES.sub(" ", unidecode(nfc(text)).lower()).strip()


def squash(text: str) -> str:
    """Single-spaced text with the scan's line breaks joined."""
    return _SPACES.sub(" ", nfc(text)).strip()
