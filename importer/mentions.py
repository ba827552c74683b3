"""Finding agency and group names in running text.

The text is cut into word tokens, each folded (no accents, lower case) and with the
common long forms contracted ("Ủy ban nhân dân" -> "ubnd"), so "Sở Lao động - Thương
binh và Xã hội", "Sở Lao động Thương binh và Xã hội" and a name broken across scan lines
are the same token run. A name of three words or more may differ from the registry in one
word by one letter (OCR slips: "Ngân hành"). A capitalised run that opens like an agency
("Sở …", "Ban …", "Chi cục …") and is not in the registry is reported as unknown, so the
reviewer can create it instead of losing it.
"""

import functools
import re
from dataclasses import dataclass

from agencies.registry import AgencyRegistry
from langson_portal.text import fold, nfc

from . import vocabulary as V

_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Token:
    key: str  # folded
    start: int
    end: int
    capital: bool


@dataclass(frozen=True)
class Mention:
    first: int  # token index
    last: int  # token index after the mention
    start: int  # character offsets in the text
    end: int
    name: str  # registry full name, group name, or the name as printed when unknown
    kind: str  # "agency", "group", "unknown" (a new agency), "new_group"


@functools.lru_cache(maxsize=20000)
def _fold_word(word: str) -> str:
    return fold(word)


def tokenize(text: str) -> list[Token]:
    raw = [(m.group(), m.start(), m.end()) for m in _WORD.finditer(text)]
    keys = [_fold_word(w) for w, _, _ in raw]
    tokens: list[Token] = []
    i = 0
    while i < len(raw):
        for long_form, short in V.CONTRACTIONS:
            n = len(long_form)
            if keys[i] == long_form[0] and tuple(keys[i : i + n]) == long_form:
                tokens.append(Token(short, raw[i][1], raw[i + n - 1][2], True))
                i += n
                break
        else:
            word, start, end = raw[i]
            tokens.append(Token(keys[i], start, end, word[:1].isupper()))
            i += 1
    return tokens


def name_keys(name: str) -> tuple[str, ...]:
    return tuple(t.key for t in tokenize(nfc(name)))


def _one_edit(a: str, b: str) -> bool:
    if a == b:
        return True
    if abs(len(a) - len(b)) > 1 or min(len(a), len(b)) < 4:
        return False
    if len(a) == len(b):
        return sum(x != y for x, y in zip(a, b, strict=True)) == 1
    short, long_ = sorted((a, b), key=len)
    return any(long_[:i] + long_[i + 1 :] == short for i in range(len(long_)))


class AgencyMatcher:
    """Every known name of the registry, indexed by its first token."""

    def __init__(self, registry: AgencyRegistry):
        self.registry = registry
        self.index: dict[str, list[tuple[tuple[str, ...], str, str]]] = {}
        for key, agency in registry.agencies.items():
            self._add(key, agency.name, "agency")
        for key, group in registry.groups.items():
            self._add(key, group.name, "group")
        # every recorded form of a group: "UBND cấp xã" finds a group the registry calls "UBND các xã, phường"
        known_groups = {key: g.name for key, g in registry.groups.items()}
        for phrase, group_name in V.GROUP_PHRASES.items():
            name = known_groups.get(fold(group_name), group_name)
            kind = "group" if fold(group_name) in known_groups else "unknown_group"
            self._add(phrase, name, kind, override=False)
        for entries in self.index.values():
            entries.sort(key=lambda e: -len(e[0]))

    def _add(self, folded: str, name: str, kind: str, override: bool = True) -> None:
        keys = name_keys(folded)
        if not keys:
            return
        entries = self.index.setdefault(keys[0], [])
        if any(e[0] == keys for e in entries):
            return
        entries.append((keys, name, kind))

    def match_at(self, tokens: list[Token], i: int) -> tuple[int, str, str] | None:
        """The longest name starting at token i: (tokens used, name, kind)."""
        best = None
        for keys, name, kind in self.index.get(tokens[i].key, ()):
            n = len(keys)
            if i + n > len(tokens):
                continue
            slips = 0
            for key, token in zip(keys, tokens[i : i + n], strict=True):
                if key != token.key:
                    slips += 1
                    if slips > 1 or n < 3 or not _one_edit(key, token.key):
                        break
            else:
                if best is None or n > best[0] or (n == best[0] and slips == 0):
                    best = (n, name, kind)
        return best

    def unknown_at(self, text: str, tokens: list[Token], i: int) -> int | None:
        """Tokens of an unknown agency name starting at i, or None when i does not open one."""
        if not tokens[i].capital:
            return None
        for width in (3, 2, 1):
            head = " ".join(t.key for t in tokens[i : i + width])
            if head in V.AGENCY_HEADS and len(tokens[i : i + width]) == width:
                break
        else:
            return None
        if " ".join(t.key for t in tokens[i : i + 2]) in V.NAME_STOPS:
            return None  # "Báo cáo", "Ban hành": a verb, not the head of a name
        j = i + width
        while j < len(tokens) and j - i < 10:
            gap = text[tokens[j - 1].end : tokens[j].start]
            if any(ch in gap for ch in ",;:()\n.") and gap.strip() not in ("-", "–"):
                break
            pair = " ".join(t.key for t in tokens[j : j + 2])
            word = text[tokens[j].start : tokens[j].end].lower()
            # one-word stops are compared with their accents: "làm" ends a name, "Kiểm lâm" does not
            if j > i + width and (
                pair in V.NAME_STOPS
                or (
                    tokens[j].key in V.NAME_STOPS
                    and (
                        " " in tokens[j].key or tokens[j].key not in V.WORD_STOPS or word in V.WORD_STOPS[tokens[j].key]
                    )
                )
            ):
                break
            j += 1
        if j - i < width + 1 or not any(t.capital for t in tokens[i + width : j]):
            return None
        # "… tỉnh" ends a provincial agency's name: "Trung tâm Dữ liệu số tỉnh số hóa …"
        provincial = [k for k in range(i + width + 1, j) if tokens[k].key == "tinh"]
        if provincial:
            j = provincial[-1] + 1
        return j - i

    def _place_after(self, text: str, tokens: list[Token], j: int) -> int:
        """Tokens of a place name ("Cao Bằng", "Bắc Giang") right after a name ending at j:
        two or three capitalised words on the same line, then a lower-case word or a stop."""
        n = 0
        while j + n < len(tokens) and n < 3 and tokens[j + n].capital:
            gap = text[tokens[j + n - 1].end : tokens[j + n].start] if j + n > 0 else " "
            if gap.strip():
                break
            if (
                self.match_at(tokens, j + n)
                or " ".join(t.key for t in tokens[j + n : j + n + 2]) in V.AGENCY_HEADS
                or tokens[j + n].key in V.AGENCY_HEADS
            ):
                break
            n += 1
        if n < 2:
            return 0
        after = tokens[j + n] if j + n < len(tokens) else None
        if after is not None and after.capital and not text[tokens[j + n - 1].end : after.start].strip():
            return 0  # a longer capitalised run: a title or heading, not a place
        return n

    def mentions(self, text: str, *, unknown: bool = False) -> tuple[list[Token], list[Mention]]:
        tokens = tokenize(text)
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            hit = self.match_at(tokens, i)
            if hit and unknown and hit[2] == "agency" and (place := self._place_after(text, tokens, i + hit[0])):
                # "Kho bạc Nhà nước Cao Bằng": a known name followed by another place is another agency
                n = hit[0] + place
                printed = " ".join(text[tokens[i].start : tokens[i + n - 1].end].split())
                found.append(Mention(i, i + n, tokens[i].start, tokens[i + n - 1].end, printed, "unknown"))
                i += n
                continue
            if hit:
                n, name, kind = hit
                found.append(
                    Mention(
                        i,
                        i + n,
                        tokens[i].start,
                        tokens[i + n - 1].end,
                        name,
                        "new_group" if kind == "unknown_group" else kind,
                    )
                )
                i += n
                continue
            if unknown:
                n = self.unknown_at(text, tokens, i)
                if n:
                    printed = " ".join(text[tokens[i].start : tokens[i + n - 1].end].split())
                    found.append(Mention(i, i + n, tokens[i].start, tokens[i + n - 1].end, printed, "unknown"))
                    i += n
                    continue
            i += 1
        return tokens, found
