"""Labelled parts of one task, the commonest layout of 2024–2026 plans.

    a) Nhiệm vụ: Rà soát, hoàn thiện …
    b) Cơ quan thực hiện: Đơn vị chủ trì: Sở Khoa học và Công nghệ. Đơn vị phối hợp: Các sở, ban, ngành.
    c) Thời gian thực hiện: Hoàn thành trong năm 2025.

The parts come in any order, on one line or several, after a colon: the work (Nhiệm vụ,
Nội dung), who leads (Cơ quan / Đơn vị chủ trì, Cơ quan thực hiện), who coordinates
(Cơ quan / Đơn vị phối hợp), when (Thời gian, Thời hạn, Tiến độ … thực hiện / hoàn
thành) and the product (Sản phẩm, Kết quả đầu ra). Pure functions, no registry.
"""

import re
from dataclasses import dataclass

_KINDS = (
    ("content", r"(?:tên\s+)?nhiệm\s+vụ(?:\s+cụ\s+thể)?|nội\s+dung(?:\s+(?:nhiệm\s+vụ|công\s+việc|thực\s+hiện))?"),
    (
        "lead",
        r"(?:cơ\s+quan|đơn\s+vị)(?:,\s*(?:cơ\s+quan|đơn\s+vị))?\s+(?:chủ\s+trì|thực\s+hiện|đầu\s+mối)(?:\s+tham\s+mưu)?"
        r"(?:\s+thực\s+hiện)?"
        r"|chủ\s+trì(?:\s+thực\s+hiện)?|trách\s+nhiệm\s+thực\s+hiện",
    ),
    (
        "coordinating",
        r"(?:cơ\s+quan|đơn\s+vị)(?:,\s*(?:cơ\s+quan|đơn\s+vị))?\s+phối\s+hợp(?:\s+thực\s+hiện)?|phối\s+hợp",
    ),
    (
        "time",
        r"thời\s+(?:gian|hạn)(?:\s+(?:hoàn\s+thành|thực\s+hiện|trình|triển\s+khai))?"
        r"|tiến\s+độ(?:\s+(?:thực\s+hiện|hoàn\s+thành))?",
    ),
    ("output", r"sản\s+phẩm(?:\s+(?:đầu\s+ra|dự\s+kiến|chính))?|kết\s+quả\s+(?:đầu\s+ra|dự\s+kiến|sản\s+phẩm)"),
)
_LABEL = re.compile(
    "(?:" + "|".join(f"(?P<{kind}>(?<![\\w])(?:{pattern}))" for kind, pattern in _KINDS) + r")(?=\s*:)",
    re.IGNORECASE,
)
_COLON = re.compile(r"\s*:\s*")
_MARKER_BEFORE = re.compile(r"(?:^|[.;:…\n)])\s*(?:[-–+•]\s*|[a-zđ]\)\s*|\d{1,2}\.\s*)?$", re.IGNORECASE)
ROLE_KINDS = ("lead", "coordinating", "time", "output")


@dataclass(frozen=True)
class Labelled:
    content: str = ""  # the "Nhiệm vụ:" part, else the words before the first label
    lead: str = ""
    coordinating: str = ""
    time: str = ""
    output: str = ""
    first: str = ""  # the kind of the first label

    @property
    def assigns(self) -> bool:
        """Whether the labels say who, when or what: then the text is one task in this layout."""
        return any(getattr(self, kind) for kind in ROLE_KINDS)


def _clean(value: str) -> str:
    return " ".join(value.split()).strip(" .;,-–")


def label_at_start(text: str) -> str | None:
    """The kind of the label a text opens with ("Cơ quan chủ trì: …" -> "lead"), else None."""
    m = _LABEL.match(text.strip())
    return m.lastgroup if m else None


def read_labels(text: str) -> Labelled | None:
    """The labelled parts of a text, or None when it has no label that opens a part.

    A label counts where a part can start: at the start of the text or of a line, after a
    full stop, semicolon, colon or a list marker, or — written with a capital — anywhere
    ("… hoàn thiện Cơ quan chủ trì: …" once scan lines are joined)."""
    found = []
    for m in _LABEL.finditer(text):
        before = text[: m.start()]
        if not (_MARKER_BEFORE.search(before) or m.group()[:1].isupper()):
            continue
        if (
            m.lastgroup == "content"
            and before.strip(" -–+•\n")
            and not _MARKER_BEFORE.search(before)
            and not m.group()[:1].isupper()
        ):
            continue  # "… các nhiệm vụ: …" inside a sentence; "… du lịch Nội dung: …" after a title is a part
        colon = _COLON.match(text, m.end())
        found.append((m.start(), colon.end() if colon else m.end(), m.lastgroup))
    if not found:
        return None
    parts: dict[str, str] = {}
    for index, (_, value_start, kind) in enumerate(found):
        value_end = found[index + 1][0] if index + 1 < len(found) else len(text)
        value = _clean(text[value_start:value_end])
        if value and kind not in parts:
            parts[kind] = value
    before_first = _clean(re.sub(r"^\s*(?:[-–+•]|[a-zđ]\)|\d{1,2}\.)\s*", "", text[: found[0][0]]))
    content = parts.get("content") or before_first
    if (
        content
        and not content.endswith((".", "…", "?"))
        and re.search(r"[.…]\s*$", text[: found[0][0]] if not parts.get("content") else "")
    ):
        content += "."
    return Labelled(
        content=content,
        lead=parts.get("lead", ""),
        coordinating=parts.get("coordinating", ""),
        time=parts.get("time", ""),
        output=parts.get("output", ""),
        first=found[0][2],
    )


def role_tail(text: str) -> str:
    """The labelled parts that end a text after its work ("… làng văn hóa. Thời gian thực hiện:
    Từ tháng 11/2025 …" -> "Thời gian thực hiện: Từ tháng 11/2025 …"), or "" when it has none."""
    for m in _LABEL.finditer(text):
        before = text[: m.start()]
        if not (_MARKER_BEFORE.search(before) or m.group()[:1].isupper()):
            continue
        if m.lastgroup not in ROLE_KINDS or not before.strip(" -–+•\n"):
            return ""
        return text[m.start() :].strip()
    return ""
