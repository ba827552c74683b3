"""Numeric targets of a plan's Mục tiêu, proposed as indicators (chỉ tiêu) for the reviewer.

"Tỷ lệ hồ sơ giải quyết đúng hạn đạt 95%", "100% cơ quan nhà nước kết nối …", "Chỉ số
PCI đạt 7,2 điểm" become one indicator each: the clause as its name, the number as target,
the unit printed after it, and the year the clause names ("đến năm 2025", "năm 2026")
or, without one, the plan's year. Pure functions, no registry.
"""

import re
from decimal import Decimal

from langson_portal.text import fold

_NUMBER = r"(\d{1,3}(?:\.\d{3})+|\d+(?:,\d+)?)"
_UNITS = r"%|điểm|tỷ\s+đồng|triệu\s+đồng|nghìn\s+tỷ\s+đồng|ha|km|lượt|doanh\s+nghiệp|hợp\s+tác\s+xã|sản\s+phẩm|xã|người"
# "đạt 95%", "đạt từ 7,2 điểm", "trên 90%", "tối thiểu 80%"
_REACH = re.compile(
    r"(?:đạt|đạt\s+(?:từ|trên|tối\s+thiểu|ít\s+nhất|khoảng)|trên|tối\s+thiểu|ít\s+nhất|tăng)\s+"
    + _NUMBER
    + r"\s*("
    + _UNITS
    + r")",
    re.IGNORECASE,
)
# "100% hồ sơ …" at the head of a clause
_LEADING_SHARE = re.compile(r"^(?:phấn\s+đấu\s+)?" + _NUMBER + r"\s*%\s+\S", re.IGNORECASE)
_YEAR = re.compile(r"(?:đến|trong|hết|vào|cuối)?\s*năm\s+(20\d\d)", re.IGNORECASE)
_CLAUSES = re.compile(r"(?<=[;.])\s+|\n")


def _decimal(text: str) -> Decimal:
    if re.fullmatch(r"\d{1,3}(?:\.\d{3})+", text):
        return Decimal(text.replace(".", ""))
    return Decimal(text.replace(",", "."))


def read_indicators(texts: list[str], *, year_hint: int | None) -> list[dict]:
    """Indicators (exchange format, group MUC_TIEU) from the clauses of a Mục tiêu part."""
    out: list[dict] = []
    for text in texts:
        for clause in _CLAUSES.split(text):
            clause = clause.strip(" -–+•;.")
            if len(clause) < 12 or fold(clause).startswith(("muc tieu", "muc dich", "yeu cau")) and len(clause) < 40:
                continue
            reach = _REACH.search(clause)
            share = _LEADING_SHARE.match(clause)
            if not reach and not share:
                continue
            if reach:
                number, unit, printed = reach.group(1), reach.group(2), reach.group()
            else:
                number, unit, printed = share.group(1), "%", clause[: share.end() - 1].strip()
            years = [int(y) for y in _YEAR.findall(clause)]
            out.append(
                {
                    "code": f"MT{len(out) + 1}",
                    "name": clause[:500],
                    "group": "MUC_TIEU",
                    "focal_agency": None,
                    "unit": " ".join(unit.split()),
                    "baseline": None,
                    "baseline_year": None,
                    "target": str(_decimal(number)),
                    "target_year": max(years) if years else year_hint,
                    "target_text": " ".join(printed.split()),
                    "tasks": [],
                }
            )
    return out
