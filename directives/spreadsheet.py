"""Whole directives as an Excel workbook a Vietnamese office can edit, and back.

One sheet per directive: the header block (số, ngày, trích yếu…), then the table STT / Nội
dung nhiệm vụ / Cơ quan chủ trì / Cơ quan phối hợp / Thời hạn / Ghi chú, with section
headings as their own rows. What an office does not edit by hand (reporting rules,
indicators, section kinds) travels in a hidden sheet, so the workbook round-trips.
"""

import datetime
import io
import json

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from langson_portal.spreadsheets import workbook_texts_as_text
from langson_portal.uploads import XLSX, office_document_type

from .deadlines import DeadlineKind, Recurrence
from .exchange import FORMAT_NAME, FORMAT_VERSION, ImportProblems
from .models import DirectiveKind

HIDDEN_SHEET = "_du_lieu"
HEADER_FIELDS = [
    ("slug", "Mã định danh"),
    ("kind", "Loại văn bản"),
    ("number", "Số, ký hiệu"),
    ("issued_on", "Ngày ban hành"),
    ("title", "Trích yếu"),
    ("signer", "Người ký"),
    ("signer_title", "Chức vụ người ký"),
    ("focal_agency", "Cơ quan đầu mối"),
    ("implements", "Thực hiện văn bản"),
]
COLUMNS = [
    "STT",
    "Nội dung nhiệm vụ",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Thời hạn",
    "Ghi chú",
    "Mục",
    "Loại thời hạn",
    "Hạn (ngày)",
    "Chu kỳ",
    "Loại dòng",
]
TABLE_HEADER_ROW = len(HEADER_FIELDS) + 2
SECTION_ROW, TASK_ROW = "Mục", "Nhiệm vụ"
SEPARATOR = "; "


def _kind_labels(choices) -> tuple[dict, dict]:
    to_label = {value: str(label) for value, label in choices}
    return to_label, {label.lower(): value for value, label in to_label.items()}


def _date_text(iso: str | None) -> str:
    return datetime.date.fromisoformat(iso).strftime("%d/%m/%Y") if iso else ""


def workbook_from_payload(payload: dict) -> bytes:
    kinds = _kind_labels(DirectiveKind.choices)[0]
    deadline_labels = _kind_labels(DeadlineKind.choices)[0]
    recurrence_labels = _kind_labels(Recurrence.choices)[0]
    book = Workbook()
    book.remove(book.active)
    hidden = book.create_sheet(HIDDEN_SHEET)
    hidden.sheet_state = "hidden"
    used_titles: set[str] = set()
    for index, directive in enumerate(payload["directives"], start=1):
        title = _sheet_title(directive, index, used_titles)
        sheet = book.create_sheet(title, index - 1)
        values = {
            **directive,
            "kind": kinds.get(directive["kind"], directive["kind"]),
            "issued_on": _date_text(directive.get("issued_on")),
            "implements": SEPARATOR.join(directive.get("implements") or []),
        }
        for row, (key, label) in enumerate(HEADER_FIELDS, start=1):
            sheet.cell(row=row, column=1, value=label).font = Font(bold=True)
            sheet.cell(row=row, column=2, value=values.get(key) or "")
        for column, label in enumerate(COLUMNS, start=1):
            cell = sheet.cell(row=TABLE_HEADER_ROW, column=column, value=label)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="DDE3EA")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
        row = TABLE_HEADER_ROW
        # Rows in document order: each task keeps its place, preceded by the headings not
        # yet written up to its own section.
        sections = directive.get("sections") or []
        order = {section["ref"]: position for position, section in enumerate(sections)}
        written = 0
        for task in directive.get("tasks") or []:
            upto = order[task["section"]] + 1 if task.get("section") in order else 0
            while written < upto:
                row += 1
                _write_section(sheet, row, sections[written])
                written += 1
            row += 1
            _write_task(sheet, row, task, deadline_labels, recurrence_labels)
        for section in sections[written:]:
            row += 1
            _write_section(sheet, row, section)
        for column, width in enumerate([10, 70, 30, 30, 22, 30, 10, 16, 12, 12, 10], start=1):
            sheet.column_dimensions[get_column_letter(column)].width = width
        sheet.freeze_panes = sheet.cell(row=TABLE_HEADER_ROW + 1, column=3)
        extra = {k: directive.get(k) for k in ("issued_text", "issuer", "recipients", "reporting_rules", "indicators")}
        extra["sections"] = directive.get("sections") or []
        hidden.cell(row=index, column=1, value=title)
        hidden.cell(row=index, column=2, value=json.dumps(extra, ensure_ascii=False))
    workbook_texts_as_text(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _sheet_title(directive: dict, index: int, used: set[str]) -> str:
    base = (directive.get("number") or directive["slug"]).replace("/", "-")
    for bad in "[]:*?\\":
        base = base.replace(bad, "-")
    title = base[:28] or f"VB{index}"
    while title in used or title == HIDDEN_SHEET:
        title = f"{base[:24]}-{index}"
        index += 100
    used.add(title)
    return title


def _write_section(sheet, row, section):
    sheet.cell(row=row, column=1, value=section["ref"]).font = Font(bold=True)
    sheet.cell(row=row, column=2, value=section["title"]).font = Font(bold=True)
    sheet.cell(row=row, column=11, value=SECTION_ROW)


def _write_task(sheet, row, task, deadline_labels, recurrence_labels):
    values = [
        task["ref"],
        task["content"],
        SEPARATOR.join(task.get("lead") or []),
        SEPARATOR.join(task.get("coordinating") or []),
        task.get("due_text") or "",
        task.get("note") or "",
        task.get("section") or "",
        deadline_labels.get(task.get("deadline_kind"), ""),
        datetime.date.fromisoformat(task["due"]) if task.get("due") else None,
        recurrence_labels.get(task.get("recurrence") or "", "") if task.get("recurrence") else "",
        TASK_ROW,
    ]
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column, value=value)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if isinstance(value, datetime.date):
            cell.number_format = "DD/MM/YYYY"


def payload_from_workbook(data: bytes, name: str = "bảng tính.xlsx") -> dict:
    """Read a workbook written by `workbook_from_payload` (and edited by hand) back into the
    exchange format; faults name the sheet and the row. The file is parsed only once the upload
    rules (langson_portal/uploads.py) have found it an Excel workbook within the ZIP limits."""
    try:
        kind = office_document_type(data, name=name)
    except ValidationError as refused:
        raise ImportProblems(refused.messages) from None
    if kind != XLSX:
        raise ImportProblems([_("Tệp “%(name)s” không phải bảng tính Excel (.xlsx) đọc được.") % {"name": name}])
    try:
        book = load_workbook(io.BytesIO(data), data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise ImportProblems(
            [_("Tệp không phải bảng tính Excel (.xlsx) đọc được: %(error)s") % {"error": error}]
        ) from error
    kinds = _kind_labels(DirectiveKind.choices)[1]
    deadline_kinds = _kind_labels(DeadlineKind.choices)[1]
    recurrences = _kind_labels(Recurrence.choices)[1]
    problems: list[str] = []
    extras = _hidden_extras(book, problems)
    directives = []
    for sheet in book.worksheets:
        if sheet.title == HIDDEN_SHEET:
            continue
        where = _("Trang tính “%(sheet)s”") % {"sheet": sheet.title}
        header = {
            sheet.cell(row=r, column=1).value: sheet.cell(row=r, column=2).value for r in range(1, TABLE_HEADER_ROW)
        }
        labels = {label: key for key, label in HEADER_FIELDS}
        values = {labels[label]: value for label, value in header.items() if label in labels}
        if not values.get("slug"):
            problems.append(_("%(where)s: thiếu “Mã định danh” ở ô B1.") % {"where": where})
            continue
        extra = extras.get(sheet.title, {})
        kind = str(values.get("kind") or "").strip()
        directive = {
            "slug": str(values["slug"]).strip(),
            "kind": kinds.get(kind.lower(), kind),
            "number": _text(values.get("number")) or None,
            "issued_on": _cell_date(values.get("issued_on"), where, "B4", problems),
            "issued_text": extra.get("issued_text") or "",
            "issuer": extra.get("issuer") or "UBND tỉnh Lạng Sơn",
            "title": _text(values.get("title")),
            "signer": _text(values.get("signer")) or None,
            "signer_title": _text(values.get("signer_title")),
            "implements": _split(values.get("implements")),
            "focal_agency": _text(values.get("focal_agency")) or None,
            "recipients": extra.get("recipients") or [],
            "reporting_rules": extra.get("reporting_rules") or [],
            "indicators": extra.get("indicators") or [],
            "sections": [],
            "tasks": [],
        }
        known_sections = {s["ref"]: s for s in extra.get("sections") or [] if isinstance(s, dict) and s.get("ref")}
        current_section = None
        for row_number, row in enumerate(
            sheet.iter_rows(min_row=TABLE_HEADER_ROW + 1, max_col=len(COLUMNS), values_only=True),
            start=TABLE_HEADER_ROW + 1,
        ):
            if not any(cell not in (None, "") for cell in row):
                continue
            ref, content, lead, coordinating, due_text, note, section, deadline_kind, due, recurrence, row_kind = row
            r_where = _("%(where)s, dòng %(row)s") % {"where": where, "row": row_number}
            if _text(row_kind) == SECTION_ROW:
                ref = _text(ref)
                known = known_sections.get(ref, {})
                parent = known.get("parent", ref.rpartition(".")[0] or None)
                directive["sections"].append(
                    {"ref": ref, "title": _text(content), "parent": parent, "kind": known.get("kind", "tasks")}
                )
                current_section = ref
                continue
            kind_text = _text(deadline_kind)
            directive["tasks"].append(
                {
                    "ref": _text(ref),
                    "section": _text(section) or current_section,
                    "content": _text(content),
                    "lead": _split(lead),
                    "coordinating": _split(coordinating),
                    "deadline_kind": deadline_kinds.get(kind_text.lower(), kind_text or ("date" if due else "none")),
                    "due": _cell_date(due, r_where, _("cột “Hạn (ngày)”"), problems),
                    "due_text": _text(due_text),
                    "recurrence": recurrences.get(_text(recurrence).lower(), _text(recurrence)),
                    "note": _text(note),
                }
            )
        directives.append(directive)
    if problems:
        raise ImportProblems(problems)
    return {"format": FORMAT_NAME, "version": FORMAT_VERSION, "directives": directives}


def _hidden_extras(book, problems: list[str]) -> dict[str, dict]:
    """Sheet title → what the hidden sheet keeps for it; a cell edited out of shape is named."""
    extras: dict[str, dict] = {}
    if HIDDEN_SHEET not in book.sheetnames:
        return extras
    for title, blob in book[HIDDEN_SHEET].iter_rows(min_col=1, max_col=2, values_only=True):
        if not (title and blob):
            continue
        try:
            extra = json.loads(str(blob))
        except (json.JSONDecodeError, RecursionError):
            extra = None
        if not isinstance(extra, dict):
            problems.append(
                _("Trang tính ẩn “%(hidden)s”, dòng của “%(sheet)s”: dữ liệu kèm theo bị sửa hỏng; hãy xuất lại tệp.")
                % {"hidden": HIDDEN_SHEET, "sheet": title}
            )
            continue
        extras[str(title)] = extra
    return extras


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _split(value) -> list[str]:
    return [part.strip() for part in _text(value).replace("\n", ";").split(";") if part.strip()]


def _cell_date(value, where, cell, problems) -> str | None:
    if value in (None, ""):
        return None
    if isinstance(value, datetime.datetime):
        return value.date().isoformat()
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value).strip()
    for pattern in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return datetime.datetime.strptime(text, pattern).date().isoformat()
        except ValueError:
            continue
    problems.append(
        _("%(where)s: “%(value)s” ở %(cell)s không phải ngày (dd/mm/yyyy).")
        % {"where": where, "value": text, "cell": cell}
    )
    return None
