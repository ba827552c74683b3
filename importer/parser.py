"""From the text of a directive to a proposed directive in the exchange format.

Nothing is saved here: `parse_directive` returns a `Proposal` — the directive as
docs/directive-json.md writes it, the agencies the registry does not know, and the
fields the rules were unsure of — for a reviewer to correct before it is imported.

Granularity follows the seed data: one task per "-"/"+" bullet or lettered item that
assigns work; a numbered or lettered item without bullets is one task; headings that hold
items are sections; Mục đích / Yêu cầu / Mục tiêu hold no tasks.
"""

import datetime
import re
from collections import Counter
from dataclasses import dataclass, field

from django.utils.text import slugify

from agencies.registry import AgencyRegistry
from langson_portal.text import fold, nfc

from . import vocabulary as V
from .deadlines import Deadline, cell_deadline, find_deadline
from .indicators import read_indicators
from .labels import ROLE_KINDS, label_at_start, read_labels, role_tail
from .layout import ROMANS, Layout, Node, join_lines, split
from .mentions import AgencyMatcher, Mention, Token


@dataclass
class NewAgency:
    name: str
    kind: str  # AgencyKind value guessed from the name
    is_group: bool = False
    refs: list[str] = field(default_factory=list)


@dataclass
class Proposal:
    directive: dict
    new_agencies: list[NewAgency]
    uncertain: dict[str, list[str]]  # "header" or a task ref -> the fields to check
    source: str

    def export(self) -> dict:
        return {"format": "langson-directives", "version": 1, "directives": [self.directive]}


@dataclass
class Roles:
    lead: list[str] = field(default_factory=list)
    coordinating: list[str] = field(default_factory=list)
    unknown: list[Mention] = field(default_factory=list)
    unnamed: bool = False


# ---------------------------------------------------------------- roles


_ROLE_AFTER = re.compile(r"\s*\(\s*(chủ\s+trì|phối\s+hợp)\s*\)", re.IGNORECASE)


def keys_at(tokens: list[Token], i: int, n: int) -> tuple[str, ...]:
    return tuple(t.key for t in tokens[i : i + n])


class RoleReader:
    """Reads who leads (chủ trì) and who coordinates (phối hợp) from an item's wording."""

    def __init__(self, matcher: AgencyMatcher):
        self.matcher = matcher
        self._unnamed = [tuple(p.split()) for p in sorted(V.UNNAMED, key=lambda p: -len(p.split()))]
        self._fillers = {tuple(f.split()) for f in V.SUBJECT_FILLERS}
        self._openers = [tuple(o.split()) for o in V.OPENERS]

    def _phrase_at(self, tokens: list[Token], i: int, phrases) -> int:
        for phrase in phrases:
            if tuple(t.key for t in tokens[i : i + len(phrase)]) == phrase:
                return len(phrase)
        return 0

    def _list_from(self, text, tokens, by_first, i, roles: Roles, *, subject=False) -> tuple[list[Mention], int]:
        found: list[Mention] = []
        while i < len(tokens):
            gap = text[tokens[i - 1].end : tokens[i].start] if i > 0 else ""
            # a subject may list its agencies with ";" ("Các sở, ban, ngành; UBND các huyện …")
            stops = ":.()" if subject and i in by_first else ";:.()"
            if i > 0 and found and any(ch in gap for ch in stops):
                break
            if i in by_first:
                found.append(by_first[i])
                i = by_first[i].last
                continue
            n = self._listed_name(text, tokens, i) if found else 0
            if n:
                printed = " ".join(text[tokens[i].start : tokens[i + n - 1].end].split())
                found.append(Mention(i, i + n, tokens[i].start, tokens[i + n - 1].end, printed, "unknown"))
                i += n
                continue
            n = self._everyone_at(tokens, i)
            if n:
                # "Các cơ quan, đơn vị, địa phương xây dựng Kế hoạch …": the departments and the communes
                for name in (V.GROUP_PHRASES["cac so ban nganh"], V.GROUP_PHRASES["ubnd cac xa phuong"]):
                    found.append(self._group(tokens, i, i + n, name))
                i += n
                continue
            if keys_at(tokens, i, 1) == ("cac",) and i + 1 in by_first and found:
                i += 1  # "Văn phòng Tỉnh ủy và các Ban Xây dựng Đảng …"
                continue
            if self._localities_after(tokens, i, found):
                # "các sở, ngành, địa phương": the communes, beside the departments
                found.append(self._communes(tokens, i))
                i += 2
                continue
            n = self._phrase_at(tokens, i, self._unnamed)
            if n:
                roles.unnamed = True
                i += n
                continue
            n = self._phrase_at(tokens, i, sorted(self._fillers, key=len, reverse=True))
            if n:
                i += n
                continue
            break
        return found, i

    def _localities_after(self, tokens, i, found) -> bool:
        """ "địa phương" (not "… liên quan") right after the departments' group in a list."""
        keys = [t.key for t in tokens[i : i + 4]]
        return (
            keys[:2] == ["dia", "phuong"]
            and keys[2:3] != ["lien"]
            and keys[2:4] != ["co", "lien"]
            and bool(found)
            and found[-1].name == V.GROUP_PHRASES["cac so ban nganh"]
        )

    def _everyone_at(self, tokens, i) -> int:
        """Tokens of "các cơ quan, đơn vị, địa phương" not followed by "(có) liên quan", else 0."""
        for phrase in V.EVERYONE_PHRASES:
            n = len(phrase.split())
            if " ".join(keys_at(tokens, i, n)) == phrase and keys_at(tokens, i + n, 2) not in (
                ("lien", "quan"),
                ("co", "lien"),
                ("duoc", "giao"),
                ("duoc", "phan"),
            ):
                return n
        return 0

    def _group(self, tokens, first, last, name) -> Mention:
        known = {g.name for g in self.matcher.registry.groups.values()}
        kind = "group" if name in known else "new_group"
        return Mention(first, last, tokens[first].start, tokens[last - 1].end, name, kind)

    def _communes(self, tokens, i) -> Mention:
        return self._group(tokens, i, i + 2, V.GROUP_PHRASES["ubnd cac xa phuong"])

    def _listed_name(self, text, tokens, i) -> int:
        """A capitalised run right after a comma of a list of agencies is one more agency,
        even without a head word the matcher knows ("…, VNPT Lạng Sơn")."""
        if i == 0 or text[tokens[i - 1].end : tokens[i].start].strip() != ",":
            return 0
        n = 0
        while i + n < len(tokens) and tokens[i + n].capital and n < 6:
            if n and text[tokens[i + n - 1].end : tokens[i + n].start].strip():
                break
            n += 1
        if n < 2:
            return 0
        nxt = i + n
        if nxt < len(tokens) and tokens[nxt].capital and not text[tokens[nxt - 1].end : tokens[nxt].start].strip():
            return 0  # a longer capitalised run: a title, not one name of the list
        return n

    def read(self, text: str) -> Roles:
        labelled = read_labels(text)
        if labelled and (labelled.lead or labelled.coordinating):
            roles = self.read_cells(labelled.lead, labelled.coordinating)
            if not roles.lead and labelled.content:
                # "Cơ quan phối hợp: …" alone: the lead is the subject of the work's own wording
                own = self.read(labelled.content)
                roles.lead, roles.unknown = own.lead, roles.unknown + own.unknown
            return roles
        roles = Roles()
        tokens, mentions = self.matcher.mentions(text, unknown=True)
        if not tokens:
            return roles
        by_first = {m.first: m for m in mentions}
        by_last = {m.last: m for m in mentions}
        lead: list[Mention] = []
        coordinating: list[Mention] = []

        i = 0
        key0 = fold(text[:40])
        if key0.startswith(("can cu", "tren co so", "theo chuc nang")):
            comma = text.find(",")
            if comma > 0:
                i = next((k for k, t in enumerate(tokens) if t.start > comma), len(tokens))
        i += self._phrase_at(tokens, i, self._openers)
        subject, after = self._list_from(text, tokens, by_first, i, roles, subject=True)
        lead.extend(subject)

        keys = [t.key for t in tokens]
        for j in range(len(tokens) - 1):
            if keys[j] == "chu" and keys[j + 1] == "tri":
                k = j
                while k > 0:
                    if k in by_last:
                        first = by_last[k].first
                        if first > 0 and keys[first - 1] in ("cua", "voi"):
                            break  # "Thực hiện hướng dẫn của Bộ Lao động …, chủ trì": not the one who leads
                        if by_last[k] not in lead:
                            lead.append(by_last[k])
                        k = by_last[k].first
                    elif keys[k - 1] in ("va", "giao") or (keys[k - 1],) in self._fillers:
                        k -= 1
                    else:
                        break
            if keys[j] == "phoi" and keys[j + 1] == "hop":
                k = j + 2
                while (
                    k < len(tokens)
                    and k - j < 6
                    and keys[k] in ("voi", "chat", "che", "cung", "tot", "thuong", "xuyen", "thuc", "hien")
                ):
                    if (
                        keys[k] in ("thuc",)
                        and k + 1 < len(tokens)
                        and keys[k + 1] == "hien"
                        and k + 2 < len(tokens)
                        and k + 2 not in by_first
                    ):
                        break
                    k += 1
                found, _ = self._list_from(text, tokens, by_first, k, roles)
                coordinating.extend(m for m in found if m not in coordinating)

        for m in mentions:
            # "Sở Tài chính (chủ trì), Sở Nội vụ (phối hợp) …": the role written after each name
            role = _ROLE_AFTER.match(text, m.end)
            if role and fold(role.group(1)) == "phoi hop" and m not in coordinating:
                coordinating.append(m)
                if m in lead:
                    lead.remove(m)
            elif role and m not in lead:
                lead.append(m)

        def names(items):
            out = []
            for m in items:
                if m.name not in out:
                    out.append(m.name)
            return out

        roles.lead = names(lead)
        roles.coordinating = [n for n in names(coordinating) if n not in roles.lead]
        roles.unknown = [m for m in lead + coordinating if m.kind in ("unknown", "new_group")]
        return roles

    def read_cells(self, lead_cell: str, coordinating_cell: str) -> Roles:
        """Roles from labelled text ("Đơn vị chủ trì: …") or the columns of a Phụ lục table."""
        roles = Roles()
        for cell, target in ((lead_cell, roles.lead), (coordinating_cell, roles.coordinating)):
            tokens, mentions = self.matcher.mentions(cell or "", unknown=True)
            by_first = {m.first: m for m in mentions}
            i = 0
            while i < len(tokens):
                found, after = self._list_from(cell, tokens, by_first, i, roles)
                for m in found:
                    if m.name not in target:
                        target.append(m.name)
                    if m.kind in ("unknown", "new_group"):
                        roles.unknown.append(m)
                i = max(after, i + 1)
        roles.coordinating = [n for n in roles.coordinating if n not in roles.lead]
        return roles


# ---------------------------------------------------------------- Phụ lục tables


_CELL_SPLIT = re.compile(r"\s*\|\s*|\t+")


def _cells(line: str) -> list[str]:
    return [c.strip() for c in _CELL_SPLIT.split(line.strip().strip("|"))]


_GROUP_NUMBER = re.compile(r"^(?:[IVX]{1,4}|[A-EĐ])\.?$")


def _table_section(cells: list[str], columns: dict) -> str | None:
    """The title of a row that only names a group of tasks: a row merged across the table
    (one text in every cell), or one numbered "I", "II", "A" with no agency and no time."""
    filled = [c for c in cells if c]
    if filled and len(set(filled)) == 1 and (len(filled) > 1 or len(cells) == 1):
        return filled[0]
    number = cells[columns["number"]] if "number" in columns and columns["number"] < len(cells) else ""
    if _GROUP_NUMBER.match(number):
        rest = [c for i, c in enumerate(cells) if i != columns.get("number") and c]
        if rest:
            return rest[0]
    return None


_ROW_START = re.compile(r"^\s*\|?\s*(?:\d{1,3}[.)]?|[IVX]{1,4}\.?|[A-EĐ]\.?)\s*(?:\||\t)")
_ROLE_COLUMNS = ("lead", "coordinating", "time", "output")


def _starts_row(line: str) -> bool:
    """Whether a line opens a table row of its own: a number (or a group's I, II, A) in its first cell."""
    return bool(_ROW_START.match(line))


def _is_content_column(key: str) -> bool:
    return any(word in key for word in ("noi dung", "nhiem vu", "cong viec", "hoat dong"))


def _is_lead_column(key: str) -> bool:
    """ "Cơ quan chủ trì", or "Đơn vị thực hiện" / "Cơ quan thực hiện" (not "Thời gian thực hiện")."""
    if "chu tri" in key:
        return True
    return (
        bool(re.match(r"(?:co quan|don vi)(?: co quan| don vi)? (?:thuc hien|dau moi)", key)) and "phoi hop" not in key
    )


def extract_tables(text: str) -> tuple[str, list[dict]]:
    """Rows of "STT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian | Sản phẩm"
    tables, and the text without them. Columns are found by their headings, in any order; a
    row that only names a group of tasks comes back as {"section": title}.

    A table copied from a web page or a PDF gives a cell merged down several rows only in its
    first row: a later row has fewer cells than the heading. Such a row keeps the cells it has
    in order — from the number when it has one, else from the content — and takes the missing
    cells at its end (agencies, time, product) from the row above, as the merged cell does. A
    numbered row that stops inside its content, followed by a line that opens no row, had its
    content cell wrapped onto that line."""
    kept, rows, columns = [], [], None
    width, pending, above = 0, "", {}
    lines = text.split("\n")
    for position, line in enumerate(lines):
        if pending:
            # a cell wrapped onto the next line: the row goes on until it has every column
            line, pending = f"{pending} {line.strip()}", ""
        cells = _cells(line) if ("|" in line or "\t" in line) else []
        if columns and 2 <= len(cells) <= columns.get("content", 1) + 1 and cells[0].rstrip(".").isdigit():
            # the row stops inside its content: the rest of the cell (and the row) is on the next line
            following = next((x for x in lines[position + 1 :] if x.strip()), "")
            if following and not _starts_row(following) and ("|" in following or "\t" in following):
                pending = line
                continue
        if len(cells) >= 3:
            keys = [fold(c) for c in cells]
            if any(_is_content_column(k) for k in keys) and any(_is_lead_column(k) for k in keys):
                columns, width, above = {}, len(cells), {}
                for index, key in enumerate(keys):
                    if key.startswith(("stt", "tt", "so tt")):
                        columns.setdefault("number", index)
                    elif "chu tri" in key:
                        columns.setdefault("lead", index)
                    elif "phoi hop" in key:
                        columns.setdefault("coordinating", index)
                    elif "thoi gian" in key or "thoi han" in key or "tien do" in key:
                        columns.setdefault("time", index)
                    elif "san pham" in key or "ket qua" in key:
                        columns.setdefault("output", index)
                    elif _is_lead_column(key):
                        columns.setdefault("lead", index)  # "Đơn vị thực hiện", "Cơ quan thực hiện"
                    elif _is_content_column(key):
                        columns.setdefault("content", index)
                continue
        if columns and "content" in columns and (len(cells) >= 2 or (cells and line.strip().startswith("|"))):
            title = _table_section(cells, columns)
            if title:
                rows.append({"section": title})
                above = {}
                continue
            numbered = "number" in columns and bool(re.fullmatch(r"\d{1,3}[.)]?", cells[0]))
            if len(cells) < width and not numbered and "number" in columns:
                # the number cell is merged with the row above: the cells start at the content
                cells = [""] * columns["content"] + cells
            if len(cells) > columns["content"]:

                def cell(name, cells=cells, columns=columns):
                    index = columns.get(name)
                    return cells[index] if index is not None and index < len(cells) else None

                if cell("content") and not fold(cell("content")).startswith("noi dung"):
                    row = {name: cell(name) or "" for name in ("number", "content")}
                    for name in _ROLE_COLUMNS:
                        value = cell(name)
                        row[name] = above.get(name, "") if value is None else value
                    rows.append(row)
                    above = {name: row[name] for name in _ROLE_COLUMNS}
                continue
        kept.append(line)
    if pending:
        kept.append(pending)
    return "\n".join(kept), rows


# ---------------------------------------------------------------- header


_NUMBER = re.compile(r"Số\s*:\s*((?:\d+)?\s*/\s*[A-ZĐ0-9][A-ZĐ0-9\-/.]*[A-ZĐ0-9])")
_DATE = re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})", re.IGNORECASE)
_PLACE_DATE = re.compile(
    r"((?:[A-ZĐ][a-zà-ỹ]+\s+){0,2}[A-ZĐ][a-zà-ỹ]+)\s*,\s*ngày\s*[\s.…_]*\s*(\d{1,2})?\s*tháng\s*[\s.…_]*(\d{1,2})?\s*năm\s+(\d{4})"
)
_DOC_NUMBER = re.compile(
    r"(?:Nghị quyết|Quyết định|Công điện|Chỉ thị|Kết luận|Nghị định)\s+(?:số\s+)?(\d+(?:/\d{4})?[/-][A-ZĐ][A-Za-zĐđ0-9\-/]*[A-Za-z0-9])"
)
_PROVINCE = re.compile(r"TỈNH\s+([A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ]*(?:\s+[A-ZĐÀ-Ỹ][A-ZĐÀ-Ỹ]*)?)")
_SIGN_TITLES = re.compile(
    r"^(KT\.|TM\.|Q\.|TL\.)?\s*(CHỦ TỊCH|PHÓ CHỦ TỊCH|ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|CHÁNH VĂN PHÒNG)\b"
)


def _title_case(words: str) -> str:
    return " ".join(w[:1].upper() + w[1:].lower() for w in words.split())


def read_header(layout: Layout) -> tuple[dict, list[str]]:
    header_text = " ".join(layout.header)
    uncertain: list[str] = []
    number = None
    if m := _NUMBER.search(header_text):
        number = re.sub(r"\s+", "", m.group(1))
    kind = None
    if number:
        symbol = number.split("/")[-1].split("-")[0]
        kind = V.SYMBOL_KINDS.get(symbol)
        if kind is None and "/" in number:
            kind = "cong_van" if symbol.startswith("UBND") else None
    if kind is None:
        for line in layout.header:
            key = fold(line)
            for word, value in V.DIRECTIVE_KINDS:
                if key == word and line.isupper():
                    kind = value
        joined = fold(" ".join(line for line in layout.header if line.isupper()))
        if kind is None and "ke hoach" in joined:
            kind = "ke_hoach"
    if kind is None:
        kind = "cong_van"
        uncertain.append("kind")

    issued_on, issued_text = None, ""
    if m := _PLACE_DATE.search(header_text):
        day, month, year = m.group(2), m.group(3), m.group(4)
        if day and month:
            try:
                issued_on = datetime.date(int(year), int(month), int(day))
            except ValueError:
                issued_on = None
        if issued_on is None:
            issued_text = f"{m.group(1)}, ngày {day or '…'} tháng {month or '…'} năm {year}"
    elif m := _DATE.search(header_text):
        issued_on = datetime.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))

    province = None
    if m := _PROVINCE.search(header_text):
        province = _title_case(m.group(1))
    elif m := _PLACE_DATE.search(header_text):
        province = m.group(1)
    issuer = f"UBND tỉnh {province}" if province else "UBND tỉnh Lạng Sơn"
    if not province:
        uncertain.append("issuer")

    title = _title(layout.header)
    signer_title, signer = _signature(layout.tail)
    implements = []
    for m in _DOC_NUMBER.finditer(" ".join([title, *layout.preamble])):
        number_cited = m.group(1).rstrip(".-/")
        if any(code in number_cited for code in V.CENTRAL_CODES) and number_cited not in implements:
            implements.append(number_cited)
    recipients = _recipients(layout.header)
    for key, value in (("number", number), ("issued_on", issued_on), ("signer", signer), ("title", title)):
        if not value:
            uncertain.append(key)
    return {
        "kind": kind,
        "number": number,
        "issued_on": issued_on.isoformat() if issued_on else None,
        "issued_text": issued_text,
        "issuer": issuer,
        "title": title,
        "signer": signer,
        "signer_title": signer_title,
        "implements": implements,
        "recipients": recipients,
    }, uncertain


def _title(header: list[str]) -> str:
    for i, line in enumerate(header):
        if fold(line).startswith(("v/v", "ve viec")):
            out = [line]
            for nxt in header[i + 1 :]:
                if fold(nxt).startswith(("kinh gui", "-")) or nxt.startswith("-"):
                    break
                out.append(nxt)
            return join_lines(out)
    for i, line in enumerate(header):
        key = fold(line)
        broken = key == "hoach" and i > 0 and fold(header[i - 1]) == "ke"
        if (
            (key.endswith(("ke hoach", "chi thi", "quyet dinh", "cong dien")) or broken)
            and line.isupper()
            and len(line) < 30
        ):
            return join_lines(header[i + 1 :])
    return ""


def _signature(tail: list[str]) -> tuple[str, str | None]:
    titles = [line for line in tail if _SIGN_TITLES.match(line)]
    signer = None
    for line in reversed(tail):
        words = line.split()
        if 2 <= len(words) <= 5 and all(w[:1].isupper() and w.isalpha() for w in words) and not line.isupper():
            signer = line
            break
    return ", ".join(titles), signer


def _recipients(header: list[str]) -> list[str]:
    out: list[str] = []
    collecting = False
    for line in header:
        if fold(line).startswith("kinh gui"):
            collecting = True
            rest = line.split(":", 1)[1].strip() if ":" in line else ""
            if rest:
                out.append(rest.strip(" -;.,"))
            continue
        if collecting:
            if line.startswith(("-", "–")):
                out.append(line.lstrip("-– ").rstrip(" ;.,"))
            else:
                break
    return out


# ---------------------------------------------------------------- body


@dataclass
class _Context:
    matcher: AgencyMatcher
    roles: RoleReader
    year: int | None
    sections: list[dict] = field(default_factory=list)
    tasks: list[dict] = field(default_factory=list)
    uncertain: dict[str, list[str]] = field(default_factory=dict)
    unknown: dict[str, NewAgency] = field(default_factory=dict)
    rule_texts: list[tuple[str, list[str]]] = field(default_factory=list)


def _is_objective(title: str) -> bool:
    return fold(title).lstrip("0123456789. ").startswith(V.OBJECTIVE_HEADINGS)


def _only_agencies(line: str, matcher: AgencyMatcher, *, unknown: bool = False) -> bool:
    """Whether a line names agencies and nothing else ("Sở Tài chính (cơ quan chủ trì)", with
    `unknown` also names the registry lacks: "Công an Thành phố, Bộ Tư lệnh Thành phố")."""
    line = re.sub(r"\([^()]*\)", " ", line)
    tokens, mentions = matcher.mentions(line, unknown=unknown)
    if not mentions:
        return False
    covered = set()
    for m in mentions:
        covered.update(range(m.first, m.last))
    rest = [t.key for k, t in enumerate(tokens) if k not in covered]
    return all(key in ("va", "tinh", "cac") for key in rest)


def _split_heading(node: Node, matcher: AgencyMatcher) -> tuple[str, str]:
    """(heading, body) of a numbered item: "9. Sở Tài nguyên và Môi trường" on its own line."""
    lines = node.lines
    if len(lines) > 1:
        first = lines[0].rstrip(" :")
        if (_only_agencies(first, matcher) and not first.endswith((",", "-", " và"))) or (
            fold(first).startswith(("ve ", "chi so")) and len(first) < 70 and not first.endswith((".", ";", ","))
        ):
            return lines[0], join_lines(lines[1:])
        split = _title_then_subject(lines, matcher)
        if split:
            return split
        for k in (1, 2, 3):
            # a heading broken across lines ("2. Sở" / "Khoa học và Công nghệ, Sở Nội vụ" / "Sở Khoa học
            # …"), or naming agencies the registry lacks: the next line opens a sentence of its own
            if k < len(lines) and lines[k][:1].isupper():
                head = join_lines(lines[:k]).rstrip(" :")
                if _only_agencies(head, matcher, unknown=True) and not head.endswith((",", "-", " và")):
                    return head, join_lines(lines[k:])
    return "", join_lines(lines)


# Words a line may end with before a name that continues the same sentence on the next line.
_RUNS_ON = set(
    "cua voi cho tai theo va gui ve muu tri hop den giao nghi cau qua o cac nhung la duoc boi tu thuoc trong".split()
)
# What a subject does right after its name: "… có trách nhiệm", "… chủ trì", "… tham mưu".
_SUBJECT_VERBS = ("co trach", "chu tri", "chu dong", "phoi hop", "tham muu", "trien khai", "thuc hien", "to chuc")


def _title_then_subject(lines: list[str], matcher: AgencyMatcher) -> tuple[str, str] | None:
    """ "3. Xây dựng các văn bản … trong Luật Việc làm" / "Sở, ban, ngành thuộc Ủy ban nhân dân Thành phố có
    trách nhiệm …": a title of one to three lines without a final stop, then a sentence whose subject is
    an agency or a group. The title names nobody; the sentence is the task."""
    for k in (1, 2, 3):
        if k >= len(lines) or not lines[k][:1].isupper():
            continue
        head = join_lines(lines[:k])
        if head.rstrip().endswith((".", ";", ",", ":", "-")) or len(head) > 220:
            return None
        head_tokens, head_mentions = matcher.mentions(head)
        if head_mentions or not head_tokens or head_tokens[-1].key in _RUNS_ON:
            continue
        body = join_lines(lines[k:])
        tokens, mentions = matcher.mentions(body)
        if mentions and mentions[0].first == 0 and mentions[0].kind in ("agency", "group", "new_group"):
            keys = [t.key for t in tokens[mentions[0].last : mentions[0].last + 12]]
            if any(" ".join(keys[n : n + 2]) in _SUBJECT_VERBS for n in range(len(keys) - 1)):
                return head, body
    return None


def _paragraphs(lines: list[str]) -> list[list[str]]:
    out: list[list[str]] = [[]]
    for line in lines:
        if out[-1] and out[-1][-1].endswith(".") and line[:1].isupper():
            out.append([])
        out[-1].append(line)
    return [p for p in out if p]


def _ref(node: Node) -> str:
    parts: list[str] = []
    chain = []
    while node and node.marker != "root":
        chain.append(node)
        node = node.parent
    for item in reversed(chain):
        if item.marker in ("dash", "plus"):
            siblings = [c for c in item.parent.children if c.marker == item.marker]
            suffix = f"{'-' if item.marker == 'dash' else '+'}{siblings.index(item) + 1}"
            parts.append(suffix if parts else suffix.lstrip("-+"))
        else:
            label = item.label.rsplit(".", 1)[-1] if item.marker == "decimal" else item.label
            parts.append(("." if parts else "") + label)
    return "".join(parts)


def _walk(node: Node, ctx: _Context, *, section: str | None, inherited: Roles, objectives: bool) -> None:
    for child in node.children:
        ref = _ref(child)
        if child.is_heading_level and child.children and _sentence_goes_on(child):
            # "1. Sở X theo dõi, đôn đốc …; tham mưu … báo cáo về Cục Y" / "- Cơ quan thường trực … trước
            # ngày 20 hằng tháng …": the sentence goes on in its bullets, one task
            child.lines = child.lines + [item.text for item in child.children]
            child.children = []
        if child.is_heading_level and child.children:
            title = child.text
            # "Yêu cầu" is an objectives heading, "Yêu cầu UBND các huyện:" gives work
            is_objective = objectives or (_is_objective(title) and not ctx.roles.read(title).lead)
            ctx.sections.append(
                {"ref": ref, "title": title, "parent": section, "kind": "objectives" if is_objective else "tasks"}
            )
            roles = Roles()
            if not is_objective:
                roles = ctx.roles.read(title)
                for line in child.lines[1:] if not roles.lead else ():
                    roles = ctx.roles.read(line)
                    if roles.lead:
                        break
            heading_roles = (
                roles
                if roles.lead
                else Roles(
                    inherited.lead,
                    inherited.coordinating + [n for n in roles.coordinating if n not in inherited.coordinating],
                )
            )
            if roles.lead:
                heading_roles.coordinating = roles.coordinating
                _note_unknown(ctx, roles, ref)
            _walk(child, ctx, section=ref, inherited=heading_roles, objectives=is_objective)
            continue
        if objectives:
            continue
        if child.is_heading_level:
            if _starts_with(child.text, V.CLOSING_HEADINGS) and not _names_an_agency(ctx, child.text):
                ctx.rule_texts.append((child.text, []))  # the general duty and the reporting regime
                continue
            heading, body = _split_heading(child, ctx.matcher)
            _add_task(ctx, ref, section, body, heading, inherited, child)
        else:
            text = child.text
            if child.children and text.rstrip().endswith(":") and len(text) < 160:
                roles = ctx.roles.read(text)
                _walk(child, ctx, section=section, inherited=roles if roles.lead else inherited, objectives=False)
                continue
            task = _add_task(ctx, ref, section, text, "", inherited, child)
            if child.children:
                own = Roles(task["lead"], task["coordinating"]) if task else inherited
                _walk(child, ctx, section=section, inherited=own, objectives=False)


def _sentence_goes_on(node: Node) -> bool:
    """An item whose own text is a long sentence left unfinished (no full stop, colon or
    semicolon) before its bullets: the bullets finish it."""
    text = node.text
    return (
        len(text) > 120
        and not text.rstrip().endswith((".", ":", ";", "…", ")"))
        and all(item.marker in ("dash", "plus") and not item.children for item in node.children)
    )


def _fold_labelled(node: Node) -> None:
    """Labelled parts written as items of their own are one task: "a) Nhiệm vụ: …",
    "b) Cơ quan thực hiện: …", "c) Thời gian thực hiện: …" join the item that names the
    work; an item whose sub-items are all parts ("1. Xây dựng đề án …" / "a) Cơ quan chủ
    trì: …" / "b) Thời gian: …") is that one task."""
    kids = node.children
    if kids:
        kinds = [label_at_start(child.text) for child in kids]
        if node.marker != "root" and node.lines and all(k in ROLE_KINDS for k in kinds):
            if not any(child.children for child in kids):
                node.lines += [child.text for child in kids]
                node.children = []
                return
        kept: list[Node] = []
        for child, kind in zip(kids, kinds, strict=True):
            if kind in ROLE_KINDS and kept and not child.children and label_at_start(kept[-1].text) == "content":
                work = kept[-1]
                if not work.children:
                    work.lines.append(child.text)
                    continue
                if all(item.marker in ("dash", "plus") and not item.children for item in work.children):
                    # "a) Nhiệm vụ:" with a bullet list, then "b) Cơ quan thực hiện: …", "c) Thời gian …":
                    # one task per bullet, each with the agencies and the time of the item
                    for item in work.children:
                        item.lines.append(child.text)
                    continue
            kept.append(child)
        node.children = kept
        _share_trailing_labels(kept)
    for child in node.children:
        _fold_labelled(child)


def _share_trailing_labels(items: list[Node]) -> None:
    """Bullets followed by label lines written once for all of them ("+ Sở Xây dựng: …", "+ Sở
    Công Thương: …", "Thời gian thực hiện: …" after the last): each bullet of the run gets them."""
    run: list[Node] = []
    for item in items:
        if item.marker not in ("dash", "plus") or item.children:
            run = []
            continue
        if run and run[-1].marker != item.marker:
            run = []
        labels = role_tail(item.text)
        if not labels:
            run.append(item)
            continue
        for earlier in run:
            earlier.lines.append(labels)
        run = []


def _target_texts(root: Node) -> list[str]:
    """The wording under every "Mục tiêu" heading (its own lines after the title, and its items)."""
    out: list[str] = []

    def collect(node: Node) -> None:
        out.append(join_lines(node.lines))
        for child in node.children:
            collect(child)

    def visit(node: Node) -> None:
        for child in node.children:
            if child.marker != "root" and _starts_with(child.text, ("muc tieu",)):
                out.append(join_lines(child.lines[1:]) if len(child.lines) > 1 else "")
                first = child.lines[0] if child.lines else ""
                if ":" in first:
                    out.append(first.split(":", 1)[1])
                for grandchild in child.children:
                    collect(grandchild)
            else:
                visit(child)

    visit(root)
    return [t for t in out if t.strip()]


def _starts_with(text: str, headings) -> bool:
    return fold(text).lstrip("0123456789ivx. ").startswith(headings)


def _gives_work(ctx: _Context, text: str) -> bool:
    """Whether a paragraph gives work to anyone named, an agency or a group ("Các sở, ban, ngành chủ
    động bố trí kinh phí …", "Đơn vị chủ trì: Các Sở, ban, ngành")."""
    head, colon, rest = text.partition(":")
    if colon and len(head) < 60 and not label_at_start(text):
        text = rest
    return bool(ctx.roles.read(text.strip()).lead)


def _names_an_agency(ctx: _Context, text: str) -> bool:
    """Whether a paragraph gives work to a named agency, not only to groups or unnamed ones."""
    groups = {g.name for g in ctx.matcher.registry.groups.values()} | set(V.GROUP_PHRASES.values())
    head, colon, rest = text.partition(":")
    if colon and len(head) < 60:
        text = rest  # "Kinh phí: Sở Tài chính tham mưu …": the subject after the heading word
    return any(name not in groups for name in ctx.roles.read(text.strip()).lead)


def _in_closing(ctx: _Context, section: str | None) -> bool:
    """Whether a section is (or stands under) the Tổ chức thực hiện part."""
    by_ref = {s["ref"]: s for s in ctx.sections}
    while section and section in by_ref:
        if _starts_with(by_ref[section]["title"], V.CLOSING_HEADINGS):
            return True
        section = by_ref[section]["parent"]
    return False


def _note_unknown(ctx: _Context, roles: Roles, ref: str) -> None:
    for mention in roles.unknown:
        entry = ctx.unknown.setdefault(
            mention.name, NewAgency(mention.name, _guess_kind(mention.name), is_group=mention.kind == "new_group")
        )
        if ref not in entry.refs:
            entry.refs.append(ref)


def _guess_kind(name: str) -> str:
    key = fold(name)
    for heads, kind in (
        (("so ", "ban ", "van phong", "thanh tra"), "so_ban_nganh"),
        (("cuc ", "chi cuc", "kho bac", "ngan hang", "bao hiem", "cong an", "chi nhanh", "bo chi huy"), "central"),
        (("hiep hoi", "hoi ", "lien minh"), "association"),
        (("bao ", "dai "), "press"),
        (("cong ty",), "enterprise"),
        (("toa an", "vien kiem sat"), "court"),
        (("ubnd huyen", "uy ban nhan dan huyen"), "district"),
    ):
        if key.startswith(heads):
            return kind
    return "other"


def _is_rule_only(text: str) -> bool:
    key = fold(text)
    return (
        key.startswith(
            (
                "dinh ky",
                "che do bao cao",
                "che do thong tin bao cao",
                "thong tin bao cao",
                "thuc hien che do bao cao",
                "thuc hien che do thong tin bao cao",
            )
        )
        and "bao cao" in key
    )


def _add_task(ctx: _Context, ref: str, section, content: str, heading: str, inherited: Roles, node: Node):
    content = content.strip()
    if not content:
        return None
    key = fold(content)
    if any(p in key for p in V.FOCAL_POINT_PHRASES):
        return None
    if _is_rule_only(content):
        ctx.rule_texts.append((content, []))
        return None
    section_title = next((s["title"] for s in ctx.sections if s["ref"] == section), "")
    if (_starts_with(content, V.FUNDING_HEADINGS) or _starts_with(heading or section_title, V.FUNDING_HEADINGS)) and (
        not _gives_work(ctx, content)
    ):
        return None  # "Kinh phí thực hiện Kế hoạch được bố trí từ …": where the money comes from, no work
    paragraphs = _paragraphs(content_lines(node, heading))
    pieces = [(ref, content)]
    labelled = read_labels(content)
    if len(paragraphs) > 1 and not node.children and not (labelled and labelled.assigns):
        pieces = _split_distinct_work(ctx, ref, paragraphs) or pieces
    made = []
    for piece_ref, piece in pieces:
        task = _make_task(ctx, piece_ref, section, piece, heading, inherited)
        if task is None:
            continue
        made.append(task)
        if piece_ref != ref:
            ctx.uncertain.setdefault(piece_ref, []).append("content")
            ctx.uncertain.setdefault(ref, []).append("content")
    return made[0] if made else None


def content_lines(node: Node, heading: str) -> list[str]:
    """The lines of an item after its heading (which may span several lines)."""
    if not heading:
        return node.lines
    for k in range(1, len(node.lines) + 1):
        if join_lines(node.lines[:k]).rstrip(" :") == heading.rstrip(" :"):
            return node.lines[k:]
    return node.lines[1:]


def _split_distinct_work(ctx, ref, paragraphs):
    """An item of several paragraphs stays one task, unless a later paragraph gives work to
    other agencies with its own deadline, beside a first paragraph that has one too."""
    texts = [join_lines(p) for p in paragraphs]
    first_deadline = find_deadline(texts[0], year_hint=ctx.year)
    if first_deadline.kind == "none":
        return None
    pieces = [[texts[0]]]
    first_roles = ctx.roles.read(texts[0])
    for text in texts[1:]:
        roles = ctx.roles.read(text)
        deadline = find_deadline(text, year_hint=ctx.year)
        tokens, mentions = ctx.matcher.mentions(text)
        opens_with_agency = bool(mentions) and mentions[0].first == 0
        if (
            opens_with_agency
            and roles.lead
            and roles.lead != first_roles.lead
            and deadline.kind != "none"
            and deadline != first_deadline
        ):
            pieces.append([text])
        else:
            pieces[-1].append(text)
    if len(pieces) == 1:
        return None
    letters = "bcdefgh"
    return [(ref if n == 0 else f"{ref}{letters[n - 1]}", " ".join(p)) for n, p in enumerate(pieces)]


def _make_task(ctx: _Context, ref: str, section, content: str, heading: str, inherited: Roles) -> dict:
    labels = read_labels(content)
    output = ""
    if labels and labels.assigns and labels.content:
        own = ctx.roles.read(content)
        output = labels.output
        content = labels.content
    else:
        labels = None
        own = ctx.roles.read(content)
    heading_roles = ctx.roles.read(heading) if heading else Roles()
    if heading_roles.lead:
        inherited = heading_roles
    if own.lead:
        lead = own.lead
        coordinating = own.coordinating
    else:
        lead = list(inherited.lead)
        coordinating = list(inherited.coordinating) + [n for n in own.coordinating if n not in inherited.coordinating]
    coordinating = [n for n in coordinating if n not in lead]
    if not lead and _in_closing(ctx, section):
        # "Các cơ quan, đơn vị được phân công … có trách nhiệm …", "Trong quá trình thực hiện, nếu có
        # vướng mắc …": a paragraph of Tổ chức thực hiện that gives nobody work is not a task
        ctx.rule_texts.append((content, []))
        return None
    deadline = Deadline()
    if labels and labels.time:
        deadline = cell_deadline(labels.time, year_hint=ctx.year)
    if deadline.kind == "none":
        deadline = find_deadline(content, year_hint=ctx.year)
    notes = []
    if own.unnamed or heading_roles.unnamed:
        notes.append("Văn bản còn nêu cơ quan, đơn vị liên quan không có tên cụ thể.")
    task = {
        "ref": ref,
        "section": section,
        "content": content,
        "lead": lead,
        "coordinating": coordinating,
        "deadline_kind": deadline.kind,
        "due": deadline.due.isoformat() if deadline.due else None,
        "due_text": deadline.due_text,
        "recurrence": deadline.recurrence,
        "note": " ".join(notes),
    }
    if output:
        task["output"] = output
    doubts = []
    if not lead:
        doubts.append("lead")
    if not own.lead and lead:
        doubts.append("lead_inherited")
    if own.unknown or heading_roles.unknown:
        doubts.append("new_agency")
        _note_unknown(ctx, own, ref)
        _note_unknown(ctx, heading_roles, ref)
    if deadline.kind in ("ongoing", "recurring") or (
        deadline.kind == "date" and "năm" in deadline.due_text and "/" not in deadline.due_text
    ):
        doubts.append("deadline")
    if doubts:
        ctx.uncertain.setdefault(ref, []).extend(doubts)
    ctx.tasks.append(task)
    if "báo cáo" in content.lower():
        ctx.rule_texts.append((content, lead))
    return task


def _add_table_tasks(ctx: _Context, rows: list[dict]) -> None:
    if not rows:
        return
    top = "PL"
    while any(s["ref"] == top for s in ctx.sections):
        top += "I"
    ctx.sections.append({"ref": top, "title": "Phụ lục", "parent": None, "kind": "tasks"})
    section, groups, used = top, 0, set()
    for position, row in enumerate(rows, start=1):
        if "section" in row:
            groups += 1
            section = f"{top}.{ROMANS[groups - 1] if groups <= len(ROMANS) else groups}"
            ctx.sections.append({"ref": section, "title": row["section"], "parent": top, "kind": "tasks"})
            continue
        number = re.sub(r"[^\w.]", "", row["number"]) or str(position)
        ref = f"{section}.{number}"
        while ref in used:
            ref += "b"
        used.add(ref)
        roles = ctx.roles.read_cells(row["lead"], row["coordinating"])
        deadline = (
            cell_deadline(row["time"], year_hint=ctx.year)
            if row["time"]
            else find_deadline(row["content"], year_hint=ctx.year)
        )
        task = {
            "ref": ref,
            "section": section,
            "content": row["content"],
            "lead": roles.lead,
            "coordinating": roles.coordinating,
            "deadline_kind": deadline.kind,
            "due": deadline.due.isoformat() if deadline.due else None,
            "due_text": deadline.due_text,
            "recurrence": deadline.recurrence,
            "note": "",
        }
        if row.get("output"):
            task["output"] = row["output"]
        ctx.tasks.append(task)
        doubts = [] if roles.lead else ["lead"]
        if roles.unknown:
            doubts.append("new_agency")
            _note_unknown(ctx, roles, ref)
        if deadline.kind == "none" and deadline.due_text:
            doubts.append("deadline")
        if doubts:
            ctx.uncertain.setdefault(ref, []).extend(doubts)


# ---------------------------------------------------------------- reporting rules


_QUARTER_LAST_MONTH = re.compile(
    r"(?:hằng|hàng)\s+quý.{0,120}?trước\s+ngày\s+(\d{1,2})\s+(?:của\s+)?tháng\s+cuối\s+(?:mỗi\s+)?quý",
    re.IGNORECASE | re.S,
)
_QUARTER_MONTHS = re.compile(
    r"quý\s+trước\s+ngày\s+(\d{1,2})\s+(?:của\s+)?(?:các\s+)?tháng\s+((?:\d{1,2}\s*,\s*)+\d{1,2})", re.IGNORECASE
)
_ANNUAL = re.compile(
    r"(?:báo\s+cáo\s+năm|hằng\s+năm|hàng\s+năm|và)[^;]{0,80}?trước\s+ngày\s+(\d{1,2})\s*(?:/|\s+tháng\s+)\s*(\d{1,2})(?!\s*/\s*\d|\s+năm\s+\d)",
    re.IGNORECASE,
)
_ONCE_CUES = (
    "so ket",
    "tong ket",
    "danh gia ket qua thuc hien",
    "danh gia tinh hinh thuc hien",
    "danh gia ket qua trien khai",
)
_FULL_DATE = re.compile(
    r"trước\s+ngày\s+(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4})|\s+(?:của\s+)?năm\s+(\d{4})((?:\s*,\s*năm\s+\d{4})*))",
    re.IGNORECASE,
)
_VIA = re.compile(r"(?:thông\s+qua|qua|gửi\s+về|gửi|về)\s+(Sở[^,;)(.]+?)(?=\s*[,;)(.]|\s+để|\s+tổng)", re.IGNORECASE)


def read_rules(texts: list[tuple[str, list[str]]], matcher: AgencyMatcher) -> list[dict]:
    rules: list[dict] = []
    for text, lead in texts:
        via = _VIA.search(text)
        recipient = f"UBND tỉnh (thông qua {via.group(1).strip()})" if via else "UBND tỉnh"
        found = False
        if m := _QUARTER_MONTHS.search(text):
            months = [int(x) for x in re.findall(r"\d+", m.group(2))]
            rules.append(
                {
                    "period": "quarterly",
                    "day": int(m.group(1)),
                    "month_of_quarter": 3,
                    "months": months,
                    "reporter": "all",
                    "recipient": recipient,
                    "text": text,
                }
            )
            found = True
        elif m := _QUARTER_LAST_MONTH.search(text):
            rules.append(
                {
                    "period": "quarterly",
                    "day": int(m.group(1)),
                    "month_of_quarter": 3,
                    "reporter": "all",
                    "recipient": recipient,
                    "text": text,
                }
            )
            found = True
        if found and (m := _ANNUAL.search(text)):
            rules.append(
                {
                    "period": "annual",
                    "day": int(m.group(1)),
                    "month": int(m.group(2)),
                    "reporter": "all",
                    "recipient": recipient,
                    "text": text,
                }
            )
        if not found and any(cue in fold(text) for cue in _ONCE_CUES):
            reporter = lead[0] if len(lead) == 1 and lead[0] in matcher.registry.display.values() else "all"
            for m in _FULL_DATE.finditer(text):
                years = [m.group(3) or m.group(4)] + re.findall(r"\d{4}", m.group(5) or "")
                for year in years:
                    try:
                        due = datetime.date(int(year), int(m.group(2)), int(m.group(1)))
                    except (TypeError, ValueError):
                        continue
                    rules.append(
                        {
                            "period": "once",
                            "due": due.isoformat(),
                            "reporter": reporter,
                            "recipient": recipient,
                            "text": text,
                        }
                    )
    return rules


def _focal_agency(tasks: list[dict], texts: list[str], matcher: AgencyMatcher) -> str | None:
    votes: Counter = Counter()
    agencies = set(matcher.registry.display.values()) - {g.name for g in matcher.registry.groups.values()}
    for text in texts:
        for m in _VIA.finditer(text):
            _, mentions = matcher.mentions(m.group(1))
            for mention in mentions:
                if mention.name in agencies:
                    votes[mention.name] += 2
    for task in tasks:
        key = fold(task["content"])
        if ("theo doi, don doc" in key or "lam dau moi" in key or "co quan dau moi" in key) and len(task["lead"]) == 1:
            if task["lead"][0] in agencies:
                votes[task["lead"][0]] += 1
    return votes.most_common(1)[0][0] if votes else None


# ---------------------------------------------------------------- entry point


def _slug(header: dict, year: int | None) -> str:
    prefix = {"ke_hoach": "kh", "cong_van": "cv", "quyet_dinh": "qd", "chi_thi": "ct", "cong_dien": "cd"}[
        header["kind"]
    ]
    number = (header["number"] or "").split("/")[0]
    words = fold(header["title"] or "").split()[:6]
    parts = [prefix, number, str(year or ""), *words]
    return slugify(" ".join(p for p in parts if p))[:80] or prefix


def parse_directive(text: str, *, registry: AgencyRegistry) -> Proposal:
    matcher = AgencyMatcher(registry)
    text = nfc(text)

    def joins_name(before: str, after: str) -> bool:
        tail = " ".join(before.split()[-6:])
        head = " ".join(after.split()[:6])
        joined = f"{tail} - {head}"
        _, mentions = matcher.mentions(joined)
        return any(m.start < len(tail) < m.end for m in mentions)

    text, table_rows = extract_tables(text)
    layout = split(text, joins_name=joins_name)
    header, header_doubts = read_header(layout)
    year = None
    if header["issued_on"]:
        year = int(header["issued_on"][:4])
    else:
        years = re.findall(r"năm\s+(20\d\d)", " ".join(layout.header + layout.preamble))
        year = int(years[0]) if years else None
    ctx = _Context(matcher=matcher, roles=RoleReader(matcher), year=year)
    _fold_labelled(layout.root)
    indicators = read_indicators(_target_texts(layout.root), year_hint=year)
    _walk(layout.root, ctx, section=None, inherited=Roles(), objectives=False)
    _add_table_tasks(ctx, table_rows)
    closing = join_lines(layout.closing)
    if closing:
        ctx.rule_texts.append((closing, []))
    rules = read_rules(ctx.rule_texts, matcher)
    focal = _focal_agency(ctx.tasks, [t for t, _ in ctx.rule_texts], matcher)
    directive = {
        "slug": _slug(header, year),
        **header,
        "focal_agency": focal,
        "reporting_rules": rules,
        "sections": ctx.sections,
        "indicators": indicators,
        "tasks": ctx.tasks,
    }
    uncertain = {"header": header_doubts, **ctx.uncertain}
    return Proposal(directive=directive, new_agencies=list(ctx.unknown.values()), uncertain=uncertain, source=text)
