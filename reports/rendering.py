"""Turn stored figures into the PDF (Nghị định 30/2020/NĐ-CP layout) and the Excel workbook.

Both read only the figures JSON and the directive's names, so a report rendered again
says exactly what it said when it was built.
"""

import datetime
import io
import re

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from directives.status import StatusCategory
from langson_portal.spreadsheets import DATE_FORMAT, workbook_texts_as_text
from langson_portal.text import nfc

PARENT_ISSUER = "UBND tỉnh Lạng Sơn"
DEFAULT_ISSUER = "Văn phòng UBND tỉnh"
PDF_OVERDUE_ROWS = 100  # the longest overdue first; the Excel file lists them all
_SMALL_WORDS = {"và", "của", "các", "tỉnh"}


def issuer_code(name: str) -> str:
    """The issuer's initials in a document number: "Sở Kế hoạch và Đầu tư" -> "SKHĐT"."""
    words = [w for w in re.split(r"[\s\-–]+", nfc(name)) if w and w.lower() not in _SMALL_WORDS]
    return "".join(w[0] for w in words).upper()


def _status_rows():
    return [
        (StatusCategory.DONE_ON_TIME.value, _("Đã hoàn thành đúng hạn")),
        (StatusCategory.DONE_LATE.value, _("Đã hoàn thành quá hạn")),
        (StatusCategory.IN_PROGRESS.value, _("Đang thực hiện trong hạn")),
        (StatusCategory.OVERDUE.value, _("Quá hạn chưa hoàn thành")),
        (StatusCategory.ONGOING.value, _("Thường xuyên, không có thời hạn")),
    ]


def directive_name(directive) -> str:
    """How the body of a report cites the directive: "Kế hoạch số 46/KH-UBND ngày 01/3/2022 của UBND tỉnh"."""
    kind = directive.get_kind_display()
    parts = [str(kind)]
    number = (directive.number or "").strip()
    if number and not number.startswith("/"):
        parts.append(_("số %(n)s") % {"n": number})
    if directive.issued_on:
        parts.append(_("ngày %(d)s") % {"d": directive.issued_on.strftime("%d/%m/%Y")})
    parts.append(_("của %(issuer)s") % {"issuer": directive.issuer or PARENT_ISSUER})
    text = " ".join(parts)
    if directive.title:
        title = directive.title.strip()
        title = title[0].lower() + title[1:] if title[:1].isupper() and not title[:2].isupper() else title
        text += f" ({title})" if len(title) < 220 else f" ({title[:217]}…)"
    return nfc(text)


def _context(report, figures: dict) -> dict:
    directive = report.directive
    focal = directive.focal_agency
    issuer = focal.name if focal else DEFAULT_ISSUER
    period = figures["period"]
    year = datetime.date.fromisoformat(figures["as_of"]).year
    narratives = [
        row | {"paragraphs": [p.strip() for p in row["text"].splitlines() if p.strip()]}
        for row in figures["narratives"]
    ]
    title = _("Kết quả thực hiện %(directive)s %(period)s") % {
        "directive": f"{directive.get_kind_display()} {directive.number}".strip()
        if directive.number and not directive.number.startswith("/")
        else directive.get_kind_display(),
        "period": period["label"],
    }
    return {
        "f": figures | {"narratives": narratives, "overdue": figures["overdue"][:PDF_OVERDUE_ROWS]},
        "t": figures["totals"],
        "is_draft": report.kind == "draft",
        "parent_issuer": PARENT_ISSUER,
        "issuer": issuer,
        "issuer_name": issuer,
        "issuer_code": issuer_code(issuer),
        "place_date": _("Lạng Sơn, ngày      tháng      năm %(y)s") % {"y": year},
        "title": title,
        "directive_name": directive_name(directive),
        "signer_title": _("Giám đốc") if focal else _("Chánh Văn phòng"),
        "status_rows": _status_rows(),
    }


def render_html(report, figures: dict) -> str:
    # Normalise the whole document: text stored as NFD (combining marks) would otherwise be
    # shaped letter by letter and some fonts place the marks wrongly.
    return nfc(render_to_string("reports/compiled_report.html", _context(report, figures)))


def render_pdf(report, figures: dict) -> bytes:
    from weasyprint import HTML

    return HTML(string=render_html(report, figures)).write_pdf()


def render_xlsx(report, figures: dict) -> bytes:
    """The same tables as the PDF, one sheet each, for office staff to rework."""
    bold = Font(bold=True)
    book = Workbook()
    sheet = book.active
    sheet.title = _("Tổng hợp")
    period = figures["period"]
    sheet.append([nfc(directive_name(report.directive))])
    sheet.append([_("Kỳ báo cáo"), period["label"], _("Số liệu tính đến ngày"), _d(figures["as_of"])])
    sheet.append([])
    sheet.append([_("Tình hình thực hiện"), _("Số lượng"), _("Tỷ lệ (%)"), _("Kỳ trước"), _("Tăng (+), giảm (-)")])
    totals, previous = figures["totals"], figures["previous"]
    for key, label in [*_status_rows(), ("total", _("Tổng số"))]:
        sheet.append(
            [
                label,
                totals[key],
                totals.get(f"{key}_percent", 100.0),
                previous["totals"][key] if previous else None,
                previous["change"][key] if previous else None,
            ]
        )

    agencies = book.create_sheet(_("Theo cơ quan"))
    agencies.append(
        [
            _("STT"),
            _("Cơ quan, đơn vị"),
            _("Được giao"),
            _("Hoàn thành đúng hạn"),
            _("Hoàn thành quá hạn"),
            _("Đang thực hiện trong hạn"),
            _("Quá hạn chưa hoàn thành"),
            _("Thường xuyên"),
            _("Báo cáo kỳ"),
        ]
    )
    report_labels = {"on_time": _("Đúng hạn"), "late": _("Muộn"), "missing": _("Chưa gửi")}
    for number, row in enumerate(figures["agencies"], start=1):
        c = row["counts"]
        agencies.append(
            [
                number,
                row["agency"],
                c["total"],
                c["dung_han"],
                c["hoan_thanh_qua_han"],
                c["trong_han"],
                c["qua_han"],
                c["khong_thoi_han"],
                report_labels[row["report"]],
            ]
        )

    overdue = book.create_sheet(_("Quá hạn"))
    overdue.append(
        [_("STT"), _("Số hiệu"), _("Nội dung nhiệm vụ"), _("Cơ quan thực hiện"), _("Thời hạn"), _("Số ngày quá hạn")]
    )
    for number, row in enumerate(figures["overdue"], start=1):
        overdue.append([number, row["ref"], row["content"], row["agency"], _d(row["deadline"]), row["days_late"]])

    indicators = book.create_sheet(_("Chỉ số, chỉ tiêu"))
    indicators.append(
        [
            _("Mã"),
            _("Chỉ số, chỉ tiêu"),
            _("Đơn vị tính"),
            _("Giá trị gốc"),
            _("Năm gốc"),
            _("Mục tiêu"),
            _("Năm mục tiêu"),
            _("Thực hiện"),
            _("Năm"),
            _("So với mục tiêu"),
        ]
    )
    for row in figures["indicators"]:
        indicators.append(
            [
                row["code"],
                row["name"],
                row["unit"],
                _f(row["baseline"]),
                row["baseline_year"],
                _f(row["target"]) if row["target"] else row["target_text"],
                row["target_year"],
                _f(row["actual"]),
                row["actual_year"],
                _f(row["gap"]),
            ]
        )

    narratives = book.create_sheet(_("Báo cáo của đơn vị"))
    narratives.append([_("Cơ quan, đơn vị"), _("Ngày gửi"), _("Nội dung")])
    for row in figures["narratives"]:
        narratives.append([row["agency"], _d(row["submitted_on"]), row["text"]])

    for ws in book.worksheets:
        header_row = 1 if ws.title != sheet.title else 4
        for cell in ws[header_row]:
            cell.font = bold
        ws.freeze_panes = ws.cell(row=header_row + 1, column=1)
        ws.auto_filter.ref = f"A{header_row}:{ws.cell(row=header_row, column=ws.max_column).column_letter}{ws.max_row}"
        for column in ws.columns:
            letter = column[0].column_letter
            ws.column_dimensions[letter].width = min(60, max(8, *(_width(c.value) for c in column[:200])) + 2)
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
                if isinstance(cell.value, datetime.date):
                    cell.number_format = DATE_FORMAT
    workbook_texts_as_text(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _d(iso: str | None) -> datetime.date | None:
    """A real date (shown dd/mm/yyyy), or an empty cell."""
    return datetime.date.fromisoformat(iso) if iso else None


def _width(value) -> int:
    return 10 if isinstance(value, datetime.date) else len(str(value or ""))


def _f(value: str | None):
    return float(value) if value not in (None, "") else None
