"""The shape of a directive's text: header, preamble, numbered structure, closing.

A scan or a pasted text breaks lines anywhere, so the structure is read from markers at
the start of a line: parts "A.", Roman "I.", numbers "1.", letters "a)", bullets "-" and
"+". A marker is believed only when it continues the numbering it belongs to (2 after 1,
"b)" after "a)", or a new list starting at 1 / "a)"), so a line that happens to start
with "15." inside a sentence stays text. A "-" line is a bullet unless it continues a
broken word or name ("kinh tế\\n- xã hội", "Sở Lao động\\n- Thương binh và Xã hội").
"""

import re
from dataclasses import dataclass, field

from langson_portal.text import fold, nfc

from . import vocabulary as V

LETTERS = "abcdđeghiklmnopqrstuvxy"
LATIN = "abcdefghijklmnopqrstuvwxyz"
ROMANS = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

_PART = re.compile(r"^([A-EĐ])\.\s+(?=\S*[A-ZĐÀ-Ỹ]{2})(.*)$")
_ROMAN = re.compile(r"^([IVX]{1,4})\.\s*(.*)$")
_NUMBER = re.compile(r"^(\d{1,2})\.(?!\d)\s*(.*)$")
_LETTER = re.compile(r"^([a-zđ])\)\s*(.*)$")
_DASH = re.compile(r"^[-–—•]\s*(.*)$")
_PLUS = re.compile(r"^\+\s*(.*)$")
_NOISE = re.compile(r"^[\W_]*$")
_URL = re.compile(r"https?://\S+$")
_LABELS = (
    "don vi chu tri",
    "co quan chu tri",
    "don vi phoi hop",
    "co quan phoi hop",
    "co quan thuc hien",
    "don vi thuc hien",
    "thoi gian",
    "thoi han",
    "tien do",
    "san pham",
    "ket qua dau ra",
)
LEVELS = ("part", "roman", "number", "letter", "dash", "plus")


@dataclass
class Node:
    marker: str  # "root" or one of LEVELS
    label: str = ""
    lines: list[str] = field(default_factory=list)
    children: list["Node"] = field(default_factory=list)
    parent: "Node | None" = None

    @property
    def text(self) -> str:
        return join_lines(self.lines)

    @property
    def is_heading_level(self) -> bool:
        return self.marker in ("part", "roman", "number", "letter")


@dataclass
class Layout:
    header: list[str]
    preamble: list[str]
    root: Node
    closing: list[str]
    tail: list[str]  # Nơi nhận and signature


def join_lines(lines: list[str]) -> str:
    out = ""
    for line in lines:
        if not out:
            out = line
        elif re.search(r"\w-$", out) and not line.startswith(" "):
            out += line  # "Covid-" + "19", "NĐ-" + "CP"
        else:
            out += " " + line
    return " ".join(out.split())


_PAGE_NUMBER = re.compile(r"^[-–]?\s*\d{1,3}\s*[-–]?$")


def clean_lines(text: str) -> list[str]:
    lines = []
    blank_before = True
    for raw in nfc(text).replace("\r", "\n").split("\n"):
        line = " ".join(raw.replace("\u00a0", " ").split())
        if not line or _NOISE.match(line) or _URL.fullmatch(line):
            blank_before = True
            continue
        if blank_before and _PAGE_NUMBER.match(line):
            continue  # a page number printed alone after a page break
        blank_before = False
        lines.append(line)
    return lines


def _marker(line: str):
    for name, pattern in (("part", _PART), ("roman", _ROMAN), ("number", _NUMBER), ("letter", _LETTER)):
        m = pattern.match(line)
        if m:
            if name == "part" and m.group(1) in "IVX":
                continue
            return name, m.group(1), m.group(2)
    if m := _PLUS.match(line):
        return "plus", "+", m.group(1)
    if m := _DASH.match(line):
        return "dash", "-", m.group(1)
    return None


def _follows(kind: str, label: str, previous: str | None) -> bool:
    """Whether a marker continues the list it would belong to, or starts one."""
    if kind == "number":
        return int(label) == 1 or (previous is not None and int(label) == int(previous) + 1)
    if kind == "letter":
        if label == "a":
            return True
        if previous is None:
            return False
        for alphabet in (LETTERS, LATIN):
            if previous in alphabet and label in alphabet:
                gap = alphabet.index(label) - alphabet.index(previous)
                if 1 <= gap <= 2:
                    return True
        return False
    if kind == "roman":
        if label == "I":
            return True
        return previous in ROMANS and label in ROMANS and ROMANS.index(label) == ROMANS.index(previous) + 1
    if kind == "part":
        order = "ABCDĐE"
        return label == "A" or (previous in order and order.index(label) == order.index(previous) + 1)
    return True


def _is_title_line(line: str) -> bool:
    letters = [c for c in line if c.isalpha()]
    return len(letters) >= 6 and sum(c.isupper() for c in letters) / len(letters) > 0.8


def split(text: str, *, joins_name=None) -> Layout:
    """Cut a directive into header, preamble, structure, closing and tail.

    `joins_name(before, after)` says whether a "-" line continues an agency name broken
    across lines; the parser passes one that asks the agency registry.
    """
    lines = clean_lines(text)
    end = len(lines)
    for i, line in enumerate(lines):
        if fold(line).startswith("noi nhan"):
            end = i
            break
    tail = lines[end:]
    body = lines[:end]
    decision: list[str] = []
    if (attached := _attached_document(body, tail)) is not None:
        # A Quyết định "ban hành kèm theo" a plan: its Điều and its own Nơi nhận come first,
        # the plan's items after them. The decision's lines stay header and preamble.
        rest = tail[attached:]
        end = next((i for i, line in enumerate(rest) if fold(line).startswith("noi nhan")), len(rest))
        decision, body, tail = body, rest[:end], tail[:attached] + rest[end:]
    for i, line in enumerate(body):
        if line.rstrip().endswith("./."):
            tail = body[i + 1 :] + tail
            body = body[: i + 1]
            break
    body = decision + body

    first_marker = next(
        (
            i
            for i, line in enumerate(body)
            if (m := _marker(line)) and m[0] in LEVELS[:4] and _follows(m[0], m[1], None)
        ),
        len(body),
    )
    header_end = _header_end(body[:first_marker])
    header, preamble = body[:header_end], body[header_end:first_marker]

    root = Node("root")
    stack: list[Node] = [root]
    last_label: dict[tuple[int, str], str] = {}
    closing: list[str] = []
    current = root
    for line in body[first_marker:]:
        if closing:
            closing.append(line)
            continue
        m = _marker(line)
        if m and m[0] in ("dash", "plus") and current.lines:
            rest = m[2]
            if fold(rest).startswith(_LABELS):
                current.lines.append(rest)  # "- Đơn vị chủ trì: …" belongs to the item above
                continue
            if (
                not rest
                or rest[:1].islower()
                or rest[:1].isdigit()
                or (joins_name and joins_name(current.lines[-1], rest))
            ):
                current.lines[-1] = current.lines[-1] + " - " + rest if rest else current.lines[-1]
                continue
        if m and m[0] in LEVELS[:4]:
            parent_index = _parent_index(stack, m[0])
            key = id(stack[parent_index])
            previous = last_label.get((key, m[0]))
            if not _follows(m[0], m[1], previous):
                m = None
        if m:
            kind, label, rest = m
            parent_index = _parent_index(stack, kind)
            del stack[parent_index + 1 :]
            node = Node(kind, label, [rest] if rest else [], parent=stack[-1])
            stack[-1].children.append(node)
            stack.append(node)
            last_label[(id(stack[-2]), kind)] = label
            current = node
            continue
        previous_line = current.lines[-1] if current.lines else ""
        if (
            previous_line.endswith((".", '."', ".”"))
            and fold(line).startswith(V.CLOSING_OPENERS)
            and current is not root
        ):
            closing.append(line)
            continue
        if current is root:
            preamble.append(line)
        else:
            current.lines.append(line)
    return Layout(header=header, preamble=preamble, root=root, closing=closing, tail=tail)


def _attached_document(body: list[str], tail: list[str]) -> int | None:
    """Where the document issued by a decision starts in what follows the decision's Nơi
    nhận: after the "(Ban hành kèm theo Quyết định số …)" line(s). None when the body is
    not a decision whose Điều 1 issues an attached document."""
    issues = any(fold(line).startswith("dieu 1") and "kem theo" in fold(line) for line in body) or any(
        fold(a).startswith("dieu 1") and "kem theo" in fold(f"{a} {b}") for a, b in zip(body, body[1:], strict=False)
    )
    if not issues:
        return None
    for i, line in enumerate(tail):
        if fold(line).lstrip("( ").startswith(("ban hanh kem theo", "kem theo quyet dinh")):
            for j in range(i, min(i + 4, len(tail))):
                if ")" in tail[j]:
                    return j + 1
            return i + 1
    return None


def _parent_index(stack: list[Node], kind: str) -> int:
    """The stack position a new marker of this kind hangs from: under the deepest node of a
    higher level, replacing a sibling of the same kind."""
    rank = LEVELS.index(kind)
    for index in range(len(stack) - 1, 0, -1):
        node = stack[index]
        if node.marker == kind:
            return index - 1
        if LEVELS.index(node.marker) < rank:
            return index
    return 0


def _header_end(lines: list[str]) -> int:
    """Where the preamble starts: after the title block of a plan, the "Kính gửi" list of a
    dispatch, or at the first sentence of running text."""
    starts = ("thuc hien", "can cu", "theo ", "de ", "nham ", "tren co so")
    for i, line in enumerate(lines):
        key = fold(line)
        if key.startswith(starts) and not _is_title_line(line) and not key.startswith("theo doi"):
            before = fold(lines[i - 1]) if i else ""
            if not before.startswith(("v/v", "ve viec")) and not before.endswith(
                ("ke hoach", "hoach", "chi thi", "quyet dinh")
            ):
                return i
    return 0 if not lines else len(lines) if len(lines) < 3 else _fallback_end(lines)


def _fallback_end(lines: list[str]) -> int:
    for i, line in enumerate(lines):
        if line.endswith((".", ":")) and len(line) > 60:
            return i
    return len(lines)
