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


_NUMBERING = re.compile(r"[ivxlc]+|\d+")


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
                    if slips > 1 or n < 3 or not _one_edit(key, token.key) or _NUMBERING.fullmatch(key):
                        break  # "khu vực XI" is not a slip of "khu vực VI"
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
        if head == "truong" and text[tokens[i].start : tokens[i].end].lower() != "trường":
            return None  # "Trưởng Ban Chỉ đạo" is the head of "Ban Chỉ đạo"; "Trường …" is a school
        board = tuple(t.key for t in tokens[i : i + 3]) == ("ban", "quan", "ly")
        j = i + width
        while j < len(tokens) and j - i < (20 if board else 12):
            if board and self._board_goes_on(text, tokens, i, j):
                j += 1  # "Ban Quản lý các khu chế xuất …", "… dự án đầu tư xây dựng các công trình …"
                continue
            gap = text[tokens[j - 1].end : tokens[j].start]
            if gap.strip() == "," and V.NAME_COMMAS.get((tokens[j - 2].key, tokens[j - 1].key)) == tokens[j].key:
                j += 1  # "Báo và Phát thanh, Truyền hình …"
                continue
            if gap.strip() == "," and (tokens[j - 2].key, tokens[j - 1].key, tokens[j].key) == ("cap", "tinh", "cap"):
                j += 1  # "Ban Chỉ huy Phòng thủ dân sự cấp tỉnh, cấp xã": one board of both levels
                continue
            if any(ch in gap for ch in ",;:()\n.") and gap.strip() not in ("-", "–"):
                break
            if tokens[j].key == "va" and j + 1 < len(tokens) and self._opens_name(tokens, j + 1):
                break  # "Sở Quy hoạch - Kiến trúc và Sở Nông nghiệp …": two names
            if tokens[j].key == "va" and not board and (j + 1 >= len(tokens) or not tokens[j + 1].capital):
                break  # "Văn phòng Ban Chỉ huy và cơ quan, địa phương liên quan": the name ends before "và"

            pair = " ".join(t.key for t in tokens[j : j + 2])
            word = text[tokens[j].start : tokens[j].end].lower()
            if tokens[j].key == "lam" and tokens[j - 1].key == "viec":
                j += 1  # "Trung tâm Dịch vụ việc làm …": "việc làm" is a noun of the name
                continue
            # one-word stops are compared with their accents: "làm" ends a name, "Kiểm lâm" does not
            if j == i + width and pair in V.NAME_STOPS and tokens[j].capital:
                j += 2  # "Ban Chỉ đạo": the capitalised words right after the head name it
                continue
            if j > i + width and (
                pair in V.NAME_STOPS
                or (
                    tokens[j].key in V.NAME_STOPS
                    and not (tokens[j].capital and tokens[j].key in V.WORD_STOPS)  # "Cần Thơ" is a place
                    and (
                        " " in tokens[j].key or tokens[j].key not in V.WORD_STOPS or word in V.WORD_STOPS[tokens[j].key]
                    )
                )
            ):
                break
            j += 1
        while j > i + width and tokens[j - 1].key == "va":
            j -= 1  # "Công an Thành phố và các đơn vị …": the name ends before "và"
        rest = tuple(t.key for t in tokens[i + width : j])
        if width >= 3 and j == i + width:
            return j - i  # a head of three words is a name by itself: "Đoàn Thanh niên"
        # "Thanh tra thành phố" is a name in lower case; "UBND tỉnh" is the issuer, not an agency to create
        # "Ngân hàng nhà nước khu vực 8", "Kiểm toán nhà nước khu vực II": regional offices, in lower case
        at_level = (rest in V.NAME_LEVELS and head != "ubnd") or (
            rest[-3:-1] == ("khu", "vuc") and bool(_NUMBERING.fullmatch(rest[-1]))
        )
        if head == "ubnd" and rest in V.NAME_LEVELS:
            return None  # "Ủy ban nhân dân Thành phố": the issuer, not an agency to create
        if j - i < width + 1 or not (any(t.capital for t in tokens[i + width : j]) or at_level):
            return None
        # "… tỉnh" ends a provincial agency's name: "Trung tâm Dữ liệu số tỉnh số hóa …", and "… thành
        # phố" the name of a city's one: "Báo và Phát thanh, Truyền hình thành phố mở chuyên mục …"
        provincial = [
            k + 1
            for k in range(i + width + 1, j)
            if tokens[k].key == "tinh"
            and not (k + 1 < len(tokens) and tokens[k + 1].key == "uy")  # "Ủy ban Kiểm tra Tỉnh ủy"
            and not (k + 1 < j and tokens[k + 1].key == "cap")  # "… cấp tỉnh, cấp xã"
        ]
        provincial += [
            k + 2
            for k in range(i + width, j - 1)
            if (tokens[k].key, tokens[k + 1].key) == ("thanh", "pho")
            and (k + 2 >= len(tokens) or not tokens[k + 2].capital)
        ]
        if provincial:
            j = max(provincial)
        return j - i

    @staticmethod
    def _board_goes_on(text: str, tokens: list[Token], i: int, j: int) -> bool:
        """Words that continue the name of a management board (Ban Quản lý) though they end other
        names: "các" right after "Ban Quản lý" or after "xây dựng", "xây dựng" after "đầu tư", "và
        các" before a capitalised word ("… Dung Quất và các Khu công nghiệp …")."""
        if text[tokens[j - 1].end : tokens[j].start].strip():
            return False
        key, before = tokens[j].key, tokens[j - 1].key
        after = tokens[j + 1] if j + 1 < len(tokens) else None
        if key == "cac" and (j == i + 3 or before == "dung"):
            return True
        if key == "xay" and after is not None and after.key == "dung" and before == "tu":
            return True
        if (key, before) in (("dung", "xay"), ("trinh", "cong")):
            return True
        if key == "va" and after is not None and after.key == "cac" and j + 2 < len(tokens) and tokens[j + 2].capital:
            return True
        return key == "cac" and before == "va" and after is not None and after.capital

    def _opens_name(self, tokens: list[Token], j: int) -> bool:
        """Whether a capitalised name of the registry, or the head of one, starts at token j."""
        if not tokens[j].capital:
            return False
        if self.match_at(tokens, j):
            return True
        return any(" ".join(t.key for t in tokens[j : j + w]) in V.AGENCY_HEADS for w in (1, 2, 3))

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

    @staticmethod
    def _area_after(tokens: list[Token], j: int) -> int:
        """Tokens of "khu vực XI" / "khu vực 8" right after a known name, else 0."""
        keys = tuple(t.key for t in tokens[j : j + 3])
        return 3 if len(keys) == 3 and keys[:2] == ("khu", "vuc") and _NUMBERING.fullmatch(keys[2]) else 0

    def mentions(self, text: str, *, unknown: bool = False) -> tuple[list[Token], list[Mention]]:
        tokens = tokenize(text)
        found: list[Mention] = []
        i = 0
        while i < len(tokens):
            hit = self.match_at(tokens, i)
            if hit and unknown and hit[2] == "agency" and (area := self._area_after(tokens, i + hit[0])):
                # "Kho bạc nhà nước khu vực XI": a regional office of 2025, not the province's own
                n = hit[0] + area
                printed = " ".join(text[tokens[i].start : tokens[i + n - 1].end].split())
                found.append(Mention(i, i + n, tokens[i].start, tokens[i + n - 1].end, printed, "unknown"))
                i += n
                continue
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
